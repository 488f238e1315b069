import { z } from 'zod';

export const userOutput = z.object({
  id: z.number(),
  email: z.string(),
  displayName: z.string(),
  locale: z.enum(['ja', 'en']),
  role: z.string(),
  isOwner: z.boolean(),
  isActive: z.boolean(),
  createdAt: z.string(),
  lastLoginAt: z.string().nullable(),
});
export type UserOutput = z.infer<typeof userOutput>;

export const userCreateInput = z.object({
  email: z.email().max(254),
  password: z.string().min(1).max(1024),
  displayName: z.string().trim().min(1).max(100).optional(),
  locale: z.enum(['ja', 'en']).default('ja'),
  role: z.string().trim().min(1).max(50),
});

export const userUpdateInput = z.object({
  displayName: z.string().trim().min(1).max(100).optional(),
  locale: z.enum(['ja', 'en']).optional(),
  role: z.string().trim().min(1).max(50).optional(),
  isActive: z.boolean().optional(),
});
export type UserUpdateInput = z.infer<typeof userUpdateInput>;
