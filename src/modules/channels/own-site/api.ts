// The own-site API as tsunagu defines it (docs/own-site-api.md): the JSON bodies tsunagu sends
// to the shop's site, the bodies the site returns, and the order the site posts to tsunagu.
// The adapter and the mock both validate against these schemas, so they cannot drift apart.

import { z } from 'zod';
import { bilingual } from '../../../shared/zod.js';
import { ChannelCallError, type CancelReason, type ChannelOrder, type ChannelOrderStatus } from '../adapter.js';

/** SKU: the piece's key on the site (tsunagu's external code), safe in a URL path and a comma list. */
export const SKU_PATTERN = /^[A-Za-z0-9_.-]{1,64}$/;
/** Order number: the site's own key of an order, safe in a URL path. */
export const ORDER_NUMBER_PATTERN = /^[A-Za-z0-9_.-]{1,64}$/;

/** Pieces per POST /stock call. */
export const MAX_STOCK_WRITE = 500;
/** SKUs per GET /stock call; 100 SKUs of 64 characters keep the URL under about 7 KB. */
export const MAX_STOCK_READ = 100;
/** Order numbers per GET /orders page. */
export const MAX_ORDER_PAGE = 100;
/** Highest quantity the site must accept. */
export const MAX_QUANTITY = 999_999;

export const sku = z.string().regex(SKU_PATTERN);
export const orderNumber = z.string().regex(ORDER_NUMBER_PATTERN);
const yen = z.number().int().min(0);
const quantity = z.number().int().min(0).max(MAX_QUANTITY);
const isoDateTime = z.iso.datetime({ offset: true });

// ---- Products and stock (tsunagu → site) ----

/** PUT /products/{sku} body: creates the product or replaces its fields. */
export const productInput = z.object({
  title: z.string().min(1).max(255),
  description: z.string().max(20_000).nullable(),
  /** Yen on `priceBasis`. */
  price: yen,
  priceBasis: z.enum(['included', 'excluded']),
  /** Consumption tax rate in percent (10 or 8). */
  taxRatePercent: z.number().int().min(0).max(100),
  categoryId: z.string().max(100).nullable(),
  /** Photo URLs in display order. */
  photos: z.array(z.string().min(1).max(1000)).max(20),
  quantity,
});
export type ProductInput = z.infer<typeof productInput>;

/** PUT /products/{sku} response. */
export const productOutput = productInput.extend({ sku, updatedAt: isoDateTime });
export type ProductOutput = z.infer<typeof productOutput>;

/** POST /stock body: absolute quantities, applied in the order given. */
export const stockWriteRequest = z.object({
  items: z.array(z.object({ sku, quantity })).min(1).max(MAX_STOCK_WRITE),
});
export type StockWriteRequest = z.infer<typeof stockWriteRequest>;

/** One entry per requested item, in request order. */
export const stockWriteResponse = z.object({
  results: z.array(
    z.discriminatedUnion('ok', [
      z.object({ sku: z.string(), ok: z.literal(true) }),
      z.object({ sku: z.string(), ok: z.literal(false), error: z.object({ code: z.string(), message: z.string() }) }),
    ]),
  ),
});
export type StockWriteResponse = z.infer<typeof stockWriteResponse>;

/** GET /stock?skus=a,b response; SKUs the site does not know are left out. */
export const stockReadResponse = z.object({ items: z.array(z.object({ sku: z.string(), quantity: z.number().int().min(0) })) });
export type StockReadResponse = z.infer<typeof stockReadResponse>;

// ---- Orders (site → tsunagu) ----

/** The site's order statuses. */
export const OWN_SITE_ORDER_STATUSES = ['pending', 'placed', 'confirmed', 'shipped', 'cancelled'] as const;
export type OwnSiteOrderStatus = (typeof OWN_SITE_ORDER_STATUSES)[number];

/**
 * Site status → hub status. `pending` waits for payment (bank transfer, convenience store),
 * `placed` waits for the shop to accept it, `confirmed` waits for shipping.
 */
export const ORDER_STATUS_TO_HUB: Record<OwnSiteOrderStatus, ChannelOrderStatus> = {
  pending: 'new',
  placed: 'to_confirm',
  confirmed: 'to_ship',
  shipped: 'shipped',
  cancelled: 'cancelled',
};

const optionalText = (max: number) => z.string().max(max).nullable().optional();

const address = z.object({
  name: z.string().min(1).max(200),
  nameKana: optionalText(200),
  postalCode: optionalText(20),
  /** Prefecture, city and street in one string. */
  address: z.string().min(1).max(500),
  phone: optionalText(40),
});

const orderLine = z.object({
  /** Stable key of the line within the order. */
  lineKey: z.string().min(1).max(64),
  sku: z.string().min(1).max(64).nullable(),
  variant: optionalText(64),
  title: z.string().min(1).max(255),
  unitPrice: yen,
  quantity: z.number().int().min(1).max(MAX_QUANTITY),
  taxIncluded: z.boolean(),
  /** Fraction, e.g. 0.1 for 10 %; null when the site does not know it. */
  taxRate: z
    .number()
    .min(0)
    .refine((rate) => rate < 1, bilingual('税率は 0.1（10%）のような小数で指定してください。', 'Give the tax rate as a fraction such as 0.1 for 10 %, not as a percentage.'))
    .nullable(),
});

/** The order JSON: the body of GET /orders/{orderNumber} and of the order webhook. */
export const ownSiteOrder = z.object({
  orderNumber,
  status: z.enum(OWN_SITE_ORDER_STATUSES),
  orderedAt: isoDateTime,
  updatedAt: isoDateTime,
  /** Counter the site raises on every change; when absent, `updatedAt` serves as the version. */
  version: z.number().int().min(1).optional(),
  buyer: address.extend({ email: optionalText(254) }),
  /** Null or absent: deliver to the buyer. */
  delivery: address.nullable().optional(),
  lines: z.array(orderLine).min(1).max(500),
  totals: z.object({
    goods: yen,
    shipping: yen,
    /** Payment, gift-wrap and other fees the buyer pays. */
    fees: yen,
    /** Discounts, as positive amounts subtracted from the total. */
    coupon: yen,
    points: yen,
    /** Amount the buyer pays: goods + shipping + fees − coupon − points. */
    total: yen,
    taxByRate: z
      .array(
        z.object({
          rate: z.number().min(0).refine((rate) => rate < 1, bilingual('税率は 0.1（10%）のような小数で指定してください。', 'Give the tax rate as a fraction such as 0.1 for 10 %, not as a percentage.')),
          taxable: yen,
          tax: yen,
        }),
      )
      .default([]),
  }),
});
export type OwnSiteOrder = z.infer<typeof ownSiteOrder>;

/** GET /orders response: one page of order numbers ordered or changed in the window. */
export const orderPage = z.object({
  orderNumbers: z.array(z.string()),
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: z.string().nullable(),
});
export type OrderPageBody = z.infer<typeof orderPage>;

export const CANCEL_REASONS = ['out_of_stock', 'buyer_request', 'other'] as const satisfies readonly CancelReason[];

/** POST /orders/{orderNumber}/cancel body. */
export const cancelRequest = z.object({ reason: z.enum(CANCEL_REASONS) });

/** Body of every 4xx and 5xx response. */
export const errorBody = z.object({ error: z.object({ code: z.string(), message: z.string() }) });
export type ErrorBody = z.infer<typeof errorBody>;

// ---- Mapping ----

/** Formats a zod path as `lines[0].quantity`. */
export function fieldPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out === '' ? '(body)' : out;
}

function valueAt(json: unknown, path: readonly PropertyKey[]): unknown {
  let current = json;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

/** Describes one zod issue in both languages; the field comes first so the site's developer can find it. */
export function describeIssue(issue: z.core.$ZodIssue, json: unknown): { ja: string; en: string; field: string } {
  const field = fieldPath(issue.path);
  const missing = issue.path.length > 0 && valueAt(json, issue.path) === undefined;

  if (issue.code === 'invalid_type' && missing) {
    return { field, ja: `${field} がありません。`, en: `${field} is missing.` };
  }
  if (issue.code === 'invalid_type') {
    return { field, ja: `${field} は ${issue.expected} 型にしてください。`, en: `${field} must be of type ${issue.expected}.` };
  }
  if (issue.code === 'invalid_value') {
    const allowed = issue.values.map(String).join(', ');
    return { field, ja: `${field} は次のいずれかにしてください: ${allowed}。`, en: `${field} must be one of: ${allowed}.` };
  }
  if (issue.code === 'too_small' || issue.code === 'too_big') {
    const small = issue.code === 'too_small';
    const bound = String(small ? issue.minimum : issue.maximum);
    const one = bound === '1';
    let unit = { ja: ' ', en: '' };
    if (issue.origin === 'string') unit = { ja: ' 文字', en: one ? ' character' : ' characters' };
    if (issue.origin === 'array') unit = { ja: ' 件', en: one ? ' entry' : ' entries' };
    const verb = issue.origin === 'array' ? 'have' : 'be';
    return {
      field,
      ja: `${field} は ${bound}${unit.ja}${small ? '以上' : '以下'}にしてください。`,
      en: `${field} must ${verb} ${small ? 'at least' : 'at most'} ${bound}${unit.en}.`,
    };
  }
  if (issue.code === 'invalid_format') {
    return { field, ja: `${field} の書式が不正です（${issue.format}）。`, en: `${field} has an invalid format (${issue.format}).` };
  }
  const params = issue.code === 'custom' ? (issue.params as { ja?: string; en?: string } | undefined) : undefined;
  if (params?.ja !== undefined && params.en !== undefined) {
    return { field, ja: `${field}: ${params.ja}`, en: `${field}: ${params.en}` };
  }
  return { field, ja: `${field} が不正です: ${issue.message}`, en: `${field} is invalid: ${issue.message}` };
}

function rejectOrder(number: string | null, ja: string, en: string, field: string): ChannelCallError {
  const which = number === null ? '' : ` ${number}`;
  return new ChannelCallError(
    'rejected',
    `自社サイトの注文${number === null ? '' : ` ${number} `}のデータが不正です。${ja}サイト側の注文 JSON を確認してください。`,
    `The own-site order${which} is invalid. ${en} Check the order JSON the site sends.`,
    { channelCode: `invalid_order:${field}` },
  );
}

/**
 * Validates the site's order JSON and maps it to the hub's ChannelOrder. Throws a
 * ChannelCallError of kind 'rejected' whose messages name the first invalid field, and
 * whose `details.channelCode` is `invalid_order:<field>`.
 */
export function parseOwnSiteOrder(json: unknown): ChannelOrder {
  const rawNumber = valueAt(json, ['orderNumber']);
  const number = typeof rawNumber === 'string' && ORDER_NUMBER_PATTERN.test(rawNumber) ? rawNumber : null;

  const parsed = ownSiteOrder.safeParse(json);
  if (!parsed.success) {
    const { ja, en, field } = describeIssue(parsed.error.issues[0]!, json);
    throw rejectOrder(number, ja, en, field);
  }
  const order = parsed.data;

  // The total is checked because tsunagu books it as the amount received.
  const { goods, shipping, fees, coupon, points, total } = order.totals;
  const expected = goods + shipping + fees - coupon - points;
  if (total !== expected) {
    throw rejectOrder(
      order.orderNumber,
      `totals.total（${total}）が goods + shipping + fees − coupon − points（${expected}）と一致しません。`,
      `totals.total (${total}) does not equal goods + shipping + fees − coupon − points (${expected}).`,
      'totals.total',
    );
  }

  const keys = new Set<string>();
  for (const [index, line] of order.lines.entries()) {
    if (keys.has(line.lineKey)) {
      throw rejectOrder(
        order.orderNumber,
        `lines[${index}].lineKey「${line.lineKey}」が同じ注文内で重複しています。`,
        `lines[${index}].lineKey "${line.lineKey}" appears twice in the order.`,
        `lines[${index}].lineKey`,
      );
    }
    keys.add(line.lineKey);
  }

  const toAddress = (a: z.infer<typeof address>) => ({
    name: a.name,
    nameKana: a.nameKana ?? null,
    postalCode: a.postalCode ?? null,
    address: a.address,
    phone: a.phone ?? null,
  });

  return {
    orderNumber: order.orderNumber,
    status: ORDER_STATUS_TO_HUB[order.status],
    orderedAt: order.orderedAt,
    version: order.version === undefined ? order.updatedAt : String(order.version),
    buyer: { ...toAddress(order.buyer), email: order.buyer.email ?? null },
    delivery: order.delivery ? toAddress(order.delivery) : null,
    lines: order.lines.map((line) => ({
      lineKey: line.lineKey,
      externalCode: line.sku,
      variantCode: line.variant ?? null,
      title: line.title,
      unitPrice: line.unitPrice,
      quantity: line.quantity,
      taxIncluded: line.taxIncluded,
      taxRate: line.taxRate,
    })),
    totals: { goods, shipping, fees, coupon, points, total, taxByRate: order.totals.taxByRate },
    raw: json,
  };
}
