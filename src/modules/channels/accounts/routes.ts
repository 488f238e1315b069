import { z } from 'zod';
import { secretKeyring } from '../../../config.js';
import type { App, AppDeps } from '../../../server/types.js';
import { currentUser } from '../../../server/types.js';
import { auditActor } from '../../audit/http.js';
import { recordAudit } from '../../audit/service.js';
import { idParams } from '../../stock-lines/schemas.js';
import { channelAccountInput, channelAccountOutput, channelAccountUpdate, pauseInput } from './schemas.js';
import { createChannelAccount, getChannelAccount, listChannelAccounts, setChannelAccountPaused, updateChannelAccount } from './service.js';

const TAGS = ['channels'];

export async function channelAccountRoutes(app: App, { db, config }: AppDeps): Promise<void> {
  const keys = secretKeyring(config);

  app.get(
    '/api/channel-accounts',
    {
      config: { permission: 'channels.manage' },
      schema: { tags: TAGS, summary: 'Channel accounts, without their credentials', response: { 200: z.object({ accounts: z.array(channelAccountOutput) }) } },
    },
    async () => ({ accounts: await listChannelAccounts(db, keys) }),
  );

  app.get(
    '/api/channel-accounts/:id',
    {
      config: { permission: 'channels.manage' },
      schema: { tags: TAGS, summary: 'One channel account, without its credentials', params: idParams, response: { 200: channelAccountOutput } },
    },
    async (request) => getChannelAccount(db, keys, request.params.id),
  );

  app.post(
    '/api/channel-accounts',
    {
      config: { permission: 'channels.manage' },
      schema: { tags: TAGS, summary: 'Add a channel account; credentials are sealed and never returned', body: channelAccountInput, response: { 201: channelAccountOutput } },
    },
    async (request, reply) => {
      const account = await db.transaction().execute(async (trx) => {
        const created = await createChannelAccount(trx, keys, request.body, currentUser(request).id);
        await recordAudit(trx, auditActor(request), { action: 'channel_account.create', entityType: 'channel_account', entityId: created.id, after: created });
        return created;
      });
      request.log.info({ channelAccountId: account.id, kind: account.kind }, 'channel account added');
      return reply.code(201).send(account);
    },
  );

  app.put(
    '/api/channel-accounts/:id',
    {
      config: { permission: 'channels.manage' },
      schema: { tags: TAGS, summary: 'Change a channel account; credential fields left out keep their values', params: idParams, body: channelAccountUpdate, response: { 200: channelAccountOutput } },
    },
    async (request) =>
      db.transaction().execute(async (trx) => {
        const { before, after } = await updateChannelAccount(trx, keys, request.params.id, request.body);
        await recordAudit(trx, auditActor(request), {
          action: 'channel_account.update',
          entityType: 'channel_account',
          entityId: after.id,
          before,
          after,
          detail: { credentialsChanged: Object.keys(request.body.credentials).sort() },
        });
        return after;
      }),
  );

  for (const [path, paused] of [
    ['pause', true],
    ['resume', false],
  ] as const) {
    app.post(
      `/api/channel-accounts/:id/${path}`,
      {
        config: { permission: 'channels.manage' },
        schema: {
          tags: TAGS,
          summary: paused ? 'Pause channel work for an account' : 'Resume channel work for an account',
          params: idParams,
          body: paused ? pauseInput : z.object({}).optional(),
          response: { 200: channelAccountOutput },
        },
      },
      async (request) =>
        db.transaction().execute(async (trx) => {
          const reason = paused ? (request.body as z.infer<typeof pauseInput>).reason : null;
          const account = await setChannelAccountPaused(trx, keys, request.params.id, reason);
          await recordAudit(trx, auditActor(request), { action: `channel_account.${path}`, entityType: 'channel_account', entityId: account.id, detail: { reason } });
          return account;
        }),
    );
  }
}
