import { cellToParent, getResolution, latLngToCell } from 'h3-js';
import { HEAT_FINEST } from '../../../contracts/heat.ts';

/**
 * H3 cells as the database stores them: a bigint (sent and read as a decimal string, since an H3
 * index does not fit a float8) of the resolution-10 cell; the screens use h3-js's hex strings.
 */
export const h3Decimal = (hex: string): string => BigInt('0x' + hex).toString();

/** The stored cell of a point (WGS84): the decimal form of its resolution-10 H3 cell. */
export const cellOfPoint = (lon: number, lat: number): string =>
  h3Decimal(latLngToCell(lat, lon, HEAT_FINEST));

/** The parent of a cell at resolution r, as heat_parent() computes it in SQL (tested against h3-js). */
export function parentOf(hex: string, r: number): string {
  return getResolution(hex) <= r ? hex : cellToParent(hex, r);
}
