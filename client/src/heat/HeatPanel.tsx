import { useEffect } from 'react';
import { CASE_CATEGORIES, type CaseMajor, type CaseSource } from '../../../contracts/cases.ts';
import { focusCase } from '../cases/focusCase.ts';
import { useT } from '../i18n/index.ts';
import { can, useSession } from '../store/session.ts';
import { loadHeat } from './heatApi.ts';
import { dayEnd, heatColor, type HeatPreset } from './heatScale.ts';
import { SLIDER_DAYS, useHeat } from './heatStore.ts';
import '../styles/heat.css';

const DAY = 86_400_000;
const MAJORS = Object.keys(CASE_CATEGORIES) as CaseMajor[];
const SOURCES: CaseSource[] = ['grid_worker', 'hotline', 'public', 'video_patrol', 'platform'];
const PRESETS: HeatPreset[] = ['day', 'week', 'month', 'custom'];
const KM2: Record<number, string> = { 7: '5.2', 8: '0.74', 9: '0.11', 10: '0.015' };
/** A slider step while playing (ms): one day of the window per step. */
const PLAY_STEP_MS = 1200;

/** Local date (UTC+8, the rollups' days) of an instant, as YYYY-MM-DD. */
const dateOf = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);
const fromDate = (d: string) => Date.parse(`${d}T00:00:00+08:00`);
const toggle = <T,>(xs: T[], x: T) => (xs.includes(x) ? xs.filter((y) => y !== x) : [...xs, x]);

/** Fetches the window whenever a setting or the camera's hexagon size changes (debounced). */
function useHeatFeed() {
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const keys = [
      'on',
      'layer',
      'preset',
      'endMs',
      'customFromMs',
      'major',
      'source',
      'redOnly',
      'res',
    ] as const;
    const unsubscribe = useHeat.subscribe((s, prev) => {
      if (!s.on || keys.every((k) => s[k] === prev[k])) return;
      clearTimeout(timer);
      timer = setTimeout(() => void loadHeat(), 80);
    });
    return () => {
      clearTimeout(timer);
      unsubscribe();
    };
  }, []);
}

/** Plays the window forward a day per step until today. */
function usePlay(playing: boolean) {
  useEffect(() => {
    if (!playing) return;
    const today = dayEnd(Date.now());
    const timer = setInterval(() => {
      const s = useHeat.getState();
      if (s.endMs >= today) s.set({ playing: false });
      else s.set({ endMs: s.endMs + DAY });
    }, PLAY_STEP_MS);
    return () => clearInterval(timer);
  }, [playing]);
}

/**
 * 热力分析 for analysts and leaders: cases or grid-worker coverage over a day, week, month or a
 * custom range, played forward a day at a time; the map draws the hexagons (HeatLayer), a click
 * on one lists its cases here, and a case opens on the map.
 */
export function HeatPanel() {
  const t = useT();
  const me = useSession((s) => s.me);
  const s = useHeat();
  useHeatFeed();
  usePlay(s.playing);
  const mayCases = can(me, 'cases.read');
  const mayPresence = can(me, 'workers.read');
  if (!mayCases && !mayPresence) return null;

  const today = dayEnd(Date.now());
  const [from, to] = s.window();
  const a = s.answer;
  const switchOn = () => {
    s.set({ on: !s.on, playing: false, selected: null, layer: mayCases ? s.layer : 'presence' });
  };
  return (
    <section className="panel heat-panel" data-testid="heat-panel">
      <header className="panel-head">
        <h2>{t('heat.title')}</h2>
        <button
          className={`chip${s.on ? ' on' : ''}`}
          type="button"
          data-testid="heat-toggle"
          onClick={switchOn}
        >
          {s.on ? t('heat.off') : t('heat.on')}
        </button>
      </header>
      {s.on && (
        <div className="heat-body">
          <div className="heat-row" role="radiogroup">
            {(['cases', 'presence'] as const)
              .filter((l) => (l === 'cases' ? mayCases : mayPresence))
              .map((l) => (
                <button
                  key={l}
                  type="button"
                  role="radio"
                  aria-checked={s.layer === l}
                  className={`chip${s.layer === l ? ' on' : ''}`}
                  data-testid={`heat-layer-${l}`}
                  onClick={() => s.set({ layer: l, selected: null })}
                >
                  {t(`heat.layer.${l}`)}
                </button>
              ))}
          </div>
          <div className="heat-row" role="radiogroup">
            {PRESETS.map((p) => (
              <button
                key={p}
                type="button"
                role="radio"
                aria-checked={s.preset === p}
                className={`chip${s.preset === p ? ' on' : ''}`}
                data-testid={`heat-preset-${p}`}
                onClick={() => s.set({ preset: p, customFromMs: p === 'custom' ? from : s.customFromMs })}
              >
                {t(`heat.preset.${p}`)}
              </button>
            ))}
          </div>
          {s.preset === 'custom' && (
            <div className="heat-row heat-dates">
              <label>
                {t('heat.from')}
                <input
                  type="date"
                  data-testid="heat-from"
                  value={dateOf(s.customFromMs)}
                  max={dateOf(s.endMs - DAY)}
                  onChange={(e) => e.target.value && s.set({ customFromMs: fromDate(e.target.value) })}
                />
              </label>
              <label>
                {t('heat.to')}
                <input
                  type="date"
                  data-testid="heat-to"
                  value={dateOf(s.endMs - DAY)}
                  max={dateOf(today - DAY)}
                  onChange={(e) => e.target.value && s.set({ endMs: fromDate(e.target.value) + DAY })}
                />
              </label>
            </div>
          )}
          <div className="heat-row heat-slider">
            <button
              type="button"
              className="chip"
              data-testid="heat-play"
              onClick={() =>
                s.set({
                  playing: !s.playing,
                  endMs: !s.playing && s.endMs >= today ? today - 30 * DAY : s.endMs,
                })
              }
            >
              {s.playing ? `⏸ ${t('heat.pause')}` : `▶ ${t('heat.play')}`}
            </button>
            <input
              type="range"
              data-testid="heat-slider"
              aria-label={t('heat.window', { from: dateOf(from), to: dateOf(to - 1) })}
              min={today - SLIDER_DAYS * DAY}
              max={today}
              step={DAY}
              value={s.endMs}
              onChange={(e) => s.set({ endMs: Number(e.target.value), playing: false })}
            />
          </div>
          <div className="heat-window" data-testid="heat-window">
            {t('heat.window', { from: dateOf(from), to: dateOf(to - 1) })}
          </div>
          {s.layer === 'cases' && (
            <>
              <div className="heat-row heat-chips">
                {MAJORS.map((m) => (
                  <button
                    key={m}
                    type="button"
                    className={`chip${s.major.includes(m) ? ' on' : ''}`}
                    onClick={() => s.set({ major: toggle(s.major, m) })}
                  >
                    {t(`cases.major.${m}`)}
                  </button>
                ))}
              </div>
              <div className="heat-row">
                <select
                  data-testid="heat-source"
                  value={s.source[0] ?? ''}
                  onChange={(e) => s.set({ source: e.target.value ? [e.target.value as CaseSource] : [] })}
                >
                  <option value="">{t('cases.filter.allSources')}</option>
                  {SOURCES.map((src) => (
                    <option key={src} value={src}>
                      {t(`cases.source.${src}`)}
                    </option>
                  ))}
                </select>
                <label className="heat-red">
                  <input
                    type="checkbox"
                    checked={s.redOnly}
                    onChange={(e) => s.set({ redOnly: e.target.checked })}
                  />
                  {t('heat.redOnly')}
                </label>
              </div>
            </>
          )}
          <HeatLegend />
          {s.status === 'error' && (
            <div className="form-error">{t('heat.failed', { message: s.error ?? '' })}</div>
          )}
          {a && (
            <div className="heat-total" data-testid="heat-total" data-total={a.total}>
              {t(a.layer === 'cases' ? 'heat.total.cases' : 'heat.total.presence', {
                n: a.total,
                max: a.max,
              })}
              {a.unwalked && a.layer === 'presence' && (
                <span className="heat-gaps"> · {t('heat.unwalked', { n: a.unwalked.length })}</span>
              )}
            </div>
          )}
          <HexCases />
        </div>
      )}
    </section>
  );
}

function HeatLegend() {
  const t = useT();
  const layer = useHeat((s) => s.layer);
  const res = useHeat((s) => s.res);
  const status = useHeat((s) => s.status);
  const stops = [0.02, 0.1, 0.3, 0.6, 1].map((x) => heatColor(layer, x, 1));
  return (
    <div className="heat-legend">
      <span>{t('heat.legend.low')}</span>
      <span
        className="heat-ramp"
        style={{
          background: `linear-gradient(90deg, ${stops.map(([r, g, b]) => `rgb(${r},${g},${b})`).join(', ')})`,
        }}
      />
      <span>{t('heat.legend.high')}</span>
      <span className="heat-size">
        {status === 'loading' ? t('heat.loading') : t('heat.size', { km2: KM2[res]! })}
      </span>
    </div>
  );
}

function HexCases() {
  const t = useT();
  const selected = useHeat((s) => s.selected);
  const layer = useHeat((s) => s.layer);
  if (layer !== 'cases') return null;
  if (!selected) return <p className="heat-hint">{t('heat.cell.hint')}</p>;
  if (!selected.cases) return <p className="heat-hint">{t('heat.cell.loading')}</p>;
  return (
    <div className="heat-cases" data-testid="heat-cases" data-h3={selected.h3}>
      <div className="heat-cases-head">{t('heat.cell', { n: selected.cases.length })}</div>
      <ul>
        {selected.cases.map((c) => (
          <li key={c.id}>
            <button type="button" data-testid="heat-case" onClick={() => focusCase(c)}>
              <span className={`dot light-${c.light}`} />
              <span className="heat-case-title">{c.title}</span>
              <span className="heat-case-when">{c.createdAt.slice(0, 10)}</span>
            </button>
          </li>
        ))}
      </ul>
      {selected.truncated && <div className="heat-hint">{t('heat.cell.truncated')}</div>}
    </div>
  );
}
