import { legendFor, type LegendItem } from '../map3d/colorScale.ts';
import { isMessageKey, useT } from '../i18n/index.ts';
import { useUi, type ColorMetric } from '../store/ui.ts';

const num = (v: number, metric: ColorMetric) =>
  metric === 'occupancy' ? String(v) : `${Math.round(v * 100)}%`;

/** A bin's range as text: "< 1.5", "1.5–2.5", "≥ 3.5" (shares as percentages). */
function rangeText(metric: ColorMetric, [min, max]: NonNullable<LegendItem['range']>): string {
  if (max === null) return `≥ ${num(min, metric)}`;
  if (min <= 0) return `< ${num(max, metric)}`;
  return `${num(min, metric)}–${num(max, metric)}`;
}

/** What the building colours mean for the current metric (the map's own scale, one source). */
export function Legend() {
  const t = useT();
  const metric = useUi((s) => s.colorMetric);
  const label = (item: LegendItem) => {
    if (isMessageKey(item.labelKey)) return t(item.labelKey);
    if (!item.range) return item.labelKey;
    const text = rangeText(metric, item.range);
    return metric === 'occupancy' ? t('legend.perHouse', { v: text }) : text;
  };
  return (
    <section className="panel legend" data-testid="legend">
      <h2>
        {t('legend.title')} · {t(`metric.${metric}`)}
      </h2>
      <ul>
        {legendFor(metric).map((item) => (
          <li key={item.labelKey}>
            <i className="swatch" style={{ background: item.color }} />
            {label(item)}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Map and data attribution (small, bottom corner): required by the basemap; honest about demo data. */
export function Attribution() {
  const t = useT();
  return <div className="attribution">{t('attribution')}</div>;
}
