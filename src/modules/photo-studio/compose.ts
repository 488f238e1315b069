/**
 * Pipeline steps 5 and 6 on the corrected piece. The piece is rotated, scaled to the
 * preset's fill and placed clear of the edges (and of Yahoo's top-left corner). It is then
 * drawn over exactly white, or kept transparent, with an optional contact shadow.
 */

import sharp from 'sharp';

import { centredOffset, scaleForFill, type Box } from './frame.js';
import { photoErrors } from './photo-errors.js';
import { MIN_EDGE_GAP_PX, type PhotoPreset } from './presets.js';
import { boxBlur } from './raster.js';

/** Darkest point of the contact shadow at strength 1 (0.3 = 30 % darker than white). */
const SHADOW_DEPTH = 0.3;

/** Returns the box of the pixels with coverage at or above `level`, or null when there are none. */
export function boundingBox(alpha: Float32Array, width: number, height: number, level = 0.5): Box | null {
  let left = width;
  let top = height;
  let right = -1;
  let bottom = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (alpha[y * width + x]! < level) continue;
      if (x < left) left = x;
      if (x > right) right = x;
      if (y < top) top = y;
      if (y > bottom) bottom = y;
    }
  }
  return right < 0 ? null : { left, top, right: right + 1, bottom: bottom + 1 };
}

export interface Placed {
  /** RGBA at the preset's size, straight alpha, transparent around the piece. */
  rgba: Uint8Array;
  /** 255 where the piece covers at least half a pixel, at the preset's size. */
  mask: Uint8Array;
  fill: number;
}

/**
 * Rotates the piece, scales it to the fill once more (rotation changes its box), centres it
 * and, for a preset with a clear top-left corner, shrinks it until the corner is clear.
 */
export async function placeLayer(
  rgba: Uint8Array,
  width: number,
  height: number,
  rotate: number,
  preset: PhotoPreset,
  fill: number,
  fileName: string,
): Promise<Placed> {
  let img = sharp(rgba, { raw: { width, height, channels: 4 } });
  if (rotate !== 0) img = img.rotate(rotate, { background: { r: 0, g: 0, b: 0, alpha: 0 } });
  const turned = await img.raw().toBuffer({ resolveWithObject: true });
  const w = turned.info.width;
  const h = turned.info.height;
  const data: Uint8Array = turned.data;

  // Trim to the piece's box (alpha ≥ 128) with a small edge for the soft contour.
  const coverage = new Float32Array(w * h);
  for (let p = 0; p < w * h; p++) coverage[p] = data[4 * p + 3]! / 255;
  const box = boundingBox(coverage, w, h);
  if (!box) throw photoErrors.photo_no_piece({ fileName });

  let attemptFill = fill;
  let placed: Omit<Placed, 'fill'> | null = null;
  for (let attempt = 0; attempt < 12; attempt++) {
    const scale = scaleForFill(box, preset, attemptFill);
    const edge = 2;
    const cut = {
      left: Math.max(0, box.left - edge),
      top: Math.max(0, box.top - edge),
      width: Math.min(w, box.right + edge) - Math.max(0, box.left - edge),
      height: Math.min(h, box.bottom + edge) - Math.max(0, box.top - edge),
    };
    const tw = Math.max(1, Math.round(cut.width * scale));
    const th = Math.max(1, Math.round(cut.height * scale));
    const scaled = await sharp(data, { raw: { width: w, height: h, channels: 4 } })
      .extract(cut)
      .resize(tw, th, { kernel: 'lanczos3', fit: 'fill' })
      .raw()
      .toBuffer();
    const pieceW = (box.right - box.left) * scale;
    const pieceH = (box.bottom - box.top) * scale;
    const offset = centredOffset(pieceW, pieceH, preset);
    const ox = Math.round(offset.x - (box.left - cut.left) * scale);
    const oy = Math.round(offset.y - (box.top - cut.top) * scale);
    placed = paste(scaled, tw, th, ox, oy, preset);
    if (cornerIsClear(placed.mask, preset) && edgesAreClear(placed.mask, preset)) break;

    // Shrink by 4 % and try again, never below the preset's smallest fill.
    const smaller = attemptFill * 0.96;
    if (preset.fill && smaller < preset.fill.min) break;
    attemptFill = smaller;
  }
  return { ...placed!, fill: measuredFill(placed!.mask, preset.width, preset.height) };
}

function paste(rgba: Uint8Array, w: number, h: number, ox: number, oy: number, preset: PhotoPreset): Omit<Placed, 'fill'> {
  const W = preset.width;
  const H = preset.height;
  const out = new Uint8Array(W * H * 4);
  const mask = new Uint8Array(W * H);
  for (let y = 0; y < h; y++) {
    const ty = y + oy;
    if (ty < 0 || ty >= H) continue;
    for (let x = 0; x < w; x++) {
      const tx = x + ox;
      if (tx < 0 || tx >= W) continue;
      const s = 4 * (y * w + x);
      const t = ty * W + tx;
      out[4 * t] = rgba[s]!;
      out[4 * t + 1] = rgba[s + 1]!;
      out[4 * t + 2] = rgba[s + 2]!;
      out[4 * t + 3] = rgba[s + 3]!;
      mask[t] = rgba[s + 3]! >= 128 ? 255 : 0;
    }
  }
  return { rgba: out, mask };
}

function measuredFill(mask: Uint8Array, width: number, height: number): number {
  const coverage = new Float32Array(mask.length);
  for (let i = 0; i < mask.length; i++) coverage[i] = mask[i]! / 255;
  const box = boundingBox(coverage, width, height);
  if (!box) return 0;
  return Math.max((box.right - box.left) / width, (box.bottom - box.top) / height);
}

function cornerIsClear(mask: Uint8Array, preset: PhotoPreset): boolean {
  if (preset.clearTopLeft === null) return true;
  const cw = Math.floor(preset.width * preset.clearTopLeft);
  const ch = Math.floor(preset.height * preset.clearTopLeft);
  for (let y = 0; y < ch; y++) for (let x = 0; x < cw; x++) if (mask[y * preset.width + x]) return false;
  return true;
}

/** Checks that no piece pixel (coverage of half or more) lies closer than MIN_EDGE_GAP_PX to an edge. */
function edgesAreClear(mask: Uint8Array, preset: PhotoPreset): boolean {
  const g = MIN_EDGE_GAP_PX;
  const W = preset.width;
  const H = preset.height;
  for (let y = 0; y < H; y++) {
    const edgeRow = y < g || y >= H - g;
    for (let x = 0; x < W; x++) {
      if (!edgeRow && x >= g && x < W - g) {
        x = W - g - 1;
        continue;
      }
      if (mask[y * W + x]) return false;
    }
  }
  return true;
}

/**
 * Draws the piece over exactly white (RGB) or keeps it transparent (RGBA). The shadow is the
 * piece's coverage blurred and dropped slightly, darkening only the table around the piece;
 * it fades out before the gap that keeps the border ring white.
 */
export function composite(placed: Placed, preset: PhotoPreset, shadow: number, transparent: boolean): Uint8Array {
  const W = preset.width;
  const H = preset.height;
  const n = W * H;
  const { rgba } = placed;

  let shade: Float32Array | null = null;
  if (shadow > 0) {
    const coverage = new Float32Array(n);
    for (let p = 0; p < n; p++) coverage[p] = rgba[4 * p + 3]! / 255;
    const radius = Math.max(2, Math.round(Math.min(W, H) * 0.012));
    shade = boxBlur(boxBlur(coverage, W, H, radius), W, H, radius);
    const drop = Math.round(radius * 0.8);
    const dropped = new Float32Array(n);
    for (let y = drop; y < H; y++) dropped.set(shade.subarray((y - drop) * W, (y - drop + 1) * W), y * W);
    shade = dropped;
  }

  const channels = transparent ? 4 : 3;
  const out = new Uint8Array(n * channels);
  const g = MIN_EDGE_GAP_PX;
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const p = y * W + x;
      const a = rgba[4 * p + 3]! / 255;
      let table = 1;
      if (shade && !transparent) {
        // Fade to nothing over the last 16 px before the edge gap.
        const edge = Math.min(x, y, W - 1 - x, H - 1 - y);
        const fade = Math.max(0, Math.min(1, (edge - g / 2) / g));
        table = 1 - SHADOW_DEPTH * shadow * Math.min(1, shade[p]! * 1.6) * fade;
      }
      if (transparent) {
        out[4 * p] = rgba[4 * p]!;
        out[4 * p + 1] = rgba[4 * p + 1]!;
        out[4 * p + 2] = rgba[4 * p + 2]!;
        out[4 * p + 3] = rgba[4 * p + 3]!;
        continue;
      }
      for (let c = 0; c < 3; c++) out[3 * p + c] = Math.round(rgba[4 * p + c]! * a + 255 * table * (1 - a));
    }
  }
  return out;
}
