import { useMemo } from 'react';
import type { CaseListItem, Light } from '../../../contracts/cases.ts';
import { useT } from '../i18n/index.ts';
import { can, useSession } from '../store/session.ts';
import { useUi } from '../store/ui.ts';
import { CaseFilters, LightChips } from './CaseFilters.tsx';
import { filterCases, serverNowMs, useCases } from './casesStore.ts';
import { focusCase } from './focusCase.ts';
import { categoryLabel, timeText } from './labels.ts';

/** The ticker shows the newest few; the map shows them all. */
const TICKER_ITEMS = 24;

function TickerItem({
  c,
  light,
  fresh,
  selected,
}: {
  c: CaseListItem;
  light: Light;
  fresh: boolean;
  selected: boolean;
}) {
  const t = useT();
  const lang = useUi((s) => s.lang);
  const offsetMs = useCases((s) => s.offsetMs);
  return (
    <li>
      <button
        type="button"
        data-testid="ticker-item"
        data-case-id={c.id}
        data-light={light}
        className={`ticker-item light-${light}${fresh ? ' fresh' : ''}${selected ? ' selected' : ''}`}
        onClick={() => focusCase(c)}
      >
        <span className="ticker-top">
          <i className="dot" />
          <span className="ticker-time mono">{timeText(c.createdAt, lang, serverNowMs(offsetMs))}</span>
          <span className="ticker-cat">{categoryLabel(t, c.category)}</span>
          {c.supervised && <span className="badge supervised">{t('cases.supervised')}</span>}
          {fresh && <span className="badge fresh">{t('cases.new')}</span>}
        </span>
        <span className="ticker-title">{c.title}</span>
      </button>
    </li>
  );
}

/**
 * 事件滚动显示: the newest cases along the bottom, newest first; a new one slides in and glows
 * while its marker pulses. No perpetual animation: an idle wall redraws nothing.
 */
export function CaseTicker() {
  const t = useT();
  const me = useSession((s) => s.me);
  const byId = useCases((s) => s.byId);
  const lights = useCases((s) => s.lights);
  const filters = useCases((s) => s.filters);
  const offsetMs = useCases((s) => s.offsetMs);
  const freshUntil = useCases((s) => s.freshUntil);
  const selectedId = useCases((s) => s.selectedId);
  const intakeOpen = useCases((s) => s.intakeOpen);
  const now = serverNowMs(offsetMs);
  const shown = useMemo(() => filterCases(byId, lights, filters, now), [byId, lights, filters, now]);
  // Counts ignore the light filter itself, so a hidden light still shows how many it holds.
  const counts = useMemo(() => {
    const all = filterCases(byId, lights, { ...filters, lights: [] }, now);
    const n: Record<Light, number> = { red: 0, yellow: 0, green: 0, none: 0 };
    for (const c of all) n[lights.get(c.id) ?? c.light]++;
    return n;
  }, [byId, lights, filters, now]);

  return (
    <section className="panel case-ticker" data-testid="case-ticker">
      <header className="ticker-head">
        <h2>{t('cases.ticker.title')}</h2>
        <LightChips counts={counts} />
        <CaseFilters />
        {can(me, 'cases.report') && (
          <button
            type="button"
            className="btn-primary small"
            data-testid="intake-open"
            aria-pressed={intakeOpen}
            onClick={() => useCases.getState().openIntake(!intakeOpen)}
          >
            ＋ {t('cases.intake.open')}
          </button>
        )}
      </header>
      {shown.length === 0 ? (
        <div className="empty ticker-empty">{t('cases.ticker.empty')}</div>
      ) : (
        <ol className="ticker-items" aria-live="polite">
          {shown.slice(0, TICKER_ITEMS).map((c) => (
            <TickerItem
              key={c.id}
              c={c}
              light={lights.get(c.id) ?? c.light}
              fresh={freshUntil.has(c.id)}
              selected={c.id === selectedId}
            />
          ))}
        </ol>
      )}
    </section>
  );
}
