import { useT } from '../i18n/index.ts';
import { BUILDING_FILTERS } from '../map3d/tiles/buildingStyle.ts';
import { useTiles } from '../map3d/tiles/tilesStore.ts';

/** Which buildings stand out on the map (e.g. those with elderly living alone); the rest go dark. */
export function BuildingFilterChips() {
  const t = useT();
  const filter = useTiles((s) => s.filter);
  const setFilter = useTiles((s) => s.setFilter);
  return (
    <div className="filter-chips" role="group" aria-label={t('filter.label')} data-testid="building-filter">
      <span className="dock-label">{t('filter.label')}</span>
      {BUILDING_FILTERS.map((f) => (
        <button
          key={f}
          type="button"
          className={`chip${filter === f ? ' on' : ''}`}
          aria-pressed={filter === f}
          data-filter={f}
          onClick={() => setFilter(f)}
        >
          {t(`filter.${f}`)}
        </button>
      ))}
    </div>
  );
}
