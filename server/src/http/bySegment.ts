import type { RequestHandler } from 'express';

/**
 * Sends a request to the feature router named by the first segment of its path (`/buildings/7` →
 * the buildings router), or on when no feature has that segment.
 *
 * Routers mounted side by side at '/' are each entered and each of their routes is matched against
 * every request: 13 routers and ~45 patterns walked, and ~60 KB allocated, for one answer (heap
 * sampling; much of it lived long enough to be promoted, so scavenges got slower). A map lookup
 * gives the request to its one feature. The router receives the request unchanged, so routes keep
 * their full paths (`r.get('/buildings/:id/residents', …)`), as a reader searches for them.
 */
export function bySegment(
  features: Record<string, RequestHandler>,
): RequestHandler & { features: ReadonlyMap<string, RequestHandler> } {
  const table = new Map(Object.entries(features));
  const route: RequestHandler = (req, res, next) => {
    const path = req.path;
    const end = path.indexOf('/', 1);
    const feature = table.get(end === -1 ? path.slice(1) : path.slice(1, end));
    if (feature) feature(req, res, next);
    else next();
  };
  // the table stays readable, so listRoutes (routes.ts) finds every route behind it
  return Object.assign(route, { features: table });
}
