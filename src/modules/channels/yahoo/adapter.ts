// The Yahoo!ショッピング adapter of the channel hub: turns ChannelAdapter calls into the store
// API (ShoppingWebService/V1) calls. Items are saved with one editItem call each and go live
// with reservePublish. Stock moves in setStock calls of up to 1000 codes. Orders are read with
// orderList and orderInfo (one order per call) and changed with orderStatusChange and
// orderShipStatusChange.
import type { Element } from 'domhandler';
import type { Logger } from 'pino';
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
import { YAHOO_REQUESTS_PER_SECOND, YahooClient, type YahooClientOptions, type YahooTokens } from './client.js';
import {
  formatCompactJst,
  mapOrderInfo,
  ORDER_INFO_FIELDS,
  YAHOO_CANCEL_REASON,
  YAHOO_ORDER_STATUS,
  YahooOrderFormatError,
} from './order-mapping.js';
import { childElement, childElements, childText, xmlText, type XmlElement } from './xml.js';

/** Codes per setStock and getStock call (Yahoo's documented maximum). */
export const YAHOO_STOCK_BATCH = 1000;

/**
 * Listings per publish() call the hub should send. Each piece takes one editItem call and
 * Yahoo allows about one call per second per API, so 50 pieces take about a minute.
 */
export const YAHOO_PUBLISH_BATCH = 50;

/** Orders per orderList page. NOTE: Yahoo's upper bound on `Result` is not documented; 100 is a guess. */
export const YAHOO_ORDER_PAGE_SIZE = 100;

/** Quantity bounds of setStock (absolute values), and the item code part format. */
const MAX_QUANTITY = 999_999_999;
const ITEM_CODE_PART = /^[A-Za-z0-9-]{1,99}$/;
const ORDER_ID_PATTERN = /^[a-zA-Z0-9-]{1,50}$/;

/** A store category id made of digits is Yahoo's product category; anything else is a store category path. */
const PRODUCT_CATEGORY_PATTERN = /^\d+$/;

/** Image references sent with editItem: `image` and up to five `lib_image1..5`. */
const MAX_LIBRARY_IMAGES = 5;

/** ShipStatus codes of orderShipStatusChange: 0 出荷不可, 1 出荷可, 2 出荷待ち, 3 出荷済み, 4 着荷済み. */
export const YAHOO_SHIP_STATUS = { notShippable: 0, shippable: 1, awaitingShipment: 2, shipped: 3, delivered: 4 } as const;

/**
 * ShipCompanyCode of the carriers tsunagu ships with: 1001 ヤマト運輸 and 1002 佐川急便.
 * NOTE: the stored Yahoo code list stops at 1002 and names no code for 日本郵便, so Japan Post
 * is reported as 1000 (その他) until the full list is known.
 */
export const YAHOO_CARRIER_CODES: Record<ShipmentReport['carrier'], string> = { yamato: '1001', sagawa: '1002', japanpost: '1000' };

/** One shipment update for orderShipStatusChange. */
export interface YahooShipment {
  /** ShipStatus code 0–4 (see YAHOO_SHIP_STATUS). */
  shipStatus: number;
  /** Carrier code, 4 digits: e.g. "1001" ヤマト運輸, "1002" 佐川急便, "1000" その他. */
  shipCompanyCode?: string;
  /** Tracking number, sent as ShipInvoiceNumber1. */
  invoiceNumber?: string;
  /** Shipping date as `YYYYMMDD` (Yahoo's request format) or `YYYY-MM-DD`. */
  shipDate?: string;
}

export interface YahooAdapter extends ChannelAdapter {
  readonly kind: 'yahoo';
  /** Changes an order's ship status and records the carrier, tracking number and date with orderShipStatusChange. */
  updateShipStatus(orderId: string, shipment: YahooShipment): Promise<void>;
}

/** The client's options, less its test clock. */
export type YahooAdapterOptions = Omit<YahooClientOptions, 'now'>;

function isValidCode(externalCode: string): boolean {
  const parts = externalCode.split(':');
  if (parts.length > 2) return false;
  return parts.every((part) => ITEM_CODE_PART.test(part));
}

function codeKey(itemCode: string, subCode: string): string {
  return subCode === '' ? itemCode : `${itemCode}:${subCode}`;
}

function chunk<T>(values: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < values.length; start += size) chunks.push(values.slice(start, start + size));
  return chunks;
}

/**
 * Converts a listing price to Yahoo's tax-included yen. A tax-excluded price gets the piece's
 * rate added and is rounded down, the usual rounding for consumption tax in Japan.
 */
export function toYahooPrice(price: number, priceBasis: 'included' | 'excluded', taxRatePercent: number): number {
  if (priceBasis === 'included') return price;
  return Math.floor((price * (100 + taxRatePercent)) / 100);
}

/** Builds the editItem form fields of a listing (names as Yahoo's item CSV columns). */
export function editItemFields(listing: ListingPayload): Record<string, string> {
  const fields: Record<string, string> = {
    item_code: listing.externalCode,
    name: listing.title,
    price: String(toYahooPrice(listing.price, listing.priceBasis, listing.taxRatePercent)),
  };

  if (listing.categoryId !== null && listing.categoryId !== '') {
    if (PRODUCT_CATEGORY_PATTERN.test(listing.categoryId)) fields.product_category = listing.categoryId;
    else fields.path = listing.categoryId;
  }

  if (listing.description !== null) {
    fields.caption = listing.description;
    fields.explanation = listing.description;
  }

  // NOTE: Yahoo takes image files through a separate upload API; whether editItem accepts
  // these references in `image` and `lib_image1..5` is unverified.
  const [mainImage, ...libraryImages] = listing.photos;
  if (mainImage !== undefined) fields.image = mainImage;
  libraryImages.slice(0, MAX_LIBRARY_IMAGES).forEach((photo, index) => {
    fields[`lib_image${index + 1}`] = photo;
  });

  return fields;
}

function invalidCodeError(externalCode: string): ChannelCallError {
  return new ChannelCallError(
    'rejected',
    `商品コード ${externalCode} は Yahoo!ショッピングの形式ではありません。半角英数字とハイフン（99文字以内）で、オプションは「商品コード:サブコード」の形で指定してください。`,
    `Item code ${externalCode} is not valid for Yahoo!Shopping: use half-width letters, digits and hyphens (at most 99), with options as itemCode:subCode.`,
    { externalCode },
  );
}

function invalidQuantityError(externalCode: string, quantity: number): ChannelCallError {
  return new ChannelCallError(
    'rejected',
    `商品コード ${externalCode} の在庫数 ${quantity} は設定できません。0 から ${MAX_QUANTITY} までの整数を指定してください。`,
    `Quantity ${quantity} for item code ${externalCode} is invalid: use a whole number from 0 to ${MAX_QUANTITY}.`,
    { externalCode },
  );
}

function invalidOrderIdError(orderId: string): ChannelCallError {
  return new ChannelCallError(
    'rejected',
    `注文番号 ${orderId} は Yahoo!ショッピングの形式（半角英数字とハイフン、50文字以内）ではありません。`,
    `Order number ${orderId} is not a Yahoo!Shopping order id (half-width letters, digits and hyphens, at most 50).`,
  );
}

/** Re-labels an error of a bulk call with one piece's code, so its message names the piece. */
function forPiece(error: ChannelCallError, externalCode: string): ChannelCallError {
  return new ChannelCallError(error.kind, error.messageJa, error.messageEn, { ...error.details, externalCode });
}

function asChannelError(error: unknown): ChannelCallError {
  if (error instanceof ChannelCallError) return error;
  throw error;
}

/** Checks a shipment and returns the children of `<Ship>` in Yahoo's request form. */
export function shipStatusElements(orderId: string, shipment: YahooShipment): XmlElement[] {
  const invalid = (ja: string, en: string) => new ChannelCallError('rejected', `注文番号 ${orderId}: ${ja}`, `Order ${orderId}: ${en}`);

  if (!Number.isInteger(shipment.shipStatus) || shipment.shipStatus < 0 || shipment.shipStatus > 4) {
    throw invalid(
      `出荷ステータス「${shipment.shipStatus}」は Yahoo!ショッピングのコードではありません。0（出荷不可）、1（出荷可）、2（出荷待ち）、3（出荷済み）、4（着荷済み）のいずれかを指定してください。`,
      `ship status "${shipment.shipStatus}" is not a Yahoo!Shopping code. Use 0 (not shippable), 1 (shippable), 2 (awaiting shipment), 3 (shipped) or 4 (delivered).`,
    );
  }
  const children = [xmlText('ShipStatus', shipment.shipStatus)];

  // NOTE: only 1000–1002 of the carrier codes are documented; any 4 digits are sent.
  if (shipment.shipCompanyCode !== undefined) {
    if (!/^\d{4}$/.test(shipment.shipCompanyCode)) {
      throw invalid(
        `配送会社コード「${shipment.shipCompanyCode}」が正しくありません。4桁のコード（例: 1001 ヤマト運輸、1002 佐川急便）を指定してください。`,
        `carrier code "${shipment.shipCompanyCode}" is invalid. Use a 4-digit code (e.g. 1001 Yamato, 1002 Sagawa).`,
      );
    }
    children.push(xmlText('ShipCompanyCode', shipment.shipCompanyCode));
  }

  // NOTE: Yahoo's length limit for ShipInvoiceNumber1 is not documented; only emptiness is checked.
  if (shipment.invoiceNumber !== undefined) {
    if (shipment.invoiceNumber.trim() === '') throw invalid('お問い合わせ番号が空です。', 'the tracking number is empty.');
    children.push(xmlText('ShipInvoiceNumber1', shipment.invoiceNumber.trim()));
  }

  if (shipment.shipDate !== undefined) {
    const match = /^(\d{4})-?(\d{2})-?(\d{2})$/.exec(shipment.shipDate);
    const date = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : undefined;
    if (!match || date === undefined || date.getUTCDate() !== Number(match[3]) || date.getUTCMonth() !== Number(match[2]) - 1) {
      throw invalid(
        `出荷日「${shipment.shipDate}」が正しくありません。YYYYMMDD か YYYY-MM-DD の形の日付を指定してください。`,
        `ship date "${shipment.shipDate}" is invalid. Use a date as YYYYMMDD or YYYY-MM-DD.`,
      );
    }
    children.push(xmlText('ShipDate', `${match[1]}${match[2]}${match[3]}`));
  }

  return children;
}

export function createYahooAdapter(options: YahooAdapterOptions): YahooAdapter {
  const client = new YahooClient(options);
  const logger = options.logger;

  /** Throws 'rejected' unless a `Result/Status` (or top-level `Status`) reads OK. */
  function requireStatusOk(api: string, root: Element, subject: { externalCode?: string; orderId?: string }) {
    const result = childElement(root, 'Result');
    const status = (result === undefined ? undefined : childText(result, 'Status')) ?? childText(root, 'Status');
    if (status === 'OK') return;
    const warning = result === undefined ? undefined : childText(result, 'Warning');
    throw client.rejected(api, undefined, { code: undefined, message: `Status ${status ?? '(missing)'} ${warning ?? ''}`.trim() }, subject);
  }

  /** Calls setStock for one chunk of valid, de-duplicated updates and reads each code's result. */
  async function setStockChunk(updates: StockUpdate[]): Promise<BatchOutcome> {
    const outcome: BatchOutcome = { done: [], failed: [] };
    const response = await client.postForm('setStock', {
      item_code: updates.map((update) => update.externalCode).join(','),
      quantity: updates.map((update) => String(update.quantity)).join(','),
    });

    const results = new Map<string, Element>();
    for (const result of childElements(response.root, 'Result')) {
      results.set(codeKey(childText(result, 'ItemCode') ?? '', childText(result, 'SubCode') ?? ''), result);
    }

    for (const update of updates) {
      const result = results.get(update.externalCode);
      const errorCode = result === undefined ? undefined : childText(result, 'ErrorCode');
      if (result === undefined) {
        outcome.failed.push({
          externalCode: update.externalCode,
          error: client.malformed('setStock', 200, { externalCode: update.externalCode }, 'no Result for the item code'),
        });
      } else if (errorCode !== undefined && errorCode !== '') {
        outcome.failed.push({
          externalCode: update.externalCode,
          error: client.rejected('setStock', 200, { code: errorCode, message: `setStock failed with ${errorCode}` }, { externalCode: update.externalCode }),
        });
      } else {
        outcome.done.push(update.externalCode);
      }
    }
    return outcome;
  }

  async function setStock(updates: readonly StockUpdate[]): Promise<BatchOutcome> {
    const outcome: BatchOutcome = { done: [], failed: [] };

    // Check codes and quantities first: one invalid code makes Yahoo reject the whole call.
    // A code given twice keeps its last quantity, since quantities are absolute.
    const valid = new Map<string, StockUpdate>();
    for (const update of updates) {
      if (!isValidCode(update.externalCode)) {
        outcome.failed.push({ externalCode: update.externalCode, error: invalidCodeError(update.externalCode) });
      } else if (!Number.isInteger(update.quantity) || update.quantity < 0 || update.quantity > MAX_QUANTITY) {
        outcome.failed.push({ externalCode: update.externalCode, error: invalidQuantityError(update.externalCode, update.quantity) });
      } else {
        valid.set(update.externalCode, update);
      }
    }

    let stopError: ChannelCallError | undefined;
    for (const part of chunk([...valid.values()], YAHOO_STOCK_BATCH)) {
      if (stopError !== undefined) {
        for (const update of part) outcome.failed.push({ externalCode: update.externalCode, error: forPiece(stopError, update.externalCode) });
        continue;
      }
      try {
        const partOutcome = await setStockChunk(part);
        outcome.done.push(...partOutcome.done);
        outcome.failed.push(...partOutcome.failed);
      } catch (error) {
        const channelError = asChannelError(error);
        for (const update of part) outcome.failed.push({ externalCode: update.externalCode, error: forPiece(channelError, update.externalCode) });
        // Credentials will not recover within this call, so later chunks are not sent.
        if (channelError.kind === 'auth') stopError = channelError;
      }
    }

    logger?.info({ sellerId: options.sellerId, done: outcome.done.length, failed: outcome.failed.length }, 'yahoo setStock finished');
    return outcome;
  }

  async function readStock(externalCodes: readonly string[]): Promise<Map<string, number>> {
    const quantities = new Map<string, number>();
    const codes = [...new Set(externalCodes)].filter(isValidCode);

    for (const part of chunk(codes, YAHOO_STOCK_BATCH)) {
      const response = await client.postForm('getStock', { item_code: part.join(',') });
      for (const result of childElements(response.root, 'Result')) {
        const quantityText = childText(result, 'Quantity') ?? '';
        // Unknown codes come back with an empty Quantity; they are left out of the map.
        if (!/^-?\d+$/.test(quantityText)) continue;
        quantities.set(codeKey(childText(result, 'ItemCode') ?? '', childText(result, 'SubCode') ?? ''), Number(quantityText));
      }
    }
    return quantities;
  }

  async function publish(listings: readonly ListingPayload[]): Promise<BatchOutcome> {
    const outcome: BatchOutcome = { done: [], failed: [] };
    const edited: ListingPayload[] = [];

    // Step 1: save each piece with editItem. Yahoo keeps the edit unpublished until step 2.
    for (const [index, listing] of listings.entries()) {
      const code = listing.externalCode;
      if (!isValidCode(code) || code.includes(':')) {
        outcome.failed.push({ externalCode: code, error: invalidCodeError(code) });
        continue;
      }
      try {
        const response = await client.postForm('editItem', editItemFields(listing), { externalCode: code });
        requireStatusOk('editItem', response.root, { externalCode: code });
        edited.push(listing);
      } catch (error) {
        const channelError = asChannelError(error);
        outcome.failed.push({ externalCode: code, error: channelError });
        if (channelError.kind === 'auth') {
          for (const rest of listings.slice(index + 1)) {
            outcome.failed.push({ externalCode: rest.externalCode, error: forPiece(channelError, rest.externalCode) });
          }
          return outcome;
        }
      }
    }
    if (edited.length === 0) return outcome;

    // Step 2: publish now (reservePublish mode 1 without a time). Yahoo publishes every saved
    // edit of the store at once, including edits made in its own store manager.
    try {
      const response = await client.postForm('reservePublish', { mode: '1' });
      requireStatusOk('reservePublish', response.root, {});
    } catch (error) {
      const channelError = asChannelError(error);
      for (const listing of edited) outcome.failed.push({ externalCode: listing.externalCode, error: forPiece(channelError, listing.externalCode) });
      return outcome;
    }

    // Step 3: set the quantities; a piece is done only when its stock is set too.
    const stockOutcome = await setStock(edited.map((listing) => ({ externalCode: listing.externalCode, quantity: listing.quantity })));
    outcome.done.push(...stockOutcome.done);
    outcome.failed.push(...stockOutcome.failed);

    logger?.info({ sellerId: options.sellerId, done: outcome.done.length, failed: outcome.failed.length }, 'yahoo publish finished');
    return outcome;
  }

  function orderRequest(children: XmlElement[]): XmlElement {
    return { name: 'Req', children: [...children, xmlText('SellerId', options.sellerId)] };
  }

  async function listOrders(window: OrderWindow): Promise<OrderPage> {
    const start = window.cursor === undefined ? 1 : Number(window.cursor);
    if (!Number.isInteger(start) || start < 1) {
      throw new ChannelCallError(
        'rejected',
        `注文一覧の続きの位置 ${window.cursor} が不正です。最初のページから取得し直してください。`,
        `Order list cursor ${window.cursor} is invalid. Start again from the first page.`,
      );
    }

    // NOTE: orderList filters by order time only. Orders placed before the window and changed
    // inside it (a shopper's cancellation) need Yahoo's orderChangeHistory API, which this
    // adapter does not call yet.
    const response = await client.postOrderXml(
      'orderList',
      orderRequest([
        {
          name: 'Search',
          children: [
            xmlText('Result', YAHOO_ORDER_PAGE_SIZE),
            xmlText('Start', start),
            xmlText('Sort', '+order_time'),
            {
              name: 'Condition',
              children: [
                xmlText('OrderTimeFrom', formatCompactJst(window.from.getTime())),
                xmlText('OrderTimeTo', formatCompactJst(window.to.getTime())),
              ],
            },
            xmlText('Field', 'OrderId'),
          ],
        },
      ]),
    );

    const result = childElement(response.root, 'Result');
    const search = result === undefined ? undefined : childElement(result, 'Search');
    if (result === undefined || search === undefined) throw client.malformed('orderList', 200, {}, 'no Result/Search element');
    requireStatusOk('orderList', response.root, {});

    const orderNumbers = childElements(search, 'OrderInfo')
      .map((info) => childText(info, 'OrderId') ?? '')
      .filter((orderId) => orderId !== '');
    const totalCount = Number(childText(search, 'TotalCount') ?? orderNumbers.length);
    const nextStart = start + orderNumbers.length;
    const hasMore = orderNumbers.length > 0 && nextStart <= totalCount;
    return hasMore ? { orderNumbers, next: String(nextStart) } : { orderNumbers };
  }

  async function getOrder(orderId: string): Promise<ChannelOrder | undefined> {
    if (!ORDER_ID_PATTERN.test(orderId)) return undefined;
    let response;
    try {
      response = await client.postOrderXml(
        'orderInfo',
        orderRequest([{ name: 'Target', children: [xmlText('OrderId', orderId), xmlText('Field', ORDER_INFO_FIELDS.join(','))] }]),
        { orderId },
      );
    } catch (error) {
      // NOTE: Yahoo's code for an unknown order id is undocumented, so any rejection of one
      // order id counts as "unknown": it is logged and left out, as the contract requires.
      if (error instanceof ChannelCallError && error.kind === 'rejected') {
        logger?.warn({ sellerId: options.sellerId, orderId, channelCode: error.details.channelCode }, 'yahoo orderInfo rejected the order id; leaving it out');
        return undefined;
      }
      throw error;
    }

    requireStatusOk('orderInfo', response.root, { orderId });
    const info = childElement(childElement(response.root, 'Result') ?? response.root, 'OrderInfo');
    if (info === undefined) throw client.malformed('orderInfo', 200, { orderId }, 'no Result/OrderInfo element');
    try {
      return mapOrderInfo(info, response.body);
    } catch (error) {
      if (error instanceof YahooOrderFormatError) throw client.malformed('orderInfo', 200, { orderId }, error.message);
      throw error;
    }
  }

  async function getOrders(orderNumbers: readonly string[]): Promise<ChannelOrder[]> {
    const orders: ChannelOrder[] = [];
    for (const orderId of new Set(orderNumbers)) {
      const order = await getOrder(orderId);
      if (order !== undefined) orders.push(order);
    }
    return orders;
  }

  async function changeOrderStatus(order: ChannelOrder, status: number, cancelReason?: number): Promise<void> {
    if (!ORDER_ID_PATTERN.test(order.orderNumber)) throw invalidOrderIdError(order.orderNumber);
    const orderChildren = [xmlText('OrderStatus', status)];
    if (cancelReason !== undefined) orderChildren.push(xmlText('CancelReason', cancelReason));

    const response = await client.postOrderXml(
      'orderStatusChange',
      orderRequest([
        { name: 'Target', children: [xmlText('OrderId', order.orderNumber)] },
        { name: 'Order', children: orderChildren },
      ]),
      { orderId: order.orderNumber },
    );
    requireStatusOk('orderStatusChange', response.root, { orderId: order.orderNumber });
    logger?.info({ sellerId: options.sellerId, orderId: order.orderNumber, orderStatus: status, cancelReason }, 'yahoo order status changed');
  }

  async function updateShipStatus(orderId: string, shipment: YahooShipment): Promise<void> {
    if (!ORDER_ID_PATTERN.test(orderId)) throw invalidOrderIdError(orderId);
    const shipChildren = shipStatusElements(orderId, shipment);

    // NOTE: Yahoo's sample request also sends Target/IsPointFix true; what it changes for a
    // ship status is not documented, so it is left out.
    const response = await client.postOrderXml(
      'orderShipStatusChange',
      orderRequest([
        { name: 'Target', children: [xmlText('OrderId', orderId)] },
        { name: 'Order', children: [{ name: 'Ship', children: shipChildren }] },
      ]),
      { orderId },
    );
    requireStatusOk('orderShipStatusChange', response.root, { orderId });
    logger?.info({ sellerId: options.sellerId, orderId, shipStatus: shipment.shipStatus, shipCompanyCode: shipment.shipCompanyCode }, 'yahoo ship status changed');
  }

  return {
    kind: 'yahoo',
    stockReady: () => client.ready('setStock'),
    limits: { stockBatch: YAHOO_STOCK_BATCH, publishBatch: YAHOO_PUBLISH_BATCH, requestsPerSecond: YAHOO_REQUESTS_PER_SECOND },

    async testConnection() {
      // getStock of one code is the cheapest authorised call; an unknown code is not an error.
      await client.postForm('getStock', { item_code: 'tsunagu-connection-test' });
    },

    publish,
    setStock,
    readStock,
    listOrders,
    getOrders,

    async confirmOrder(order: ChannelOrder) {
      await changeOrderStatus(order, YAHOO_ORDER_STATUS.inProcess);
    },

    async cancelOrder(order: ChannelOrder, reason: CancelReason) {
      await changeOrderStatus(order, YAHOO_ORDER_STATUS.cancelled, YAHOO_CANCEL_REASON[reason]);
    },

    updateShipStatus,

    async reportShipment(order: ChannelOrder, shipment: ShipmentReport) {
      // Yahoo keeps one tracking number per order, so a correction overwrites it and there is no record id.
      await updateShipStatus(order.orderNumber, {
        shipStatus: YAHOO_SHIP_STATUS.shipped,
        shipCompanyCode: YAHOO_CARRIER_CODES[shipment.carrier],
        invoiceNumber: shipment.trackingNumber,
        shipDate: shipment.shippedOn,
      });
      return { reference: null };
    },
  };
}
