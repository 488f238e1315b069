import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import type { FastifyBaseLogger } from 'fastify';
import { unzipSync } from 'fflate';
import sharp from 'sharp';
import { afterAll, beforeAll, expect, it } from 'vitest';

import { buildApp } from '../../../server/app.js';
import type { App } from '../../../server/types.js';
import { testConfig, signIn, type ApiClient } from '../../../../test/helpers/app.js';
import { describeEachDatabase, type TestDatabase } from '../../../../test/helpers/database.js';
import { createTestLocation, receiveTestItem } from '../../../../test/helpers/factories.js';
import { capturingLogger } from '../../../../test/helpers/logger.js';
import type { Look, Photo } from './schemas.js';

const RING = '/work/shared/data/real/photos/rings/images/ring3.jpg';

/** Returns a small copy of a real ring photo, so that each job stays short. */
async function smallRing(): Promise<Buffer> {
  return sharp(readFileSync(RING)).resize(480, 480, { fit: 'inside' }).jpeg({ quality: 90 }).toBuffer();
}

/** Returns the start of an iPhone HEIC file: a 'ftyp' box with the 'heic' brand. */
function heicBytes(): Buffer {
  const header = Buffer.from([0, 0, 0, 24, ...Buffer.from('ftypheic'), 0, 0, 0, 0, ...Buffer.from('mif1heic')]);
  return Buffer.concat([header, Buffer.alloc(200, 1)]);
}

async function buildStudioApp(database: TestDatabase, dataDir: string, logger: FastifyBaseLogger | false = false): Promise<App> {
  const app = await buildApp({
    db: database.db,
    databaseKind: database.kind,
    config: testConfig({ dataDir, photoWorkers: 2 }),
    logger,
    webRoot: '/nonexistent',
  });
  await app.ready();
  return app;
}

async function upload(api: ApiClient, bytes: Buffer, query: string, contentType = 'image/jpeg') {
  return api.request('POST', `/api/photo-studio/photos?${query}`, bytes, { 'content-type': contentType });
}

/** Polls a photo until its job has finished (done, failed or accepted). */
async function waitForPhoto(api: ApiClient, id: number, timeoutMs = 20_000): Promise<Photo> {
  const started = Date.now();
  for (;;) {
    const photo = (await api.get(`/api/photo-studio/photos/${id}`)).json() as Photo;
    if (photo.status !== 'queued' && photo.status !== 'processing') return photo;
    if (Date.now() - started > timeoutMs) throw new Error(`photo ${id} still ${photo.status} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describeEachDatabase('photo studio', (database) => {
  let dataDir: string;
  let app: App;
  let api: ApiClient;
  let ringJpeg: Buffer;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'tsunagu-studio-'));
    app = await buildStudioApp(database(), dataDir);
    api = await signIn(app, database(), 'en');
    ringJpeg = await smallRing();
  });
  afterAll(async () => {
    await app?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  let photoId: number;
  let itemId: number;
  /** Source size of the first photo after orientation. */
  let size: [number, number];

  it('uploads and processes a photo', async () => {
    const location = await createTestLocation(database().db);
    const item = await receiveTestItem(database().db, { locationId: location.id });
    itemId = item.id;

    const response = await upload(api, ringJpeg, `fileName=ring3.jpg&preset=rakuten&itemId=${itemId}`);
    expect(response.statusCode, response.body).toBe(201);
    const queued = response.json() as Photo;
    expect(queued.status).toBe('queued');
    expect(queued.fileName).toBe('ring3.jpg');
    // The category comes from the item.
    expect(queued.category).toBe('ring');
    expect(queued.itemId).toBe(itemId);
    expect(queued.version).toBe(1);
    photoId = queued.id;

    const done = await waitForPhoto(api, photoId);
    expect(done.status, JSON.stringify(done.error)).toBe('done');
    expect(done.auto).not.toBeNull();
    expect(done.compliance.length).toBeGreaterThan(0);
    // ring3.jpg is landscape: resized to fit 480 × 480 it is 480 wide.
    expect(done.width).toBe(480);
    expect(done.height).toBeGreaterThan(0);
    expect(done.error).toBeNull();
    size = [done.width!, done.height!];
  });

  it('serves the result, mask and original', async () => {
    const result = await api.get(`/api/photo-studio/photos/${photoId}/result`);
    expect(result.statusCode).toBe(200);
    expect(result.headers['content-type']).toBe('image/jpeg');
    const resultMeta = await sharp(result.rawPayload).metadata();
    expect([resultMeta.width, resultMeta.height]).toEqual([1200, 1200]);

    const etag = String(result.headers.etag);
    expect(etag).toContain('-v1-');
    const again = await api.request('GET', `/api/photo-studio/photos/${photoId}/result`, undefined, { 'if-none-match': etag });
    expect(again.statusCode).toBe(304);

    const mask = await api.get(`/api/photo-studio/photos/${photoId}/mask`);
    expect(mask.statusCode).toBe(200);
    expect(mask.headers['content-type']).toBe('image/png');
    const maskMeta = await sharp(mask.rawPayload).metadata();
    expect([maskMeta.width, maskMeta.height]).toEqual(size);

    const original = await api.get(`/api/photo-studio/photos/${photoId}/original`);
    expect(original.statusCode).toBe(200);
    expect(original.headers['content-type']).toBe('image/jpeg');
    const originalMeta = await sharp(original.rawPayload).metadata();
    expect([originalMeta.width, originalMeta.height]).toEqual(size);
  });

  it('renders another preset on demand', async () => {
    const amazon = await api.get(`/api/photo-studio/photos/${photoId}/result?preset=amazon`);
    expect(amazon.statusCode).toBe(200);
    expect((await sharp(amazon.rawPayload).metadata()).width).toBe(2000);
    expect(readdir(dataDir, photoId)).toContain('result-amazon-v1.jpg');

    const unknown = await api.get(`/api/photo-studio/photos/${photoId}/result?preset=ebay`);
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.message).toContain('rakuten');
  });

  it('redoes with adjustments', async () => {
    const rejected = await api.put(`/api/photo-studio/photos/${photoId}/adjustments`, { adjustments: { exposure: 5 } });
    expect(rejected.statusCode).toBe(400);
    expect(rejected.json().error.message).toContain('exposure');
    expect(rejected.json().error.details.fields[0].field).toBe('adjustments.exposure');

    const response = await api.put(`/api/photo-studio/photos/${photoId}/adjustments`, {
      adjustments: { exposure: 0.5, warmth: 20, margin: 0.05 },
      maskStrokes: [{ mode: 'add', radius: 10, points: [[100, 100], [120, 110]] }],
    });
    expect(response.statusCode, response.body).toBe(202);
    const queued = response.json() as Photo;
    expect(queued.status).toBe('queued');
    expect(queued.version).toBe(2);
    expect(queued.adjustments).toMatchObject({ exposure: 0.5, warmth: 20, margin: 0.05, shadow: 0, rotate: 0 });
    expect(queued.maskStrokes).toHaveLength(1);

    // Until version 2 is stored, the result URL still serves version 1 (or version 2 once
    // the job is done).
    const during = await api.get(`/api/photo-studio/photos/${photoId}/result`);
    expect(during.statusCode).toBe(200);
    expect(String(during.headers.etag)).toMatch(/-v[12]-rakuten/);

    const done = await waitForPhoto(api, photoId);
    expect(done.status).toBe('done');
    const result = await api.get(`/api/photo-studio/photos/${photoId}/result`);
    expect(String(result.headers.etag)).toContain('-v2-');
    // Files of version 1 are removed once version 2 is stored.
    expect(await filesOfVersion1(dataDir, photoId)).toEqual([]);
  });

  it('accepts, attaches and reorders', async () => {
    const early = await api.post(`/api/photo-studio/photos/${photoId}/attach`, { itemId });
    expect(early.statusCode).toBe(409);

    const accepted = await api.post(`/api/photo-studio/photos/${photoId}/accept`);
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect((accepted.json() as Photo).status).toBe('accepted');
    expect((accepted.json() as Photo).acceptedAt).not.toBeNull();
    const log = await database().db.selectFrom('photo_studio_adjustment_log').selectAll().execute();
    expect(log).toHaveLength(1);
    expect(JSON.parse(log[0]!.adjustments_json)).toMatchObject({ exposure: 0.5, warmth: 20 });

    // A photo the item had before the studio, so the order has two entries.
    await database().db.insertInto('item_photos').values({ item_id: itemId, position: 0, url: 'https://img.example.test/a.jpg', alt_text: null }).execute();

    const attached = await api.post(`/api/photo-studio/photos/${photoId}/attach`, { itemId });
    expect(attached.statusCode, attached.body).toBe(200);
    const { itemPhoto } = attached.json() as { itemPhoto: { id: number; position: number; url: string } };
    expect(itemPhoto.url).toBe(`/api/photo-studio/photos/${photoId}/result`);
    expect(itemPhoto.position).toBe(1);

    // The URL given to the item serves the image.
    expect((await api.get(itemPhoto.url)).statusCode).toBe(200);

    const photos = await database().db.selectFrom('item_photos').select(['id', 'position']).where('item_id', '=', itemId).orderBy('position').execute();
    const ids = photos.map((photo) => Number(photo.id));

    const wrong = await api.put(`/api/photo-studio/items/${itemId}/photos`, { itemPhotoIds: [ids[0]] });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.code).toBe('reorder_mismatch');

    const reordered = await api.put(`/api/photo-studio/items/${itemId}/photos`, { itemPhotoIds: [...ids].reverse() });
    expect(reordered.statusCode, reordered.body).toBe(200);
    const order = (reordered.json() as { photos: { id: number; position: number }[] }).photos;
    expect(order.map((photo) => photo.id)).toEqual([...ids].reverse());
    expect(order.map((photo) => photo.position)).toEqual([0, 1]);

    const audit = await database().db.selectFrom('audit_events').select('action').where('action', 'like', 'photo_studio.%').execute();
    expect(audit.map((event) => event.action).sort()).toEqual(
      ['photo_studio.accept', 'photo_studio.adjust', 'photo_studio.attach', 'photo_studio.reorder', 'photo_studio.upload'].sort(),
    );
  });

  it('exports a zip per channel', async () => {
    const response = await api.get(`/api/photo-studio/items/${itemId}/export?preset=yahoo`);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toBe('application/zip');
    const files = unzipSync(new Uint8Array(response.rawPayload));
    const stockNumber = (await database().db.selectFrom('items').select('stock_number').where('id', '=', itemId).executeTakeFirstOrThrow()).stock_number;
    expect(Object.keys(files)).toEqual([`${stockNumber}-1.jpg`]);
    const jpeg = files[`${stockNumber}-1.jpg`]!;
    expect([...jpeg.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
  });

  it('learns the look and resets it', async () => {
    const look = (await api.get('/api/photo-studio/look')).json() as Look;
    expect(look.overall.samples).toBe(1);
    const ring = look.categories.find((group) => group.category === 'ring');
    expect(ring?.samples).toBe(1);
    expect(ring?.settings.exposure).toBeGreaterThan(0);
    expect(ring?.settings).not.toHaveProperty('rotate');

    // A new ring photo starts from the learned settings.
    const next = (await upload(api, ringJpeg, 'fileName=ring-b.jpg&category=ring')).json() as Photo;
    expect(next.learned.exposure).toBe(ring?.settings.exposure);
    expect(next.adjustments.exposure).toBe(ring?.settings.exposure);
    await waitForPhoto(api, next.id);

    const reset = await api.delete('/api/photo-studio/look?category=ring');
    expect(reset.statusCode).toBe(200);
    expect((reset.json() as Look).categories).toEqual([]);
    expect((reset.json() as Look).overall).toEqual({ samples: 0, settings: {} });
    const fresh = (await upload(api, ringJpeg, 'fileName=ring-c.jpg&category=ring')).json() as Photo;
    expect(fresh.learned).toEqual({});
    await waitForPhoto(api, fresh.id);
  });

  it('fails HEIC and garbage with bilingual errors', async () => {
    const heic = (await upload(api, heicBytes(), 'fileName=IMG_0001.HEIC', 'image/heic')).json() as Photo;
    const failed = await waitForPhoto(api, heic.id);
    expect(failed.status).toBe('failed');
    expect(failed.error?.code).toBe('photo_heic_unsupported');
    expect(failed.error?.messages.en).toContain('IMG_0001.HEIC');
    expect(failed.error?.messages.ja).toContain('HEIC');
    expect(failed.error?.message).toBe(failed.error?.messages.en);

    const garbage = (await upload(api, Buffer.from('not an image at all'), 'fileName=notes.txt', 'application/octet-stream')).json() as Photo;
    const broken = await waitForPhoto(api, garbage.id);
    expect(broken.status).toBe('failed');
    expect(broken.error?.code).toBe('photo_corrupt');
    expect((await api.get(`/api/photo-studio/photos/${garbage.id}/result`)).statusCode).toBe(409);

    const empty = await upload(api, Buffer.alloc(0), 'fileName=empty.jpg');
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.code).toBe('photo_empty');

    const json = await api.post('/api/photo-studio/photos?fileName=x.jpg', { not: 'an image' });
    expect(json.statusCode).toBe(400);
    expect(json.json().error.code).toBe('upload_content_type');
  });

  it('lists photos newest first', async () => {
    const all = (await api.get('/api/photo-studio/photos')).json() as { photos: Photo[] };
    const ids = all.photos.map((photo) => photo.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    const failed = (await api.get('/api/photo-studio/photos?status=failed')).json() as { photos: Photo[] };
    expect(failed.photos.map((photo) => photo.status)).toEqual(['failed', 'failed']);
    const ofItem = (await api.get(`/api/photo-studio/photos?itemId=${itemId}&limit=5&status=`)).json() as { photos: Photo[] };
    expect(ofItem.photos.map((photo) => photo.id)).toEqual([photoId]);
  });

  it('redo during a job wins', async () => {
    const id = ((await upload(api, ringJpeg, 'fileName=race.jpg&category=necklace')).json() as Photo).id;
    const redo = await api.put(`/api/photo-studio/photos/${id}/adjustments`, { adjustments: { shadow: 0.5 } });
    expect(redo.statusCode).toBe(202);

    const done = await waitForPhoto(api, id);
    expect(done.status).toBe('done');
    expect(done.version).toBe(2);
    expect(done.adjustments.shadow).toBe(0.5);
    expect(await filesOfVersion1(dataDir, id)).toEqual([]);
    expect(readdir(dataDir, id)).toContain('result-rakuten-v2.jpg');
  });

  it('lists the presets', async () => {
    const presets = (await api.get('/api/photo-studio/presets')).json() as { presets: { id: string; width: number }[] };
    expect(presets.presets.map((preset) => preset.id)).toEqual(['rakuten', 'yahoo', 'amazon', 'shopify']);
  });

  it('resumes unfinished jobs after a restart', async () => {
    const response = await upload(api, ringJpeg, 'fileName=restart.jpg&category=ring');
    const id = (response.json() as Photo).id;
    await waitForPhoto(api, id);
    // As a server stopped mid-job leaves it.
    await database().db.updateTable('photo_studio_photos').set({ status: 'processing' }).where('id', '=', id).execute();

    const restarted = await buildStudioApp(database(), dataDir);
    try {
      const client = await signIn(restarted, database(), 'ja');
      const photo = await waitForPhoto(client, id);
      expect(photo.status).toBe('done');
    } finally {
      await restarted.close();
    }
  });

  it('runs a photo once when two servers resume it', async () => {
    const response = await upload(api, ringJpeg, 'fileName=two-servers.jpg&category=ring');
    const id = (response.json() as Photo).id;
    await waitForPhoto(api, id);
    await database().db.updateTable('photo_studio_photos').set({ status: 'processing' }).where('id', '=', id).execute();

    // Both servers start at once and both find the photo unfinished.
    const logs = [capturingLogger(), capturingLogger()];
    const servers = await Promise.all(logs.map((log) => buildStudioApp(database(), dataDir, log.logger as unknown as FastifyBaseLogger)));
    try {
      const client = await signIn(servers[0]!, database(), 'ja');
      expect((await waitForPhoto(client, id)).status).toBe('done');
      await new Promise((resolve) => setTimeout(resolve, 300));

      const starts = logs.flatMap((log) => log.lines).filter((line) => line.msg === 'photo studio job started' && line.photoId === id);
      expect(starts).toHaveLength(1);
    } finally {
      await Promise.all(servers.map((server) => server.close()));
    }
  });

  /** A square PNG shop preset, small so that its jobs stay short. */
  const SHOP_PRESET = {
    label: { ja: '自社サイト（正方形）', en: 'Own site (square)' },
    format: 'png',
    width: 600,
    height: 600,
    maxBytes: 2_000_000,
    background: 'white',
    fill: { target: 0.7, min: 0.4, max: 0.95 },
  };
  let shopPhotoId: number;

  it('saves and lists a shop preset', async () => {
    const saved = await api.put('/api/photo-studio/presets/shop-square-600', SHOP_PRESET);
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({ id: 'shop-square-600', kind: 'shop', format: 'png', width: 600, borderRingPx: 4, notes: [] });

    const list = (await api.get('/api/photo-studio/presets')).json() as { presets: { id: string; kind: string }[] };
    expect(list.presets.map((preset) => preset.id)).toEqual(['rakuten', 'yahoo', 'amazon', 'shopify', 'shop-square-600']);
    expect(list.presets.map((preset) => preset.kind)).toEqual(['channel', 'channel', 'channel', 'channel', 'shop']);

    const audit = await database().db.selectFrom('audit_events').selectAll().where('action', '=', 'photo_studio.preset_save').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.entity_id).toBe('shop-square-600');
  });

  it('uploads, renders and exports with a shop preset', async () => {
    const uploaded = await upload(api, ringJpeg, `fileName=shop.jpg&preset=shop-square-600&itemId=${itemId}`);
    expect(uploaded.statusCode, uploaded.body).toBe(201);
    shopPhotoId = (uploaded.json() as Photo).id;
    const done = await waitForPhoto(api, shopPhotoId);
    expect(done.status, JSON.stringify(done.error)).toBe('done');
    expect(done.preset).toBe('shop-square-600');

    const result = await api.get(`/api/photo-studio/photos/${shopPhotoId}/result`);
    expect(result.headers['content-type']).toBe('image/png');
    const meta = await sharp(result.rawPayload).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', 600, 600]);

    // A photo made for a channel renders for the shop preset on request.
    const other = await api.get(`/api/photo-studio/photos/${photoId}/result?preset=shop-square-600`);
    expect(other.statusCode, other.body).toBe(200);
    expect(other.headers['content-type']).toBe('image/png');

    const zip = await api.get(`/api/photo-studio/items/${itemId}/export?preset=shop-square-600`);
    expect(zip.statusCode, zip.body).toBe(200);
    const names = Object.keys(unzipSync(new Uint8Array(zip.rawPayload)));
    expect(names.length).toBeGreaterThan(0);
    expect(names.every((name) => name.endsWith('.png'))).toBe(true);
  });

  it('redoes a photo with a shop preset', async () => {
    const redo = await api.put(`/api/photo-studio/photos/${photoId}/adjustments`, { adjustments: {}, preset: 'shop-square-600' });
    expect(redo.statusCode, redo.body).toBe(202);
    const done = await waitForPhoto(api, photoId);
    expect(done.preset).toBe('shop-square-600');

    const unknown = await api.put(`/api/photo-studio/photos/${photoId}/adjustments`, { adjustments: {}, preset: 'shop-missing' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.code).toBe('preset_unknown');
    expect(unknown.json().error.message).toContain('shop-square-600');
  });

  it('rejects an invalid shop preset by field', async () => {
    const japanese = await signIn(app, database(), 'ja');
    const small = await japanese.put('/api/photo-studio/presets/shop-tiny', { ...SHOP_PRESET, width: 50 });
    expect(small.statusCode).toBe(400);
    expect(small.json().error.code).toBe('preset_invalid');
    expect(small.json().error.details.field).toBe('width');
    expect(small.json().error.message).toContain('「width」');

    const fill = await api.put('/api/photo-studio/presets/shop-tiny', { ...SHOP_PRESET, fill: { target: 0.2, min: 0.4, max: 0.9 } });
    expect(fill.statusCode).toBe(400);
    expect(fill.json().error.details.field).toBe('fill');
    expect(fill.json().error.message).toContain('"fill"');

    const channelId = await api.put('/api/photo-studio/presets/rakuten', SHOP_PRESET);
    expect(channelId.statusCode).toBe(400);
    expect(channelId.json().error.details.field).toBe('id');

    const mismatch = await api.put('/api/photo-studio/presets/shop-tiny', { ...SHOP_PRESET, id: 'shop-other' });
    expect(mismatch.statusCode).toBe(400);
    expect(mismatch.json().error.code).toBe('preset_id_mismatch');

    const stored = await database().db.selectFrom('photo_studio_presets').select('id').execute();
    expect(stored.map((row) => row.id)).toEqual(['shop-square-600']);
  });

  it('replacing a shop preset renders anew', async () => {
    const replaced = await api.put('/api/photo-studio/presets/shop-square-600', { ...SHOP_PRESET, width: 500, height: 500 });
    expect(replaced.statusCode, replaced.body).toBe(200);
    expect(readdir(dataDir, shopPhotoId).filter((name) => name.startsWith('result-shop-square-600'))).toEqual([]);

    const result = await api.get(`/api/photo-studio/photos/${shopPhotoId}/result`);
    const meta = await sharp(result.rawPayload).metadata();
    expect([meta.width, meta.height]).toEqual([500, 500]);
  });

  it('deleted shop preset keeps finished images', async () => {
    const deleted = await api.delete('/api/photo-studio/presets/shop-square-600');
    expect(deleted.statusCode, deleted.body).toBe(200);
    // The shop photo and the first photo, redone with the shop preset above.
    expect(deleted.json()).toEqual({ id: 'shop-square-600', photosUsing: 2 });

    // The finished image stays, so an item that links it keeps its picture.
    const kept = await api.get(`/api/photo-studio/photos/${shopPhotoId}/result`);
    expect(kept.statusCode, kept.body).toBe(200);
    expect(kept.headers['content-type']).toBe('image/png');
    const keptMeta = await sharp(kept.rawPayload).metadata();
    expect([keptMeta.width, keptMeta.height]).toEqual([500, 500]);

    const render = await api.get(`/api/photo-studio/photos/${photoId}/result?preset=shop-square-600`);
    expect(render.statusCode).toBe(400);
    expect(render.json().error.code).toBe('preset_unknown');
    expect(render.json().error.message).toContain('shop-square-600');

    // A new preset with the same id does not reuse the images of the deleted one.
    const recreated = await api.put('/api/photo-studio/presets/shop-square-600', { ...SHOP_PRESET, format: 'webp' });
    expect(recreated.statusCode, recreated.body).toBe(200);
    const webp = await api.get(`/api/photo-studio/photos/${shopPhotoId}/result`);
    expect(webp.headers['content-type']).toBe('image/webp');
    expect((await api.delete('/api/photo-studio/presets/shop-square-600')).statusCode).toBe(200);

    const redo = await api.put(`/api/photo-studio/photos/${shopPhotoId}/adjustments`, { adjustments: { shadow: 0.3 } });
    expect(redo.statusCode).toBe(202);
    const failed = await waitForPhoto(api, shopPhotoId);
    expect(failed.status).toBe('failed');
    expect(failed.error?.code).toBe('preset_unknown');
    expect(failed.error?.messages.ja).toContain('shop-square-600');
    expect(failed.error?.messages.en).toContain('shop-square-600');

    // Choosing a channel preset brings the photo back.
    await api.put(`/api/photo-studio/photos/${shopPhotoId}/adjustments`, { adjustments: {}, preset: 'rakuten' });
    expect((await waitForPhoto(api, shopPhotoId)).status).toBe('done');
    await api.put(`/api/photo-studio/photos/${photoId}/adjustments`, { adjustments: {}, preset: 'rakuten' });
    expect((await waitForPhoto(api, photoId)).status).toBe('done');

    const again = await api.delete('/api/photo-studio/presets/shop-square-600');
    expect(again.statusCode).toBe(404);
    expect(again.json().error.code).toBe('shop_preset_not_found');

    const audit = await database().db.selectFrom('audit_events').select(['action', 'detail_json']).where('action', '=', 'photo_studio.preset_delete').execute();
    expect(audit).toHaveLength(2);
    expect(JSON.parse(audit[0]!.detail_json!)).toEqual({ photosUsing: 2 });
  });

  it('shop preset changes need settings.change', async () => {
    // A store manager may edit items but not change settings.
    const manager = await signIn(app, database(), 'en', { role: 'manager' });
    const list = await manager.get('/api/photo-studio/presets');
    expect(list.statusCode, list.body).toBe(200);

    const put = await manager.put('/api/photo-studio/presets/shop-manager', SHOP_PRESET);
    expect(put.statusCode).toBe(403);
    expect(put.json().error.message).toContain('Change settings');
    expect((await manager.delete('/api/photo-studio/presets/shop-manager')).statusCode).toBe(403);
    const denied = await database().db.selectFrom('audit_events').select('outcome').where('action', '=', 'http.PUT /api/photo-studio/presets/:id').where('outcome', '=', 'denied').execute();
    expect(denied.length).toBeGreaterThan(0);

    const viewer = await signIn(app, database(), 'en', { role: 'viewer' });
    expect((await viewer.get('/api/photo-studio/presets')).statusCode).toBe(403);
  });

  it('serves margins to a user without cost.view', async () => {
    // An online operator edits items but sees no cost; the studio's margin is layout, not money.
    const operator = await signIn(app, database(), 'ja', { role: 'online_operator' });
    const created = await upload(operator, ringJpeg, 'fileName=operator.jpg&preset=yahoo&category=ring');
    expect(created.statusCode).toBe(201);
    const photo = await waitForPhoto(operator, created.json().id);
    expect(photo.adjustments.margin).toBe(0);
    const presets = await operator.get('/api/photo-studio/presets');
    expect(presets.statusCode).toBe(200);
    const yahoo = presets.json().presets.find((preset: { id: string }) => preset.id === 'yahoo');
    expect(yahoo.rules.minMargin).toBe(0.05);
  });

  it('rejects users without items.edit', async () => {
    const viewer = await signIn(app, database(), 'ja', { role: 'viewer' });
    expect((await viewer.get('/api/photo-studio/photos')).statusCode).toBe(403);
    expect((await upload(viewer, ringJpeg, 'fileName=x.jpg')).statusCode).toBe(403);
    expect((await viewer.post(`/api/photo-studio/photos/${photoId}/accept`)).statusCode).toBe(403);
    expect((await viewer.delete('/api/photo-studio/look')).statusCode).toBe(403);

    // The finished image is what an item links to, so anyone who may see items may load it.
    const image = await viewer.get(`/api/photo-studio/photos/${photoId}/result`);
    expect(image.statusCode).toBe(200);
    expect(image.headers['content-type']).toBe('image/jpeg');
  });

  it('exports a redone attached photo as the item shows it', async () => {
    // Redoing an accepted photo sends it back to review, but the item still links it, so the
    // export keeps it too: the zip and the item page show the same photos.
    const redo = await api.put(`/api/photo-studio/photos/${photoId}/adjustments`, { adjustments: { warmth: 30 } });
    expect(redo.statusCode).toBe(202);
    expect((await waitForPhoto(api, photoId)).status).toBe('done');

    const response = await api.get(`/api/photo-studio/items/${itemId}/export?preset=rakuten`);
    expect(response.statusCode, response.body).toBe(200);
    const names = Object.keys(unzipSync(new Uint8Array(response.rawPayload)));
    // The item also has a photo from before the studio, which the export leaves out.
    const item = (await api.get(`/api/items/${itemId}`)).json() as { photos: { url: string }[] };
    const studioPhotos = item.photos.filter((photo) => photo.url.startsWith('/api/photo-studio/'));
    expect(studioPhotos.length).toBeGreaterThan(0);
    expect(names).toHaveLength(studioPhotos.length);
  });
});

function readdir(dataDir: string, photoId: number): string[] {
  return readdirSync(path.join(dataDir, 'photo-studio', String(photoId)));
}

/** Returns the version-1 files left, after giving the cleanup that follows "done" a moment. */
async function filesOfVersion1(dataDir: string, photoId: number): Promise<string[]> {
  const started = Date.now();
  for (;;) {
    const left = readdir(dataDir, photoId).filter((name) => name.includes('-v1'));
    if (left.length === 0 || Date.now() - started > 2000) return left;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
