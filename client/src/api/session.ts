import { z } from 'zod';
import { loginBodySchema, meSchema } from '../../../contracts/auth.ts';
import { useSession } from '../store/session.ts';
import { useUi } from '../store/ui.ts';
import { loadInstallation } from '../installation/installationApi.ts';
import { clearRegionDetails } from './regionDetail.ts';
import { closeSocket } from './socket.ts';
import { api, ApiError, onUnauthenticated, setDisplayToken } from './http.ts';

/**
 * A wall display opens `/?display=gcd_…`: keep the token for the tab and take it out of the address
 * bar at once, so it is neither bookmarked nor left on screen.
 */
function adoptDisplayToken(): void {
  const url = new URL(window.location.href);
  const token = url.searchParams.get('display');
  if (!token) return;
  setDisplayToken(token);
  url.searchParams.delete('display');
  window.history.replaceState(null, '', url.pathname + url.search + url.hash);
}

/** On start: a display token skips the login; otherwise `/api/auth/me` says whether the cookie holds. */
let started = false;
export async function startSession(): Promise<void> {
  if (started) return; // React's StrictMode runs mount effects twice in development
  started = true;
  adoptDisplayToken();
  onUnauthenticated(() => useSession.getState().setMe(null));
  // first start (no account yet)? an intranet tile server? — public, asked before the login
  await loadInstallation().catch((e: unknown) => console.error(e));
  try {
    useSession.getState().setMe(await api('/api/auth/me', meSchema));
  } catch (e) {
    if (!(e instanceof ApiError) || e.status !== 401) console.error(e);
    useSession.getState().setMe(null);
  }
}

export async function login(body: z.input<typeof loginBodySchema>): Promise<void> {
  const me = await api('/api/auth/login', meSchema, { method: 'POST', body: loginBodySchema.parse(body) });
  useSession.getState().setMe(me);
}

/** Ends the session on the server (best effort) and shows the login again. */
export async function logout(): Promise<void> {
  try {
    // A wall display's token is revoked only by an administrator: leaving just forgets it here.
    if (useSession.getState().me?.kind !== 'display')
      await api('/api/auth/logout', z.unknown(), { method: 'POST' });
  } catch (e) {
    console.warn('logout', e);
  }
  setDisplayToken(null);
  closeSocket();
  clearRegionDetails();
  useUi.getState().selectBuilding(null);
  useUi.getState().selectRegion(null);
  useSession.getState().setMe(null);
}
