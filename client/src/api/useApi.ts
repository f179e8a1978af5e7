import { useEffect, useState } from 'react';
import type { z } from 'zod';
import { api } from './http.ts';

export type Fetched<T> =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'error'; message: string; httpStatus?: number }
  | { status: 'ready'; data: T };

/** GET `path` (null: nothing to fetch) parsed with `schema`; a newer path discards an older answer. */
export function useApi<S extends z.ZodType>(path: string | null, schema: S): Fetched<z.infer<S>> {
  const [state, setState] = useState<{ path: string | null; value: Fetched<z.infer<S>> }>({
    path: null,
    value: { status: 'idle' },
  });
  useEffect(() => {
    if (!path) return;
    const ctrl = new AbortController();
    api(path, schema, { signal: ctrl.signal }).then(
      (data) => setState({ path, value: { status: 'ready', data } }),
      (e: unknown) => {
        if (ctrl.signal.aborted) return;
        const httpStatus = (e as { status?: number }).status;
        setState({
          path,
          value: { status: 'error', message: e instanceof Error ? e.message : String(e), httpStatus },
        });
      },
    );
    return () => ctrl.abort();
  }, [path, schema]);
  if (!path) return { status: 'idle' };
  return state.path === path ? state.value : { status: 'loading' };
}
