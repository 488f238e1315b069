// The Rakuten RMS adapter of the channel hub: ItemAPI 2.0 for pieces, InventoryAPI 2.0 for
// quantities, and the RakutenPay order API for orders. See the ChannelAdapter contract.

import {
  ChannelCallError,
  type BatchOutcome,
  type CancelReason,
  type ChannelAdapter,
  type ChannelOrder,
  type ListingPayload,
  type OrderPage,
  type OrderWindow,
  type ShipmentReport,
  type StockUpdate,
} from '../adapter.js';
import { RakutenClient, RakutenRejection, rejectedError, rmsErrors, type CallSubject, type RakutenLogger, type RmsError } from './client.js';
import { buildItemBody, buildItemPatch, checkManageNumber, checkQuantity, VARIANT_ID, type ItemPatchFields } from './listing-mapping.js';
import { mapRakutenOrder, RakutenOrderShapeError } from './order-mapping.js';

export { VARIANT_ID, type ItemPatchFields } from './listing-mapping.js';

/** Items per inventories/bulk-upsert call (InventoryAPI 2.0). */
export const STOCK_BATCH = 400;
/** Items per inventories/bulk-get call (InventoryAPI 2.0). */
export const STOCK_READ_BATCH = 1000;
/** Order numbers per getOrder / confirmOrder call. */
export const ORDER_BATCH = 100;
/** Maximum searchOrder window: endDatetime within 63 days of startDatetime. */
export const SEARCH_WINDOW_MS = 63 * 24 * 60 * 60 * 1000;
/** searchOrder finds nothing that started more than 730 days ago. */
const SEARCH_MAX_AGE_MS = 730 * 24 * 60 * 60 * 1000;
/** searchOrder returns no order numbers beyond the 15 000th hit of a search. */
const SEARCH_HIT_CAP = 15000;
/** requestRecordsAmount maximum. */
export const MAX_SEARCH_PAGE_SIZE = 1000;
/**
 * getOrder version: 7 is the first with SkuModelList (variantId), which the hub needs to
 * find the piece. NOTE: later versions exist, but their added fields are not documented.
 */
export const GET_ORDER_VERSION = 7;
/** Order numbers seen in RMS samples: shop (6 digits), order date, 8 or 10 digits. */
export const ORDER_NUMBER = /^\d{6}-\d{8}-\d{8,10}$/;

const JST_OFFSET_MS = 9 * 60 * 60 * 1000;

export interface RakutenAdapterOptions {
  /** `https://api.rms.rakuten.co.jp`, or a mock's address. */
  baseUrl: string;
  serviceSecret: string;
  licenseKey: string;
  /** The shop's URL name, which limits photos to the shop's own R-Cabinet folder. */
  shopUrl?: string;
  /** Milliseconds a call may take, body included; default 30 000. */
  timeoutMs?: number;
  fetch?: typeof fetch;
  logger?: RakutenLogger;
  /** requestRecordsAmount of searchOrder pages, 1–1000; default 1000. */
  searchPageSize?: number;
}

/** One tracking record for updateOrderShipping. */
export interface RakutenShipment {
  /** Set to change that record; leave out to add a new one. */
  shippingDetailId?: number;
  /** Carrier code "1000"–"1031" (e.g. "1001" ヤマト運輸, "1003" 日本郵便). */
  deliveryCompany: string;
  /** Tracking number, at most 120 characters. */
  shippingNumber: string;
  /** `YYYY-MM-DD`. */
  shippingDate: string;
}

/** deliveryCompany codes of the carriers tsunagu ships with, from the RMS carrier code list (1001 ヤマト運輸, 1002 佐川急便, 1003 日本郵便). */
export const RAKUTEN_CARRIER_CODES: Record<ShipmentReport['carrier'], string> = { yamato: '1001', sagawa: '1002', japanpost: '1003' };

export interface RakutenAdapter extends ChannelAdapter {
  readonly kind: 'rakuten';
  /**
   * Records tracking numbers on one package (basketId from the order's PackageModelList)
   * and returns the shippingDetailId RMS gave each record, in the order given.
   */
  updateOrderShipping(orderNumber: string, basketId: number, shipments: readonly RakutenShipment[]): Promise<number[]>;
  /**
   * Changes only the given fields of a registered item with items.patch, mapped as publish
   * maps them. Rejects, naming the piece, when RMS has no such item. Sends nothing when
   * `fields` is empty.
   */
  patchItem(externalCode: string, fields: ItemPatchFields): Promise<void>;
  /**
   * Deletes an item with items.delete. An item RMS does not have (404, or a code RMS
   * cannot hold) counts as deleted, so a repeated call succeeds.
   */
  deleteItem(externalCode: string): Promise<void>;
}

/** searchOrder datetime: JST wall-clock time with `+0900` (no colon), e.g. `2026-12-05T10:00:00+0900`. */
export function formatSearchDatetime(at: Date): string {
  return `${new Date(at.getTime() + JST_OFFSET_MS).toISOString().slice(0, 19)}+0900`;
}

/**
 * Search pass of listOrders. `ordered` finds orders placed in the window. `cancelled` then
 * finds orders cancelled or awaiting cancellation (orderProgress 800, 900) that were placed
 * in the 63 days up to the window's end. searchOrder has no date for "changed", so a
 * cancellation of an order placed before the window is only found this way.
 */
type SearchPass = 'ordered' | 'cancelled';

/** Position of listOrders within a window: the pass, the current search segment and page. Times in whole seconds. */
export interface SearchCursor {
  pass: SearchPass;
  /** Segment start, epoch seconds. */
  start: number;
  /** Segment end, epoch seconds. Set only when a segment had to be narrowed below 63 days. */
  end?: number;
  page: number;
}

/** orderProgress codes the `cancelled` pass searches: キャンセル確定待ち and キャンセル確定. */
const CANCELLED_PROGRESS = [800, 900];

export function encodeCursor(cursor: SearchCursor): string {
  return Buffer.from(JSON.stringify({ v: 1, ...cursor })).toString('base64url');
}

export function decodeCursor(text: string): SearchCursor {
  try {
    const raw: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (typeof raw === 'object' && raw !== null) {
      const c = raw as Record<string, unknown>;
      const ok =
        c.v === 1 &&
        (c.pass === 'ordered' || c.pass === 'cancelled') &&
        Number.isInteger(c.start) &&
        Number.isInteger(c.page) &&
        (c.page as number) >= 1 &&
        (c.end === undefined || Number.isInteger(c.end));
      if (ok) return { pass: c.pass as SearchPass, start: c.start as number, page: c.page as number, ...(c.end !== undefined ? { end: c.end as number } : {}) };
    }
  } catch {
    // Falls through to the error below.
  }
  throw new ChannelCallError(
    'rejected',
    `注文一覧の続きの位置（cursor）「${text}」が読めません。最初から取得し直してください。`,
    `The order list cursor "${text}" cannot be read. Start the listing again from the beginning.`,
  );
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Returns the basketId of the first package Rakuten has not deleted, read from a getOrder
 * OrderModel, or null when the order has none.
 */
export function firstBasketId(orderModel: unknown): number | null {
  if (!isObject(orderModel) || !Array.isArray(orderModel.PackageModelList)) return null;
  for (const pkg of orderModel.PackageModelList) {
    if (isObject(pkg) && pkg.packageDeleteFlag !== 1 && Number.isInteger(pkg.basketId)) return pkg.basketId as number;
  }
  return null;
}

/** Returns the shippingDetailId of a record on the package with the same carrier and tracking number, or null. */
function recordedShippingDetailId(orderModel: unknown, basketId: number, shipment: RakutenShipment): number | null {
  if (!isObject(orderModel) || !Array.isArray(orderModel.PackageModelList)) return null;
  const pkg = orderModel.PackageModelList.find((candidate) => isObject(candidate) && candidate.basketId === basketId) as Record<string, unknown> | undefined;
  const records = pkg && Array.isArray(pkg.ShippingModelList) ? pkg.ShippingModelList : [];
  for (const record of records) {
    if (!isObject(record) || typeof record.shippingDetailId !== 'number') continue;
    if (record.shippingNumber === shipment.shippingNumber && record.deliveryCompany === shipment.deliveryCompany) return record.shippingDetailId;
  }
  return null;
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

const itemSubject = (externalCode: string): CallSubject => ({ ja: `商品 ${externalCode}`, en: `item ${externalCode}`, externalCode });
const orderSubject = (orderNumber: string): CallSubject => ({ ja: `注文 ${orderNumber}`, en: `order ${orderNumber}` });

/** items API path of a piece. RMS lower-cases manageNumbers, so the path does too. */
const itemPath = (externalCode: string): string => `/es/2.0/items/manage-numbers/${encodeURIComponent(externalCode.toLowerCase())}`;

/** Builds the 'rejected' error of a call on an item RMS does not have (HTTP 404). */
function itemNotFound(externalCode: string, cause: ChannelCallError): ChannelCallError {
  return new ChannelCallError(
    'rejected',
    `商品 ${externalCode} は楽天RMSに登録されていません。先に出品してください（${cause.messageJa}）`,
    `Item ${externalCode} is not registered in Rakuten RMS. Publish it first (${cause.messageEn})`,
    { ...cause.details, externalCode },
  );
}

/** Builds the 'transient' error for a 2xx response whose JSON lacks fields of the documented shape. */
function unexpectedShape(what: string): ChannelCallError {
  return new ChannelCallError(
    'transient',
    `楽天RMSの${what}の応答が想定した形ではありません。しばらくしてから再試行します。`,
    `The Rakuten RMS ${what} response does not have the documented shape. It will be retried later.`,
  );
}

/** Builds the error of a piece left unsent because an earlier call of the same batch failed transiently. */
function notSent(externalCode: string, cause: ChannelCallError): ChannelCallError {
  return new ChannelCallError(
    'transient',
    `商品 ${externalCode} は、先の送信が失敗したため送っていません（${cause.messageJa}）`,
    `Item ${externalCode} was not sent because an earlier call failed (${cause.messageEn})`,
    { ...cause.details, externalCode },
  );
}

/** Index of the inventories[] entry an error points at, from `inventories[3].quantity`. */
function entryIndex(error: RmsError): number | null {
  const match = /^inventories\[(\d+)\]/.exec(error.propertyPath ?? '');
  return match ? Number(match[1]) : null;
}

interface InventoryEntry {
  externalCode: string;
  quantity: number;
}

/** Creates the Rakuten adapter. One adapter per channel account: its rate limiters are per account. */
export function createRakutenAdapter(options: RakutenAdapterOptions): RakutenAdapter {
  const client = new RakutenClient(options);
  const logger = options.logger;
  const pageSize = options.searchPageSize ?? MAX_SEARCH_PAGE_SIZE;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_SEARCH_PAGE_SIZE) {
    throw new Error(`searchPageSize must be a whole number from 1 to ${MAX_SEARCH_PAGE_SIZE}, got ${pageSize}`);
  }

  /**
   * Sets absolute quantities with inventories/bulk-upsert, 400 per call. RMS rejects a whole
   * call when one entry is invalid, so the entries its errors point at are failed and the
   * rest are sent again once. Throws only 'auth'; after a transient failure the remaining
   * entries are failed without being sent.
   */
  async function upsertInventory(entries: readonly InventoryEntry[]): Promise<BatchOutcome> {
    const outcome: BatchOutcome = { done: [], failed: [] };
    let stop: ChannelCallError | null = null;

    for (const chunk of chunks(entries, STOCK_BATCH)) {
      if (stop) {
        for (const e of chunk) outcome.failed.push({ externalCode: e.externalCode, error: notSent(e.externalCode, stop) });
        continue;
      }
      let pending = chunk;
      for (let attempt = 0; attempt < 2 && pending.length > 0; attempt++) {
        const subject: CallSubject =
          pending.length === 1 ? itemSubject(pending[0]!.externalCode) : { ja: `在庫数の一括更新（${pending.length}件）`, en: `bulk stock update of ${pending.length} items` };
        try {
          await client.request({
            api: 'inventory.bulkUpsert',
            method: 'POST',
            path: '/es/2.0/inventories/bulk-upsert',
            body: {
              inventories: pending.map((e) => ({ manageNumber: e.externalCode.toLowerCase(), variantId: VARIANT_ID, mode: 'ABSOLUTE', quantity: e.quantity })),
            },
            subject,
          });
          outcome.done.push(...pending.map((e) => e.externalCode));
          pending = [];
        } catch (error) {
          if (!(error instanceof ChannelCallError) || error.kind === 'auth') throw error;
          if (error.kind === 'transient') {
            stop = error;
            for (const e of pending) outcome.failed.push({ externalCode: e.externalCode, error: withCode(error, e.externalCode) });
            pending = [];
            break;
          }
          pending = splitRejected(pending, error, outcome, attempt === 1);
        }
      }
    }
    return outcome;
  }

  /**
   * Fails the entries a rejected bulk-upsert names and returns the rest to send again. When
   * the errors name no entry, or on the last attempt, every entry fails with the rejection.
   */
  function splitRejected(pending: InventoryEntry[], error: ChannelCallError, outcome: BatchOutcome, lastAttempt: boolean): InventoryEntry[] {
    const errors = error instanceof RakutenRejection ? error.rmsErrors : [];
    const byIndex = new Map<number, RmsError[]>();
    for (const e of errors) {
      const i = entryIndex(e);
      if (i === null || i >= pending.length) {
        byIndex.clear();
        break;
      }
      byIndex.set(i, [...(byIndex.get(i) ?? []), e]);
    }
    if (byIndex.size === 0 || lastAttempt) {
      for (const e of pending) outcome.failed.push({ externalCode: e.externalCode, error: withCode(error, e.externalCode) });
      return [];
    }
    const rest: InventoryEntry[] = [];
    pending.forEach((e, i) => {
      const own = byIndex.get(i);
      if (own) outcome.failed.push({ externalCode: e.externalCode, error: rejectedError(itemSubject(e.externalCode), own, error.details.status) });
      else rest.push(e);
    });
    return rest;
  }

  function withCode(error: ChannelCallError, externalCode: string): ChannelCallError {
    return new ChannelCallError(error.kind, `商品 ${externalCode}: ${error.messageJa}`, `Item ${externalCode}: ${error.messageEn}`, { ...error.details, externalCode });
  }

  /** Keeps the last update of each code, so a batch never sets one piece twice. */
  function lastPerCode<T extends { externalCode: string }>(items: readonly T[]): T[] {
    const byCode = new Map<string, T>();
    for (const item of items) {
      byCode.delete(item.externalCode);
      byCode.set(item.externalCode, item);
    }
    return [...byCode.values()];
  }

  /** Reads one searchOrder page of orders placed between start and end (epoch seconds), optionally only those at the given progress codes. */
  async function searchPage(start: number, end: number, page: number, progress: number[] | null): Promise<{ numbers: string[]; totalPages: number; totalRecords: number }> {
    const res = await client.request({
      api: 'order.searchOrder',
      method: 'POST',
      path: '/es/2.0/order/searchOrder/',
      body: {
        dateType: 1,
        startDatetime: formatSearchDatetime(new Date(start * 1000)),
        endDatetime: formatSearchDatetime(new Date(end * 1000)),
        ...(progress ? { orderProgressList: progress } : {}),
        PaginationRequestModel: {
          requestRecordsAmount: pageSize,
          requestPage: page,
          // Oldest first, so orders arriving while we page are appended, not shifted into pages already read.
          SortModelList: [{ sortColumn: 1, sortDirection: 1 }],
        },
      },
      subject: { ja: '注文検索', en: 'order search' },
    });
    if (!isObject(res.body)) throw unexpectedShape('searchOrder');
    const errors = rmsErrors(res.body);
    if (errors.length > 0) throw rejectedError({ ja: '注文検索', en: 'the order search' }, errors, res.status);
    const list = res.body.orderNumberList;
    const pagination = isObject(res.body.PaginationResponseModel) ? res.body.PaginationResponseModel : {};
    if (list !== null && list !== undefined && !Array.isArray(list)) throw unexpectedShape('searchOrder');
    return {
      numbers: (list ?? []).filter((n): n is string => typeof n === 'string'),
      totalPages: typeof pagination.totalPages === 'number' ? pagination.totalPages : 0,
      totalRecords: typeof pagination.totalRecordsAmount === 'number' ? pagination.totalRecordsAmount : 0,
    };
  }

  const adapter: RakutenAdapter = {
    kind: 'rakuten',
    stockReady: () => client.ready('inventory.bulkUpsert'),
    // publishBatch: each piece is one items.upsert at about 4.5 calls/s, so 100 pieces take
    // about 22 s, inside the outbox runner's default 60 s lease. requestsPerSecond is the slowest API (bulk-upsert).
    limits: { stockBatch: STOCK_BATCH, publishBatch: 100, requestsPerSecond: 1 },

    async testConnection() {
      const res = await client.request({ api: 'items.search', method: 'GET', path: '/es/2.0/items/search', query: { hits: '1' }, subject: { ja: '接続確認', en: 'connection check' } });
      if (!isObject(res.body) || typeof res.body.numFound !== 'number') throw unexpectedShape('items.search');
    },

    async publish(listings: readonly ListingPayload[]) {
      const outcome: BatchOutcome = { done: [], failed: [] };
      const unique = lastPerCode(listings);
      logger?.info({ pieces: unique.length }, 'rakuten publish started');

      // Step 1: create or replace each item. A rejection fails that piece only.
      const upserted: InventoryEntry[] = [];
      let stop: ChannelCallError | null = null;
      for (const listing of unique) {
        const code = listing.externalCode;
        if (stop) {
          outcome.failed.push({ externalCode: code, error: notSent(code, stop) });
          continue;
        }
        const built = buildItemBody(listing, options.shopUrl);
        if ('error' in built) {
          outcome.failed.push({ externalCode: code, error: built.error });
          continue;
        }
        const quantityError = checkQuantity(code, listing.quantity);
        if (quantityError) {
          outcome.failed.push({ externalCode: code, error: quantityError });
          continue;
        }
        try {
          await client.request({
            api: 'items.write',
            method: 'PUT',
            path: itemPath(code),
            body: built.body,
            subject: itemSubject(code),
          });
          upserted.push({ externalCode: code, quantity: listing.quantity });
        } catch (error) {
          if (!(error instanceof ChannelCallError) || error.kind === 'auth') throw error;
          if (error.kind === 'transient') stop = error;
          outcome.failed.push({ externalCode: code, error });
        }
      }

      // Step 2: one bulk quantity update for the pieces RMS took.
      if (upserted.length > 0) {
        const stock = await upsertInventory(upserted);
        outcome.done.push(...stock.done);
        outcome.failed.push(...stock.failed);
      }
      logger?.info({ done: outcome.done.length, failed: outcome.failed.length }, 'rakuten publish finished');
      return outcome;
    },

    async setStock(updates: readonly StockUpdate[]) {
      const outcome: BatchOutcome = { done: [], failed: [] };
      const valid: InventoryEntry[] = [];
      for (const u of lastPerCode(updates)) {
        const error = checkManageNumber(u.externalCode) ?? checkQuantity(u.externalCode, u.quantity);
        if (error) outcome.failed.push({ externalCode: u.externalCode, error });
        else valid.push({ externalCode: u.externalCode, quantity: u.quantity });
      }
      if (valid.length === 0) return outcome;

      logger?.info({ pieces: valid.length, calls: Math.ceil(valid.length / STOCK_BATCH) }, 'rakuten stock update started');
      const sent = await upsertInventory(valid);
      outcome.done.push(...sent.done);
      outcome.failed.push(...sent.failed);
      logger?.info({ done: outcome.done.length, failed: outcome.failed.length }, 'rakuten stock update finished');
      return outcome;
    },

    async readStock(externalCodes: readonly string[]) {
      // RMS lower-cases manageNumbers, so returned records are matched back through the lower-cased code.
      const byLower = new Map<string, string[]>();
      for (const code of externalCodes) {
        if (checkManageNumber(code) !== null) continue; // RMS cannot hold such a code, so it is unknown there
        const lower = code.toLowerCase();
        byLower.set(lower, [...(byLower.get(lower) ?? []), code]);
      }

      const quantities = new Map<string, number>();
      for (const chunk of chunks([...byLower.keys()], STOCK_READ_BATCH)) {
        const res = await client.request({
          api: 'inventory.bulkGet',
          method: 'POST',
          path: '/es/2.0/inventories/bulk-get',
          body: { inventories: chunk.map((manageNumber) => ({ manageNumber, variantId: VARIANT_ID })) },
          subject: { ja: `在庫数の一括取得（${chunk.length}件）`, en: `bulk stock read of ${chunk.length} items` },
        });
        if (!isObject(res.body) || !Array.isArray(res.body.inventories)) throw unexpectedShape('inventories/bulk-get');
        for (const record of res.body.inventories) {
          if (!isObject(record) || record.variantId !== VARIANT_ID || typeof record.quantity !== 'number') continue;
          for (const code of byLower.get(String(record.manageNumber).toLowerCase()) ?? []) quantities.set(code, record.quantity);
        }
      }
      return quantities;
    },

    async listOrders(window: OrderWindow): Promise<OrderPage> {
      const to = Math.floor(window.to.getTime() / 1000);
      // Starts older than 730 days are rejected, and nothing older can be found anyway. A
      // minute of margin covers the time between this line and RMS checking the request.
      const oldest = Math.ceil((Date.now() - SEARCH_MAX_AGE_MS) / 1000) + 60;
      const cancelledPass: SearchCursor = { pass: 'cancelled', start: Math.max(oldest, to - SEARCH_WINDOW_MS / 1000 + 1), page: 1 };
      let cursor: SearchCursor = window.cursor ? decodeCursor(window.cursor) : { pass: 'ordered', start: Math.floor(window.from.getTime() / 1000), page: 1 };
      if (cursor.start < oldest) cursor = { pass: cursor.pass, start: oldest, page: 1 };

      for (;;) {
        if (cursor.start > to) {
          if (cursor.pass === 'cancelled') return { orderNumbers: [] };
          cursor = cancelledPass;
          continue;
        }
        const end = Math.min(cursor.end ?? cursor.start + SEARCH_WINDOW_MS / 1000 - 1, to);
        const found = await searchPage(cursor.start, end, cursor.page, cursor.pass === 'cancelled' ? CANCELLED_PROGRESS : null);

        if (cursor.page === 1 && found.totalRecords > SEARCH_HIT_CAP && end > cursor.start) {
          // Hits past the 15 000th cannot be read, so the segment is halved until it fits.
          logger?.warn({ pass: cursor.pass, start: cursor.start, end, hits: found.totalRecords }, 'rakuten order search over the hit cap; narrowing the window');
          cursor = { pass: cursor.pass, start: cursor.start, end: cursor.start + Math.floor((end - cursor.start) / 2), page: 1 };
          continue;
        }

        let next: SearchCursor | null = null;
        if (cursor.page < found.totalPages) next = { ...cursor, page: cursor.page + 1 };
        else if (end < to) next = { pass: cursor.pass, start: end + 1, page: 1 };
        else if (cursor.pass === 'ordered') next = cancelledPass;

        // An empty segment moves straight on to the next, so callers do not page through nothing.
        if (found.numbers.length === 0 && next) {
          cursor = next;
          continue;
        }
        return next ? { orderNumbers: found.numbers, next: encodeCursor(next) } : { orderNumbers: found.numbers };
      }
    },

    async getOrders(orderNumbers: readonly string[]) {
      const wanted: string[] = [];
      for (const n of new Set(orderNumbers)) {
        if (ORDER_NUMBER.test(n)) wanted.push(n);
        else logger?.warn({ orderNumber: n }, 'rakuten order number has an unknown format; left out');
      }

      const orders: ChannelOrder[] = [];
      for (const chunk of chunks(wanted, ORDER_BATCH)) {
        const subject = chunk.length === 1 ? orderSubject(chunk[0]!) : { ja: `注文 ${chunk.length} 件の取得`, en: `retrieval of ${chunk.length} orders` };
        const res = await client.request({
          api: 'order.getOrder',
          method: 'POST',
          path: '/es/2.0/order/getOrder/',
          body: { orderNumberList: chunk, version: GET_ORDER_VERSION },
          subject,
        });
        if (!isObject(res.body)) throw unexpectedShape('getOrder');
        const errors = rmsErrors(res.body);
        if (errors.length > 0) throw rejectedError(subject, errors, res.status);
        const models = res.body.OrderModelList ?? [];
        if (!Array.isArray(models)) throw unexpectedShape('getOrder');
        for (const model of models) {
          try {
            orders.push(mapRakutenOrder(model));
          } catch (error) {
            if (!(error instanceof RakutenOrderShapeError)) throw error;
            logger?.warn({ orderNumber: error.orderNumber, err: error.message }, 'rakuten order has an unexpected shape');
            throw unexpectedShape('getOrder');
          }
        }
      }
      return orders;
    },

    async confirmOrder(order: ChannelOrder) {
      const subject = orderSubject(order.orderNumber);
      if (!ORDER_NUMBER.test(order.orderNumber)) {
        throw new ChannelCallError(
          'rejected',
          `「${order.orderNumber}」は楽天の注文番号の形（店舗番号6桁-注文日8桁-番号8〜10桁）ではないため、確認を送れません。`,
          `"${order.orderNumber}" is not a Rakuten order number (6-digit shop, 8-digit date, 8 to 10 digits), so it cannot be confirmed.`,
        );
      }
      const res = await client.request({
        api: 'order.confirmOrder',
        method: 'POST',
        path: '/es/2.0/order/confirmOrder/',
        body: { orderNumberList: [order.orderNumber] },
        subject,
      });
      if (!isObject(res.body) || !Array.isArray(res.body.MessageModelList)) throw unexpectedShape('confirmOrder');
      const errors = rmsErrors(res.body);
      if (errors.length === 0) {
        logger?.info({ orderNumber: order.orderNumber }, 'rakuten order confirmed');
        return;
      }
      // _103 means the order has already moved past 注文確認待ち. A repeated confirm after a
      // lost response gets it too, so the order counts as confirmed.
      if (errors.every((e) => e.code === 'ORDER_EXT_API_CONFIRM_ORDER_ERROR_103')) {
        logger?.info({ orderNumber: order.orderNumber }, 'rakuten order was already past confirmation');
        return;
      }
      if (errors.some((e) => e.code === 'ORDER_EXT_API_CONFIRM_ORDER_ERROR_102')) {
        throw new ChannelCallError(
          'rejected',
          `楽天の注文 ${order.orderNumber} はキャンセル済みのため確認できません。`,
          `Rakuten order ${order.orderNumber} is cancelled, so it cannot be confirmed.`,
          { status: res.status, channelCode: 'ORDER_EXT_API_CONFIRM_ORDER_ERROR_102' },
        );
      }
      throw rejectedError(subject, errors, res.status);
    },

    async cancelOrder(order: ChannelOrder, reason: CancelReason) {
      // The stored RMS pages name cancelOrder/ but document neither its body nor its reason
      // codes, so the shop cancels in RMS by hand.
      const reasonJa = { out_of_stock: '欠品（在庫切れ）', buyer_request: 'お客様都合', other: 'その他' }[reason];
      const reasonEn = { out_of_stock: 'out of stock', buyer_request: "buyer's request", other: 'other' }[reason];
      logger?.warn({ orderNumber: order.orderNumber, reason }, 'rakuten order must be cancelled in RMS by hand');
      throw new ChannelCallError(
        'rejected',
        `楽天の注文 ${order.orderNumber} は tsunagu からキャンセルできません。RMS の受注管理で、キャンセル理由「${reasonJa}」を選んでキャンセルしてください。`,
        `Rakuten order ${order.orderNumber} cannot be cancelled from tsunagu. Cancel it in RMS order management with the reason "${reasonEn}".`,
      );
    },

    async updateOrderShipping(orderNumber: string, basketId: number, shipments: readonly RakutenShipment[]) {
      const subject = orderSubject(orderNumber);
      const invalid = (ja: string, en: string) => new ChannelCallError('rejected', `注文 ${orderNumber}: ${ja}`, `Order ${orderNumber}: ${en}`);
      if (!Number.isInteger(basketId) || basketId < 1) throw invalid(`送付先ID（basketId）「${basketId}」が正しくありません。`, `basketId "${basketId}" is invalid.`);
      if (shipments.length < 1 || shipments.length > 20) throw invalid('発送情報は1件から20件までです。', 'a package takes 1 to 20 shipping records.');
      for (const s of shipments) {
        if (!/^\d{4}$/.test(s.deliveryCompany) || Number(s.deliveryCompany) < 1000 || Number(s.deliveryCompany) > 1031) {
          throw invalid(`配送会社コード「${s.deliveryCompany}」が正しくありません。1000〜1031 のコードを指定してください。`, `carrier code "${s.deliveryCompany}" is invalid. Use a code from 1000 to 1031.`);
        }
        if ([...s.shippingNumber].length > 120) throw invalid('お問い合わせ番号は120文字以内です。', 'the tracking number is longer than 120 characters.');
        if (!/^\d{4}-\d{2}-\d{2}$/.test(s.shippingDate)) throw invalid(`発送日「${s.shippingDate}」は YYYY-MM-DD で指定してください。`, `shipping date "${s.shippingDate}" must be YYYY-MM-DD.`);
      }

      const res = await client.request({
        api: 'order.updateOrderShipping',
        method: 'POST',
        path: '/es/2.0/order/updateOrderShipping/',
        body: {
          orderNumber,
          BasketidModelList: [
            {
              basketId,
              ShippingModelList: shipments.map((s) => ({
                ...(s.shippingDetailId !== undefined ? { shippingDetailId: s.shippingDetailId } : {}),
                deliveryCompany: s.deliveryCompany,
                shippingNumber: s.shippingNumber,
                shippingDate: s.shippingDate,
              })),
            },
          ],
        },
        subject,
      });
      if (!isObject(res.body) || !Array.isArray(res.body.MessageModelList)) throw unexpectedShape('updateOrderShipping');
      const errors = rmsErrors(res.body);
      if (errors.length > 0) throw rejectedError(subject, errors, res.status);

      // dataNumber is the 1-based position of each record in the request.
      const ids: number[] = new Array(shipments.length).fill(0);
      for (const m of res.body.MessageModelList) {
        if (isObject(m) && typeof m.dataNumber === 'number' && typeof m.shippingDetailId === 'number') ids[m.dataNumber - 1] = m.shippingDetailId;
      }
      logger?.info({ orderNumber, basketId, shippingDetailIds: ids }, 'rakuten shipping recorded');
      return ids;
    },

    async reportShipment(order: ChannelOrder, shipment: ShipmentReport) {
      // NOTE: an order to several destinations (several packages) gets its tracking number on
      // the first package only, because the package is not yet chosen by the shipment's lines.
      const basketId = firstBasketId(order.raw);
      if (basketId === null) {
        throw new ChannelCallError(
          'rejected',
          `楽天の注文 ${order.orderNumber} に送付先ID（PackageModelList の basketId）がないため、発送情報を送れません。RMS の受注管理で注文を確認してください。`,
          `Rakuten order ${order.orderNumber} has no package (basketId in PackageModelList), so the shipping cannot be reported. Check the order in RMS order management.`,
        );
      }
      const record: RakutenShipment = { deliveryCompany: RAKUTEN_CARRIER_CODES[shipment.carrier], shippingNumber: shipment.trackingNumber, shippingDate: shipment.shippedOn };

      if (shipment.reference !== null) {
        if (!/^\d{1,10}$/.test(shipment.reference) || Number(shipment.reference) < 1) {
          throw new ChannelCallError(
            'rejected',
            `注文 ${order.orderNumber}: 発送情報ID（shippingDetailId）「${shipment.reference}」が正しくありません。`,
            `Order ${order.orderNumber}: shippingDetailId "${shipment.reference}" is invalid.`,
          );
        }
        record.shippingDetailId = Number(shipment.reference);
      } else {
        // An earlier call may have added the record and lost its response. Reading the order
        // first keeps a retry from adding the same tracking number twice.
        const [current] = await adapter.getOrders([order.orderNumber]);
        const recorded = current ? recordedShippingDetailId(current.raw, basketId, record) : null;
        if (recorded !== null) {
          logger?.info({ orderNumber: order.orderNumber, basketId, shippingDetailId: recorded }, 'rakuten shipping was already recorded');
          return { reference: String(recorded) };
        }
      }

      const [shippingDetailId] = await adapter.updateOrderShipping(order.orderNumber, basketId, [record]);
      return { reference: shippingDetailId ? String(shippingDetailId) : null };
    },

    async patchItem(externalCode: string, fields: ItemPatchFields) {
      const built = buildItemPatch(externalCode, fields, options.shopUrl);
      if ('error' in built) throw built.error;
      if (Object.keys(built.body).length === 0) return;

      try {
        await client.request({
          api: 'items.write',
          method: 'PATCH',
          path: itemPath(externalCode),
          body: built.body,
          subject: itemSubject(externalCode),
        });
      } catch (error) {
        if (error instanceof ChannelCallError && error.kind === 'rejected' && error.details.status === 404) throw itemNotFound(externalCode, error);
        throw error;
      }
      logger?.info({ externalCode, fields: Object.keys(built.body) }, 'rakuten item patched');
    },

    async deleteItem(externalCode: string) {
      if (checkManageNumber(externalCode) !== null) {
        logger?.info({ externalCode }, 'rakuten cannot hold this code, so there is no item to delete');
        return;
      }

      try {
        await client.request({ api: 'items.write', method: 'DELETE', path: itemPath(externalCode), subject: itemSubject(externalCode) });
      } catch (error) {
        if (error instanceof ChannelCallError && error.kind === 'rejected' && error.details.status === 404) {
          logger?.info({ externalCode, channelCode: error.details.channelCode }, 'rakuten item was already deleted');
          return;
        }
        throw error;
      }
      logger?.info({ externalCode }, 'rakuten item deleted');
    },
  };
  return adapter;
}
