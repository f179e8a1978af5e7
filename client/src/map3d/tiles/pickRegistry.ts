/**
 * What a click or hover on the map hit, as the layers that own the picked objects resolve it:
 * one of our buildings (by database id), a feature of an external tileset with no footprint under
 * it, or nothing of ours.
 */
export type PickResult =
  | { kind: 'building'; id: number }
  | { kind: 'feature'; layerId: number; properties: Record<string, unknown> };

export type PickResolver = (picked: object) => PickResult | null;

const resolvers = new Set<PickResolver>();

/** A layer registers how to read its picked objects; returns the unregister function. */
export function registerPicker(resolve: PickResolver): () => void {
  resolvers.add(resolve);
  return () => resolvers.delete(resolve);
}

export function resolvePick(picked: unknown): PickResult | null {
  if (!picked || typeof picked !== 'object') return null;
  for (const resolve of resolvers) {
    const r = resolve(picked);
    if (r) return r;
  }
  return null;
}
