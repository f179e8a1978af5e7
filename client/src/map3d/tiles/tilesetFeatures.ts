import type { Cesium3DTile, Cesium3DTileContent, Cesium3DTileFeature } from 'cesium';

/** Every feature of a tile's content, including the inner contents of a multi-content tile (1.1). */
export function featuresOf(tile: Cesium3DTile): Cesium3DTileFeature[] {
  const out: Cesium3DTileFeature[] = [];
  const visit = (content: Cesium3DTileContent) => {
    const inner = (content as { innerContents?: Cesium3DTileContent[] }).innerContents;
    if (inner) inner.forEach(visit);
    for (let i = 0; i < content.featuresLength; i++) out.push(content.getFeature(i));
  };
  visit(tile.content);
  return out;
}

/** A feature's properties as a plain object (for an info panel and tests). */
export function propertiesOf(feature: Cesium3DTileFeature): Record<string, unknown> {
  const props: Record<string, unknown> = {};
  for (const name of feature.getPropertyIds()) {
    const v: unknown = feature.getProperty(name);
    props[name] = typeof v === 'bigint' ? Number(v) : v;
  }
  return props;
}
