import { actorContext, scopeOf } from '../access/http.js';
import { recordDocumentCreated } from '../audit/http.js';
import type { App, AppDeps } from '../../server/types.js';
import { idempotencyHeaders, runIdempotent } from '../idempotency/http.js';
import { idParams } from '../stock-lines/schemas.js';
import { writeOffInput, writeOffListOutput, writeOffListQuery, writeOffOutput } from './schemas.js';
import { createWriteOff, getWriteOff, listWriteOffs } from './service.js';

export async function writeOffRoutes(app: App, { db }: AppDeps): Promise<void> {
  app.post(
    '/api/write-offs',
    {
      config: { permission: 'stock.write_off' },
      schema: {
        tags: ['write-offs'],
        summary: 'Write off damaged, lost or stolen goods at book cost',
        headers: idempotencyHeaders,
        body: writeOffInput,
        response: { 201: writeOffOutput },
      },
    },
    async (request, reply) => {
      const ctx = actorContext(request);
      const writeOff = await runIdempotent(db, request, reply, 201, async (trx) => {
        const created = await createWriteOff(trx, request.body, ctx);
        await recordDocumentCreated(trx, request, 'write_off.create', 'write_off', created);
        return created;
      });
      request.log.info({ writeOffId: writeOff.id, number: writeOff.number, totalCost: writeOff.totalCost }, 'write-off recorded');
      return writeOff;
    },
  );

  app.get(
    '/api/write-offs',
    {
      config: { permission: 'stock.write_off' },
      schema: {
        tags: ['write-offs'],
        summary: 'List write-offs, newest first',
        querystring: writeOffListQuery,
        response: { 200: writeOffListOutput },
      },
    },
    async (request) => listWriteOffs(db, request.query, scopeOf(request)),
  );

  app.get(
    '/api/write-offs/:id',
    {
      config: { permission: 'stock.write_off' },
      schema: { tags: ['write-offs'], summary: 'One write-off with its lines', params: idParams, response: { 200: writeOffOutput } } },
    async (request) => getWriteOff(db, request.params.id, scopeOf(request)),
  );
}
