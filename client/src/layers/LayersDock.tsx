import { useEffect, useState } from 'react';
import { useT } from '../i18n/index.ts';
import { useTiles } from '../map3d/tiles/tilesStore.ts';
import { can, useSession } from '../store/session.ts';
import { BuildingFilterChips } from './BuildingFilterChips.tsx';
import { FeatureInfo } from './FeatureInfo.tsx';
import { deleteLayer, refreshLayers } from './layersApi.ts';
import { useLayers } from './layersStore.ts';
import { RegisterLayerForm } from './RegisterLayerForm.tsx';
import './layers.css';

/** The building filter, the 3D layers (switch on/off, fly to; admins register and remove), a picked feature. */
export function LayersDock() {
  const t = useT();
  const me = useSession((s) => s.me);
  const [open, setOpen] = useState(false);
  const mayRead = can(me, 'buildings.read');

  useEffect(() => {
    if (mayRead) refreshLayers().catch((e: unknown) => console.warn('[layers] list', e));
  }, [mayRead]);

  return (
    <div className="layers-dock panel" data-testid="layers-dock">
      <BuildingFilterChips />
      {mayRead && (
        <button
          className={`chip layers-toggle${open ? ' on' : ''}`}
          type="button"
          aria-expanded={open}
          data-testid="layers-toggle"
          onClick={() => setOpen(!open)}
        >
          {t('layers.title')} {open ? '▴' : '▾'}
        </button>
      )}
      {open && <LayerList />}
      <FeatureInfo />
    </div>
  );
}

function LayerList() {
  const t = useT();
  const me = useSession((s) => s.me);
  const layers = useLayers((s) => s.layers);
  const visible = useLayers((s) => s.visible);
  const buildingsVisible = useTiles((s) => s.buildingsVisible);
  const [adding, setAdding] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const manage = can(me, 'layers.manage');

  const toggle = (id: number, on: boolean) => {
    useLayers.getState().setVisible(id, on);
    if (on) useLayers.getState().flyToLayer(id);
  };
  const remove = (id: number) =>
    deleteLayer(id).catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));

  return (
    <div className="layer-list" data-testid="layer-list">
      <label className="layer-row">
        <input
          type="checkbox"
          checked={buildingsVisible}
          onChange={(e) => useTiles.getState().setBuildingsVisible(e.target.checked)}
          data-testid="layer-buildings"
        />
        <span className="layer-name">{t('layers.buildings')}</span>
      </label>
      {layers.map((l) => (
        <div className="layer-row" key={l.id} data-testid="layer-row" data-layer-id={l.id}>
          <label>
            <input
              type="checkbox"
              checked={visible.has(l.id)}
              onChange={(e) => toggle(l.id, e.target.checked)}
              data-testid="layer-visible"
            />
            <span className="layer-name">{l.name}</span>
            <span className="layer-meta">
              {t(`layers.kind.${l.kind}`)} · {l.tilesVersion}
            </span>
          </label>
          {visible.has(l.id) && (
            <button className="btn-ghost" type="button" onClick={() => useLayers.getState().flyToLayer(l.id)}>
              {t('layers.flyTo')}
            </button>
          )}
          {manage && (
            <button
              className="btn-ghost danger"
              type="button"
              data-testid="layer-remove"
              onClick={() => void remove(l.id)}
            >
              {t('layers.remove')}
            </button>
          )}
        </div>
      ))}
      {layers.length === 0 && <div className="muted">{t('layers.none')}</div>}
      {error && <div className="form-error">{error}</div>}
      {manage &&
        (adding ? (
          <RegisterLayerForm onDone={() => setAdding(false)} />
        ) : (
          <button className="btn-ghost" type="button" data-testid="layer-add" onClick={() => setAdding(true)}>
            {t('layers.add')}
          </button>
        ))}
    </div>
  );
}
