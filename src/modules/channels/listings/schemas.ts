import { z } from 'zod';
import { CHANNEL_KINDS } from '../accounts/schemas.js';

export const LISTING_STATES = ['draft', 'publishing', 'live', 'withdrawing', 'withdrawn', 'error'] as const;

export const listingDraftsInput = z.object({
  itemIds: z.array(z.number().int().positive()).min(1).max(1000),
  channelAccountIds: z.array(z.number().int().positive()).min(1).max(20),
});
export type ListingDraftsInput = z.infer<typeof listingDraftsInput>;

export const listingUpdate = z.object({
  title: z.string().trim().min(1).max(255),
  description: z.string().trim().max(10_000).nullable().optional(),
  price: z.number().int().min(0).max(10_000_000_000),
  priceBasis: z.enum(['included', 'excluded']),
  categoryId: z.string().trim().max(50).nullable().optional(),
  photos: z.array(z.string().trim().min(1).max(500)).max(20).default([]),
});
export type ListingUpdate = z.infer<typeof listingUpdate>;

export const listingSelection = z.object({ listingIds: z.array(z.number().int().positive()).min(1).max(1000) });

export const listingOutput = z.object({
  id: z.number(),
  itemId: z.number(),
  stockNumber: z.string(),
  /** The consignor who owns the piece, for a consigned piece (受託品); null for our own. */
  consignorName: z.string().nullable(),
  channelAccountId: z.number(),
  channelKind: z.enum(CHANNEL_KINDS),
  channelAccountName: z.string(),
  state: z.enum(LISTING_STATES),
  title: z.string(),
  description: z.string().nullable(),
  price: z.number(),
  priceBasis: z.enum(['included', 'excluded']),
  categoryId: z.string().nullable(),
  photos: z.array(z.string()),
  externalCode: z.string(),
  lastErrorCode: z.string().nullable(),
  /** The channel's last refusal, in both languages. */
  lastError: z.object({ ja: z.string(), en: z.string() }).nullable(),
  publishedAt: z.string().nullable(),
  withdrawnAt: z.string().nullable(),
  updatedAt: z.string(),
});
export type ListingOutput = z.infer<typeof listingOutput>;

export const listingQuery = z.object({
  itemId: z.coerce.number().int().positive().optional(),
  channelAccountId: z.coerce.number().int().positive().optional(),
  state: z.enum(LISTING_STATES).optional(),
});

/** Result of a bulk action: listings changed, and those skipped with the reason code. */
export const bulkOutput = z.object({
  changed: z.array(listingOutput),
  skipped: z.array(z.object({ listingId: z.number(), code: z.string(), message: z.string() })),
});
