// Pure helpers of the photo studio screen: numbers in words, compliance summaries, image
// URLs and the conversion of brush points from screen to source pixels. They take no React
// state, so test/web can check them directly.

import { MAX_UPSCALE, type MaskStroke, type PhotoAdjustments } from '../../../../src/modules/photo-studio/pipeline-types.js';
import type { ComplianceResult, Photo, StudioPreset } from './types.js';

export type AdjustmentKey = keyof PhotoAdjustments;

/** Adjustments in the order the review panel and the learned panel list them. */
export const ADJUSTMENT_KEYS: readonly AdjustmentKey[] = ['exposure', 'warmth', 'margin', 'shadow', 'contrast', 'rotate'];

/** Formats a number with a sign ("+0.3", "-12", "0"), trimming trailing zeros after the point. */
export function signedNumber(value: number, maxDecimals: number): string {
  const rounded = Number(value.toFixed(maxDecimals));
  if (rounded === 0) return '0';
  const text = String(Math.abs(rounded));
  return rounded > 0 ? `+${text}` : `-${text}`;
}

/** Formats a number without a sign, trimming trailing zeros after the point. */
function plainNumber(value: number, maxDecimals: number): string {
  return String(Number(value.toFixed(maxDecimals)));
}

/**
 * Returns an adjustment's value as the screen shows it, unit included: exposure in EV,
 * warmth as a signed step, margin as a percentage of the output side, shadow and contrast as
 * a strength from 0 to 1, rotation in degrees.
 */
export function formatAdjustmentValue(key: AdjustmentKey, value: number): string {
  switch (key) {
    case 'exposure':
      return `${signedNumber(value, 2)} EV`;
    case 'warmth':
      return signedNumber(value, 0);
    case 'margin':
      return `${signedNumber(value * 100, 1)} %`;
    case 'shadow':
    case 'contrast':
      return plainNumber(value, 2);
    case 'rotate':
      return `${signedNumber(value, 1)}°`;
  }
}

/** Returns the settings that differ from "as computed" (0), in the order of ADJUSTMENT_KEYS. */
export function changedAdjustments(settings: Partial<PhotoAdjustments> | null | undefined): Array<[AdjustmentKey, number]> {
  if (!settings) return [];
  return ADJUSTMENT_KEYS.flatMap((key) => {
    const value = settings[key];
    return typeof value === 'number' && value !== 0 ? [[key, value] as [AdjustmentKey, number]] : [];
  });
}

/** Returns the rules of a result that failed its preset, or an empty list when every rule passed. */
export function failedRules(compliance: readonly ComplianceResult[]): ComplianceResult[] {
  return compliance.filter((result) => !result.ok);
}

/**
 * Returns a failed photo's message in the user's current language. The server stores both,
 * so the message follows a language switch without a reload.
 */
export function photoErrorText(error: NonNullable<Photo['error']>, locale: 'ja' | 'en'): string {
  return error.messages[locale];
}

/** Image of a photo that the server serves: the original's preview, the finished result or the mask. */
export type PhotoImageKind = 'original' | 'result' | 'mask';

/** Returns the URL of one of a photo's images. The version in it makes the browser load the new image after a redo. */
export function photoImageUrl(photo: Pick<Photo, 'id' | 'version'>, kind: PhotoImageKind, preset?: string): string {
  const params = new URLSearchParams({ v: String(photo.version) });
  if (preset) params.set('preset', preset);
  return `/api/photo-studio/photos/${photo.id}/${kind}?${params.toString()}`;
}

/** Size of the displayed image and of the photo in source pixels, for brush conversions. */
export interface BrushFrame {
  displayWidth: number;
  displayHeight: number;
  sourceWidth: number;
  sourceHeight: number;
}

/**
 * Converts a point on the displayed image (CSS pixels from its top-left corner) to source
 * pixels of the photo, clamped to the photo, rounded to whole pixels.
 */
export function toSourcePoint(x: number, y: number, frame: BrushFrame): [number, number] {
  const scaleX = frame.sourceWidth / frame.displayWidth;
  const scaleY = frame.sourceHeight / frame.displayHeight;
  const sourceX = Math.min(frame.sourceWidth - 1, Math.max(0, Math.round(x * scaleX)));
  const sourceY = Math.min(frame.sourceHeight - 1, Math.max(0, Math.round(y * scaleY)));
  return [sourceX, sourceY];
}

/** Converts a brush radius in CSS pixels to source pixels (at least 1), using the wider scale. */
export function toSourceRadius(radius: number, frame: BrushFrame): number {
  const scale = Math.max(frame.sourceWidth / frame.displayWidth, frame.sourceHeight / frame.displayHeight);
  return Math.max(1, Math.round(radius * scale));
}

/** Converts a stroke recorded in source pixels back to CSS pixels of the displayed image, for drawing. */
export function toDisplayStroke(stroke: MaskStroke, frame: BrushFrame): { radius: number; points: [number, number][] } {
  const scaleX = frame.displayWidth / frame.sourceWidth;
  const scaleY = frame.displayHeight / frame.sourceHeight;
  return {
    radius: stroke.radius * Math.min(scaleX, scaleY),
    points: stroke.points.map(([x, y]) => [x * scaleX, y * scaleY]),
  };
}

/** Adds `delta` degrees to a rotation and wraps the sum into -180 to 180, the range that the pipeline accepts. */
export function rotateBy(current: number, delta: number): number {
  let next = current + delta;
  while (next > 180) next -= 360;
  while (next < -180) next += 360;
  return next;
}

/** Translation key (under photoStudio.ruleDetail) and values that describe one checked rule in words. */
export interface RuleDetail {
  key: string;
  values: Record<string, string>;
}

/** Formats a fraction of a side as a percentage with at most one decimal ("5", "12.5"). */
function percentOf(fraction: number): string {
  return plainNumber(fraction * 100, 1);
}

/**
 * Describes a checked rule with the measured value and the preset's limit in the screen's own
 * words. The server's `expected` texts are English notes for the benchmark, so the limits
 * come from the preset instead. Returns undefined for a rule or value this screen does not
 * know, which the screen then shows without details.
 */
export function ruleDetail(result: ComplianceResult, preset: StudioPreset | undefined): RuleDetail | undefined {
  const measured = result.measured;
  const number = typeof measured === 'number' ? measured : undefined;
  const rules = preset?.rules;

  switch (result.rule) {
    case 'size':
      return preset ? { key: 'size', values: { measured: String(measured), expected: `${preset.width}x${preset.height}` } } : undefined;
    case 'format':
      return preset ? { key: 'format', values: { measured: String(measured).toUpperCase(), expected: preset.format.toUpperCase() } } : undefined;
    case 'bytes':
      return number !== undefined && preset ? { key: 'bytes', values: { measured: plainNumber(number / 1000, 1), max: plainNumber(preset.maxBytes / 1000, 1) } } : undefined;
    case 'border_white':
      return number !== undefined ? { key: 'borderWhite', values: { count: String(number) } } : undefined;
    case 'no_frame':
      return { key: 'noFrame', values: {} };
    case 'piece_present':
      return { key: 'piecePresent', values: {} };
    case 'fill':
      return number !== undefined && rules?.fill
        ? { key: 'fill', values: { measured: percentOf(number), min: percentOf(rules.fill.min), max: percentOf(rules.fill.max), target: percentOf(rules.fill.target) } }
        : undefined;
    case 'margins':
      return number !== undefined && rules?.minMargin != null ? { key: 'margins', values: { measured: percentOf(number), min: percentOf(rules.minMargin) } } : undefined;
    case 'top_left_clear':
      return number !== undefined && rules?.clearTopLeft != null ? { key: 'topLeftClear', values: { count: String(number), corner: percentOf(rules.clearTopLeft) } } : undefined;
    case 'resolution':
      return number !== undefined ? { key: 'resolution', values: { measured: plainNumber(number, 1), max: String(MAX_UPSCALE) } } : undefined;
    default:
      return undefined;
  }
}
