import { z } from 'zod';
import { currentUser, type App, type AppDeps } from '../../server/types.js';
import { auditActor } from '../audit/http.js';
import { passwordResetInput, userCreateInput, userOutput, userUpdateInput } from './schemas.js';
import { createStaffUser, listUsers, resetPassword, updateUser } from './service.js';

const idParams = z.object({ id: z.coerce.number().int().positive() });

export async function userRoutes(app: App, { db }: AppDeps): Promise<void> {
  app.get(
    '/api/users',
    {
      config: { permission: 'users.manage' },
      schema: { tags: ['users'], summary: 'List the staff accounts the user may manage', response: { 200: z.object({ users: z.array(userOutput) }) } },
    },
    async (request) => ({ users: await listUsers(db, currentUser(request)) }),
  );

  app.post(
    '/api/users',
    {
      config: { permission: 'users.manage' },
      schema: {
        tags: ['users'],
        summary: 'Create a staff account with a role and its locations; only roles the signed-in user could grant',
        body: userCreateInput,
        response: { 201: userOutput },
      },
    },
    async (request, reply) => {
      const user = await db.transaction().execute((trx) => createStaffUser(trx, currentUser(request), request.body, auditActor(request)));
      request.log.info({ userId: user.id, role: user.role, by: currentUser(request).id }, 'user created');
      return reply.status(201).send(user);
    },
  );

  app.put(
    '/api/users/:id',
    {
      config: { permission: 'users.manage' },
      schema: {
        tags: ['users'],
        summary: "Change a user's name, language, role, locations or active flag; deactivating ends their sessions",
        params: idParams,
        body: userUpdateInput,
        response: { 200: userOutput },
      },
    },
    async (request) => {
      const user = await db
        .transaction()
        .execute((trx) => updateUser(trx, currentUser(request), request.params.id, request.body, auditActor(request)));
      request.log.info({ userId: user.id, by: currentUser(request).id, isActive: user.isActive, role: user.role }, 'user updated');
      return user;
    },
  );

  app.post(
    '/api/users/:id/password',
    {
      config: { permission: 'users.manage' },
      schema: {
        tags: ['users'],
        summary: "Reset a user's password; ends all of the user's sessions",
        params: idParams,
        body: passwordResetInput,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await resetPassword(db, currentUser(request), request.params.id, request.body.password, auditActor(request));
      request.log.info({ userId: request.params.id, by: currentUser(request).id }, 'password reset');
      return reply.status(204).send(null);
    },
  );
}
