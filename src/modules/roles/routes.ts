import { z } from 'zod';
import { currentUser, type App, type AppDeps } from '../../server/types.js';
import { auditActor } from '../audit/http.js';
import { roleCreateInput, roleListOutput, roleOutput, roleUpdateInput } from './schemas.js';
import { createRole, deleteRole, listRoles, permissionCatalogue, updateRole } from './service.js';

const codeParams = z.object({ code: z.string().min(1).max(40) });

export async function roleRoutes(app: App, { db }: AppDeps): Promise<void> {
  app.get(
    '/api/roles',
    {
      // Every signed-in user may read role names, so that forms and lists can show them.
      config: { permission: 'session' },
      schema: {
        tags: ['roles'],
        summary: 'List roles with their permissions and user counts, and the permission catalogue',
        response: { 200: roleListOutput },
      },
    },
    async () => ({ roles: await listRoles(db), permissions: permissionCatalogue() }),
  );

  app.post(
    '/api/roles',
    {
      config: { permission: 'users.manage' },
      schema: {
        tags: ['roles'],
        summary: 'Create a custom role; only permissions the signed-in user holds can be granted',
        body: roleCreateInput,
        response: { 201: roleOutput },
      },
    },
    async (request, reply) => {
      const role = await db.transaction().execute((trx) => createRole(trx, currentUser(request), request.body, auditActor(request)));
      request.log.info({ role: role.code, by: currentUser(request).id }, 'role created');
      return reply.status(201).send(role);
    },
  );

  app.put(
    '/api/roles/:code',
    {
      config: { permission: 'users.manage' },
      schema: {
        tags: ['roles'],
        summary: "Change a custom role's names and permissions; its users get them on their next request",
        params: codeParams,
        body: roleUpdateInput,
        response: { 200: roleOutput },
      },
    },
    async (request) => {
      const role = await db
        .transaction()
        .execute((trx) => updateRole(trx, currentUser(request), request.params.code, request.body, auditActor(request)));
      request.log.info({ role: role.code, by: currentUser(request).id }, 'role updated');
      return role;
    },
  );

  app.delete(
    '/api/roles/:code',
    {
      config: { permission: 'users.manage' },
      schema: { tags: ['roles'], summary: 'Delete a custom role that no user has; only roles the signed-in user could grant', params: codeParams, response: { 204: z.null() } },
    },
    async (request, reply) => {
      await db.transaction().execute((trx) => deleteRole(trx, currentUser(request), request.params.code, auditActor(request)));
      request.log.info({ role: request.params.code, by: currentUser(request).id }, 'role deleted');
      return reply.status(204).send(null);
    },
  );
}
