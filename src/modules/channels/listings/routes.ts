import { z } from 'zod';
import type { App, AppDeps } from '../../../server/types.js';
import { currentUser } from '../../../server/types.js';
import { auditActor } from '../../audit/http.js';
import { recordAudit } from '../../audit/service.js';
import { idParams } from '../../stock-lines/schemas.js';
import { bulkOutput, listingDraftsInput, listingOutput, listingQuery, listingSelection, listingUpdate } from './schemas.js';
import { createDrafts, getListing, listListings, publishListings, updateListing, withdrawListings } from './service.js';

const TAGS = ['channels'];

export async function listingRoutes(app: App, { db }: AppDeps): Promise<void> {
  app.get(
    '/api/listings',
    {
      config: { permission: 'channels.manage' },
      schema: { tags: TAGS, summary: 'Listings of pieces on channels', querystring: listingQuery, response: { 200: z.object({ listings: z.array(listingOutput) }) } },
    },
    async (request) => ({ listings: await listListings(db, request.query) }),
  );

  app.get(
    '/api/listings/:id',
    { config: { permission: 'channels.manage' }, schema: { tags: TAGS, summary: 'One listing', params: idParams, response: { 200: listingOutput } } },
    async (request) => getListing(db, request.params.id),
  );

  app.post(
    '/api/listings',
    {
      config: { permission: 'channels.manage' },
      schema: { tags: TAGS, summary: 'Make draft listings of pieces on channel accounts', body: listingDraftsInput, response: { 201: z.object({ listings: z.array(listingOutput) }) } },
    },
    async (request, reply) => {
      const listings = await db.transaction().execute(async (trx) => {
        const created = await createDrafts(trx, request.body, currentUser(request).id);
        await recordAudit(trx, auditActor(request), { action: 'listing.create', entityType: 'listing', detail: { listingIds: created.map((listing) => listing.id) } });
        return created;
      });
      return reply.code(201).send({ listings });
    },
  );

  app.put(
    '/api/listings/:id',
    { config: { permission: 'channels.manage' }, schema: { tags: TAGS, summary: 'Change what a listing shows', params: idParams, body: listingUpdate, response: { 200: listingOutput } } },
    async (request) =>
      db.transaction().execute(async (trx) => {
        const { before, after } = await updateListing(trx, request.params.id, request.body);
        await recordAudit(trx, auditActor(request), { action: 'listing.update', entityType: 'listing', entityId: after.id, before, after });
        return after;
      }),
  );

  for (const [path, move] of [
    ['publish', publishListings],
    ['withdraw', withdrawListings],
  ] as const) {
    app.post(
      `/api/listings/${path}`,
      {
        config: { permission: 'channels.manage' },
        schema: { tags: TAGS, summary: `${path === 'publish' ? 'Publish' : 'Withdraw'} a selection of listings`, body: listingSelection, response: { 200: bulkOutput } },
      },
      async (request) =>
        db.transaction().execute(async (trx) => {
          const result = await move(trx, request.body.listingIds, request.locale);
          await recordAudit(trx, auditActor(request), {
            action: `listing.${path}`,
            entityType: 'listing',
            detail: { changed: result.changed.map((listing) => listing.id), skipped: result.skipped.map((skip) => ({ listingId: skip.listingId, code: skip.code })) },
          });
          return result;
        }),
    );
  }
}
