import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { secretKeyring } from '../../../config.js';
import type { App, AppDeps } from '../../../server/types.js';
import { auditActor } from '../../audit/http.js';
import { recordAudit } from '../../audit/service.js';
import { idParams } from '../../stock-lines/schemas.js';
import { CHANNEL_KINDS } from '../accounts/schemas.js';
import { recordChannelOutcome } from '../accounts/service.js';
import { ChannelCallError } from '../adapter.js';
import { channelOrderErrors } from '../orders/errors.js';
import { pollOrders } from '../orders/poll.js';
import { reconcileAccount } from './reconcile.js';
import { adapterRegistryFor } from './runtime.js';
import { syncStatus } from './status.js';

const TAGS = ['channels'];
const bilingualText = z.object({ ja: z.string(), en: z.string() });
const nullableText = z.string().nullable();

const statusOutput = z.object({
  accounts: z.array(
    z.object({
      id: z.number(),
      name: z.string(),
      kind: z.enum(CHANNEL_KINDS),
      status: z.enum(['active', 'paused']),
      pausedReason: nullableText,
      /** 'failures' when the hub paused it; it resumes by itself once the channel responds. */
      pausedBy: z.enum(['user', 'failures']).nullable(),
      failureCount: z.number(),
      lastError: nullableText,
      pendingEvents: z.number(),
      oldestPendingAt: nullableText,
      lastSuccessAt: nullableText,
      lastOrderPollAt: nullableText,
      lastReconcileAt: nullableText,
      listings: z.record(z.string(), z.number()),
    }),
  ),
  corrections: z.array(
    z.object({ at: z.string(), channelAccountName: z.string(), stockNumber: z.string(), externalCode: z.string(), channelQuantity: z.number().nullable(), expectedQuantity: z.number() }),
  ),
});

export async function channelSyncRoutes(app: App, { db, config }: AppDeps): Promise<void> {
  const keys = secretKeyring(config);
  const adapters = () => adapterRegistryFor(db, keys);
  const accountName = async (id: number) => (await db.selectFrom('channel_accounts').select('name').where('id', '=', id).executeTakeFirst())?.name ?? String(id);

  app.get(
    '/api/channel-sync/status',
    { config: { permission: 'channels.manage' }, schema: { tags: TAGS, summary: 'Channel sync status per account, with recent stock corrections', response: { 200: statusOutput } } },
    async () => syncStatus(db),
  );

  app.post(
    '/api/channel-accounts/:id/test',
    {
      config: { permission: 'channels.manage' },
      schema: { tags: TAGS, summary: 'Try the account credentials with a harmless channel call', params: idParams, response: { 200: z.object({ ok: z.boolean(), message: bilingualText.nullable() }) } },
    },
    async (request) => {
      const adapter = await adapters().get(request.params.id);
      try {
        await adapter.testConnection();
        return { ok: true, message: null };
      } catch (error) {
        if (!(error instanceof ChannelCallError)) throw error;
        return { ok: false, message: { ja: error.messageJa, en: error.messageEn } };
      }
    },
  );

  app.post(
    '/api/channel-accounts/:id/poll',
    {
      config: { permission: 'channels.manage' },
      schema: { tags: TAGS, summary: 'Take in new and changed orders from the channel now', params: idParams, response: { 200: z.object({ imported: z.number(), updated: z.number() }) } },
    },
    async (request) => {
      const id = request.params.id;
      try {
        const result = await pollOrders(db, await adapters().get(id), id, `poll-${randomUUID()}`, request.log, new Date(), { refreshOpenOrders: true });
        await recordChannelOutcome(db, id, { ok: true });
        await recordAudit(db, auditActor(request), { action: 'channel_order.poll', entityType: 'channel_account', entityId: id, detail: { imported: result.imported, updated: result.updated } });
        return { imported: result.imported, updated: result.updated };
      } catch (error) {
        if (error instanceof ChannelCallError) throw channelOrderErrors.channel_call_failed({ channel: await accountName(id), messageJa: error.messageJa, messageEn: error.messageEn });
        throw error;
      }
    },
  );

  app.post(
    '/api/channel-accounts/:id/reconcile',
    {
      config: { permission: 'channels.manage' },
      schema: { tags: TAGS, summary: "Compare the channel's stock with tsunagu's and correct the channel", params: idParams, response: { 200: z.object({ checked: z.number(), corrected: z.number(), republished: z.number() }) } },
    },
    async (request) => {
      const id = request.params.id;
      try {
        const result = await reconcileAccount(db, await adapters().get(id), id, request.log);
        await recordAudit(db, auditActor(request), { action: 'channel.reconcile', entityType: 'channel_account', entityId: id, detail: { ...result } });
        return result;
      } catch (error) {
        if (error instanceof ChannelCallError) throw channelOrderErrors.channel_call_failed({ channel: await accountName(id), messageJa: error.messageJa, messageEn: error.messageEn });
        throw error;
      }
    },
  );
}
