// Orders of the own-site mock: placing one as a shopper, status changes, and paging by update time.

import { MAX_ORDER_PAGE, type OwnSiteOrder, type OwnSiteOrderStatus, type ProductOutput } from '../api.js';

/** Result of a handler: HTTP status and JSON body. */
export interface Outcome {
  status: number;
  body?: unknown;
}

export const fail = (status: number, code: string, message: string): Outcome => ({ status, body: { error: { code, message } } });

const JST_OFFSET_MS = 9 * 60 * 60 * 1000;

/** ISO 8601 in Japan time with `+09:00`, as a Japanese shop's site would write it. */
export function jstIso(date: Date): string {
  return `${new Date(date.getTime() + JST_OFFSET_MS).toISOString().slice(0, 19)}+09:00`;
}

export interface OrderBook {
  products: Map<string, ProductOutput>;
  orders: Map<string, OwnSiteOrder>;
  nextOrderSeq: number;
  /** Orders placed with `force: true` beyond the stock, for tests of oversell handling. */
  oversold: Array<{ orderNumber: string; sku: string; requested: number; available: number }>;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;

const DEFAULT_BUYER = { name: '山田 花子', nameKana: 'ヤマダ ハナコ', postalCode: '150-0001', address: '東京都渋谷区神宮前1-2-3', phone: '03-1234-5678', email: 'hanako@example.com' };

/** Tax-included unit price of a product, rounding the tax down as most Japanese shops do. */
function includedPrice(product: ProductOutput): number {
  if (product.priceBasis === 'included') return product.price;
  return Math.floor((product.price * (100 + product.taxRatePercent)) / 100);
}

/**
 * POST /__mock/orders: a shopper places an order. Body `{ lines: [{ sku, quantity? }], buyer?,
 * delivery?, shipping?, fees?, coupon?, points?, status?: 'pending' | 'placed', force? }`.
 * Rejects a line beyond the stock unless `force` is true, then takes the stock.
 */
export function placeOrder(book: OrderBook, body: unknown, now: Date): Outcome {
  if (!isObject(body) || !Array.isArray(body.lines) || body.lines.length === 0) {
    return fail(400, 'invalid_request', 'lines must be a non-empty array of { sku, quantity }.');
  }
  const status = body.status ?? 'placed';
  if (status !== 'pending' && status !== 'placed') return fail(400, 'invalid_request', 'status must be pending or placed.');
  const extras: Record<'shipping' | 'fees' | 'coupon' | 'points', number> = { shipping: 0, fees: 0, coupon: 0, points: 0 };
  for (const name of ['shipping', 'fees', 'coupon', 'points'] as const) {
    const value = body[name] ?? 0;
    if (!isCount(value)) return fail(400, 'invalid_request', `${name} must be a whole number of yen.`);
    extras[name] = value;
  }
  const force = body.force === true;

  // Check every line before taking any stock, so a rejected order changes nothing.
  const wanted: Array<{ product: ProductOutput; quantity: number }> = [];
  for (const [index, line] of body.lines.entries()) {
    if (!isObject(line) || typeof line.sku !== 'string') return fail(400, 'invalid_request', `lines[${index}].sku is missing.`);
    const quantity = line.quantity ?? 1;
    if (!isCount(quantity) || quantity < 1) return fail(400, 'invalid_request', `lines[${index}].quantity must be a whole number of at least 1.`);
    const product = book.products.get(line.sku);
    if (!product) return fail(404, 'not_found', `No product with SKU ${line.sku}.`);
    const already = wanted.filter((w) => w.product.sku === product.sku).reduce((sum, w) => sum + w.quantity, 0);
    if (!force && already + quantity > product.quantity) {
      return fail(409, 'insufficient_stock', `Only ${product.quantity} of SKU ${product.sku} in stock; ${already + quantity} requested.`);
    }
    wanted.push({ product, quantity });
  }

  const orderNumber = `OS-${String(book.nextOrderSeq).padStart(6, '0')}`;
  book.nextOrderSeq += 1;

  const lines = wanted.map(({ product, quantity }, index) => {
    if (product.quantity < quantity) book.oversold.push({ orderNumber, sku: product.sku, requested: quantity, available: product.quantity });
    product.quantity = Math.max(0, product.quantity - quantity);
    product.updatedAt = jstIso(now);
    return {
      lineKey: String(index + 1),
      sku: product.sku,
      variant: null,
      title: product.title,
      unitPrice: includedPrice(product),
      quantity,
      taxIncluded: true,
      taxRate: product.taxRatePercent / 100,
    };
  });

  const goods = lines.reduce((sum, line) => sum + line.unitPrice * line.quantity, 0);
  const byRate = new Map<number, number>();
  for (const line of lines) byRate.set(line.taxRate, (byRate.get(line.taxRate) ?? 0) + line.unitPrice * line.quantity);
  const taxByRate = [...byRate].map(([rate, taxable]) => ({ rate, taxable, tax: Math.floor((taxable * rate) / (1 + rate)) }));

  const { shipping, fees, coupon, points } = extras;
  if (goods + shipping + fees - coupon - points < 0) return fail(400, 'invalid_request', 'coupon and points exceed what the order costs.');
  const order: OwnSiteOrder = {
    orderNumber,
    status,
    orderedAt: jstIso(now),
    updatedAt: jstIso(now),
    version: 1,
    buyer: isObject(body.buyer) ? (body.buyer as OwnSiteOrder['buyer']) : DEFAULT_BUYER,
    delivery: isObject(body.delivery) ? (body.delivery as OwnSiteOrder['delivery']) : null,
    lines,
    totals: { goods, shipping, fees, coupon, points, total: goods + shipping + fees - coupon - points, taxByRate },
  };
  book.orders.set(orderNumber, order);
  return { status: 201, body: order };
}

/** Moves an order to a new status, raising its version; the site's stock is left as it is. */
export function changeStatus(order: OwnSiteOrder, status: OwnSiteOrderStatus, now: Date): void {
  order.status = status;
  order.version = (order.version ?? 1) + 1;
  order.updatedAt = jstIso(now);
}

/** From which statuses each action is allowed; from the target status itself it does nothing. */
const ALLOWED_FROM: Record<'confirmed' | 'cancelled' | 'shipped', readonly OwnSiteOrderStatus[]> = {
  confirmed: ['pending', 'placed'],
  cancelled: ['pending', 'placed', 'confirmed'],
  shipped: ['placed', 'confirmed'],
};

/**
 * Applies confirm, cancel or ship. Repeating an action that already took effect returns 200
 * without a change, so the calls are idempotent. Returns whether the order changed.
 */
export function transition(book: OrderBook, orderNumber: string, target: 'confirmed' | 'cancelled' | 'shipped', now: Date): Outcome & { changed: boolean } {
  const order = book.orders.get(orderNumber);
  if (!order) return { ...fail(404, 'not_found', `No order ${orderNumber}.`), changed: false };

  // A shipped order has been accepted, so confirming it again is a no-op too.
  const done = order.status === target || (target === 'confirmed' && order.status === 'shipped');
  if (done) return { status: 200, body: order, changed: false };
  if (!ALLOWED_FROM[target].includes(order.status)) {
    return { ...fail(409, `order_${order.status}`, `Order ${orderNumber} is ${order.status} and cannot become ${target}.`), changed: false };
  }

  changeStatus(order, target, now);
  return { status: 200, body: order, changed: true };
}

interface CursorKey {
  updatedMs: number;
  orderNumber: string;
}

const encodeCursor = (key: CursorKey): string => Buffer.from(JSON.stringify([key.updatedMs, key.orderNumber])).toString('base64url');

function decodeCursor(cursor: string): CursorKey | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && typeof value[0] === 'number' && typeof value[1] === 'string') return { updatedMs: value[0], orderNumber: value[1] };
  } catch {
    // An unreadable cursor is reported as invalid below.
  }
  return null;
}

function compareKeys(a: CursorKey, b: CursorKey): number {
  if (a.updatedMs !== b.updatedMs) return a.updatedMs - b.updatedMs;
  if (a.orderNumber === b.orderNumber) return 0;
  return a.orderNumber < b.orderNumber ? -1 : 1;
}

const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * GET /orders?updatedFrom=&updatedTo=&cursor=&limit=: order numbers whose `updatedAt` lies in
 * the inclusive window, oldest change first. The cursor is the last key returned, so an order
 * that changes while a client pages moves to a later page instead of being skipped.
 */
export function listOrders(book: OrderBook, query: URLSearchParams, pageSize: number): Outcome {
  const from = query.get('updatedFrom');
  const to = query.get('updatedTo');
  if (from === null || !ISO_WITH_OFFSET.test(from)) return fail(400, 'invalid_request', 'updatedFrom must be an ISO 8601 date-time with an offset.');
  if (to === null || !ISO_WITH_OFFSET.test(to)) return fail(400, 'invalid_request', 'updatedTo must be an ISO 8601 date-time with an offset.');
  const fromMs = Date.parse(from);
  const toMs = Date.parse(to);
  if (Number.isNaN(fromMs) || Number.isNaN(toMs) || fromMs > toMs) return fail(400, 'invalid_request', 'updatedFrom must be a valid time not after updatedTo.');

  const limitText = query.get('limit');
  const limit = limitText === null ? pageSize : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_ORDER_PAGE) return fail(400, 'invalid_request', `limit must be a whole number from 1 to ${MAX_ORDER_PAGE}.`);

  const cursorText = query.get('cursor');
  const after = cursorText === null || cursorText === '' ? null : decodeCursor(cursorText);
  if (cursorText !== null && cursorText !== '' && after === null) return fail(400, 'invalid_cursor', 'cursor is not one this site returned.');

  const keys = [...book.orders.values()]
    .map((order) => ({ updatedMs: Date.parse(order.updatedAt), orderNumber: order.orderNumber }))
    .filter((key) => key.updatedMs >= fromMs && key.updatedMs <= toMs)
    .filter((key) => after === null || compareKeys(key, after) > 0)
    .sort(compareKeys);

  const page = keys.slice(0, limit);
  const last = page.at(-1);
  const nextCursor = keys.length > limit && last ? encodeCursor(last) : null;
  return { status: 200, body: { orderNumbers: page.map((key) => key.orderNumber), nextCursor } };
}
