// Response shapes of the photo studio routes (/api/photo-studio/...). They are taken from the
// server's zod schemas as types only, so a change on the server fails the type check here and
// nothing of the server is bundled into the web UI.

import type { z } from 'zod';
import type { itemPhotosSchema, lookSchema, photoListSchema, presetListSchema, ruleResultSchema } from '../../../../src/modules/photo-studio/studio/schemas.js';

export type { MaskStroke, PhotoAdjustments } from '../../../../src/modules/photo-studio/pipeline-types.js';
export type { Look, Photo, PhotoStatus } from '../../../../src/modules/photo-studio/studio/schemas.js';

import type { PhotoStatus } from '../../../../src/modules/photo-studio/studio/schemas.js';

/** Statuses in which the server still processes a photo, so the screen polls for changes. */
export const PENDING_STATUSES: readonly PhotoStatus[] = ['queued', 'processing'];

export type PhotoList = z.infer<typeof photoListSchema>;
export type ComplianceResult = z.infer<typeof ruleResultSchema>;
export type PresetList = z.infer<typeof presetListSchema>;
export type PresetSummary = PresetList['presets'][number];
/**
 * A preset as the screen's selectors and rule texts read it. The server always sends every
 * field; kind, border ring, notes and date are optional here only for hand-written fixtures.
 */
export type StudioPreset = Omit<PresetSummary, 'kind' | 'borderRingPx' | 'notes' | 'updatedAt'> & Partial<Pick<PresetSummary, 'kind' | 'borderRingPx' | 'notes' | 'updatedAt'>>;
export type LearnedCategory = z.infer<typeof lookSchema>['categories'][number];
/** The piece's photos after a reorder (PUT /api/photo-studio/items/:itemId/photos). */
export type ItemPhotos = z.infer<typeof itemPhotosSchema>;
