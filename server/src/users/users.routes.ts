import { Router } from 'express';
import { createUserBodySchema } from '../../../contracts/auth.ts';
import type { Deps } from '../app.ts';
import { requirePermission } from '../auth/auth.middleware.ts';
import { callerOf, requestInfo } from '../http/caller.ts';
import { parse } from '../http/validate.ts';
import { createUserAs, listUsers } from './users.service.ts';

export function usersRoutes({ db }: Deps): Router {
  const r = Router();
  r.get('/users', requirePermission('users.manage'), async (req, res) => {
    res.json({ users: await listUsers(db, callerOf(req)) });
  });
  r.post('/users', requirePermission('users.manage'), async (req, res) => {
    const body = parse(createUserBodySchema, req.body ?? {}, 'body');
    res.status(201).json(await createUserAs(db, callerOf(req), body, requestInfo(req)));
  });
  return r;
}
