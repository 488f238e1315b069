/**
 * Request and response schemas of the photo studio API (/api/photo-studio/...). The studio
 * screen imports the types from here, so field names are part of the API.
 *
 * Adjustments are always "as applied": the learned look of the photo's category plus what a
 * person changed. `learned` shows the learned part on its own.
 */

import { z } from 'zod';

import { bilingual } from '../../../shared/zod.js';
import { ADJUSTMENT_RANGES, type PhotoAdjustments } from '../pipeline-types.js';

export const PHOTO_STATUSES = ['queued', 'processing', 'done', 'failed', 'accepted'] as const;
export type PhotoStatus = (typeof PHOTO_STATUSES)[number];

export const ADJUSTMENT_FIELDS = Object.keys(ADJUSTMENT_RANGES) as (keyof PhotoAdjustments)[];

/** Builds the schema of one adjustment, whose error message names the field and its range. */
function adjustmentValue(field: keyof PhotoAdjustments) {
  const { min, max } = ADJUSTMENT_RANGES[field];
  const message = bilingual(
    `調整「${field}」は ${min} から ${max} の数値で指定してください。`,
    `The adjustment "${field}" must be a number from ${min} to ${max}.`,
  );
  return z.number().refine((value) => Number.isFinite(value) && value >= min && value <= max, message);
}

export const adjustmentsSchema = z.object({
  exposure: adjustmentValue('exposure'),
  warmth: adjustmentValue('warmth'),
  margin: adjustmentValue('margin'),
  shadow: adjustmentValue('shadow'),
  rotate: adjustmentValue('rotate'),
  contrast: adjustmentValue('contrast'),
});

export const partialAdjustmentsSchema = adjustmentsSchema.partial().strict();

/** Largest brush radius and path length accepted, in source pixels and points. */
export const MAX_STROKE_RADIUS = 2000;
export const MAX_STROKE_POINTS = 5000;
export const MAX_MASK_STROKES = 500;

const strokeCoordinate = z
  .number()
  .refine(
    (value) => Number.isFinite(value) && value >= 0 && value <= 100_000,
    bilingual('ブラシの座標は 0 から 100000 ピクセルで指定してください。', 'Brush coordinates must be from 0 to 100000 pixels.'),
  );

export const maskStrokeSchema = z.object({
  mode: z.enum(['add', 'remove']),
  radius: z
    .number()
    .refine(
      (value) => Number.isFinite(value) && value > 0 && value <= MAX_STROKE_RADIUS,
      bilingual(`ブラシの半径は 0 より大きく ${MAX_STROKE_RADIUS} ピクセル以下にしてください。`, `The brush radius must be more than 0 and at most ${MAX_STROKE_RADIUS} pixels.`),
    ),
  points: z
    .array(z.tuple([strokeCoordinate, strokeCoordinate]))
    .min(1)
    .max(MAX_STROKE_POINTS),
});

export const ruleResultSchema = z.object({
  rule: z.string(),
  ok: z.boolean(),
  measured: z.union([z.string(), z.number()]),
  expected: z.string(),
});

export const autoSchema = z.object({
  exposure: z.number(),
  whiteGains: z.tuple([z.number(), z.number(), z.number()]),
  fill: z.number(),
  segmenter: z.string(),
});

export const photoSchema = z.object({
  id: z.number(),
  fileName: z.string(),
  status: z.enum(PHOTO_STATUSES),
  /** Preset id of the main result: a channel such as "rakuten" or a shop preset such as "shop-square-1500". */
  preset: z.string(),
  category: z.string(),
  itemId: z.number().nullable(),
  adjustments: adjustmentsSchema,
  learned: adjustmentsSchema.partial(),
  maskStrokes: z.array(maskStrokeSchema),
  auto: autoSchema.nullable(),
  compliance: z.array(ruleResultSchema),
  /** Reason processing failed, in the user's language; `messages` has both languages. */
  error: z.object({ code: z.string(), message: z.string(), messages: z.object({ ja: z.string(), en: z.string() }) }).nullable(),
  /** Size of the original after its EXIF orientation; null until processed. */
  width: z.number().nullable(),
  height: z.number().nullable(),
  /** Bumped on every redo; the image URLs' cache validators carry it. */
  version: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
  acceptedAt: z.string().nullable(),
});
export type Photo = z.infer<typeof photoSchema>;

export const idParams = z.object({ id: z.coerce.number().int().positive() });
export const itemIdParams = z.object({ itemId: z.coerce.number().int().positive() });

const presetQueryField = z.string().trim().min(1).max(60);

/** Wraps an optional query parameter so that one sent empty (`?status=`) counts as left out. */
function optionalParam<T extends z.ZodType>(schema: T) {
  return z.preprocess((value) => (value === '' ? undefined : value), schema.optional());
}

export const uploadQuery = z.object({
  fileName: z.string().trim().min(1).max(255).default('photo'),
  preset: presetQueryField.default('rakuten'),
  /** Free text such as "ring"; defaults to the category of the item given. */
  category: z.string().trim().max(60).optional(),
  itemId: optionalParam(z.coerce.number().int().positive()),
});

export const listQuery = z.object({
  status: optionalParam(z.enum(PHOTO_STATUSES)),
  itemId: optionalParam(z.coerce.number().int().positive()),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const photoListSchema = z.object({ photos: z.array(photoSchema) });

export const resultQuery = z.object({ preset: presetQueryField.optional() });

export const adjustBody = z.object({
  /** Values as applied (same scale as Photo.adjustments); fields left out keep their value. */
  adjustments: partialAdjustmentsSchema,
  /** Replaces the photo's strokes when given. */
  maskStrokes: z.array(maskStrokeSchema).max(MAX_MASK_STROKES).optional(),
  preset: presetQueryField.optional(),
});

export const attachBody = z.object({ itemId: z.number().int().positive() });

export const itemPhotoSchema = z.object({ id: z.number(), position: z.number(), url: z.string(), altText: z.string().nullable() });
export const attachResultSchema = z.object({ photo: photoSchema, itemPhoto: itemPhotoSchema });

export const reorderBody = z.object({ itemPhotoIds: z.array(z.number().int().positive()).max(200) });
export const itemPhotosSchema = z.object({ itemId: z.number(), photos: z.array(itemPhotoSchema) });

export const exportQuery = z.object({ preset: presetQueryField.default('rakuten') });

export const PRESET_KINDS = ['channel', 'shop'] as const;

export const presetSummarySchema = z.object({
  id: z.string(),
  /** 'channel': built in (presets.ts); 'shop': defined by the shop and stored in the database. */
  kind: z.enum(PRESET_KINDS),
  label: z.object({ ja: z.string(), en: z.string() }),
  format: z.enum(['jpeg', 'png', 'webp']),
  width: z.number(),
  height: z.number(),
  maxBytes: z.number(),
  borderRingPx: z.number(),
  /** The layout and background rules, in the same units as presets.ts (fractions of a side). */
  rules: z.object({
    background: z.enum(['white', 'white-or-photo']),
    fill: z.object({ target: z.number(), min: z.number(), max: z.number() }).nullable(),
    minMargin: z.number().nullable(),
    clearTopLeft: z.number().nullable(),
    longestSide: z.object({ min: z.number(), max: z.number() }).nullable(),
  }),
  notes: z.array(z.string()),
  /** Last change of a shop preset; null for a channel preset. */
  updatedAt: z.string().nullable(),
});
export type PresetSummary = z.infer<typeof presetSummarySchema>;
export const presetListSchema = z.object({ presets: z.array(presetSummarySchema) });

/** The id is checked by parseShopPreset, so that its error names the field like the others. */
export const shopPresetParams = z.object({ id: z.string().max(100) });
export const presetDeletedSchema = z.object({
  id: z.string(),
  /** Studio photos whose main preset was this one; they fail to render until redone with another preset. */
  photosUsing: z.number(),
});

export const lookGroupSchema = z.object({ samples: z.number(), settings: adjustmentsSchema.partial() });
export const lookSchema = z.object({
  categories: z.array(lookGroupSchema.extend({ category: z.string() })),
  overall: lookGroupSchema,
});
export type Look = z.infer<typeof lookSchema>;

export const lookResetQuery = z.object({ category: z.string().trim().max(60).optional() });
