/** A route as Express holds it: the method and the path pattern (`/buildings/:id`). */
export interface RouteInfo {
  method: string;
  path: string;
}

interface LayerLike {
  route?: { path: unknown; methods: Record<string, boolean> };
  handle?: unknown;
}

/**
 * Every route reachable from a router: through nested routers (`stack`) and the feature tables of
 * bySegment (`features`). The fuzz test asks every one of them, so a new route is covered the day
 * it is added.
 */
export function listRoutes(handler: unknown): RouteInfo[] {
  const found = new Map<string, RouteInfo>();
  const walk = (h: unknown) => {
    if (typeof h !== 'function' && (typeof h !== 'object' || h === null)) return;
    const { stack, features } = h as { stack?: LayerLike[]; features?: ReadonlyMap<string, unknown> };
    for (const f of features?.values() ?? []) walk(f);
    for (const layer of stack ?? []) {
      if (layer.route && typeof layer.route.path === 'string') {
        for (const [method, on] of Object.entries(layer.route.methods))
          if (on) found.set(`${method} ${layer.route.path}`, { method, path: layer.route.path });
      } else walk(layer.handle);
    }
  };
  walk(handler);
  return [...found.values()];
}
