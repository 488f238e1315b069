/**
 * Pipeline step 6 as arithmetic: how large the piece is drawn and where, for one preset.
 *
 * Units: `box` is the piece's bounding box in layer pixels (the piece layer is already at
 * output scale when this is called, so a scale of 1 keeps it). Fractions are of the output
 * side, as in presets.ts.
 */

import { MIN_EDGE_GAP_PX, type PhotoPreset } from './presets.js';

/** Fill used when a preset sets none: a consistent catalogue look. */
export const DEFAULT_FILL = 0.8;

export interface Box {
  left: number;
  top: number;
  /** Exclusive. */
  right: number;
  /** Exclusive. */
  bottom: number;
}

/**
 * The fill ratio to aim for: the preset's target made smaller by the person's extra margin on
 * each side, then bounded by the preset's range, its smallest margin and the gap that keeps
 * the border ring exactly white after JPEG.
 */
export function targetFill(preset: PhotoPreset, extraMargin: number): number {
  const base = preset.fill?.target ?? DEFAULT_FILL;
  let fill = base - 2 * extraMargin;
  if (preset.fill) fill = Math.min(preset.fill.max, Math.max(preset.fill.min, fill));
  if (preset.minMargin !== null) fill = Math.min(fill, 1 - 2 * preset.minMargin - 0.002);
  const gap = (2 * (MIN_EDGE_GAP_PX + 2)) / Math.min(preset.width, preset.height);
  return Math.min(fill, 1 - gap);
}

/** Scale that makes the box fill `fill` of the output (longest side over the matching side). */
export function scaleForFill(box: Box, preset: Pick<PhotoPreset, 'width' | 'height'>, fill: number): number {
  const w = box.right - box.left;
  const h = box.bottom - box.top;
  return fill / Math.max(w / preset.width, h / preset.height);
}

/** Top-left position of a box of size w × h centred in the output. */
export function centredOffset(w: number, h: number, preset: Pick<PhotoPreset, 'width' | 'height'>): { x: number; y: number } {
  return { x: Math.round((preset.width - w) / 2), y: Math.round((preset.height - h) / 2) };
}
