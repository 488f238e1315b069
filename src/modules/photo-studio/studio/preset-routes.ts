/**
 * Preset routes of the photo studio: the channel presets and the shop's own presets
 * (/api/photo-studio/presets). Reading needs 'items.edit', like the rest of the studio.
 * Creating, replacing and deleting a shop preset needs 'settings.change' as well, because a
 * preset sets what every later photo of the shop looks like.
 */

import type { FastifyRequest } from 'fastify';

import type { App } from '../../../server/types.js';
import { currentUser } from '../../../server/types.js';
import { PERMISSION_LABELS } from '../../access/permissions.js';
import { auditActor } from '../../audit/http.js';
import { recordAudit } from '../../audit/service.js';
import { authErrors } from '../../auth/errors.js';
import type { Db } from '../../../db/database.js';
import { CHANNEL_PRESET_IDS, PRESETS, type PhotoPreset } from '../presets.js';
import type { StudioFiles } from './files.js';
import { presetDeletedSchema, presetListSchema, presetSummarySchema, shopPresetParams, type PresetSummary } from './schemas.js';
import { deleteShopPreset, listShopPresets, saveShopPreset } from './shop-presets.js';

const TAGS = ['photo-studio'];
const WRITE = { permission: 'items.edit', alsoRequires: ['settings.change'], noCostFields: true } as const;

function toSummary(preset: PhotoPreset, kind: PresetSummary['kind'], updatedAt: string | null): PresetSummary {
  return {
    id: preset.id,
    kind,
    label: preset.label,
    format: preset.format,
    width: preset.width,
    height: preset.height,
    maxBytes: preset.maxBytes,
    borderRingPx: preset.borderRingPx,
    rules: { background: preset.background, fill: preset.fill, minMargin: preset.minMargin, clearTopLeft: preset.clearTopLeft, longestSide: preset.longestSide },
    notes: preset.notes,
    updatedAt,
  };
}

/** Rejects a user without 'settings.change'; the audit fallback records the refused request. */
function requireSettingsChange(request: FastifyRequest): void {
  if (currentUser(request).permissions.includes('settings.change')) return;
  const label = PERMISSION_LABELS['settings.change'];
  throw authErrors.permission_denied({ permissionJa: label.ja, permissionEn: label.en }, { permission: 'settings.change' });
}

export async function photoStudioPresetRoutes(app: App, { db, files }: { db: Db; files: StudioFiles }): Promise<void> {
  app.get(
    '/api/photo-studio/presets',
    {
      config: { permission: 'items.edit', noCostFields: true },
      schema: {
        tags: TAGS,
        summary: "The channel presets, then the shop's own presets by id, with their size, byte limit and layout rules",
        response: { 200: presetListSchema },
      },
    },
    async () => {
      const channel = CHANNEL_PRESET_IDS.map((id) => toSummary(PRESETS[id], 'channel', null));
      const shop = (await listShopPresets(db)).map((stored) => toSummary(stored.preset, 'shop', stored.updatedAt));
      return { presets: [...channel, ...shop] };
    },
  );

  app.put(
    '/api/photo-studio/presets/:id',
    {
      config: WRITE,
      schema: {
        tags: TAGS,
        summary:
          "Create or replace a shop preset (id 'shop-…'); the body is the preset, checked field by field; needs settings.change too; recorded as photo_studio.preset_save",
        params: shopPresetParams,
        response: { 200: presetSummarySchema },
      },
    },
    async (request) => {
      requireSettingsChange(request);
      const { id } = request.params;
      const user = currentUser(request);

      const saved = await db.transaction().execute(async (trx) => {
        const result = await saveShopPreset(trx, id, request.body, user.id);
        await recordAudit(trx, auditActor(request), {
          action: 'photo_studio.preset_save',
          entityType: 'photo_studio_preset',
          entityId: id,
          before: result.before ?? undefined,
          after: result.after,
          detail: { created: result.before === null },
        });
        return result;
      });

      // Results cached for old values (of this preset, or of a deleted one with the same id)
      // would otherwise be served as if made with the new ones.
      const removed = await files.removeResultsOfPreset(id);
      if (removed > 0) request.log.info({ preset: id, removed }, 'photo studio results of a saved shop preset removed');
      const stored = (await listShopPresets(db)).find((candidate) => candidate.preset.id === id);
      return toSummary(saved.after, 'shop', stored?.updatedAt ?? null);
    },
  );

  app.delete(
    '/api/photo-studio/presets/:id',
    {
      config: WRITE,
      schema: {
        tags: TAGS,
        summary:
          'Delete a shop preset. Photos made with it keep their finished image, but a redo fails with an error naming the preset until another preset is chosen; needs settings.change too; recorded as photo_studio.preset_delete',
        params: shopPresetParams,
        response: { 200: presetDeletedSchema },
      },
    },
    async (request) => {
      requireSettingsChange(request);
      const { id } = request.params;

      const deleted = await db.transaction().execute(async (trx) => {
        const result = await deleteShopPreset(trx, id);
        await recordAudit(trx, auditActor(request), {
          action: 'photo_studio.preset_delete',
          entityType: 'photo_studio_preset',
          entityId: id,
          before: result.preset,
          detail: { photosUsing: result.photosUsing },
        });
        return result;
      });

      // The rendered files stay, so the photos made with this preset keep their finished image.
      request.log.info({ preset: id, photosUsing: deleted.photosUsing }, 'photo studio shop preset deleted');
      return { id, photosUsing: deleted.photosUsing };
    },
  );
}
