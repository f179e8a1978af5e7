import type { z } from 'zod';

/** An API error as the server sends it: `{ error: { code, message, field } }` with the HTTP status. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    /** Seconds from the `Retry-After` header of a 429, when the server sent one. */
    readonly retryAfterS?: number,
  ) {
    super(message);
  }
}

/** A wall display's bearer token (from `?display=…`, kept for the tab's life); browsers otherwise use the session cookie. */
let displayToken: string | null = sessionStorage.getItem('gc_display');
/** The wall display's token, if this screen is one (the socket authenticates with it too). */
export function getDisplayToken(): string | null {
  return displayToken;
}

export function setDisplayToken(token: string | null): void {
  displayToken = token;
  if (token) sessionStorage.setItem('gc_display', token);
  else sessionStorage.removeItem('gc_display');
}

const listeners = new Set<() => void>();
/** Called when any request answers 401 (session ended): the app shows the login again. */
export function onUnauthenticated(fn: () => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/** Typed request: parses the answer with the contract's schema, throws ApiError on an error status. */
export async function api<S extends z.ZodType>(
  path: string,
  schema: S,
  init: { method?: string; body?: unknown; signal?: AbortSignal } = {},
): Promise<z.infer<S>> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (init.body !== undefined) headers['Content-Type'] = 'application/json';
  if (displayToken) headers.Authorization = `Bearer ${displayToken}`;
  const res = await fetch(path, {
    method: init.method ?? 'GET',
    headers,
    credentials: 'same-origin',
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    signal: init.signal,
  });
  const text = await res.text();
  const json: unknown = text ? JSON.parse(text) : undefined;
  if (!res.ok) {
    if (res.status === 401) listeners.forEach((fn) => fn());
    const e = (json as { error?: { code?: string; message?: string; field?: string } } | undefined)?.error;
    const retryAfter = Number(res.headers.get('Retry-After'));
    throw new ApiError(
      res.status,
      e?.code ?? 'http_error',
      e?.message ?? res.statusText,
      e?.field,
      Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
    );
  }
  return schema.parse(json);
}
