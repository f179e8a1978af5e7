import { Color, type Cesium3DTile, type Cesium3DTileFeature, type Cesium3DTileset } from 'cesium';
import type { Rgba } from '../colorScale.ts';
import { buildingRgba, rgbaToHex, type StyleProps, type StyleState } from './buildingStyle.ts';
import { featuresOf } from './tilesetFeatures.ts';

interface Entry {
  props: StyleProps;
  features: Set<Cesium3DTileFeature>;
}

/**
 * Colours our buildings tileset per feature from the metadata in its tiles (contracts/tiles3d.ts):
 * a building may be loaded several times (a coarse hull and its leaf), so features are indexed by
 * the `id` property as tiles load and unload, and a repaint writes only the buildings whose colour
 * changed (a hover touches two buildings, not all of them). No Cesium3DTileStyle: re-evaluating a
 * style re-colours every loaded feature on every hover.
 */
export class TilesetPainter {
  private readonly byId = new Map<number, Entry>();
  private readonly byTile = new Map<Cesium3DTile, [number, Cesium3DTileFeature][]>();
  /** CSS hex per building as last written. */
  private readonly painted = new Map<number, string>();
  private readonly color = new Color();
  private readonly removers: (() => void)[];

  constructor(
    tileset: Cesium3DTileset,
    private style: StyleState,
  ) {
    this.removers = [
      tileset.tileLoad.addEventListener((tile: Cesium3DTile) => this.load(tile)),
      tileset.tileUnload.addEventListener((tile: Cesium3DTile) => this.unload(tile)),
    ];
  }

  get featureCount(): number {
    let n = 0;
    for (const list of this.byTile.values()) n += list.length;
    return n;
  }

  /** Applies a new style; returns how many buildings changed colour. */
  paint(style: StyleState): number {
    this.style = style;
    let changed = 0;
    for (const [id, entry] of this.byId) {
      const rgba = buildingRgba(id, entry.props, style);
      const hex = rgbaToHex(rgba);
      if (this.painted.get(id) === hex) continue;
      this.painted.set(id, hex);
      this.setColor(entry.features, rgba);
      changed++;
    }
    return changed;
  }

  cssColorOf(id: number): string | null {
    return this.painted.get(id) ?? null;
  }

  destroy(): void {
    this.removers.forEach((r) => r());
  }

  private load(tile: Cesium3DTile): void {
    const list: [number, Cesium3DTileFeature][] = [];
    for (const f of featuresOf(tile)) {
      const id = Number(f.getProperty('id'));
      if (!Number.isFinite(id)) continue;
      let entry = this.byId.get(id);
      if (!entry) {
        entry = { props: readProps(f), features: new Set() };
        this.byId.set(id, entry);
      }
      entry.features.add(f);
      list.push([id, f]);
      const rgba = buildingRgba(id, entry.props, this.style);
      this.painted.set(id, rgbaToHex(rgba));
      this.setColor([f], rgba);
    }
    this.byTile.set(tile, list);
  }

  private unload(tile: Cesium3DTile): void {
    for (const [id, f] of this.byTile.get(tile) ?? []) {
      const entry = this.byId.get(id);
      entry?.features.delete(f);
      if (entry && entry.features.size === 0) {
        this.byId.delete(id);
        this.painted.delete(id);
      }
    }
    this.byTile.delete(tile);
  }

  private setColor(features: Iterable<Cesium3DTileFeature>, [r, g, b, a]: Rgba): void {
    this.color.red = r;
    this.color.green = g;
    this.color.blue = b;
    this.color.alpha = a;
    for (const f of features) f.color = this.color;
  }
}

const num = (f: Cesium3DTileFeature, name: string): number => Number(f.getProperty(name) ?? 0);

/** The style inputs from a feature's metadata (names as in BUILDING_PROPERTIES). */
function readProps(f: Cesium3DTileFeature): StyleProps {
  return {
    use: (f.getProperty('use') as StyleProps['use'] | undefined) ?? 'other',
    houses: num(f, 'houses'),
    residents: num(f, 'residents'),
    floating: num(f, 'floating'),
    rented: num(f, 'rented'),
    vacant: num(f, 'vacant'),
    elderlyAlone: num(f, 'elderlyAlone'),
  };
}
