import { dilate } from '../src/modules/photo-studio/raster.js';

/** How far a predicted mask had to move and grow to fit a hand-drawn one best. */
export interface Registration {
  /** IoU after the shift and growth below. */
  iou: number;
  /** Shift of the predicted mask in pixels (positive: right, down). */
  dx: number;
  dy: number;
  /** Square dilation radius in pixels. */
  radius: number;
}

const RADII = [0, 2, 4, 6, 8, 10, 12];
/** Shifts searched on a 4 px grid within this many pixels, then to the pixel around the best. */
const MAX_SHIFT = 24;
const COARSE_STEP = 4;

/**
 * Finds the shift (within ±MAX_SHIFT px) and dilation (up to 12 px) of `predicted` that give
 * the highest IoU with `truth`. The benchmark reports it for the hand-drawn real masks: when
 * a small shift or growth raises the IoU a lot, the hand mask is offset from the photo or
 * drawn outside the metal, and the plain IoU understates the cut-out.
 */
export function bestRegistration(predicted: Uint8Array, truth: Uint8Array, width: number, height: number): Registration {
  let best: Registration = { iou: shiftedIou(predicted, truth, width, height, 0, 0), dx: 0, dy: 0, radius: 0 };
  for (const radius of RADII) {
    const grown = radius === 0 ? predicted : dilate(predicted, width, height, radius);
    let local = { iou: -1, dx: 0, dy: 0 };
    for (let dy = -MAX_SHIFT; dy <= MAX_SHIFT; dy += COARSE_STEP) {
      for (let dx = -MAX_SHIFT; dx <= MAX_SHIFT; dx += COARSE_STEP) {
        const value = shiftedIou(grown, truth, width, height, dx, dy);
        if (value > local.iou) local = { iou: value, dx, dy };
      }
    }
    const centre = { ...local };
    for (let dy = centre.dy - COARSE_STEP + 1; dy < centre.dy + COARSE_STEP; dy++) {
      for (let dx = centre.dx - COARSE_STEP + 1; dx < centre.dx + COARSE_STEP; dx++) {
        const value = shiftedIou(grown, truth, width, height, dx, dy);
        if (value > local.iou) local = { iou: value, dx, dy };
      }
    }
    if (local.iou > best.iou) best = { ...local, radius };
  }
  return best;
}

/** IoU of `mask` moved by (dx, dy) with `truth`; pixels moved in from outside are empty. */
function shiftedIou(mask: Uint8Array, truth: Uint8Array, width: number, height: number, dx: number, dy: number): number {
  let intersection = 0;
  let union = 0;
  for (let y = 0; y < height; y++) {
    const sy = y - dy;
    const rowInside = sy >= 0 && sy < height;
    for (let x = 0; x < width; x++) {
      const sx = x - dx;
      const a = rowInside && sx >= 0 && sx < width ? mask[sy * width + sx]! : 0;
      const b = truth[y * width + x]!;
      if (a && b) intersection++;
      if (a || b) union++;
    }
  }
  return union === 0 ? 1 : intersection / union;
}
