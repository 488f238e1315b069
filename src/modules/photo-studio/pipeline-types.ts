/**
 * The contract of the photo pipeline (pipeline.ts): what a caller passes in and gets back.
 * The CLI, the studio's worker threads, the benchmark and the learning of the shop's look all
 * use these types, so they live apart from the implementation.
 *
 * Coordinates: "source pixels" are pixels of the decoded photo after its EXIF orientation is
 * applied (what a person sees), before the studio's own rotation.
 */

import type { EncodedPhoto } from './encode.js';
import type { RuleResult } from './compliance.js';
import type { PhotoPreset } from './presets.js';

/**
 * Largest enlargement of the piece from the photo to the output (2 = twice its size in the
 * photo) before the result counts as too soft: the 'resolution' rule of every result.
 */
export const MAX_UPSCALE = 2;

/** A person's corrections on top of the automatic result. Every field 0 means "as computed". */
export interface PhotoAdjustments {
  /** Exposure offset in EV stops (+1 doubles the light), -2 to +2. */
  exposure: number;
  /** Colour temperature offset, -100 (cooler, bluer) to +100 (warmer, yellower). */
  warmth: number;
  /**
   * Extra margin as a fraction of the output side, -0.1 to +0.1: positive makes the piece
   * smaller in the frame. The preset's fill range still bounds the result.
   */
  margin: number;
  /** Strength of the soft contact shadow under the piece, 0 (none) to 1. */
  shadow: number;
  /** Clockwise rotation in degrees, -180 to 180, applied before cropping. */
  rotate: number;
  /** Gentle S-curve contrast, 0 (none) to 1. */
  contrast: number;
}

export const NO_ADJUSTMENTS: Readonly<PhotoAdjustments> = Object.freeze({
  exposure: 0,
  warmth: 0,
  margin: 0,
  shadow: 0,
  rotate: 0,
  contrast: 0,
});

/** Valid range of each adjustment, shared by the zod schemas and the UI sliders. */
export const ADJUSTMENT_RANGES: Readonly<Record<keyof PhotoAdjustments, { min: number; max: number; step: number }>> = Object.freeze({
  exposure: { min: -2, max: 2, step: 0.05 },
  warmth: { min: -100, max: 100, step: 1 },
  margin: { min: -0.1, max: 0.1, step: 0.005 },
  shadow: { min: 0, max: 1, step: 0.05 },
  rotate: { min: -180, max: 180, step: 0.5 },
  contrast: { min: 0, max: 1, step: 0.05 },
});

/** One brush stroke on the mask, in source pixels; later strokes win over earlier ones. */
export interface MaskStroke {
  mode: 'add' | 'remove';
  /** Brush radius in source pixels. */
  radius: number;
  /** The brush path as [x, y] points in source pixels; one point is a dab. */
  points: [number, number][];
}

/** A downscaled copy of the photo on which step 2 runs (interleaved RGB, 8 bit). */
export interface WorkingImage {
  data: Uint8Array;
  width: number;
  height: number;
}

/**
 * Step 2 as a plug-in: returns the piece's probability per pixel of the working image,
 * 0 (background) to 1 (piece), row-major, width × height values.
 */
export interface Segmenter {
  /** Shown in results and logs, e.g. "classical" or "onnx:u2netp.onnx". */
  name: string;
  segment(image: WorkingImage): Promise<Float32Array>;
}

export interface CorrectOptions {
  preset: PhotoPreset;
  /** Shown in error messages; defaults to "photo". */
  fileName?: string;
  adjustments?: Partial<PhotoAdjustments>;
  maskStrokes?: readonly MaskStroke[];
  /** Keep a transparent cut-out (PNG with alpha) instead of compositing on white. */
  transparent?: boolean;
  /** Replaces the classical step 2, for example with a shop's ONNX model. */
  segmenter?: Segmenter;
}

export interface StepTiming {
  step: 'decode' | 'segment' | 'matte' | 'colour' | 'composite' | 'frame' | 'encode' | 'check';
  ms: number;
}

export interface CorrectResult {
  /** The finished image for the preset (JPEG, or PNG for a transparent cut-out). */
  image: EncodedPhoto;
  /** The predicted piece mask at source size, 0 or 255 per pixel, as a greyscale PNG. */
  maskPng: Buffer;
  /** The preset's rules checked on the finished image. */
  compliance: RuleResult[];
  /** What the automatic steps decided, before the person's adjustments. */
  auto: {
    /** Exposure applied by step 4, in EV stops. */
    exposure: number;
    /** Per-channel gains of the white balance (R, G, B). */
    whiteGains: [number, number, number];
    /** Fill ratio of the finished image (longest piece side / image side). */
    fill: number;
    segmenter: string;
  };
  /** Adjustments as applied (defaults filled in). */
  adjustments: PhotoAdjustments;
  source: { width: number; height: number };
  timings: StepTiming[];
}
