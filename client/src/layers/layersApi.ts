import { z } from 'zod';
import { layerListSchema, layerSchema, type LayerCreate } from '../../../contracts/layers.ts';
import { api } from '../api/http.ts';
import { useLayers } from './layersStore.ts';

/** Reloads the list of layers visible to the caller into the store. */
export async function refreshLayers(): Promise<void> {
  const { layers } = await api('/api/layers', layerListSchema);
  useLayers.getState().setLayers(layers);
}

/** Registers a layer (layers.manage) and switches it on. */
export async function createLayer(body: LayerCreate): Promise<number> {
  const layer = await api('/api/layers', layerSchema, { method: 'POST', body });
  await refreshLayers();
  useLayers.getState().setVisible(layer.id, true);
  return layer.id;
}

export async function deleteLayer(id: number): Promise<void> {
  await api(`/api/layers/${id}`, z.unknown(), { method: 'DELETE' });
  await refreshLayers();
}
