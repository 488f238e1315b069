import { z } from 'zod';
import type { App, AppDeps } from '../../server/types.js';
import { auditActor } from '../audit/http.js';
import { recordAudit } from '../audit/service.js';
import { locationInput, locationOutput } from './schemas.js';
import { createLocation, getLocation, listLocations, toLocationOutput, updateLocation } from './service.js';

const idParams = z.object({ id: z.coerce.number().int().positive() });

export async function locationRoutes(app: App, { db }: AppDeps): Promise<void> {
  app.get(
    '/api/locations',
    {
      config: { permission: 'session' },
      schema: {
        tags: ['locations'],
        summary: 'List locations',
        querystring: z.object({ includeInactive: z.enum(['true', 'false']).optional() }),
        response: { 200: z.object({ locations: z.array(locationOutput) }) },
      },
    },
    async (request) => ({ locations: await listLocations(db, request.query.includeInactive === 'true') }),
  );

  app.get(
    '/api/locations/:id',
    {
      config: { permission: 'session' },
      schema: { tags: ['locations'], summary: 'One location', params: idParams, response: { 200: locationOutput } } },
    async (request) => toLocationOutput(await getLocation(db, request.params.id)),
  );

  app.post(
    '/api/locations',
    {
      config: { permission: 'settings.change' },
      schema: { tags: ['locations'], summary: 'Create a location', body: locationInput, response: { 201: locationOutput } } },
    async (request, reply) => {
      const location = await db.transaction().execute(async (trx) => {
        const created = await createLocation(trx, request.body);
        await recordAudit(trx, auditActor(request), {
          action: 'location.create',
          entityType: 'location',
          entityId: created.id,
          locationId: created.id,
          after: created,
        });
        return created;
      });
      request.log.info({ locationId: location.id, code: location.code }, 'location created');
      return reply.status(201).send(location);
    },
  );

  app.put(
    '/api/locations/:id',
    {
      config: { permission: 'settings.change' },
      schema: {
        tags: ['locations'],
        summary: 'Update a location',
        params: idParams,
        body: locationInput,
        response: { 200: locationOutput },
      },
    },
    async (request) => {
      const { id } = request.params;
      const location = await db.transaction().execute(async (trx) => {
        const before = toLocationOutput(await getLocation(trx, id));
        const after = await updateLocation(trx, id, request.body);
        await recordAudit(trx, auditActor(request), { action: 'location.update', entityType: 'location', entityId: id, locationId: id, before, after });
        return after;
      });
      request.log.info({ locationId: id, code: location.code }, 'location updated');
      return location;
    },
  );
}
