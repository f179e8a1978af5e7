import {
  CASE_CATEGORIES,
  caseSourceSchema,
  type CaseMajor,
  type CaseSource,
  type Light,
} from '../../../contracts/cases.ts';
import { useT } from '../i18n/index.ts';
import { useCases } from './casesStore.ts';

const MAJORS = Object.keys(CASE_CATEGORIES) as CaseMajor[];
const SOURCES = caseSourceSchema.options;
const LIGHTS: Light[] = ['red', 'yellow', 'green', 'none'];
const TIMES: {
  hours: number | null;
  key: 'cases.filter.anyTime' | 'cases.filter.h24' | 'cases.filter.d7' | 'cases.filter.d30';
}[] = [
  { hours: null, key: 'cases.filter.anyTime' },
  { hours: 24, key: 'cases.filter.h24' },
  { hours: 24 * 7, key: 'cases.filter.d7' },
  { hours: 24 * 30, key: 'cases.filter.d30' },
];

/** Light chips with their counts: a click shows or hides that light on the map and in the ticker. */
export function LightChips({ counts }: { counts: Record<Light, number> }) {
  const t = useT();
  const lights = useCases((s) => s.filters.lights);
  const toggle = (l: Light) => {
    const on = lights.includes(l);
    useCases.getState().setFilters({ lights: on ? lights.filter((x) => x !== l) : [...lights, l] });
  };
  return (
    <div className="light-chips" role="group" aria-label={t('cases.filter.lights')}>
      {LIGHTS.map((l) => (
        <button
          key={l}
          type="button"
          data-testid={`light-chip-${l}`}
          className={`light-chip light-${l}${lights.includes(l) ? ' on' : ''}`}
          aria-pressed={lights.includes(l)}
          onClick={() => toggle(l)}
        >
          <i className="dot" />
          <span>{t(`cases.light.${l}`)}</span>
          <b>{counts[l]}</b>
        </button>
      ))}
    </div>
  );
}

/** Category, source and time: one select each, compact enough for the ticker's header. */
export function CaseFilters() {
  const t = useT();
  const f = useCases((s) => s.filters);
  const set = useCases((s) => s.setFilters);
  return (
    <div className="case-filters" data-testid="case-filters">
      <select
        aria-label={t('cases.drawer.category')}
        value={f.majors[0] ?? ''}
        onChange={(e) => set({ majors: e.target.value ? [e.target.value as CaseMajor] : [] })}
      >
        <option value="">{t('cases.filter.allMajors')}</option>
        {MAJORS.map((m) => (
          <option key={m} value={m}>
            {t(`cases.major.${m}`)}
          </option>
        ))}
      </select>
      <select
        aria-label={t('cases.drawer.source')}
        value={f.sources[0] ?? ''}
        onChange={(e) => set({ sources: e.target.value ? [e.target.value as CaseSource] : [] })}
      >
        <option value="">{t('cases.filter.allSources')}</option>
        {SOURCES.map((s) => (
          <option key={s} value={s}>
            {t(`cases.source.${s}`)}
          </option>
        ))}
      </select>
      <select
        aria-label={t('cases.drawer.created')}
        value={f.sinceHours ?? ''}
        onChange={(e) => set({ sinceHours: e.target.value ? Number(e.target.value) : null })}
      >
        {TIMES.map((o) => (
          <option key={o.key} value={o.hours ?? ''}>
            {t(o.key)}
          </option>
        ))}
      </select>
    </div>
  );
}
