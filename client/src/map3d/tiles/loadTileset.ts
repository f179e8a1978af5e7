import { Cesium3DTileset, Resource } from 'cesium';
import { getDisplayToken } from '../../api/http.ts';

/**
 * A tileset on our server (or one the deployer's intranet serves), authenticated like every API
 * call: the session cookie goes along by itself (same origin), a wall display adds its bearer
 * token; Cesium passes the headers on to every tile the tileset references.
 */
export function loadTileset(
  url: string,
  options: Cesium3DTileset.ConstructorOptions = {},
): Promise<Cesium3DTileset> {
  const token = getDisplayToken();
  const sameOrigin = url.startsWith('/') && !url.startsWith('//');
  const resource = new Resource({
    url,
    ...(token && sameOrigin ? { headers: { Authorization: `Bearer ${token}` } } : {}),
  });
  return Cesium3DTileset.fromUrl(resource, options);
}
