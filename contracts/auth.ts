import { z } from 'zod';
import { jurisdictionSchema } from './regions.ts';

/** The roles the migration seeds (server/src/db/migrations/0002_accounts.sql). */
export const roleSchema = z.enum(['leader', 'operator', 'analyst', 'grid_worker', 'handler', 'admin']);
export type Role = z.infer<typeof roleSchema>;

export const permissionSchema = z.enum([
  'regions.read',
  'buildings.read',
  'people.read',
  'people.search',
  'people.unmask',
  'people.key_population',
  'audit.read',
  'users.manage',
  'displays.manage',
  'cases.read',
  'cases.report',
  'cases.act',
  'cases.configure',
  'workers.read',
  'positions.report',
  'layers.manage',
  'regions.manage',
  'evaluation.configure',
]);
export type Permission = z.infer<typeof permissionSchema>;

export const usernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9_.-]{1,31}$/, 'username: 2–32 letters, digits, _ . -');

/** At least 10 characters; the CLI and demo seeding generate 16+ random characters. */
export const passwordSchema = z
  .string()
  .min(10, 'password must be at least 10 characters')
  .max(256, 'password must be at most 256 characters');

export const loginBodySchema = z.object({
  username: z.string().trim().toLowerCase().min(1).max(64),
  password: z.string().min(1).max(256),
});

/** Who the caller is: a user (session or API token) or a wall display. */
export const meSchema = z.object({
  kind: z.enum(['user', 'display']),
  id: z.number().int(),
  name: z.string(),
  role: roleSchema,
  jurisdiction: jurisdictionSchema,
  permissions: z.array(permissionSchema),
  publicSafe: z.boolean(),
});
export type Me = z.infer<typeof meSchema>;

export const userSchema = z.object({
  id: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  role: roleSchema,
  jurisdiction: jurisdictionSchema,
  disabled: z.boolean(),
});
export type User = z.infer<typeof userSchema>;

export const createUserBodySchema = z.object({
  username: usernameSchema,
  displayName: z.string().trim().max(64).default(''),
  role: roleSchema,
  jurisdiction: jurisdictionSchema,
  password: passwordSchema,
});
export type CreateUserBody = z.infer<typeof createUserBodySchema>;

export const createTokenBodySchema = z.object({
  name: z.string().trim().min(1).max(64),
  expiresInDays: z.coerce.number().int().min(1).max(366).default(90),
});

/** An API token as listed; `token` (the secret) is present only in the answer that created it. */
export const apiTokenSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  createdAt: z.string(),
  expiresAt: z.string(),
  revokedAt: z.string().nullable(),
  token: z.string().optional(),
});

export const createDisplayBodySchema = z.object({
  name: z.string().trim().min(1).max(64),
  jurisdiction: jurisdictionSchema,
  /** true (default): no personal data at all, not even masked lists. */
  publicSafe: z.boolean().default(true),
});

export const displaySchema = z.object({
  id: z.number().int(),
  name: z.string(),
  jurisdiction: jurisdictionSchema,
  publicSafe: z.boolean(),
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
  /** The bearer secret, present only in the answer that created the display. */
  token: z.string().optional(),
});
export type Display = z.infer<typeof displaySchema>;

const isoDate = z.iso.datetime({ offset: true }).or(z.iso.date());

export const auditQuerySchema = z.object({
  from: isoDate.optional(),
  to: isoDate.optional(),
  user: z.string().trim().max(64).optional(),
  action: z
    .string()
    .regex(/^[a-z_.]{1,64}$/)
    .optional(),
  /** Searches that asked exactly this (以人找房 strings are kept masked with a keyed hash). */
  q: z.string().trim().min(1).max(64).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
export type AuditQuery = z.infer<typeof auditQuerySchema>;

export const auditEntrySchema = z.object({
  id: z.number().int(),
  at: z.string(),
  userId: z.number().int().nullable(),
  username: z.string().nullable(),
  displayId: z.number().int().nullable(),
  role: z.string().nullable(),
  jurisdiction: z.string().nullable(),
  action: z.string(),
  target: z.string().nullable(),
  params: z.record(z.string(), z.unknown()),
  outcome: z.enum(['ok', 'failed', 'denied']),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
});
export const auditPageSchema = z.object({ entries: z.array(auditEntrySchema), total: z.number().int() });
export type AuditEntry = z.infer<typeof auditEntrySchema>;
