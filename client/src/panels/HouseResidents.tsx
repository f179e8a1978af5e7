import type { BuildingResidents, Resident } from '../../../contracts/residents.ts';
import { useT } from '../i18n/index.ts';
import { can, useSession } from '../store/session.ts';
import { useUi } from '../store/ui.ts';
import { CareTags } from './CareTags.tsx';
import { UnmaskButton } from './UnmaskButton.tsx';

function ResidentRow({ r, mayUnmask }: { r: Resident; mayUnmask: boolean }) {
  const t = useT();
  return (
    <li className="resident-row" data-testid="resident-row">
      <div className="resident-main">
        <span className="resident-name">{r.name}</span>
        <span>{t(`sex.${r.sex}`)}</span>
        <span>{t('resident.ageValue', { n: r.age })}</span>
        <span>{t(`relation.${r.relation}`)}</span>
        <span className={`cat cat-${r.category}`}>{t(`category.${r.category}`)}</span>
        <CareTags tags={r.careTags} keyTags={r.keyTags} />
      </div>
      <div className="resident-ids mono">
        <span>{r.idNumber}</span>
        <span>{r.phone ?? '—'}</span>
      </div>
      {mayUnmask && <UnmaskButton residentId={r.id} />}
    </li>
  );
}

/** The residents of the house picked in the matrix (or by a search hit). */
export function HouseResidents({ data }: { data: BuildingResidents }) {
  const t = useT();
  const me = useSession((s) => s.me);
  const houseId = useUi((s) => s.selectedHouse?.houseId);
  const found = data.entrances
    .flatMap((e) => e.floors.flatMap((f) => f.houses.map((h) => ({ h, e: e.entrance, f: f.floor }))))
    .find((x) => x.h.id === houseId);
  if (!found) return null;
  const { h } = found;
  return (
    <div className="house-residents">
      <h3>
        {t('building.entrance', { n: found.e })} · {h.room} ·{' '}
        <span className={`st-text st-${h.status}`}>{t(`house.${h.status}`)}</span>
        {h.areaM2 !== null && <span className="muted"> · {h.areaM2} m²</span>}
      </h3>
      {h.residents.length === 0 ? (
        <div className="empty">{t('house.empty')}</div>
      ) : (
        <ul className="residents">
          {h.residents.map((r) => (
            <ResidentRow key={r.id} r={r} mayUnmask={can(me, 'people.unmask')} />
          ))}
        </ul>
      )}
    </div>
  );
}
