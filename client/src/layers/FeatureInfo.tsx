import { useT } from '../i18n/index.ts';
import { useLayers } from './layersStore.ts';

const shown = (v: unknown) =>
  typeof v === 'number' ? String(Math.round(v * 1e6) / 1e6) : typeof v === 'string' ? v : JSON.stringify(v);

/** The properties of an external feature that was clicked where no building of ours stands. */
export function FeatureInfo() {
  const t = useT();
  const picked = useLayers((s) => s.pickedFeature);
  const layer = useLayers((s) => s.layers.find((l) => l.id === picked?.layerId));
  if (!picked) return null;
  return (
    <section className="feature-info" data-testid="feature-info" data-layer-id={picked.layerId}>
      <div className="dock-row">
        <span className="dock-label">{t('layers.feature', { name: layer?.name ?? '' })}</span>
        <button
          className="btn-ghost"
          type="button"
          onClick={() => useLayers.getState().setPickedFeature(null)}
        >
          {t('building.close')}
        </button>
      </div>
      <dl>
        {Object.entries(picked.properties).map(([k, v]) => (
          <div key={k} data-testid="feature-prop" data-name={k}>
            <dt>{k}</dt>
            <dd>{shown(v)}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
