import type { Request, Response } from 'express';

/** Browser session policy: absolute lifetime and idle timeout, in seconds. */
export const SESSION_TTL_S = 12 * 3600;
export const SESSION_IDLE_S = 30 * 60;
export const SESSION_COOKIE = 'gc_session';

/**
 * Reads one cookie from a Cookie header (Express has no cookie parser built in). A value whose
 * percent-encoding is malformed is not a credential of ours (ours are base64url): it reads as ''
 * (no credential: 401), never as an exception: one such header must not stop the server.
 */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return safeDecode(part.slice(eq + 1).trim());
  }
  return undefined;
}

function safeDecode(value: string): string {
  if (!value.includes('%')) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    return '';
  }
}

/**
 * HttpOnly (no script reads it), SameSite=Strict (no cross-site request carries it), Secure when the
 * request came over HTTPS (intranets often serve plain HTTP, where a Secure cookie would never return).
 */
export function setSessionCookie(req: Request, res: Response, secret: string): void {
  res.append('Set-Cookie', cookie(req, `${SESSION_COOKIE}=${secret}`, SESSION_TTL_S));
}

export function clearSessionCookie(req: Request, res: Response): void {
  res.append('Set-Cookie', cookie(req, `${SESSION_COOKIE}=`, 0));
}

function cookie(req: Request, pair: string, maxAgeS: number): string {
  return `${pair}; Path=/; Max-Age=${maxAgeS}; HttpOnly; SameSite=Strict${req.secure ? '; Secure' : ''}`;
}

/** The credential a request or socket handshake presents: Authorization bearer first, else the cookie. */
export function presentedSecret(headers: {
  authorization?: string | undefined;
  cookie?: string | undefined;
}): { secret: string; via: 'bearer' | 'cookie' } | undefined {
  const auth = headers.authorization;
  if (auth) {
    const m = /^Bearer\s+(\S+)$/i.exec(auth);
    return m ? { secret: m[1]!, via: 'bearer' } : { secret: '', via: 'bearer' };
  }
  const c = readCookie(headers.cookie, SESSION_COOKIE);
  return c ? { secret: c, via: 'cookie' } : undefined;
}
