import { z } from 'zod';

export const userOutput = z.object({
  id: z.number(),
  email: z.string(),
  displayName: z.string(),
  locale: z.enum(['ja', 'en']),
  role: z.string(),
  isOwner: z.boolean(),
  isActive: z.boolean(),
  allLocations: z.boolean().describe('True when the user may act at every location'),
  locationIds: z.array(z.number()).describe('Locations the user may act at when allLocations is false; empty otherwise'),
  defaultLocationId: z.number().nullable().describe('Location preselected in the user’s forms'),
  createdAt: z.string(),
  lastLoginAt: z.string().nullable(),
});
export type UserOutput = z.infer<typeof userOutput>;

const locationIds = z.array(z.number().int().positive()).max(1000);

/** Location fields shared by create and update; the service checks them against the database. */
const locationFields = {
  allLocations: z.boolean().optional().describe('False limits the user to locationIds; default true on create'),
  locationIds: locationIds.optional().describe('Locations of a limited user; at least one when allLocations is false'),
  defaultLocationId: z.number().int().positive().nullable().optional(),
};

export const userCreateInput = z.object({
  email: z.email().max(254),
  password: z.string().min(1).max(1024),
  displayName: z.string().trim().min(1).max(100).optional(),
  locale: z.enum(['ja', 'en']).default('ja'),
  role: z.string().trim().min(1).max(50),
  ...locationFields,
});
export type UserCreateInput = z.infer<typeof userCreateInput>;

export const userUpdateInput = z.object({
  displayName: z.string().trim().min(1).max(100).optional(),
  locale: z.enum(['ja', 'en']).optional(),
  role: z.string().trim().min(1).max(50).optional(),
  isActive: z.boolean().optional(),
  ...locationFields,
});
export type UserUpdateInput = z.infer<typeof userUpdateInput>;

export const passwordResetInput = z.object({ password: z.string().min(1).max(1024) });
