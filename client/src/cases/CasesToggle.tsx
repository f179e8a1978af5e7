import { useT } from '../i18n/index.ts';
import { can, useSession } from '../store/session.ts';
import { useCases } from './casesStore.ts';

/** Top-bar switch for the case markers (the ticker stays: it is the information screen). */
export function CasesToggle() {
  const t = useT();
  const me = useSession((s) => s.me);
  const visible = useCases((s) => s.visible);
  if (!can(me, 'cases.read')) return null;
  return (
    <div className="seg" role="group" aria-label={t('cases.layer')}>
      <button
        type="button"
        data-testid="cases-toggle"
        className={visible ? 'on' : ''}
        aria-pressed={visible}
        onClick={() => useCases.getState().setVisible(!visible)}
      >
        ◉ {t('cases.layer')}
      </button>
    </div>
  );
}
