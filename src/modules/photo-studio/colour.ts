/**
 * Pipeline steps 3 and 4 on one pixel: remove the old table colour from the piece's edge
 * pixels (no halo), then white balance, exposure, warmth, contrast and a highlight shoulder.
 *
 * Values are linear in the 8-bit sRGB code values scaled to 0..1; the table is the modelled
 * background colour at that pixel (background.ts). On a light table, dividing by the table
 * colour channel by channel is the white balance and the exposure at once: the table becomes
 * exactly white, its gradient and vignetting leave the piece with it, and a colour cast goes.
 * A dark or coloured backdrop is no white reference, so there the division fades out.
 */

import type { PhotoAdjustments } from './pipeline-types.js';

/** Start of the highlight shoulder: values above it are compressed smoothly toward 1. */
const KNEE = 0.82;

/**
 * Soft clip: identity up to KNEE, then an exponential shoulder with slope 1 at the knee that
 * approaches 1. A sparkle two stops over the table stays brighter than its surroundings
 * instead of flattening into a white patch.
 */
export function highlightShoulder(x: number): number {
  if (x <= KNEE) return x < 0 ? 0 : x;
  const room = 1 - KNEE;
  return KNEE + room * (1 - Math.exp(-(x - KNEE) / room));
}

/** Gentle S-curve around mid-grey; `amount` 0 (none) to 1 (smoothstep). */
export function contrastCurve(x: number, amount: number): number {
  if (amount <= 0) return x;
  const c = x < 0 ? 0 : x > 1 ? 1 : x;
  return (1 - amount) * x + amount * c * c * (3 - 2 * c);
}

export interface ColourSettings {
  /**
   * How far the table serves as the white reference, 0 to 1: 1 divides by the table colour
   * (a white or light grey card), 0 leaves the colours as shot (a dark or coloured backdrop,
   * where dividing would wash the piece out).
   */
  reference: number;
  /** Multiplier for all channels: 2^(exposure EV). */
  gain: number;
  /** Extra per-channel multipliers for warmth (R, G, B). */
  warmth: [number, number, number];
  contrast: number;
}

/** Warmth +100 lifts red by 12 % and lowers blue by 12 %; green stays. */
const WARMTH_PER_STEP = 0.0012;

export function colourSettings(adjustments: PhotoAdjustments, table: readonly [number, number, number]): ColourSettings {
  const w = adjustments.warmth * WARMTH_PER_STEP;
  return { reference: whiteReference(table), gain: 2 ** adjustments.exposure, warmth: [1 + w, 1, 1 - w], contrast: adjustments.contrast };
}

function smoothstep(low: number, high: number, x: number): number {
  const t = Math.min(1, Math.max(0, (x - low) / (high - low)));
  return t * t * (3 - 2 * t);
}

/**
 * Weight of the table as the white reference, from its colour at the centre of the photo:
 * full for a light, nearly neutral table, fading to none below a mean of 0.35 (dark grey or
 * black velvet) or above a saturation of 0.3 (navy, red or green backdrops).
 */
export function whiteReference(table: readonly [number, number, number]): number {
  const mean = (table[0] + table[1] + table[2]) / 3;
  const max = Math.max(table[0], table[1], table[2]);
  const saturation = max <= 0 ? 0 : (max - Math.min(table[0], table[1], table[2])) / max;
  return smoothstep(0.35, 0.6, mean) * (1 - smoothstep(0.12, 0.3, saturation));
}

/**
 * Colour of one piece pixel on a white table. `image` and `table` are 0..1; `alpha` is the
 * piece's coverage. Where alpha is fractional the pixel mixes piece and table, so the piece's
 * own colour is recovered from I = α·F + (1 − α)·T before correcting it.
 * Writes the corrected piece colour F' (0..1) into `out`.
 */
export function correctPiecePixel(
  image: readonly [number, number, number],
  table: readonly [number, number, number],
  alpha: number,
  settings: ColourSettings,
  out: [number, number, number],
): void {
  const a = alpha < 0.05 ? 0.05 : alpha;
  for (let c = 0; c < 3; c++) {
    const t = table[c]! < 0.05 ? 0.05 : table[c]!;
    const piece = (image[c]! - (1 - a) * t) / a;
    const ratio = (piece < 0 ? 0 : piece) / t ** settings.reference;
    const adjusted = ratio * settings.gain * settings.warmth[c]!;
    out[c] = highlightShoulder(contrastCurve(adjusted, settings.contrast));
  }
}
