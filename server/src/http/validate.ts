import type { z } from 'zod';
import { HttpError } from './errors.ts';

const CODES: Partial<Record<string, string>> = { too_big: 'too_large', too_small: 'too_short' };

/**
 * Parses input with a contract schema; a failure is a 400 naming the first bad field and why.
 * Codes: 'required' (missing), 'too_large', 'too_short', 'invalid'.
 */
export function parse<S extends z.ZodType>(schema: S, input: unknown, where = 'query'): z.infer<S> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  const field = issue.path.map(String).join('.') || where;
  const missing = issue.code === 'invalid_type' && valueAt(input, issue.path) === undefined;
  const code = missing ? 'required' : (CODES[issue.code] ?? 'invalid');
  throw new HttpError(400, code, `${field}: ${issue.message}`, field);
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let v = input;
  for (const k of path)
    v = v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined;
  return v;
}
