import { z } from 'zod';
import { secretKeyring } from '../../../config.js';
import type { App, AppDeps } from '../../../server/types.js';
import { currentUser } from '../../../server/types.js';
import { auditActor } from '../../audit/http.js';
import { recordAudit } from '../../audit/service.js';
import { idParams } from '../../stock-lines/schemas.js';
import { ChannelCallError } from '../adapter.js';
import { parseOwnSiteOrder } from '../own-site/api.js';
import { SIGNATURE_HEADER, verifyWebhookSignature } from '../own-site/signature.js';
import { accountCredentials } from '../accounts/service.js';
import { adapterRegistryFor } from '../sync/runtime.js';
import { channelOrderErrors } from './errors.js';
import { importChannelOrder, releaseOrderLines } from './intake.js';
import { scopeOf } from '../../access/http.js';
import { recordOrderShipped, refundChannelLine, returnChannelLine } from './sale.js';
import { cancelInput, channelOrderDetail, channelOrderSummary, orderLineParams, orderListQuery, refundInput, returnInput, substituteInput } from './schemas.js';
import { addOrderHistory, channelOrderOf, getChannelOrder, listChannelOrders, markConfirmed, resolveFlag, substituteLine } from './service.js';

const TAGS = ['channels'];

/** Rethrows a channel's rejection or failure worded for the user, naming the account. */
function callFailed(error: unknown, channel: string): never {
  if (error instanceof ChannelCallError) throw channelOrderErrors.channel_call_failed({ channel, messageJa: error.messageJa, messageEn: error.messageEn });
  throw error;
}

export async function channelOrderRoutes(app: App, { db, config }: AppDeps): Promise<void> {
  const keys = secretKeyring(config);
  const adapters = () => adapterRegistryFor(db, keys);

  app.get(
    '/api/channel-orders',
    {
      config: { permission: 'channels.manage' },
      schema: { tags: TAGS, summary: 'Orders taken in from channels', querystring: orderListQuery, response: { 200: z.object({ orders: z.array(channelOrderSummary) }) } },
    },
    async (request) => ({ orders: await listChannelOrders(db, request.query) }),
  );

  app.get(
    '/api/channel-orders/:id',
    { config: { permission: 'channels.manage' }, schema: { tags: TAGS, summary: 'One channel order with its lines and the raw channel payload', params: idParams, response: { 200: channelOrderDetail } } },
    async (request) => getChannelOrder(db, request.params.id),
  );

  app.post(
    '/api/channel-orders/:id/confirm',
    { config: { permission: 'channels.manage' }, schema: { tags: TAGS, summary: 'Send the order confirmation to the channel (again)', params: idParams, response: { 200: channelOrderDetail } } },
    async (request) => {
      const order = await channelOrderOf(db, request.params.id);
      const detail = await getChannelOrder(db, request.params.id);
      if (detail.status === 'cancelled') throw channelOrderErrors.channel_order_cancelled({ orderNumber: order.orderNumber });
      if (detail.flagged) throw channelOrderErrors.channel_order_not_confirmable({ orderNumber: order.orderNumber });
      try {
        await (await adapters().get(order.channelAccountId)).confirmOrder(order);
      } catch (error) {
        callFailed(error, order.channelName);
      }
      await db.transaction().execute(async (trx) => {
        await markConfirmed(trx, request.params.id);
        await recordAudit(trx, auditActor(request), { action: 'channel_order.confirm', entityType: 'channel_order', entityId: request.params.id, detail: { orderNumber: order.orderNumber } });
      });
      return getChannelOrder(db, request.params.id);
    },
  );

  app.post(
    '/api/channel-orders/:id/cancel',
    {
      config: { permission: 'channels.manage' },
      schema: { tags: TAGS, summary: 'Cancel the order on the channel and release its pieces', params: idParams, body: cancelInput, response: { 200: channelOrderDetail } },
    },
    async (request) => {
      const order = await channelOrderOf(db, request.params.id);
      if (order.status === 'cancelled') throw channelOrderErrors.channel_order_cancelled({ orderNumber: order.orderNumber });
      // The channel first: if it refuses, the pieces stay reserved for the order it still has.
      try {
        await (await adapters().get(order.channelAccountId)).cancelOrder(order, request.body.reason);
      } catch (error) {
        callFailed(error, order.channelName);
      }
      await db.transaction().execute(async (trx) => {
        const now = new Date().toISOString();
        await trx
          .updateTable('channel_orders')
          .set({ status: 'cancelled', cancelled_at: now, updated_at: now, flag_resolved_at: now, flag_resolved_by: currentUser(request).id })
          .where('id', '=', request.params.id)
          .execute();
        const released = await releaseOrderLines(trx, request.params.id);
        await addOrderHistory(trx, request.params.id, 'cancelled_by_shop', { reason: request.body.reason, released });
        await recordAudit(trx, auditActor(request), { action: 'channel_order.cancel', entityType: 'channel_order', entityId: request.params.id, detail: { orderNumber: order.orderNumber, reason: request.body.reason } });
      });
      return getChannelOrder(db, request.params.id);
    },
  );

  app.post(
    '/api/channel-orders/:id/lines/:lineId/substitute',
    {
      config: { permission: 'channels.manage' },
      schema: { tags: TAGS, summary: 'Give an order line without a piece another piece', params: orderLineParams, body: substituteInput, response: { 200: channelOrderDetail } },
    },
    async (request) => {
      await db.transaction().execute(async (trx) => {
        await substituteLine(trx, request.params.id, request.params.lineId, request.body.itemId, currentUser(request).id);
        await recordAudit(trx, auditActor(request), { action: 'channel_order.substitute', entityType: 'channel_order', entityId: request.params.id, detail: { lineId: request.params.lineId, itemId: request.body.itemId } });
      });
      return getChannelOrder(db, request.params.id);
    },
  );

  app.post(
    '/api/channel-orders/:id/resolve',
    { config: { permission: 'channels.manage' }, schema: { tags: TAGS, summary: 'Mark a flagged order as dealt with', params: idParams, response: { 200: channelOrderDetail } } },
    async (request) => {
      await db.transaction().execute(async (trx) => {
        await resolveFlag(trx, request.params.id, currentUser(request).id);
        await recordAudit(trx, auditActor(request), { action: 'channel_order.resolve', entityType: 'channel_order', entityId: request.params.id });
      });
      return getChannelOrder(db, request.params.id);
    },
  );

  app.post(
    '/api/channel-orders/:id/ship',
    {
      config: { permission: 'channels.manage' },
      schema: { tags: TAGS, summary: 'Mark a confirmed order shipped: its pieces leave stock as sold', params: idParams, response: { 200: channelOrderDetail } },
    },
    async (request) => {
      const sold = await db.transaction().execute(async (trx) => {
        const lines = await recordOrderShipped(trx, request.params.id, { userId: currentUser(request).id, by: 'user' });
        await recordAudit(trx, auditActor(request), { action: 'channel_order.ship', entityType: 'channel_order', entityId: request.params.id, detail: { lines } });
        return lines;
      });
      request.log.info({ orderId: request.params.id, lines: sold }, 'channel order shipped');
      return getChannelOrder(db, request.params.id);
    },
  );

  app.post(
    '/api/channel-orders/:id/refunds',
    {
      config: { permission: 'sales.refund' },
      schema: {
        tags: TAGS,
        summary: 'Record a partial refund of a shipped line (made on the channel); a consignor payable follows',
        params: idParams,
        body: refundInput,
        response: { 200: channelOrderDetail },
      },
    },
    async (request) => {
      const refundId = await db.transaction().execute(async (trx) => {
        const id = await refundChannelLine(trx, request.params.id, request.body, currentUser(request).id);
        await recordAudit(trx, auditActor(request), {
          action: 'channel_order.refund',
          entityType: 'channel_order',
          entityId: request.params.id,
          detail: { refundId: id, lineId: request.body.lineId, amount: request.body.amount, reason: request.body.reason },
        });
        return id;
      });
      request.log.info({ orderId: request.params.id, refundId }, 'channel order refund recorded');
      return getChannelOrder(db, request.params.id);
    },
  );

  app.post(
    '/api/channel-orders/:id/returns',
    {
      config: { permission: 'sales.refund' },
      schema: {
        tags: TAGS,
        summary: 'Receive a shipped piece the buyer sent back: it goes back into stock and a consignor payable is reversed',
        params: idParams,
        body: returnInput,
        response: { 200: channelOrderDetail },
      },
    },
    async (request) => {
      await db.transaction().execute(async (trx) => {
        await returnChannelLine(trx, request.params.id, request.body, { userId: currentUser(request).id, scope: scopeOf(request) });
        await recordAudit(trx, auditActor(request), {
          action: 'channel_order.return',
          entityType: 'channel_order',
          entityId: request.params.id,
          locationId: request.body.locationId,
          detail: { lineId: request.body.lineId, locationId: request.body.locationId, reason: request.body.reason },
        });
      });
      request.log.info({ orderId: request.params.id, lineId: request.body.lineId }, 'channel order return received');
      return getChannelOrder(db, request.params.id);
    },
  );

  // The own site posts orders here. Signed, not signed in: the HMAC over the exact bytes
  // received proves the sender has the account's webhook secret, so the body is read raw.
  await app.register(async (scope) => {
    scope.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
    scope.post(
      '/api/channel-webhooks/:id',
      { config: { public: true }, schema: { tags: TAGS, summary: 'Order webhook of an own-site channel account (HMAC-signed)', params: idParams, response: { 200: z.object({ outcome: z.string(), orderId: z.number() }) } } },
      async (request) => {
        const { id } = request.params as z.output<typeof idParams>;
        const account = await db.selectFrom('channel_accounts').select(['id', 'kind']).where('id', '=', id).executeTakeFirst();
        if (!account || account.kind !== 'own_site') throw channelOrderErrors.webhook_signature_invalid({ reasonJa: 'この URL は自社サイトのアカウントではありません。', reasonEn: 'This URL is not an own-site account.' });
        const credentials = await accountCredentials(db, keys, account.id);
        const raw = request.body as Buffer;
        const header = request.headers[SIGNATURE_HEADER.toLowerCase()];
        const check = verifyWebhookSignature(String(credentials.webhookSecret ?? ''), raw, Array.isArray(header) ? header[0] : header, Math.floor(Date.now() / 1000));
        if (!check.ok) throw channelOrderErrors.webhook_signature_invalid({ reasonJa: check.reasonJa, reasonEn: check.reasonEn });

        let order;
        try {
          order = parseOwnSiteOrder(JSON.parse(raw.toString('utf8')) as unknown);
        } catch (error) {
          if (error instanceof ChannelCallError) throw channelOrderErrors.webhook_order_invalid({ messageJa: error.messageJa, messageEn: error.messageEn });
          throw channelOrderErrors.webhook_order_invalid({ messageJa: '本文が JSON ではありません。', messageEn: 'The body is not JSON.' });
        }
        return db.transaction().execute((trx) => importChannelOrder(trx, account.id, order));
      },
    );
  });
}
