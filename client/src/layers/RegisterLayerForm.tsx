import { useState, type FormEvent } from 'react';
import { layerCreateSchema, type LayerCreate } from '../../../contracts/layers.ts';
import { ApiError } from '../api/http.ts';
import { useT } from '../i18n/index.ts';
import { enuMatrix } from './enuMatrix.ts';
import { createLayer } from './layersApi.ts';
import { useLayers } from './layersStore.ts';

type Fields = Record<'name' | 'kind' | 'url' | 'tilesVersion' | 'heightOffsetM' | 'origin', string> & {
  classify: boolean;
};
const EMPTY: Fields = {
  name: '',
  kind: 'photogrammetry',
  url: '/layers/',
  tilesVersion: '1.1',
  heightOffsetM: '0',
  origin: '',
  classify: true,
};

/** "lon, lat[, height]" → an east-north-up placement (for a model in local metres, e.g. BIM). */
function placement(origin: string): number[] | null | 'invalid' {
  if (!origin.trim()) return null;
  const n = origin
    .split(/[,\s]+/)
    .filter(Boolean)
    .map(Number);
  if (n.length < 2 || n.length > 3 || n.some((v) => !Number.isFinite(v))) return 'invalid';
  if (Math.abs(n[0]!) > 180 || Math.abs(n[1]!) > 90) return 'invalid';
  return enuMatrix(n[0]!, n[1]!, n[2] ?? 0);
}

/** Administrators register an external tileset (our layers folder or an intranet url). */
export function RegisterLayerForm({ onDone }: { onDone(): void }) {
  const t = useT();
  const [f, setF] = useState<Fields>(EMPTY);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (k: keyof Fields) => (e: { target: { value: string } }) => setF({ ...f, [k]: e.target.value });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const modelMatrix = placement(f.origin);
    if (modelMatrix === 'invalid') return setError(t('layers.originInvalid'));
    const body: LayerCreate = {
      name: f.name,
      kind: f.kind as LayerCreate['kind'],
      url: f.url,
      tilesVersion: f.tilesVersion as LayerCreate['tilesVersion'],
      heightOffsetM: Number(f.heightOffsetM) || 0,
      classify: f.classify,
      modelMatrix,
    };
    const parsed = layerCreateSchema.safeParse(body);
    if (!parsed.success) return setError(parsed.error.issues[0]?.message ?? 'invalid');
    setBusy(true);
    setError(null);
    createLayer(body).then(
      (id) => {
        setBusy(false);
        setF(EMPTY);
        useLayers.getState().flyToLayer(id);
        onDone();
      },
      (err: unknown) => {
        setBusy(false);
        setError(err instanceof ApiError ? `${err.message} (${err.status})` : String(err));
      },
    );
  };

  return (
    <form className="layer-form" data-testid="layer-form" onSubmit={submit}>
      <input data-testid="layer-name" placeholder={t('layers.name')} value={f.name} onChange={set('name')} />
      <input data-testid="layer-url" placeholder={t('layers.url')} value={f.url} onChange={set('url')} />
      <div className="dock-row">
        <select data-testid="layer-kind" value={f.kind} onChange={set('kind')} aria-label={t('layers.kind')}>
          <option value="photogrammetry">{t('layers.kind.photogrammetry')}</option>
          <option value="bim">{t('layers.kind.bim')}</option>
        </select>
        <select
          data-testid="layer-version"
          value={f.tilesVersion}
          onChange={set('tilesVersion')}
          aria-label={t('layers.version')}
        >
          <option value="1.0">3D Tiles 1.0</option>
          <option value="1.1">3D Tiles 1.1</option>
        </select>
      </div>
      <input
        data-testid="layer-origin"
        placeholder={t('layers.origin')}
        value={f.origin}
        onChange={set('origin')}
      />
      <div className="dock-row">
        <label>
          {t('layers.heightOffset')}
          <input
            className="num"
            value={f.heightOffsetM}
            onChange={set('heightOffsetM')}
            inputMode="decimal"
          />
        </label>
        <label>
          <input
            type="checkbox"
            checked={f.classify}
            onChange={(e) => setF({ ...f, classify: e.target.checked })}
          />
          {t('layers.classify')}
        </label>
      </div>
      {error && (
        <div className="form-error" role="alert" data-testid="layer-error">
          {error}
        </div>
      )}
      <div className="dock-row">
        <button className="btn-primary" type="submit" disabled={busy} data-testid="layer-submit">
          {t('layers.register')}
        </button>
        <button className="btn-ghost" type="button" onClick={onDone}>
          {t('unmask.cancel')}
        </button>
      </div>
    </form>
  );
}
