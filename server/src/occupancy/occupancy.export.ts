import {
  KEY_TAGS,
  OCCUPANCY_LABELS,
  OCCUPANCY_METRICS,
  RATIO_METRICS,
  type ExportQuery,
  type OccupancyAnswer,
  type OccupancyProfile,
  type OccupancyTrend,
} from '../../../contracts/occupancy.ts';
import type { ExportTable } from '../export/table.ts';

type Lang = 'zh' | 'en';
const label = (lang: Lang, key: string) => OCCUPANCY_LABELS[lang][key] ?? key;

/**
 * The ranking table as the screen shows it (same answer, same columns): aggregates only. Key
 * population columns only when the answer carries them (the caller may see them).
 */
export function unitsTable(a: OccupancyAnswer, lang: Lang): ExportTable {
  const metrics = OCCUPANCY_METRICS.filter((m) => m !== 'keyPopulation' || a.keyPopulationVisible);
  const columns: ExportTable['columns'] = [
    { key: 'code', label: label(lang, 'code'), kind: 'text' },
    { key: 'name', label: label(lang, 'name'), kind: 'text' },
    ...metrics.map((m) => ({
      key: m,
      label: label(lang, m),
      kind:
        m === 'perHouse'
          ? ('decimal' as const)
          : RATIO_METRICS.has(m)
            ? ('ratio' as const)
            : ('int' as const),
    })),
    ...(a.keyPopulationVisible
      ? KEY_TAGS.map((t) => ({ key: t, label: label(lang, t), kind: 'int' as const }))
      : []),
  ];
  const flat = (code: string, name: string, f: OccupancyAnswer['total']) => ({
    code,
    name,
    ...Object.fromEntries(metrics.map((m) => [m, f[m]])),
    ...(f.keyTags ?? {}),
  });
  const totalName =
    lang === 'zh' ? `合计（${a.region.name || '全部'}）` : `Total (${a.region.name || 'all'})`;
  return {
    title: `${label(lang, 'residents')} ${a.region.name || a.region.code || ''} ${a.level}`.trim(),
    columns,
    rows: [...a.rows.map((r) => flat(r.code, r.name, r)), flat(a.region.code, totalName, a.total)],
  };
}

export function trendTable(t: OccupancyTrend, lang: Lang): ExportTable {
  return {
    title: `${label(lang, 'month')} ${t.region.name}`.trim(),
    columns: (['month', 'residents', 'movedIn', 'movedOut'] as const).map((k) => ({
      key: k,
      label: label(lang, k),
      kind: k === 'month' ? 'text' : 'int',
    })),
    rows: t.months,
  };
}

/** The two distributions in one sheet: age bands by sex, then houses by residents. */
export function profileTable(p: OccupancyProfile, lang: Lang): ExportTable {
  return {
    title: `${label(lang, 'band')} ${p.region.name}`.trim(),
    columns: [
      { key: 'band', label: label(lang, 'band'), kind: 'text' },
      { key: 'M', label: label(lang, 'M'), kind: 'int' },
      { key: 'F', label: label(lang, 'F'), kind: 'int' },
      { key: 'residents', label: label(lang, 'perHouseResidents'), kind: 'text' },
      { key: 'houses', label: label(lang, 'houses'), kind: 'int' },
    ],
    rows: Array.from({ length: Math.max(p.ages.length, p.perHouse.length) }, (_, i) => ({
      band: p.ages[i]?.band ?? null,
      M: p.ages[i]?.M ?? null,
      F: p.ages[i]?.F ?? null,
      residents: p.perHouse[i]
        ? p.perHouse[i].residents === 6
          ? '6+'
          : String(p.perHouse[i].residents)
        : null,
      houses: p.perHouse[i]?.houses ?? null,
    })),
  };
}

export const exportFileName = (q: ExportQuery, region: string) =>
  `occupancy-${q.table}-${region || 'all'}${q.table === 'units' ? `-${q.level}` : ''}-${new Date().toISOString().slice(0, 10)}.${q.format}`;
