import { useState } from 'react';
import type { BuildingResidents } from '../../../contracts/residents.ts';
import { useT } from '../i18n/index.ts';
import { useUi } from '../store/ui.ts';
import { CARE_ICON } from './CareTags.tsx';

type Entrance = BuildingResidents['entrances'][number];
type House = Entrance['floors'][number]['houses'][number];

function HouseCell({
  house,
  entrance,
  floor,
  buildingId,
}: {
  house: House;
  entrance: number;
  floor: number;
  buildingId: number;
}) {
  const t = useT();
  const selected = useUi((s) => s.selectedHouse?.houseId === house.id);
  const care = [...new Set(house.residents.flatMap((r) => r.careTags))];
  const keyed = house.residents.some((r) => r.keyTags?.length);
  return (
    <button
      type="button"
      className={`house-cell st-${house.status}${selected ? ' selected' : ''}`}
      data-testid="house-cell"
      data-house-id={house.id}
      title={`${house.room} · ${t(`house.${house.status}`)} · ${house.residents.length}`}
      onClick={() => useUi.getState().selectHouse({ buildingId, houseId: house.id, entrance, floor })}
    >
      <span className="room">{house.room}</span>
      <span className="n">{house.residents.length || ''}</span>
      <span className="icons">
        {care.map((c) => (
          <i key={c} className={`icon care-${c}`} title={t(`care.${c}`)}>
            {CARE_ICON[c]}
          </i>
        ))}
        {keyed && <i className="icon key">重</i>}
      </span>
    </button>
  );
}

function EntranceGrid({ e, buildingId }: { e: Entrance; buildingId: number }) {
  const floors = [...e.floors].sort((a, b) => b.floor - a.floor);
  const cols = Math.max(1, ...floors.map((f) => f.houses.length));
  return (
    <div
      className="matrix-grid"
      style={{ gridTemplateColumns: `2.6rem repeat(${cols}, minmax(3.2rem, 1fr))` }}
    >
      {floors.map((f) => (
        <div className="matrix-row" key={f.floor} style={{ display: 'contents' }}>
          <div className="floor-label">{f.floor}F</div>
          {f.houses.map((h) => (
            <HouseCell key={h.id} house={h} entrance={e.entrance} floor={f.floor} buildingId={buildingId} />
          ))}
          {Array.from({ length: cols - f.houses.length }, (_, i) => (
            <div key={`gap${i}`} className="house-gap" />
          ))}
        </div>
      ))}
    </div>
  );
}

function StatusKey() {
  const t = useT();
  return (
    <div className="status-key">
      {(['self_occupied', 'rented', 'vacant'] as const).map((s) => (
        <span key={s}>
          <i className={`swatch st-${s}`} />
          {t(`house.${s}`)}
        </span>
      ))}
      <span className="hint">{t('building.pickHouse')}</span>
    </div>
  );
}

/** Floors × rooms per entrance (单元 tabs), top floor at the top; follows a house picked elsewhere. */
export function FloorMatrix({ data }: { data: BuildingResidents }) {
  const t = useT();
  const picked = useUi((s) => (s.selectedHouse?.buildingId === data.building.id ? s.selectedHouse : null));
  const [tab, setTab] = useState<{ entrance: number; forHouse: number | null } | null>(null);
  const active =
    tab && tab.forHouse === (picked?.houseId ?? null)
      ? tab.entrance
      : (picked?.entrance ?? data.entrances[0]?.entrance);
  const current = data.entrances.find((e) => e.entrance === active) ?? data.entrances[0];
  return (
    <div className="floor-matrix" data-testid="floor-matrix">
      {data.entrances.length > 1 && (
        <div className="tabs" role="tablist">
          {data.entrances.map((e) => (
            <button
              key={e.entrance}
              role="tab"
              type="button"
              aria-selected={e.entrance === current?.entrance}
              className={e.entrance === current?.entrance ? 'on' : ''}
              onClick={() => setTab({ entrance: e.entrance, forHouse: picked?.houseId ?? null })}
            >
              {t('building.entrance', { n: e.entrance })}
            </button>
          ))}
        </div>
      )}
      <StatusKey />
      {current && <EntranceGrid e={current} buildingId={data.building.id} />}
    </div>
  );
}
