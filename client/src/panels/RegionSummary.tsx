import type { RegionDetail } from '../../../contracts/regions.ts';
import { useRegionDetails } from '../api/regionDetail.ts';
import { useT, type MessageKey } from '../i18n/index.ts';
import { useRegions } from '../store/regions.ts';
import { useUi } from '../store/ui.ts';

type Summary = RegionDetail['summary'];
type Field = keyof Summary;

/** Big numerals first (what a leader reads from 5 m), then the service figures. */
const FIELDS: { key: Field; tone?: 'amber' | 'cyan' | 'red' }[] = [
  { key: 'residents', tone: 'cyan' },
  { key: 'houses', tone: 'cyan' },
  { key: 'buildings' },
  { key: 'floating', tone: 'amber' },
  { key: 'rented', tone: 'amber' },
  { key: 'vacant' },
  { key: 'elderlyAlone', tone: 'red' },
  { key: 'gridWorkers' },
];

function sum(details: RegionDetail[]): Summary {
  const total = Object.fromEntries(FIELDS.map((f) => [f.key, 0])) as Summary;
  for (const d of details) for (const f of FIELDS) total[f.key] += d.summary[f.key];
  return total;
}

export function RegionSummary() {
  const t = useT();
  const lang = useUi((s) => s.lang);
  const selected = useUi((s) => s.selectedRegionCode);
  const tree = useRegions((s) => s.tree);
  const codes = selected ? [selected] : tree.map((r) => r.code);
  const state = useRegionDetails(codes);
  const title =
    state.status === 'ready' ? state.details.map((d) => d.name).join('、') : selected ? '…' : t('region.all');
  const fmt = new Intl.NumberFormat(lang === 'zh' ? 'zh-CN' : 'en-GB');
  return (
    <section className="panel region-summary" data-testid="region-summary">
      <header className="panel-head">
        <h2>{title}</h2>
      </header>
      {state.status === 'error' && (
        <div className="form-error">{t('error.load', { message: state.message })}</div>
      )}
      <div className="stats">
        {FIELDS.map(({ key, tone }) => (
          <div key={key} className={`stat${tone ? ` tone-${tone}` : ''}`} data-stat={key}>
            <div className="stat-value">
              {state.status === 'ready' ? fmt.format(sum(state.details)[key]) : '—'}
            </div>
            <div className="stat-label">{t(`summary.${key}` as MessageKey)}</div>
          </div>
        ))}
      </div>
    </section>
  );
}
