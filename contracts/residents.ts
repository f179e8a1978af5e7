import { z } from 'zod';
import { pointSchema } from './geo.ts';
import { houseStatusSchema } from './buildings.ts';

export const residentCategorySchema = z.enum(['registered', 'floating', 'lodger', 'unsettled']);
export const relationSchema = z.enum([
  'head',
  'spouse',
  'child',
  'parent',
  'grandchild',
  'sibling',
  'tenant',
  'other',
]);
export const keyTagSchema = z.enum([
  'released_prisoner',
  'community_correction',
  'drug_user',
  'mental_illness',
  'petitioner',
]);
export const careTagSchema = z.enum([
  'elderly_alone',
  'empty_nest',
  'disabled',
  'left_behind_child',
  'low_income',
]);

/** A resident as the API sends it: ID number and phone masked unless the caller may see them. */
export const residentSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  sex: z.enum(['M', 'F']),
  age: z.number().int(),
  idNumber: z.string(),
  phone: z.string().nullable(),
  relation: relationSchema,
  category: residentCategorySchema,
  careTags: z.array(careTagSchema),
  /** Present only for callers allowed to see key populations. */
  keyTags: z.array(keyTagSchema).optional(),
});
export type Resident = z.infer<typeof residentSchema>;

export const houseWithResidentsSchema = z.object({
  id: z.number().int(),
  room: z.string(),
  status: houseStatusSchema,
  areaM2: z.number().nullable(),
  residents: z.array(residentSchema),
});

/** 以房找人: a building's houses grouped entrance (单元) → floor → room. */
export const buildingResidentsSchema = z.object({
  building: z.object({ id: z.number().int(), name: z.string().nullable(), address: z.string().nullable() }),
  entrances: z.array(
    z.object({
      entrance: z.number().int(),
      floors: z.array(z.object({ floor: z.number().int(), houses: z.array(houseWithResidentsSchema) })),
    }),
  ),
});
export type BuildingResidents = z.infer<typeof buildingResidentsSchema>;

/** Names (Han or Latin letters, '·'), ID numbers or phones; nothing else reaches SQL. */
export const searchQuerySchema = z.object({
  q: z
    .string({ error: 'q is required' })
    .trim()
    .min(2, 'q must be at least 2 characters')
    .max(32, 'q must be at most 32 characters')
    .regex(/^[\p{Script=Han}\p{L}0-9·• ]+$/u, 'q may contain only letters, digits, spaces and ·')
    .refine((q) => !/^[0-9]{2,3}$/.test(q), 'a number search needs at least 4 digits'),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

/** 以人找房: one hit of a person search, with where the person lives. */
export const searchHitSchema = residentSchema.extend({
  house: z
    .object({ id: z.number().int(), entrance: z.number().int(), floor: z.number().int(), room: z.string() })
    .nullable(),
  buildingId: z.number().int().nullable(),
  buildingName: z.string().nullable(),
  address: z.string().nullable(),
  gridCode: z.string().nullable(),
  point: pointSchema.nullable(),
  /** How q matched: 'name', 'id_number', 'id_tail', 'phone', 'phone_tail'. */
  matchedBy: z.enum(['name', 'id_number', 'id_tail', 'phone', 'phone_tail']),
});
export const searchResultSchema = z.object({ hits: z.array(searchHitSchema), truncated: z.boolean() });
export type SearchResult = z.infer<typeof searchResultSchema>;

/** Why a caller needs to see one resident unmasked; written to the audit log with the view. */
export const unmaskBodySchema = z.object({
  reason: z
    .string({ error: 'reason is required' })
    .trim()
    .min(4, 'reason must be at least 4 characters')
    .max(200, 'reason must be at most 200 characters'),
});

/** One resident unmasked (POST /api/residents/:id/unmask): full ID number, phone, birth date, room. */
export const unmaskedResidentSchema = residentSchema.extend({
  birthDate: z.string(),
  house: z
    .object({ id: z.number().int(), entrance: z.number().int(), floor: z.number().int(), room: z.string() })
    .nullable(),
  buildingId: z.number().int().nullable(),
  buildingName: z.string().nullable(),
  address: z.string().nullable(),
  gridCode: z.string().nullable(),
});
export type UnmaskedResident = z.infer<typeof unmaskedResidentSchema>;
