/**
 * Routes of the photo studio (/api/photo-studio/...). Every route needs 'items.edit', except
 * the finished image ('stock.view') and the shop preset changes (preset-routes.ts).
 * An upload is stored and queued at once. The correction runs in worker threads (jobs.ts),
 * and the screen polls the photo until its status is done or failed.
 */

import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';

import type { App, AppDeps } from '../../../server/types.js';
import { currentUser } from '../../../server/types.js';
import { auditActor, markUnchanged } from '../../audit/http.js';
import { recordAudit } from '../../audit/service.js';
import { isDomainError } from '../../../shared/errors.js';
import { photoErrors } from '../photo-errors.js';
import type { PhotoPreset } from '../presets.js';
import { studioErrors } from './errors.js';
import { exportItemPhotos } from './export.js';
import { StudioFiles } from './files.js';
import { PhotoJobs } from './jobs.js';
import {
  adjustBody,
  attachBody,
  attachResultSchema,
  exportQuery,
  idParams,
  itemIdParams,
  itemPhotosSchema,
  listQuery,
  lookResetQuery,
  lookSchema,
  photoListSchema,
  photoSchema,
  reorderBody,
  resultQuery,
  uploadQuery,
} from './schemas.js';
import { acceptPhoto, attachPhoto, findItem, insertPhoto, normaliseCategory, redoPhoto, reorderItemPhotos, resetLook } from './service.js';
import { photoStudioPresetRoutes } from './preset-routes.js';
import { resolvePreset } from './shop-presets.js';
import { findPhotoRow, learnedSettingsFor, listPhotoRows, loadLook, toPhoto, type PhotoRow } from './store.js';

const TAGS = ['photo-studio'];
// No studio response contains money. `margin` there is white space around the piece.
const PERMISSION = { permission: 'items.edit', noCostFields: true } as const;

const CONTENT_TYPES = { jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp' } as const;

/**
 * Sends a stored image with an ETag that names the photo's version. A browser revalidates
 * its copy on each use (no-cache) and gets 304 until a redo changes the version.
 */
function sendImage(request: FastifyRequest, reply: FastifyReply, bytes: Buffer, contentType: string, etag: string) {
  void reply.header('etag', etag).header('cache-control', 'private, no-cache');
  if (request.headers['if-none-match'] === etag) return reply.status(304).send();
  return reply.type(contentType).send(bytes);
}

function requireFinished(row: PhotoRow): void {
  if (row.status !== 'done' && row.status !== 'accepted') throw studioErrors.photo_not_ready({ id: Number(row.id), status: row.status });
}

export async function photoStudioRoutes(app: App, { db, config }: AppDeps): Promise<void> {
  const files = new StudioFiles(config.dataDir);
  const jobs = new PhotoJobs({ db, files, logger: app.log, workers: config.photoWorkers });
  app.addHook('onReady', async () => {
    await jobs.resume();
  });
  app.addHook('onClose', async () => {
    await jobs.close();
  });
  await photoStudioPresetRoutes(app, { db, files });

  /** Returns the finished image of a done or accepted photo whose preset was deleted, if it was stored. */
  async function storedResultOfDeletedPreset(row: PhotoRow) {
    if (row.status !== 'done' && row.status !== 'accepted') return undefined;
    return files.storedResult(Number(row.id), row.preset, Number(row.version));
  }

  // Uploads carry the image bytes as the body. The parsers live in their own scope, so other
  // routes keep rejecting non-JSON bodies.
  await app.register(async (scope) => {
    scope.addContentTypeParser(/^image\/[\w.+-]+$/, { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
    scope.addContentTypeParser('application/octet-stream', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

    scope.post(
      '/api/photo-studio/photos',
      {
        config: PERMISSION,
        schema: {
          tags: TAGS,
          summary: 'Upload one photo (raw image bytes as the body) and queue its correction; recorded as photo_studio.upload',
          querystring: uploadQuery,
          response: { 201: photoSchema },
        },
      },
      async (request, reply) => {
        // The scope's own routes are not typed by the zod provider; the schema still validates.
        const query = request.query as z.output<typeof uploadQuery>;
        const user = currentUser(request);
        if (!Buffer.isBuffer(request.body)) throw studioErrors.upload_content_type({ value: request.headers['content-type'] ?? '-' });
        const bytes = request.body;
        if (bytes.length === 0) throw photoErrors.photo_empty({ fileName: query.fileName });
        await resolvePreset(db, query.preset);

        const item = query.itemId === undefined ? null : await findItem(db, query.itemId);
        // An empty category in the query also falls back to the item's.
        const category = normaliseCategory(query.category || item?.category);
        const learned = await learnedSettingsFor(db, category);

        const row = await db.transaction().execute(async (trx) => {
          const inserted = await insertPhoto(trx, { fileName: query.fileName, preset: query.preset, category, itemId: item?.id ?? null, learned, userId: user.id });
          // Inside the transaction: a failed write leaves no row without its file.
          await files.write(files.originalPath(Number(inserted.id)), bytes);
          await recordAudit(trx, auditActor(request), {
            action: 'photo_studio.upload',
            entityType: 'photo_studio_photo',
            entityId: Number(inserted.id),
            detail: { fileName: query.fileName, bytes: bytes.length, preset: query.preset, category, itemId: item?.id ?? null },
          });
          return inserted;
        });
        jobs.enqueue(Number(row.id));
        return reply.status(201).send(toPhoto(row, request.locale));
      },
    );
  });

  app.get(
    '/api/photo-studio/photos',
    { config: PERMISSION, schema: { tags: TAGS, summary: 'Studio photos, newest first', querystring: listQuery, response: { 200: photoListSchema } } },
    async (request) => {
      const rows = await listPhotoRows(db, request.query);
      return { photos: rows.map((row) => toPhoto(row, request.locale)) };
    },
  );

  app.get(
    '/api/photo-studio/photos/:id',
    { config: PERMISSION, schema: { tags: TAGS, summary: 'One studio photo', params: idParams, response: { 200: photoSchema } } },
    async (request) => toPhoto(await findPhotoRow(db, request.params.id), request.locale),
  );

  app.get(
    '/api/photo-studio/photos/:id/original',
    { config: PERMISSION, schema: { tags: TAGS, summary: 'Preview of the original (JPEG, oriented, longest side at most 1600 px)', params: idParams, produces: ['image/jpeg'] } },
    async (request, reply) => {
      const row = await findPhotoRow(db, request.params.id);
      const preview = await files.read(files.previewPath(Number(row.id)));
      if (!preview) throw studioErrors.photo_not_ready({ id: Number(row.id), status: row.status });
      return sendImage(request, reply, preview, 'image/jpeg', `"studio-${row.id}-original"`);
    },
  );

  app.get(
    '/api/photo-studio/photos/:id/result',
    {
      // Items link their photos here, so whoever may see items may see the images.
      config: { permission: 'stock.view', noCostFields: true },
      schema: {
        tags: TAGS,
        summary:
          "The finished image; ?preset= renders another preset's version with the same adjustments and keeps it. A photo whose shop preset was deleted keeps serving its finished image",
        params: idParams,
        querystring: resultQuery,
        produces: ['image/jpeg', 'image/png', 'image/webp'],
      },
    },
    async (request, reply) => {
      const row = await findPhotoRow(db, request.params.id);
      let preset: PhotoPreset;
      try {
        preset = await resolvePreset(db, request.query.preset ?? row.preset);
      } catch (error) {
        // The photo's own shop preset was deleted. Its finished image stays served, so items
        // that link this URL keep their picture; other renders and redo need a preset.
        const stored = request.query.preset === undefined && isDomainError(error) && error.code === 'preset_unknown' ? await storedResultOfDeletedPreset(row) : undefined;
        if (!stored) throw error;
        return sendImage(request, reply, stored.bytes, CONTENT_TYPES[stored.format], `"studio-${row.id}-v${row.version}-${row.preset}"`);
      }
      if (row.status === 'done' || row.status === 'accepted') {
        const bytes = await jobs.render(row, preset);
        return sendImage(request, reply, bytes, CONTENT_TYPES[preset.format], `"studio-${row.id}-v${row.version}-${preset.id}"`);
      }

      // During a redo the previous version is served, so an item that shows this URL keeps
      // its image until the new one is stored.
      const previous = await files.previousResult(Number(row.id), preset.id, Number(row.version), preset.format);
      if (!previous) throw studioErrors.photo_not_ready({ id: Number(row.id), status: row.status });
      return sendImage(request, reply, previous.bytes, CONTENT_TYPES[preset.format], `"studio-${row.id}-v${previous.version}-${preset.id}"`);
    },
  );

  app.get(
    '/api/photo-studio/photos/:id/mask',
    { config: PERMISSION, schema: { tags: TAGS, summary: 'The predicted piece mask at source size (greyscale PNG, 255 = piece)', params: idParams, produces: ['image/png'] } },
    async (request, reply) => {
      const row = await findPhotoRow(db, request.params.id);
      requireFinished(row);
      const mask = await files.read(files.maskPath(Number(row.id), Number(row.version)));
      if (!mask) throw studioErrors.photo_not_ready({ id: Number(row.id), status: row.status });
      return sendImage(request, reply, mask, 'image/png', `"studio-${row.id}-v${row.version}-mask"`);
    },
  );

  app.put(
    '/api/photo-studio/photos/:id/adjustments',
    {
      config: PERMISSION,
      schema: {
        tags: TAGS,
        summary: 'Change adjustments (values as applied), mask strokes or preset and process the photo again; recorded as photo_studio.adjust',
        params: idParams,
        body: adjustBody,
        response: { 202: photoSchema },
      },
    },
    async (request, reply) => {
      const body = request.body;
      if (body.preset) await resolvePreset(db, body.preset);
      const row = await db.transaction().execute(async (trx) => {
        const before = await findPhotoRow(trx, request.params.id);
        const after = await redoPhoto(trx, before, { adjustments: body.adjustments, maskStrokes: body.maskStrokes, preset: body.preset });
        await recordAudit(trx, auditActor(request), {
          action: 'photo_studio.adjust',
          entityType: 'photo_studio_photo',
          entityId: Number(after.id),
          before: { adjustments: JSON.parse(before.adjustments_json), preset: before.preset, status: before.status, version: before.version },
          after: { adjustments: JSON.parse(after.adjustments_json), preset: after.preset, status: after.status, version: after.version },
          detail: { maskStrokes: body.maskStrokes?.length ?? null },
        });
        return after;
      });
      jobs.enqueue(Number(row.id));
      return reply.status(202).send(toPhoto(row, request.locale));
    },
  );

  app.post(
    '/api/photo-studio/photos/:id/accept',
    {
      config: PERMISSION,
      schema: { tags: TAGS, summary: 'Accept a finished photo; its adjustments feed the learned look; recorded as photo_studio.accept', params: idParams, response: { 200: photoSchema } },
    },
    async (request) => {
      const user = currentUser(request);
      const row = await db.transaction().execute(async (trx) => {
        const current = await findPhotoRow(trx, request.params.id);
        if (current.status === 'accepted') {
          markUnchanged(request);
          return current;
        }
        const accepted = await acceptPhoto(trx, current, user.id);
        await recordAudit(trx, auditActor(request), {
          action: 'photo_studio.accept',
          entityType: 'photo_studio_photo',
          entityId: Number(accepted.id),
          detail: { category: accepted.category, adjustments: JSON.parse(accepted.adjustments_json), learned: JSON.parse(accepted.learned_json), version: accepted.version },
        });
        return accepted;
      });
      return toPhoto(row, request.locale);
    },
  );

  app.post(
    '/api/photo-studio/photos/:id/attach',
    {
      config: PERMISSION,
      schema: {
        tags: TAGS,
        summary: "Append an accepted photo's finished image to an item's photos; recorded as photo_studio.attach",
        params: idParams,
        body: attachBody,
        response: { 200: attachResultSchema },
      },
    },
    async (request) => {
      const result = await db.transaction().execute(async (trx) => {
        const row = await findPhotoRow(trx, request.params.id);
        const item = await findItem(trx, request.body.itemId);
        const attached = await attachPhoto(trx, row, item);
        if (attached.added) {
          await recordAudit(trx, auditActor(request), {
            action: 'photo_studio.attach',
            entityType: 'item',
            entityId: item.id,
            detail: { photoId: Number(row.id), itemPhotoId: attached.itemPhoto.id, position: attached.itemPhoto.position, url: attached.itemPhoto.url },
          });
        } else {
          markUnchanged(request);
        }
        return { photo: await findPhotoRow(trx, Number(row.id)), itemPhoto: attached.itemPhoto };
      });
      return { photo: toPhoto(result.photo, request.locale), itemPhoto: result.itemPhoto };
    },
  );

  app.put(
    '/api/photo-studio/items/:itemId/photos',
    {
      config: PERMISSION,
      schema: {
        tags: TAGS,
        summary: "Reorder an item's photos (positions 0..n-1 in the order given); recorded as photo_studio.reorder",
        params: itemIdParams,
        body: reorderBody,
        response: { 200: itemPhotosSchema },
      },
    },
    async (request) => {
      const { itemId } = request.params;
      const photos = await db.transaction().execute(async (trx) => {
        await findItem(trx, itemId);
        const reordered = await reorderItemPhotos(trx, itemId, request.body.itemPhotoIds);
        await recordAudit(trx, auditActor(request), { action: 'photo_studio.reorder', entityType: 'item', entityId: itemId, detail: { itemPhotoIds: request.body.itemPhotoIds } });
        return reordered;
      });
      return { itemId, photos };
    },
  );

  app.get(
    '/api/photo-studio/items/:itemId/export',
    {
      config: PERMISSION,
      schema: {
        tags: TAGS,
        summary: "A zip of the item's accepted studio photos rendered for one preset, named <stock number>-<n>.jpg",
        params: itemIdParams,
        querystring: exportQuery,
        produces: ['application/zip'],
      },
    },
    async (request, reply) => {
      const item = await findItem(db, request.params.itemId);
      const preset = await resolvePreset(db, request.query.preset);
      const { zip, names } = await exportItemPhotos(db, jobs, item, preset);
      request.log.info({ itemId: item.id, preset: preset.id, files: names.length }, 'photo studio export');
      const fileName = `${item.stock_number}-${preset.id}.zip`;
      return reply
        .header('content-type', 'application/zip')
        .header('content-disposition', `attachment; filename="${encodeURIComponent(fileName)}"; filename*=UTF-8''${encodeURIComponent(fileName)}`)
        .header('cache-control', 'no-store')
        .send(Buffer.from(zip));
    },
  );

  app.get(
    '/api/photo-studio/look',
    { config: PERMISSION, schema: { tags: TAGS, summary: "The shop's learned look: starting adjustments per category and overall", response: { 200: lookSchema } } },
    async () => loadLook(db),
  );

  app.delete(
    '/api/photo-studio/look',
    {
      config: PERMISSION,
      schema: {
        tags: TAGS,
        summary: 'Forget the learned look of one category, or of all when category is left out; recorded as photo_studio.look_reset',
        querystring: lookResetQuery,
        response: { 200: lookSchema },
      },
    },
    async (request) => {
      const user = currentUser(request);
      const category = request.query.category === undefined ? null : normaliseCategory(request.query.category);
      await db.transaction().execute(async (trx) => {
        const lastLogId = await resetLook(trx, category, user.id);
        await recordAudit(trx, auditActor(request), { action: 'photo_studio.look_reset', entityType: 'photo_studio_look', entityId: category ?? '*', detail: { category, lastLogId } });
      });
      return loadLook(db);
    },
  );
}
