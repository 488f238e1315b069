/**
 * Channel presets for pipeline step 7: output size, format, byte limit and the layout rules
 * that compliance.ts checks. Rules are data so that the benchmark, the CLI and the studio UI
 * read the same values.
 *
 * Fractions are of the image side (0.05 = 5 %). `fill` is the longest side of the piece's
 * bounding box divided by the matching image side. Sources: each preset's `notes` says where
 * a value comes from, or that it is our own assumption.
 */

import { z } from 'zod';

import { photoErrors } from './photo-errors.js';

export type OutputFormat = 'jpeg' | 'png' | 'webp';

export interface PhotoPreset {
  id: string;
  label: { ja: string; en: string };
  format: OutputFormat;
  width: number;
  height: number;
  /** Largest file size in bytes (MB = 1,000,000 bytes). */
  maxBytes: number;
  /**
   * 'white': every pixel of the border ring must be exactly RGB 255,255,255.
   * 'white-or-photo': a photo background is allowed, but no frame (uniform non-white band).
   */
  background: 'white' | 'white-or-photo';
  /** Width in pixels of the border ring that the background rules check. */
  borderRingPx: number;
  /** Target and accepted range of the fill ratio; null = not checked. */
  fill: { target: number; min: number; max: number } | null;
  /** Smallest margin on every side between the piece and the edge; null = not checked. */
  minMargin: number | null;
  /** Top-left square (fraction of each side) that must hold no piece pixel; null = not checked. */
  clearTopLeft: number | null;
  /** Accepted range of the longest side in pixels, when the channel publishes one. */
  longestSide: { min: number; max: number } | null;
  notes: string[];
}

const MB = 1_000_000;

/**
 * The ring is 4 px wide: wide enough to catch a drawn frame or a grey edge, and the encoder
 * keeps the piece at least 16 px (one JPEG block row plus chroma) from the edge, so JPEG
 * ringing around the piece cannot reach it.
 */
export const DEFAULT_BORDER_RING_PX = 4;

/**
 * Smallest gap in output pixels between the piece and the image edge that step 6 must keep
 * for the border ring to stay exactly white after JPEG. Measured: a hard edge 4–6 px from the
 * border puts ringing into the ring at quality 60–92; 8 px and more leaves it at 255. 16 px
 * adds slack for Lanczos and sharpening.
 */
export const MIN_EDGE_GAP_PX = 16;

/** Square JPEG output with the default border ring: the shape of every channel preset. */
function jpegSquare(side: number) {
  return { format: 'jpeg', width: side, height: side, borderRingPx: DEFAULT_BORDER_RING_PX } as const;
}

/** For channels that set no margin and no clear corner. */
const NO_PLACEMENT_RULES = { minMargin: null, clearTopLeft: null } as const;

export const PRESETS = {
  rakuten: {
    id: 'rakuten',
    label: { ja: '楽天市場（1 枚目）', en: 'Rakuten (first image)' },
    ...jpegSquare(1200),
    maxBytes: 2 * MB,
    background: 'white-or-photo',
    fill: { target: 0.8, min: 0.5, max: 0.95 },
    ...NO_PLACEMENT_RULES,
    longestSide: { min: 700, max: 3840 },
    notes: [
      'Rakuten product image guideline (first image): white or photo background, no frame, text at most 20 % (not checkable here).',
      'Byte limit 2 MB and largest size 3840 x 3840 px: third-party summaries of the RMS guideline (studio-puff.jp, picturemonsters.com), not the RMS page itself.',
      '1200 x 1200 px and fill target 0.8: our choice (summaries recommend 700 px or more and a piece of about 80 %).',
    ],
  },
  yahoo: {
    id: 'yahoo',
    label: { ja: 'Yahoo!ショッピング', en: 'Yahoo! Shopping' },
    ...jpegSquare(1200),
    maxBytes: 2 * MB,
    background: 'white',
    fill: { target: 0.55, min: 0.3, max: 0.9 },
    minMargin: 0.05,
    clearTopLeft: 0.3,
    longestSide: { min: 600, max: 3024 },
    notes: [
      'Background exactly #FFFFFF, margin of at least 5 % on every side, top-left 30 % kept clear: issue 10, matching Yahoo\'s 2024-11 image guideline as summarised by studio-puff.jp.',
      'Byte limit 2 MB and size within 3024 x 4032 px: airphoto.jp summary of the Yahoo store manual.',
      'Fill target 0.55: our assumption, so that a centred round piece stays out of the top-left 30 % square (0.5 - 0.275 / sqrt 2 > 0.3).',
    ],
  },
  amazon: {
    id: 'amazon',
    label: { ja: 'Amazon（ジュエリー メイン画像）', en: 'Amazon (jewelry main image)' },
    ...jpegSquare(2000),
    maxBytes: 10 * MB,
    background: 'white',
    fill: { target: 0.87, min: 0.85, max: 0.9 },
    ...NO_PLACEMENT_RULES,
    longestSide: { min: 1000, max: 2100 },
    notes: [
      'Pure white RGB 255,255,255 and the product filling at least 85 % of the frame: Amazon product image requirements (quoted by amalytix.com, sizemarker.com).',
      'Longest side 1000 to 2100 px for jewelry: issue 10. Amazon itself accepts up to 10,000 px and 10 MB (sizemarker.com, changethisfile.com).',
      'Fill range 0.85 to 0.90 with target 0.87: our tolerance around "at least 85 %", keeping the piece clear of the border ring.',
    ],
  },
  shopify: {
    id: 'shopify',
    label: { ja: 'Shopify', en: 'Shopify' },
    ...jpegSquare(2048),
    maxBytes: 20 * MB,
    background: 'white',
    fill: { target: 0.8, min: 0.5, max: 0.95 },
    ...NO_PLACEMENT_RULES,
    longestSide: null,
    notes: [
      '2048 x 2048 px square: issue 10 and Shopify\'s largest named image size (2048x2048).',
      'Byte limit 20 MB: assumption from Shopify\'s help centre as remembered (images up to 20 MB); not confirmed with the search tool.',
      'White background and fill 0.8: our choice for a consistent catalogue; Shopify imposes neither.',
    ],
  },
} as const satisfies Record<string, PhotoPreset>;

export type ChannelPresetId = keyof typeof PRESETS;

export const CHANNEL_PRESET_IDS = Object.keys(PRESETS) as ChannelPresetId[];

const fraction = z.number().min(0).max(1);

/** A shop-defined preset as stored or typed in the studio; id must not shadow a channel preset. */
export const shopPresetSchema = z
  .object({
    id: z.string().regex(/^shop-[a-z0-9-]{1,40}$/),
    label: z.object({ ja: z.string().min(1).max(60), en: z.string().min(1).max(60) }),
    format: z.enum(['jpeg', 'png', 'webp']),
    width: z.number().int().min(100).max(8000),
    height: z.number().int().min(100).max(8000),
    maxBytes: z.number().int().min(10_000).max(50 * MB),
    background: z.enum(['white', 'white-or-photo']).default('white'),
    borderRingPx: z.number().int().min(1).max(64).default(DEFAULT_BORDER_RING_PX),
    fill: z
      .object({ target: fraction, min: fraction, max: fraction })
      .refine((f) => f.min <= f.target && f.target <= f.max, { message: 'min ≤ target ≤ max' })
      .nullable()
      .default(null),
    minMargin: z.number().min(0).max(0.45).nullable().default(null),
    clearTopLeft: z.number().min(0).max(0.5).nullable().default(null),
    longestSide: z.object({ min: z.number().int().min(1), max: z.number().int().min(1) }).nullable().default(null),
    notes: z.array(z.string().max(500)).default([]),
  })
  .strict();

/**
 * Validates a shop preset; the first problem becomes a bilingual error naming the field
 * (a dotted path such as "fill.target"), with all issues in `details`.
 */
export function parseShopPreset(input: unknown): PhotoPreset {
  const result = shopPresetSchema.safeParse(input);
  if (!result.success) {
    const issues = result.error.issues.map((issue) => ({ field: issue.path.join('.') || '(preset)', problem: issue.message }));
    const first = issues[0]!;
    throw photoErrors.preset_invalid(first, { field: first.field, issues });
  }
  return result.data;
}

export function presetById(id: string, shopPresets: readonly PhotoPreset[] = []): PhotoPreset | undefined {
  return (PRESETS as Record<string, PhotoPreset>)[id] ?? shopPresets.find((preset) => preset.id === id);
}
