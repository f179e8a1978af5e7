import { create } from 'zustand';
import type { Me } from '../../../contracts/auth.ts';

/** Who is logged in; 'anonymous' shows the login screen. */
export interface SessionState {
  status: 'loading' | 'anonymous' | 'ready';
  me: Me | null;
  setMe(me: Me | null): void;
}

export const useSession = create<SessionState>()((set) => ({
  status: 'loading',
  me: null,
  setMe: (me) => set({ me, status: me ? 'ready' : 'anonymous' }),
}));

export const can = (me: Me | null, permission: Me['permissions'][number]) =>
  me?.permissions.includes(permission) ?? false;
