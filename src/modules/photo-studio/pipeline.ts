/**
 * The photo pipeline: a raw photo of a piece in, a mall-ready image out. Steps run in this
 * fixed order and each is timed:
 * 1. decode (decode.ts): orientation, sRGB, size limits;
 * 2. segment: the table model and the piece's mask, on a copy of at most WORKING_SIDE px;
 *    brush strokes then add to or remove from the mask;
 * 3. matte: soft coverage along the contour, resized with the piece;
 * 4. colour (colour.ts): table colour removed from edge pixels, white balance and exposure
 *    against a light table, the person's exposure, warmth and contrast, highlight shoulder;
 * 5. frame (compose.ts, frame.ts): rotation, scale to the preset's fill, centred, clear of
 *    the edges;
 * 6. composite (compose.ts) onto exactly white (or keep a transparent cut-out), optional
 *    contact shadow;
 * 7. encode (encode.ts) within the preset's byte limit, then the preset's rules are checked.
 *
 * The piece is cut from the full-resolution photo and resized once, straight to its output
 * size, so a 12-megapixel photo is never processed in JavaScript at full size.
 */

import sharp from 'sharp';

import { evaluateBackground, type BackgroundModel } from './background.js';
import { colourSettings, correctPiecePixel } from './colour.js';
import { checkCompliance, type RuleResult } from './compliance.js';
import { decodePhoto } from './decode.js';
import { encodeForPreset } from './encode.js';
import { boundingBox, composite, placeLayer } from './compose.js';
import { scaleForFill, targetFill, type Box } from './frame.js';
import { photoErrors } from './photo-errors.js';
import {
  MAX_UPSCALE,
  NO_ADJUSTMENTS,
  type CorrectOptions,
  type CorrectResult,
  type MaskStroke,
  type PhotoAdjustments,
  type StepTiming,
  type WorkingImage,
} from './pipeline-types.js';
import type { PhotoPreset } from './presets.js';
import { segmentPiece } from './segment.js';

/** Longest side of the copy that step 2 works on, in pixels. */
export const WORKING_SIDE = 1024;

export async function correctPhoto(input: Uint8Array, options: CorrectOptions): Promise<CorrectResult> {
  const { preset } = options;
  const fileName = options.fileName ?? 'photo';
  const adjustments: PhotoAdjustments = { ...NO_ADJUSTMENTS, ...options.adjustments };
  const timings: StepTiming[] = [];
  let started = performance.now();
  const lap = (step: StepTiming['step']) => {
    const now = performance.now();
    timings.push({ step, ms: Math.round((now - started) * 10) / 10 });
    started = now;
  };

  // 1. Decode.
  const photo = await decodePhoto(input, { fileName });
  const source = { width: photo.width, height: photo.height };
  const rgb = photo.channels === 4 ? await dropAlpha(photo.data, photo.width, photo.height) : photo.data;
  lap('decode');

  // 2. Segment a working copy; the table model is fitted to it whatever segments the piece.
  const working = await workingCopy(rgb, source.width, source.height);
  const classical = segmentPiece(working);
  let alpha = classical.alpha;
  let segmenterName = 'classical';
  if (options.segmenter) {
    alpha = await options.segmenter.segment(working);
    segmenterName = options.segmenter.name;
  }
  const workScale = working.width / source.width;
  if (options.maskStrokes?.length) alpha = applyStrokes(alpha, working.width, working.height, options.maskStrokes, workScale);
  const box = boundingBox(alpha, working.width, working.height);
  if (!box) throw photoErrors.photo_no_piece({ fileName });
  lap('segment');

  // 3. Matte: cut the piece's region from the full photo and the mask, at output scale.
  const fill = targetFill(preset, adjustments.margin);
  const layer = await cutLayer(rgb, source, alpha, working, box, preset, fill, adjustments.rotate !== 0);
  lap('matte');

  // 4. Colour. The table colour at the photo's centre sets the white reference weight and
  // the exposure and gains reported in `auto`.
  const centre: [number, number, number] = [0, 0, 0];
  evaluateBackground(classical.background, (working.width - 1) / 2, (working.height - 1) / 2, centre);
  const settings = colourSettings(adjustments, centre);
  const pieceRgba = colourLayer(layer, classical.background, settings);
  lap('colour');

  // 5. Frame: rotation and placement decide where the piece lands.
  const placed = await placeLayer(pieceRgba, layer.width, layer.height, adjustments.rotate, preset, fill, fileName);
  lap('frame');

  // 6. Composite: the shadow and the white canvas are drawn around the placed piece.
  const transparent = options.transparent === true;
  const canvas = composite(placed, preset, adjustments.shadow, transparent);
  lap('composite');

  // 7. Encode and check.
  const encodePreset: PhotoPreset = transparent ? { ...preset, format: 'png', background: 'white-or-photo' } : preset;
  const image = await encodeForPreset({ data: canvas, width: preset.width, height: preset.height, channels: transparent ? 4 : 3 }, encodePreset);
  lap('encode');
  const compliance = await checkCompliance(image.bytes, encodePreset, placed.mask);
  compliance.push(resolutionRule(placed.fill, preset, box, source.width / working.width));
  const maskPng = await sourceMaskPng(alpha, working, source, box);
  lap('check');

  return {
    image,
    maskPng,
    compliance,
    auto: {
      exposure: round(-settings.reference * Math.log2(Math.max(0.05, (centre[0] + centre[1] + centre[2]) / 3)), 3),
      whiteGains: whiteGains(centre, settings.reference),
      fill: round(placed.fill, 4),
      segmenter: segmenterName,
    },
    adjustments,
    source,
    timings,
  };
}

async function dropAlpha(data: Uint8Array, width: number, height: number): Promise<Uint8Array> {
  // A transparent PNG is shown on white, as a browser would show it.
  return sharp(data, { raw: { width, height, channels: 4 } }).flatten({ background: '#ffffff' }).raw().toBuffer();
}

async function workingCopy(rgb: Uint8Array, width: number, height: number): Promise<WorkingImage> {
  const scale = Math.min(1, WORKING_SIDE / Math.max(width, height));
  const w = Math.max(1, Math.round(width * scale));
  const h = Math.max(1, Math.round(height * scale));
  if (scale === 1) return { data: rgb, width, height };
  const data = await sharp(rgb, { raw: { width, height, channels: 3 } }).resize(w, h, { kernel: 'lanczos3' }).raw().toBuffer();
  return { data, width: w, height: h };
}

/** Paints the strokes into the mask: 'add' sets coverage 1, 'remove' 0, in stroke order. */
export function applyStrokes(alpha: Float32Array, width: number, height: number, strokes: readonly MaskStroke[], scale: number): Float32Array {
  const out = alpha.slice();
  for (const stroke of strokes) {
    const value = stroke.mode === 'add' ? 1 : 0;
    const r = Math.max(0.5, stroke.radius * scale);
    const points = stroke.points.map(([x, y]) => [x * scale, y * scale] as const);

    // Stamp dabs along each segment, at most half a radius apart, so fast strokes stay solid.
    const dabs: (readonly [number, number])[] = [];
    for (let i = 0; i < points.length; i++) {
      const [x1, y1] = points[i]!;
      dabs.push([x1, y1]);
      const next = points[i + 1];
      if (!next) continue;
      const steps = Math.ceil(Math.hypot(next[0] - x1, next[1] - y1) / Math.max(0.5, r / 2));
      for (let s = 1; s < steps; s++) dabs.push([x1 + ((next[0] - x1) * s) / steps, y1 + ((next[1] - y1) * s) / steps]);
    }
    for (const [cx, cy] of dabs) {
      for (let y = Math.max(0, Math.floor(cy - r)); y <= Math.min(height - 1, Math.ceil(cy + r)); y++) {
        for (let x = Math.max(0, Math.floor(cx - r)); x <= Math.min(width - 1, Math.ceil(cx + r)); x++) {
          if ((x - cx) ** 2 + (y - cy) ** 2 <= r * r) out[y * width + x] = value;
        }
      }
    }
  }
  return out;
}

/** The piece's region at output scale: its pixels, its coverage and where it lies in the working copy. */
interface Layer {
  width: number;
  height: number;
  rgb: Uint8Array;
  alpha: Uint8Array;
  /** Working-copy coordinates of the layer's pixel (0, 0) and working pixels per layer pixel. */
  origin: { x: number; y: number };
  step: number;
}

async function cutLayer(
  rgb: Uint8Array,
  source: { width: number; height: number },
  alpha: Float32Array,
  working: WorkingImage,
  box: Box,
  preset: PhotoPreset,
  fill: number,
  rotated: boolean,
): Promise<Layer> {
  // Pad the box so that the soft edge and, when rotating, the corners are inside the cut.
  const longest = Math.max(box.right - box.left, box.bottom - box.top);
  const pad = Math.ceil(rotated ? longest * 0.25 : Math.max(3, longest * 0.02));
  const wx0 = Math.max(0, box.left - pad);
  const wy0 = Math.max(0, box.top - pad);
  const wx1 = Math.min(working.width, box.right + pad);
  const wy1 = Math.min(working.height, box.bottom + pad);

  // Output pixels per working pixel, so that the box gets the target fill.
  const scale = scaleForFill(box, preset, fill);
  const width = Math.max(1, Math.round((wx1 - wx0) * scale));
  const height = Math.max(1, Math.round((wy1 - wy0) * scale));

  // The same region of the full photo: working → source coordinates.
  const k = source.width / working.width;
  const sx0 = Math.round(wx0 * k);
  const sy0 = Math.round(wy0 * k);
  const sx1 = Math.min(source.width, Math.round(wx1 * k));
  const sy1 = Math.min(source.height, Math.round(wy1 * k));
  const pixels = await sharp(rgb, { raw: { width: source.width, height: source.height, channels: 3 } })
    .extract({ left: sx0, top: sy0, width: Math.max(1, sx1 - sx0), height: Math.max(1, sy1 - sy0) })
    .resize(width, height, { kernel: 'lanczos3', fit: 'fill' })
    .raw()
    .toBuffer();

  const cropW = wx1 - wx0;
  const cropH = wy1 - wy0;
  const alphaBytes = Buffer.alloc(cropW * cropH);
  for (let y = 0; y < cropH; y++) {
    for (let x = 0; x < cropW; x++) alphaBytes[y * cropW + x] = Math.round(alpha[(wy0 + y) * working.width + wx0 + x]! * 255);
  }
  const matte = await sharp(alphaBytes, { raw: { width: cropW, height: cropH, channels: 1 } })
    .resize(width, height, { kernel: 'linear', fit: 'fill' })
    .extractChannel(0)
    .raw()
    .toBuffer();

  return { width, height, rgb: pixels, alpha: matte, origin: { x: wx0, y: wy0 }, step: cropW / width };
}

/** RGBA of the corrected piece (straight alpha), the table's colour removed from its edges. */
function colourLayer(layer: Layer, background: BackgroundModel, settings: ReturnType<typeof colourSettings>): Uint8Array {
  const { width, height, rgb, alpha } = layer;
  const out = new Uint8Array(width * height * 4);
  const image: [number, number, number] = [0, 0, 0];
  const table: [number, number, number] = [0, 0, 0];
  const piece: [number, number, number] = [0, 0, 0];
  for (let y = 0; y < height; y++) {
    const wy = layer.origin.y + (y + 0.5) * layer.step - 0.5;
    for (let x = 0; x < width; x++) {
      const p = y * width + x;
      const a = alpha[p]!;
      if (a === 0) continue;
      const wx = layer.origin.x + (x + 0.5) * layer.step - 0.5;
      evaluateBackground(background, wx, wy, table);
      image[0] = rgb[3 * p]! / 255;
      image[1] = rgb[3 * p + 1]! / 255;
      image[2] = rgb[3 * p + 2]! / 255;
      correctPiecePixel(image, table, a / 255, settings, piece);
      out[4 * p] = Math.round(piece[0] * 255);
      out[4 * p + 1] = Math.round(piece[1] * 255);
      out[4 * p + 2] = Math.round(piece[2] * 255);
      out[4 * p + 3] = a;
    }
  }
  return out;
}

/**
 * Draws the mask at the photo's own size, 0/255, as a greyscale PNG: the working alpha (as
 * bytes) interpolated bilinearly with pixel centres aligned, set from 128 up. Only rows and columns
 * near `box` (the working pixels with alpha of at least one half) are interpolated, because
 * every interpolation from pixels below one half stays below it.
 */
async function sourceMaskPng(alpha: Float32Array, working: WorkingImage, source: { width: number; height: number }, box: Box | null): Promise<Buffer> {
  const { width, height } = source;
  const out = Buffer.alloc(width * height);
  if (box) {
    const bytes = new Uint8Array(alpha.length);
    for (let i = 0; i < alpha.length; i++) bytes[i] = Math.round(alpha[i]! * 255);
    const scaleX = working.width / width;
    const scaleY = working.height / height;

    // Output pixels whose source position lies within one working pixel of the box.
    const first = (edge: number, scale: number) => Math.max(0, Math.floor((edge - 1 + 0.5) / scale - 0.5));
    const last = (edge: number, scale: number, size: number) => Math.min(size - 1, Math.ceil((edge + 1 + 0.5) / scale - 0.5));
    const x0 = first(box.left, scaleX);
    const x1 = last(box.right, scaleX, width);
    const y0 = first(box.top, scaleY);
    const y1 = last(box.bottom, scaleY, height);

    // Per output column: the two source columns and the weight of the right one.
    const left = new Int32Array(x1 - x0 + 1);
    const right = new Int32Array(x1 - x0 + 1);
    const weight = new Float32Array(x1 - x0 + 1);
    for (let x = x0; x <= x1; x++) {
      const fx = Math.min(working.width - 1, Math.max(0, (x + 0.5) * scaleX - 0.5));
      left[x - x0] = Math.floor(fx);
      right[x - x0] = Math.min(working.width - 1, Math.floor(fx) + 1);
      weight[x - x0] = fx - Math.floor(fx);
    }
    for (let y = y0; y <= y1; y++) {
      const fy = Math.min(working.height - 1, Math.max(0, (y + 0.5) * scaleY - 0.5));
      const top = Math.floor(fy) * working.width;
      const bottom = Math.min(working.height - 1, Math.floor(fy) + 1) * working.width;
      const ty = fy - Math.floor(fy);
      const row = y * width;
      for (let x = x0; x <= x1; x++) {
        const k = x - x0;
        const tx = weight[k]!;
        const upper = bytes[top + left[k]!]! * (1 - tx) + bytes[top + right[k]!]! * tx;
        const lower = bytes[bottom + left[k]!]! * (1 - tx) + bytes[bottom + right[k]!]! * tx;
        if (upper * (1 - ty) + lower * ty >= 128) out[row + x] = 255;
      }
    }
  }
  return sharp(out, { raw: { width, height, channels: 1 } }).toColourspace('b-w').png({ compressionLevel: 4, palette: false }).toBuffer();
}

/**
 * Flags a photo too small for the preset: the piece is drawn larger than MAX_UPSCALE times
 * its size in the photo, so the result looks soft however it is sharpened.
 */
function resolutionRule(fill: number, preset: PhotoPreset, box: Box, sourcePerWorking: number): RuleResult {
  const pieceInPhoto = Math.max(box.right - box.left, box.bottom - box.top) * sourcePerWorking;
  const pieceInOutput = fill * Math.max(preset.width, preset.height);
  const upscale = round(pieceInOutput / Math.max(1, pieceInPhoto), 2);
  return { rule: 'resolution', ok: upscale <= MAX_UPSCALE, measured: upscale, expected: `enlarged at most ${MAX_UPSCALE}x` };
}

/** Computes the per-channel gains for a table colour: 1 / colour, to the power of the reference weight. */
function whiteGains(table: readonly [number, number, number], reference: number): [number, number, number] {
  const gain = (value: number) => round(Math.max(0.05, value) ** -reference, 4);
  return [gain(table[0]), gain(table[1]), gain(table[2])];
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
