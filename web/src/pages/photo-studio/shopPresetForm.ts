// Conversion between a shop preset as the API stores it (fractions of a side, bytes) and the
// values of the preset form (percent, KB or MB), which is what a shop reads in the channels'
// own guidelines.

import type { PresetSummary } from './types.js';

export type SizeUnit = 'kb' | 'mb';

/** KB and MB as in presets.ts: 1 KB = 1,000 bytes, 1 MB = 1,000,000 bytes. */
const UNIT_BYTES: Record<SizeUnit, number> = { kb: 1_000, mb: 1_000_000 };

export interface ShopPresetValues {
  id: string;
  label: { ja: string; en: string };
  width: number;
  height: number;
  format: PresetSummary['format'];
  maxBytesValue: number;
  maxBytesUnit: SizeUnit;
  background: PresetSummary['rules']['background'];
  fillEnabled: boolean;
  /** Percent of the image side. */
  fill: { target?: number; min?: number; max?: number };
  /** Percent of the image side; undefined or null is not checked. */
  minMargin?: number | null;
  clearTopLeft?: number | null;
}

/** Turns a fraction into a percent without float noise (0.07 → 7, not 7.000000000000001). */
function toPercent(fraction: number): number {
  return Math.round(fraction * 10_000) / 100;
}

function toFraction(percent: number): number {
  return Math.round(percent * 100) / 10_000;
}

/** Returns the form values for a new preset, or for editing `preset`. */
export function presetToValues(preset: PresetSummary | undefined): ShopPresetValues {
  if (!preset) {
    return {
      id: 'shop-',
      label: { ja: '', en: '' },
      width: 1500,
      height: 1500,
      format: 'jpeg',
      maxBytesValue: 2,
      maxBytesUnit: 'mb',
      background: 'white',
      fillEnabled: true,
      fill: { target: 80, min: 50, max: 95 },
      minMargin: null,
      clearTopLeft: null,
    };
  }
  const inMb = preset.maxBytes % UNIT_BYTES.mb === 0;
  const { fill, minMargin, clearTopLeft } = preset.rules;
  return {
    id: preset.id,
    label: preset.label,
    width: preset.width,
    height: preset.height,
    format: preset.format,
    maxBytesValue: inMb ? preset.maxBytes / UNIT_BYTES.mb : preset.maxBytes / UNIT_BYTES.kb,
    maxBytesUnit: inMb ? 'mb' : 'kb',
    background: preset.rules.background,
    fillEnabled: fill !== null,
    fill: fill ? { target: toPercent(fill.target), min: toPercent(fill.min), max: toPercent(fill.max) } : { target: 80, min: 50, max: 95 },
    minMargin: minMargin === null ? null : toPercent(minMargin),
    clearTopLeft: clearTopLeft === null ? null : toPercent(clearTopLeft),
  };
}

/**
 * Builds the body of PUT /api/photo-studio/presets/:id. The border ring, longest side and
 * notes have no field on the form, so an edited preset keeps the values it had.
 */
export function valuesToPresetBody(values: ShopPresetValues, previous: PresetSummary | undefined): Record<string, unknown> {
  const percentOrNull = (value: number | null | undefined) => (value === null || value === undefined ? null : toFraction(value));
  return {
    id: values.id.trim(),
    label: { ja: values.label.ja.trim(), en: values.label.en.trim() },
    format: values.format,
    width: values.width,
    height: values.height,
    maxBytes: Math.round(values.maxBytesValue * UNIT_BYTES[values.maxBytesUnit]),
    background: values.background,
    fill: values.fillEnabled ? { target: toFraction(values.fill.target ?? 0), min: toFraction(values.fill.min ?? 0), max: toFraction(values.fill.max ?? 0) } : null,
    minMargin: percentOrNull(values.minMargin),
    clearTopLeft: percentOrNull(values.clearTopLeft),
    ...(previous ? { borderRingPx: previous.borderRingPx, longestSide: previous.rules.longestSide, notes: previous.notes } : {}),
  };
}

/**
 * Maps a field that the server names in an error (a path of the preset body) to the form
 * field that shows it. A rule about the whole fill range goes on its target.
 */
export function presetFieldToFormName(path: Array<string | number>): Array<string | number> | undefined {
  const [head] = path;
  if (head === 'maxBytes') return ['maxBytesValue'];
  if (head === 'fill' && path.length === 1) return ['fill', 'target'];
  return path;
}

/** Formats a byte limit for the preset list, in MB when it is whole megabytes. */
export function formatByteLimit(bytes: number): string {
  return bytes % UNIT_BYTES.mb === 0 ? `${bytes / UNIT_BYTES.mb} MB` : `${bytes / UNIT_BYTES.kb} KB`;
}
