import { buildingDetailSchema, type BuildingDetail } from '../../../contracts/buildings.ts';
import { buildingResidentsSchema } from '../../../contracts/residents.ts';
import { useApi } from '../api/useApi.ts';
import { useT } from '../i18n/index.ts';
import { can, useSession } from '../store/session.ts';
import { useUi } from '../store/ui.ts';
import { FloorMatrix } from './FloorMatrix.tsx';
import { HouseResidents } from './HouseResidents.tsx';
import { PanelHeader } from './PanelHeader.tsx';

function Facts({ b }: { b: BuildingDetail }) {
  const t = useT();
  const rows: [string, string][] = [
    [t('building.address'), b.address ?? '—'],
    [t('building.use'), t(`use.${b.use}`)],
    [t('building.floors'), String(b.floors)],
    [t('building.height'), `${b.heightM.toFixed(0)} m`],
    [t('building.grid'), b.grid ? b.grid.name : '—'],
    [
      t('building.gridWorker'),
      b.gridWorkers.map((w) => `${w.name}${w.phone ? ` ${w.phone}` : ''}`).join('、') || '—',
    ],
  ];
  return (
    <dl className="facts">
      {rows.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

function Occupancy({ b }: { b: BuildingDetail }) {
  const t = useT();
  const cells = [
    ['summary.houses', b.houses],
    ['summary.residents', b.residents],
    ['summary.floating', b.floating],
    ['summary.rented', b.rented],
    ['summary.vacant', b.vacant],
    ['summary.elderlyAlone', b.elderlyAlone],
  ] as const;
  return (
    <div className="mini-stats">
      {cells.map(([k, v]) => (
        <div key={k} className="mini-stat">
          <b>{v}</b>
          <span>{t(k)}</span>
        </div>
      ))}
    </div>
  );
}

function Residents({ buildingId }: { buildingId: number }) {
  const t = useT();
  const res = useApi(`/api/buildings/${buildingId}/residents`, buildingResidentsSchema);
  if (res.status === 'loading' || res.status === 'idle') return <div className="empty">{t('loading')}</div>;
  if (res.status === 'error')
    return (
      <div className="form-error">
        {res.httpStatus === 403 ? t('building.noResidents') : t('error.load', { message: res.message })}
      </div>
    );
  return (
    <>
      <FloorMatrix data={res.data} />
      <HouseResidents data={res.data} />
    </>
  );
}

/** 以房找人: one building's facts, occupancy and, with `people.read`, its floors × rooms matrix. */
export function BuildingPanel() {
  const t = useT();
  const id = useUi((s) => s.selectedBuildingId);
  const me = useSession((s) => s.me);
  const detail = useApi(id === null ? null : `/api/buildings/${id}`, buildingDetailSchema);
  if (id === null) return null;
  const b = detail.status === 'ready' ? detail.data : null;
  return (
    <section className="panel building-panel" data-testid="building-panel">
      <PanelHeader
        kicker={t('building.title')}
        title={b ? (b.name ?? b.address ?? `#${b.id}`) : '…'}
        closeLabel={t('building.close')}
        onClose={() => useUi.getState().selectBuilding(null)}
      />
      <div className="scroll building-body">
        {detail.status === 'error' && (
          <div className="form-error">{t('error.load', { message: detail.message })}</div>
        )}
        {b && <Facts b={b} />}
        {b && <Occupancy b={b} />}
        {can(me, 'people.read') ? (
          <Residents buildingId={id} />
        ) : (
          <div className="empty">{t('building.noResidents')}</div>
        )}
      </div>
    </section>
  );
}
