import { useEffect, useMemo, useRef } from 'react';
import {
  OCCUPANCY_LABELS,
  OCCUPANCY_METRICS,
  RATIO_METRICS,
  type OccupancyAnswer,
  type OccupancyLevel,
  type OccupancyMetric,
  type OccupancyProfile,
  type OccupancyRow,
  type OccupancyTrend,
} from '../../../contracts/occupancy.ts';
import { useT } from '../i18n/index.ts';
import { useSession } from '../store/session.ts';
import { useUi } from '../store/ui.ts';
import {
  axisStyle,
  baseOption,
  rootRem,
  THEME,
  useChart,
  valueAxis,
  type Chart,
  type ChartOption,
} from './charts.ts';
import { exportUrl, loadOccupancy } from './occupancyApi.ts';
import { childLevel, parentRegion, useOccupancy } from './occupancyStore.ts';
import { updateOccupancyHooks } from './testHooks.ts';

/** Bars in the ranking chart (the table lists every row). */
const TOP = 15;
const LEVELS: OccupancyLevel[] = ['street', 'community', 'grid', 'building'];
const DEPTH: Record<OccupancyLevel, number> = { street: 9, community: 12, grid: 15, building: 99 };

export function formatMetric(m: OccupancyMetric, v: number | null): string {
  if (v === null) return '—';
  if (m === 'perHouse') return v.toFixed(2);
  if (RATIO_METRICS.has(m)) return `${(v * 100).toFixed(1)}%`;
  return v.toLocaleString('en');
}

/** Flies to a row's place and selects it (the region outline, or the building's panel). */
function pick(row: OccupancyRow) {
  const ui = useUi.getState();
  if (row.buildingId !== null) {
    ui.selectBuilding(row.buildingId);
    ui.flyTo({ kind: 'building', buildingId: row.buildingId });
  } else if (row.bbox) {
    ui.selectRegion(row.code);
    ui.flyTo({ kind: 'bbox', bbox: row.bbox });
  }
}

/** The bar's length: shares as percentages, the rest as they are (key populations hidden: 0). */
const barValue = (r: OccupancyRow, m: OccupancyMetric) => {
  const v = r[m] ?? 0;
  return RATIO_METRICS.has(m) && m !== 'perHouse' ? v * 100 : v;
};

function RankingChart({ table, metric }: { table: OccupancyAnswer; metric: OccupancyMetric }) {
  const lang = useUi((s) => s.lang);
  const rows = useMemo(() => table.rows.slice(0, TOP), [table]);
  const option = useMemo<ChartOption>(() => {
    const rem = rootRem();
    return {
      ...baseOption(rem),
      grid: { left: 8.5 * rem, right: 3.2 * rem, top: 0.6 * rem, bottom: 1.6 * rem },
      xAxis: valueAxis(rem, lang),
      yAxis: {
        type: 'category',
        inverse: true,
        data: rows.map((r) => r.name),
        ...axisStyle(rem),
        axisLabel: { color: THEME.text, fontSize: 0.75 * rem, width: 8 * rem, overflow: 'truncate' },
      },
      series: [
        {
          type: 'bar',
          name: OCCUPANCY_LABELS[lang][metric],
          data: rows.map((r) => barValue(r, metric)),
          barMaxWidth: 1.1 * rem,
          cursor: 'pointer',
          itemStyle: {
            borderRadius: [0, 0.2 * rem, 0.2 * rem, 0],
            color: {
              type: 'linear',
              x: 0,
              y: 0,
              x2: 1,
              y2: 0,
              colorStops: [
                { offset: 0, color: 'rgba(0, 229, 255, 0.25)' },
                { offset: 1, color: THEME.cyan },
              ],
            },
          },
          emphasis: { itemStyle: { color: THEME.amber } },
          label: {
            show: true,
            position: 'right',
            color: THEME.text,
            fontSize: 0.72 * rem,
            formatter: (p: { dataIndex: number }) => formatMetric(metric, rows[p.dataIndex]![metric]),
          },
        },
      ],
    };
  }, [rows, metric, lang]);
  // the test hook reads the rows drawn now, not those of the first render
  const latest = useRef({ rows, metric, table });
  latest.current = { rows, metric, table };
  const onReady = (chart: Chart | null) =>
    updateOccupancyHooks({
      table: chart ? latest.current.table : null,
      barPosition: (i) => {
        const el = chart?.getDom();
        const r = latest.current.rows[i];
        if (!chart || !el || !r) return null;
        const v = barValue(r, latest.current.metric) / 2;
        const [x, y] = chart.convertToPixel({ seriesIndex: 0 }, [v, i]) as [number, number];
        const box = el.getBoundingClientRect();
        return [box.left + x, box.top + y];
      },
    });
  const ref = useChart(
    option,
    (p) => {
      const r = rows[p.dataIndex];
      if (r) pick(r);
    },
    onReady,
  );
  useEffect(() => updateOccupancyHooks({ table }), [table]);
  return <div className="occ-chart" ref={ref} data-testid="occ-ranking" />;
}

function TrendChart({ trend }: { trend: OccupancyTrend }) {
  const lang = useUi((s) => s.lang);
  const L = OCCUPANCY_LABELS[lang];
  const option = useMemo<ChartOption>(() => {
    const rem = rootRem();
    const values = trend.months.map((m) => m.residents);
    const lo = Math.min(...values);
    const hi = Math.max(...values);
    const pad = Math.max(1, Math.round((hi - lo) * 0.2));
    return {
      ...baseOption(rem),
      grid: { left: 3.6 * rem, right: 2.8 * rem, top: 2 * rem, bottom: 1.6 * rem },
      xAxis: { type: 'category', data: trend.months.map((m) => m.month.slice(2)), ...axisStyle(rem) },
      yAxis: [
        {
          ...valueAxis(rem, lang),
          min: Math.max(0, lo - pad),
          max: hi + pad,
          // a narrow range: whole numbers (compact ones would repeat)
          axisLabel: {
            ...axisStyle(rem).axisLabel,
            formatter: (v: number) => Math.round(v).toLocaleString('en'),
          },
        },
        { ...valueAxis(rem, lang), splitLine: { show: false } },
      ],
      series: [
        {
          type: 'line',
          name: L.residents,
          data: values,
          smooth: true,
          symbolSize: 0.4 * rem,
          lineStyle: { color: THEME.cyan, width: 0.15 * rem },
          itemStyle: { color: THEME.cyan },
          areaStyle: { color: 'rgba(0, 229, 255, 0.12)' },
        },
        {
          type: 'bar',
          name: L.movedIn,
          yAxisIndex: 1,
          data: trend.months.map((m) => m.movedIn),
          itemStyle: { color: THEME.green },
          barMaxWidth: 0.6 * rem,
        },
        {
          type: 'bar',
          name: L.movedOut,
          yAxisIndex: 1,
          data: trend.months.map((m) => m.movedOut),
          itemStyle: { color: THEME.red },
          barMaxWidth: 0.6 * rem,
        },
      ],
    };
  }, [trend, L]);
  const ref = useChart(option);
  return <div className="occ-chart" ref={ref} data-testid="occ-trend" />;
}

function PyramidChart({ profile }: { profile: OccupancyProfile }) {
  const lang = useUi((s) => s.lang);
  const L = OCCUPANCY_LABELS[lang];
  const option = useMemo<ChartOption>(() => {
    const rem = rootRem();
    return {
      ...baseOption(rem),
      tooltip: { ...(baseOption(rem).tooltip as object), valueFormatter: (v: number) => String(Math.abs(v)) },
      grid: { left: 3.4 * rem, right: 1 * rem, top: 2 * rem, bottom: 1.6 * rem },
      xAxis: valueAxis(rem, lang, true),
      yAxis: { type: 'category', data: profile.ages.map((a) => a.band), ...axisStyle(rem) },
      series: [
        {
          type: 'bar',
          name: L.M,
          stack: 'age',
          data: profile.ages.map((a) => -a.M),
          itemStyle: { color: THEME.blue },
        },
        {
          type: 'bar',
          name: L.F,
          stack: 'age',
          data: profile.ages.map((a) => a.F),
          itemStyle: { color: THEME.pink },
        },
      ],
    };
  }, [profile, L]);
  const ref = useChart(option);
  return <div className="occ-chart" ref={ref} data-testid="occ-ages" />;
}

function PerHouseChart({ profile }: { profile: OccupancyProfile }) {
  const lang = useUi((s) => s.lang);
  const L = OCCUPANCY_LABELS[lang];
  const option = useMemo<ChartOption>(() => {
    const rem = rootRem();
    return {
      ...baseOption(rem),
      grid: { left: 3.4 * rem, right: 1 * rem, top: 1 * rem, bottom: 1.6 * rem },
      xAxis: {
        type: 'category',
        name: L.perHouseResidents,
        nameLocation: 'middle',
        nameGap: 1.2 * rem,
        data: profile.perHouse.map((p) => (p.residents === 6 ? '6+' : String(p.residents))),
        ...axisStyle(rem),
      },
      yAxis: valueAxis(rem, lang),
      series: [
        {
          type: 'bar',
          name: L.houses,
          data: profile.perHouse.map((p) => ({
            value: p.houses,
            itemStyle: { color: p.residents === 0 ? '#3a4a63' : p.residents >= 6 ? THEME.amber : THEME.cyan },
          })),
          barMaxWidth: 1.4 * rem,
        },
      ],
    };
  }, [profile, L]);
  const ref = useChart(option);
  return <div className="occ-chart small" ref={ref} data-testid="occ-perhouse" />;
}

function Download({ table, label }: { table: 'units' | 'trend' | 'profile'; label?: string }) {
  const t = useT();
  const lang = useUi((s) => s.lang);
  return (
    <span className="occ-download">
      {label && <span className="muted">{label}</span>}
      {(['csv', 'xlsx'] as const).map((f) => (
        <a
          key={f}
          className="chip"
          href={exportUrl(table, f, lang)}
          download
          data-testid={`occ-export-${table}-${f}`}
          title={t('occ.export', { format: f.toUpperCase() })}
        >
          {f.toUpperCase()}
        </a>
      ))}
    </span>
  );
}

function UnitsTable({ table }: { table: OccupancyAnswer }) {
  const t = useT();
  const lang = useUi((s) => s.lang);
  const s = useOccupancy();
  const L = OCCUPANCY_LABELS[lang];
  const metrics = OCCUPANCY_METRICS.filter((m) => m !== 'keyPopulation' || table.keyPopulationVisible);
  const sortBy = (m: OccupancyMetric) =>
    s.set(s.sort === m ? { order: s.order === 'desc' ? 'asc' : 'desc' } : { sort: m, order: 'desc' });
  return (
    <div className="occ-table-wrap">
      <table className="occ-table" data-testid="occ-table">
        <thead>
          <tr>
            <th>{L.name}</th>
            {metrics.map((m) => (
              <th
                key={m}
                aria-sort={s.sort === m ? (s.order === 'desc' ? 'descending' : 'ascending') : 'none'}
              >
                <button type="button" onClick={() => sortBy(m)} data-testid={`occ-sort-${m}`}>
                  {L[m]}
                  {s.sort === m ? (s.order === 'desc' ? ' ▼' : ' ▲') : ''}
                </button>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((r) => (
            <tr key={r.code} onClick={() => pick(r)} data-code={r.code}>
              <td className="occ-name">
                {r.name}
                {table.level !== 'building' && (
                  <button
                    type="button"
                    className="occ-drill"
                    title={t('occ.drill')}
                    onClick={(e) => {
                      e.stopPropagation();
                      s.set({ region: r.code, level: childLevel(r.code) });
                    }}
                  >
                    ›
                  </button>
                )}
              </td>
              {metrics.map((m) => (
                <td key={m}>{formatMetric(m, r[m])}</td>
              ))}
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <td>{t('occ.total')}</td>
            {metrics.map((m) => (
              <td key={m}>{formatMetric(m, table.total[m])}</td>
            ))}
          </tr>
        </tfoot>
      </table>
      {table.count > table.rows.length && (
        <p className="muted occ-more">{t('occ.more', { shown: table.rows.length, count: table.count })}</p>
      )}
    </div>
  );
}

/**
 * 人口房屋分析: a region's units ranked by a figure (a click on a bar or a row flies there), the
 * month-by-month change, the age pyramid and houses by size, the whole table, each exportable.
 * Loaded as a chunk of its own with ECharts, when an analyst first opens it.
 */
export default function OccupancyBoard() {
  const t = useT();
  const me = useSession((x) => x.me);
  const s = useOccupancy();
  const lang = useUi((x) => x.lang);
  useEffect(() => {
    void loadOccupancy();
  }, [s.region, s.level, s.sort, s.order]);
  const jurisdiction = me?.jurisdiction ?? '';
  const code = s.region ?? jurisdiction;
  const up = parentRegion(code, jurisdiction);
  const { table, profile, trend } = s;
  const L = OCCUPANCY_LABELS[lang];
  return (
    <section className="panel occ-board" data-testid="occ-board" aria-label={t('occ.title')}>
      <header className="panel-head">
        <h2>
          {t('occ.title')} · <span data-testid="occ-region">{table?.region.name || t('occ.all')}</span>
        </h2>
        <div className="occ-controls">
          {up !== null && (
            <button
              type="button"
              className="chip"
              data-testid="occ-up"
              onClick={() => s.set({ region: up, level: childLevel(up) })}
            >
              {t('occ.up')}
            </button>
          )}
          <span role="radiogroup" className="occ-levels">
            {LEVELS.filter((l) => DEPTH[l] > code.length).map((l) => (
              <button
                key={l}
                type="button"
                role="radio"
                aria-checked={s.level === l}
                className={`chip${s.level === l ? ' on' : ''}`}
                data-testid={`occ-level-${l}`}
                onClick={() => s.set({ level: l })}
              >
                {t(`occ.level.${l}`)}
              </button>
            ))}
          </span>
          <Download table="units" />
          <button
            type="button"
            className="chip"
            data-testid="occ-close"
            onClick={() => s.set({ open: false })}
          >
            {t('occ.close')}
          </button>
        </div>
      </header>
      {s.status === 'error' && <p className="form-error">{t('error.load', { message: s.error ?? '' })}</p>}
      {table && profile && trend ? (
        <div className="occ-body">
          <div className="occ-card occ-rank">
            <h3>
              {t('occ.ranking', { metric: L[s.sort] ?? s.sort })}
              <span className="muted"> · {t(`occ.level.${table.level}`)}</span>
            </h3>
            {table.rows.length > 0 ? (
              <RankingChart table={table} metric={s.sort} />
            ) : (
              <p className="muted">{t('occ.none')}</p>
            )}
          </div>
          <div className="occ-card occ-trend">
            <h3>
              {t('occ.trend')}
              <Download table="trend" />
            </h3>
            <TrendChart trend={trend} />
          </div>
          <div className="occ-card occ-profile">
            <h3>
              {t('occ.ages')}
              <Download table="profile" />
            </h3>
            <PyramidChart profile={profile} />
            <PerHouseChart profile={profile} />
          </div>
          <div className="occ-card occ-units">
            <UnitsTable table={table} />
          </div>
        </div>
      ) : (
        s.status === 'loading' && <p className="spinner-text occ-loading">{t('occ.loading')}</p>
      )}
    </section>
  );
}
