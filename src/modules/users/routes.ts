import { z } from 'zod';
import { currentUser, type App, type AppDeps } from '../../server/types.js';
import { createUser } from '../auth/service.js';
import { userCreateInput, userOutput, userUpdateInput } from './schemas.js';
import { listUsers, toUserOutput, updateUser } from './service.js';

const idParams = z.object({ id: z.coerce.number().int().positive() });

export async function userRoutes(app: App, { db }: AppDeps): Promise<void> {
  app.get(
    '/api/users',
    {
      config: { permission: 'users.manage' },
      schema: { tags: ['users'], summary: 'List staff accounts', response: { 200: z.object({ users: z.array(userOutput) }) } },
    },
    async () => ({ users: await listUsers(db) }),
  );

  app.post(
    '/api/users',
    {
      config: { permission: 'users.manage' },
      schema: { tags: ['users'], summary: 'Create a staff account with a role', body: userCreateInput, response: { 201: userOutput } },
    },
    async (request, reply) => {
      const created = await db.transaction().execute(async (trx) => {
        const user = await createUser(trx, request.body);
        return trx.selectFrom('users').selectAll().where('id', '=', user.id).executeTakeFirstOrThrow();
      });
      request.log.info({ userId: created.id, role: created.role_code, by: currentUser(request).id }, 'user created');
      return reply.status(201).send(toUserOutput(created));
    },
  );

  app.put(
    '/api/users/:id',
    {
      config: { permission: 'users.manage' },
      schema: {
        tags: ['users'],
        summary: "Change a user's name, language, role or active flag; deactivating ends their sessions",
        params: idParams,
        body: userUpdateInput,
        response: { 200: userOutput },
      },
    },
    async (request) => {
      const user = await db.transaction().execute((trx) => updateUser(trx, request.params.id, request.body));
      request.log.info({ userId: user.id, by: currentUser(request).id, isActive: user.isActive, role: user.role }, 'user updated');
      return user;
    },
  );
}
