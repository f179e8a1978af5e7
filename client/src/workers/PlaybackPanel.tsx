import { useEffect, useMemo, useState } from 'react';
import { useT } from '../i18n/index.ts';
import { useUi } from '../store/ui.ts';
import { SPEEDS, timeAt } from './playbackClock.ts';
import { usePlayback } from './playbackStore.ts';
import { useWorkers } from './workersStore.ts';
import { trackColor } from './workerIcons.ts';

/** `datetime-local` value of an epoch ms, in local time. */
const toLocalInput = (ms: number) => {
  const d = new Date(ms - new Date(ms).getTimezoneOffset() * 60_000);
  return d.toISOString().slice(0, 16);
};

function Picker() {
  const t = useT();
  const byId = useWorkers((s) => s.byId);
  const { ids, from, to, status, error } = usePlayback();
  const workers = useMemo(
    () => [...byId.values()].sort((a, b) => a.gridCode.localeCompare(b.gridCode) || a.id - b.id),
    [byId],
  );
  const pb = usePlayback.getState();
  return (
    <div className="playback-pick">
      <ul className="playback-workers scroll" aria-label={t('workers.pick')}>
        {workers.map((w) => (
          <li key={w.id}>
            <label>
              <input
                type="checkbox"
                data-testid="playback-worker"
                data-worker-id={w.id}
                checked={ids.includes(w.id)}
                onChange={() => pb.toggleId(w.id)}
              />
              <span>{w.name}</span>
              <span className="muted">{w.gridName}</span>
            </label>
          </li>
        ))}
      </ul>
      <div className="playback-range">
        <label>
          <span>{t('workers.from')}</span>
          <input
            type="datetime-local"
            value={toLocalInput(from)}
            onChange={(e) => pb.setRange(new Date(e.target.value).getTime(), to)}
          />
        </label>
        <label>
          <span>{t('workers.to')}</span>
          <input
            type="datetime-local"
            value={toLocalInput(to)}
            onChange={(e) => pb.setRange(from, new Date(e.target.value).getTime())}
          />
        </label>
        <button
          className="btn-primary"
          type="button"
          data-testid="playback-load"
          disabled={ids.length === 0 || status === 'loading'}
          onClick={() => void pb.load()}
        >
          {status === 'loading' ? t('workers.loading') : t('workers.load')}
        </button>
        {error && <span className="form-error">{t('workers.error', { message: error })}</span>}
      </div>
    </div>
  );
}

/** The clock's time for the panel, refreshed a few times a second while playing. */
function usePlaybackTime(): number | null {
  const clock = usePlayback((s) => s.clock);
  const [now, setNow] = useState(() => performance.now());
  useEffect(() => {
    setNow(performance.now());
    if (!clock?.playing) return;
    const id = setInterval(() => setNow(performance.now()), 200);
    return () => clearInterval(id);
  }, [clock]);
  return clock ? timeAt(clock, now) : null;
}

function Controls() {
  const t = useT();
  const lang = useUi((s) => s.lang);
  const { tracks, clock, follow } = usePlayback();
  const time = usePlaybackTime();
  const pb = usePlayback.getState();
  if (!clock || time === null) return null;
  const locale = lang === 'zh' ? 'zh-CN' : 'en-GB';
  const fmt = (ms: number) => new Date(ms).toLocaleTimeString(locale, { hour12: false });
  const stops = tracks.reduce((n, tr) => n + tr.stops.length, 0);
  const km = tracks.reduce((m, tr) => m + tr.distanceM, 0) / 1000;
  const playing = clock.playing && time < clock.to;
  return (
    <div className="playback-controls">
      <div className="playback-legend">
        {tracks.map((tr, k) => (
          <span key={tr.workerId} className="playback-who">
            <i style={{ background: trackColor(k) }} />
            {tr.name}
          </span>
        ))}
        <span className="muted">
          {tracks.length === 0
            ? t('workers.noTrack')
            : t('workers.summary', { workers: tracks.length, stops, km: km.toFixed(1) })}
        </span>
      </div>
      <div className="playback-row">
        <button
          className="btn-primary playback-play"
          type="button"
          data-testid="playback-play"
          onClick={pb.playPause}
        >
          {playing ? t('workers.pause') : t('workers.play')}
        </button>
        <span className="playback-time mono" data-testid="playback-time">
          {fmt(time)}
        </span>
        <input
          className="playback-slider"
          type="range"
          data-testid="playback-slider"
          min={clock.from}
          max={clock.to}
          step={1000}
          value={time}
          onChange={(e) => pb.seek(Number(e.target.value))}
        />
        <span className="muted mono">{fmt(clock.to)}</span>
        <label className="playback-speed">
          <span>{t('workers.speed')}</span>
          <select
            data-testid="playback-speed"
            value={clock.multiplier}
            onChange={(e) => pb.setSpeed(Number(e.target.value))}
          >
            {SPEEDS.map((s) => (
              <option key={s} value={s}>
                {s}×
              </option>
            ))}
          </select>
        </label>
        <label className="playback-follow">
          <input type="checkbox" checked={follow} onChange={(e) => pb.setFollow(e.target.checked)} />
          <span>{t('workers.follow')}</span>
        </label>
      </div>
    </div>
  );
}

/** Track playback: pick workers and a range, then one clock for all of them (1×–120×). */
export function PlaybackPanel() {
  const t = useT();
  const open = usePlayback((s) => s.open);
  const loaded = usePlayback((s) => s.clock !== null);
  if (!open) return null;
  return (
    <section className="panel playback-panel" data-testid="playback-panel">
      <div className="panel-head">
        <h2>{t('workers.playback')}</h2>
        <button
          className="close"
          type="button"
          aria-label={t('workers.close')}
          onClick={usePlayback.getState().close}
        >
          ×
        </button>
      </div>
      {loaded ? <Controls /> : <Picker />}
    </section>
  );
}
