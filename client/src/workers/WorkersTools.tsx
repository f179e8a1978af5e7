import { useT } from '../i18n/index.ts';
import { can, useSession } from '../store/session.ts';
import { usePlayback } from './playbackStore.ts';
import { useWorkers } from './workersStore.ts';

/** Top-bar toggles: the live workers layer and the playback panel (callers with workers.read). */
export function WorkersTools() {
  const t = useT();
  const allowed = useSession((s) => can(s.me, 'workers.read'));
  const shown = useWorkers((s) => s.shown);
  const open = usePlayback((s) => s.open);
  if (!allowed) return null;
  return (
    <div className="seg" role="group" aria-label={t('workers.layer')}>
      <button
        type="button"
        data-testid="workers-toggle"
        className={shown ? 'on' : ''}
        aria-pressed={shown}
        onClick={() => useWorkers.getState().setShown(!shown)}
      >
        {t('workers.layer')}
      </button>
      <button
        type="button"
        data-testid="playback-toggle"
        className={open ? 'on' : ''}
        aria-pressed={open}
        onClick={() => (open ? usePlayback.getState().close() : usePlayback.getState().openPanel())}
      >
        {t('workers.playback')}
      </button>
    </div>
  );
}
