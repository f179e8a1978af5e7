import { useEffect, useState } from 'react';
import type { WorkerCard as Card } from '../../../contracts/workers.ts';
import { useT } from '../i18n/index.ts';
import { PanelHeader } from '../panels/PanelHeader.tsx';
import { useUi } from '../store/ui.ts';
import { todayRange, usePlayback } from './playbackStore.ts';
import { fetchWorkerCard } from './workersApi.ts';
import { useWorkers } from './workersStore.ts';

/** The card of the worker clicked on the map: who, where, on duty, battery, still since; replay today. */
export function WorkerCard() {
  const t = useT();
  const id = useWorkers((s) => s.selectedId);
  const live = useWorkers((s) => (s.selectedId === null ? undefined : s.byId.get(s.selectedId)));
  const [card, setCard] = useState<Card | null>(null);
  const [error, setError] = useState<string | null>(null);
  const time = useTimeFormat();

  useEffect(() => {
    setCard(null);
    setError(null);
    if (id === null) return;
    const ac = new AbortController();
    fetchWorkerCard(id, ac.signal)
      .then(setCard)
      .catch((e: unknown) => !ac.signal.aborted && setError(e instanceof Error ? e.message : String(e)));
    return () => ac.abort();
  }, [id]);

  if (id === null) return null;
  const w = card ?? null;
  const onDuty = live?.onDuty ?? w?.onDuty ?? false;
  const battery = live?.latest?.batteryPct ?? w?.latest?.batteryPct ?? null;
  const rows: [string, string][] = w
    ? [
        [t('workers.grid'), `${w.gridName} · ${w.communityName}`],
        [t('workers.phone'), w.phone ?? '—'],
        [
          t('workers.duty'),
          `${onDuty ? t('workers.onDuty') : t('workers.offDuty')}${w.dutySince ? ` · ${t('workers.since', { time: time(w.dutySince) })}` : ''}`,
        ],
        [t('workers.battery'), battery === null ? '—' : `${Math.round(battery)}%`],
        [
          t('workers.motion'),
          w.stillSince ? t('workers.stillSince', { time: time(w.stillSince) }) : t('workers.moving'),
        ],
        [
          t('workers.lastFix'),
          w.latest
            ? `${time(w.latest.t)}${w.inOwnCell === false ? ` · ${t('workers.outside')}` : ''}`
            : t('workers.noFix'),
        ],
        [
          t('workers.today'),
          t('workers.todayStats', {
            km: (w.today.distanceM / 1000).toFixed(1),
            moving: Math.round(w.today.movingS / 60),
            cells: w.today.cellsVisited.length,
          }),
        ],
      ]
    : [];
  const replay = () => {
    usePlayback.getState().openPanel([id], todayRange());
    void usePlayback.getState().load();
  };
  return (
    <section className="panel worker-card" data-testid="worker-card" data-worker-id={id}>
      <PanelHeader
        as="div"
        kicker={t('workers.card')}
        title={live?.name ?? w?.name ?? '…'}
        closeLabel={t('workers.close')}
        onClose={() => useWorkers.getState().select(null)}
        closeGlyph="×"
      />
      <div className="worker-card-body">
        {error && <p className="form-error">{t('workers.error', { message: error })}</p>}
        {!w && !error && <p className="muted">{t('workers.loading')}</p>}
        {w && (
          <dl className="facts worker-facts">
            {rows.map(([k, v]) => (
              <div key={k}>
                <dt>{k}</dt>
                <dd>{v}</dd>
              </div>
            ))}
          </dl>
        )}
        <button className="btn-primary" type="button" data-testid="worker-replay" onClick={replay}>
          {t('workers.replayToday')}
        </button>
      </div>
    </section>
  );
}

/** HH:MM in the screen's language (24 h). */
export function useTimeFormat(): (ms: number) => string {
  const lang = useUi((s) => s.lang);
  const locale = lang === 'zh' ? 'zh-CN' : 'en-GB';
  return (ms) =>
    new Date(ms).toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit', hour12: false });
}
