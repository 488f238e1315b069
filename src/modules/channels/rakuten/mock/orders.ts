// RakutenPay order API behaviour of the mock and the shopper-side order placement.
import { inventoryKey, type CatalogState, type Json, type Outcome } from './items.js';
import {
  isCalendarDate,
  isInt,
  isObject,
  jstCompactDate,
  jstOrder,
  parseAnyDatetime,
  parseOrderDatetime,
  type RmsMessage,
} from './support.js';

export interface OrderState {
  /** OrderModel objects as getOrder returns them, keyed by orderNumber. */
  orders: Map<string, Json>;
  nextOrderSeq: number;
  nextBasketId: number;
  nextItemDetailId: number;
  nextShippingDetailId: number;
  /** Order numbers that were placed with `force` while stock was short. */
  oversold: string[];
}

export const ORDER_NUMBER = /^\d{6}-\d{8}-\d{8,10}$/; // [unverified] inferred from the published order numbers
export const MAX_ORDER_NUMBERS = 100;
export const MAX_RECORDS_PER_PAGE = 1000;
export const SEARCH_WINDOW_DAYS = 63;
export const SEARCH_MAX_AGE_DAYS = 730;
export const SEARCH_HIT_CAP = 15000;
const DAY_MS = 24 * 60 * 60 * 1000;

const msg = (messageType: RmsMessage['messageType'], messageCode: string, message: string, extra: Json = {}): RmsMessage => ({
  messageType,
  messageCode,
  message,
  ...extra,
});

// Codes that no stored page documents are marked MOCK_ so that no adapter starts relying on them.
const SEARCH_ERROR = (code: string, message: string): Outcome => ({
  status: 400,
  body: { orderNumberList: null, MessageModelList: [msg('ERROR', code, message)], PaginationResponseModel: null },
});

const DATE_FIELDS: Record<number, string> = {
  1: 'orderDatetime',
  2: 'shopOrderCfmDatetime',
  3: 'orderFixDatetime',
  4: 'shippingInstDatetime',
  5: 'shippingCmplRptDatetime',
  6: 'settlementFixDatetime', // [unverified] no OrderModel field names the settlement-fix date
};

export function searchOrder(state: OrderState, body: unknown, now: Date): Outcome {
  const b = isObject(body) ? body : {};
  const messages: RmsMessage[] = [];
  const missing = (f: string): void => {
    messages.push(msg('ERROR', 'ORDER_EXT_API_SEARCH_ORDER_ERROR_009', `${f}の項目を指定して下さい。`));
  };
  const malformed = (f: string): void => {
    messages.push(msg('ERROR', 'ORDER_EXT_API_SEARCH_ORDER_ERROR_011', `${f}の書式が不正です。`));
  };
  if (b.dateType === undefined || b.dateType === null) missing('dateType');
  else if (!isInt(b.dateType) || !(b.dateType in DATE_FIELDS)) malformed('dateType');
  let start: Date | null = null;
  let end: Date | null = null;
  if (b.startDatetime === undefined || b.startDatetime === null) missing('startDatetime');
  else if (!(start = parseOrderDatetime(b.startDatetime))) malformed('startDatetime');
  if (b.endDatetime === undefined || b.endDatetime === null) missing('endDatetime');
  else if (!(end = parseOrderDatetime(b.endDatetime))) malformed('endDatetime');
  const page = isObject(b.PaginationRequestModel) ? b.PaginationRequestModel : {};
  const amount = page.requestRecordsAmount ?? 30;
  const requestPage = page.requestPage ?? 1;
  if (!isInt(amount) || amount < 1 || amount > MAX_RECORDS_PER_PAGE) malformed('requestRecordsAmount');
  if (!isInt(requestPage) || requestPage < 1) malformed('requestPage');
  let direction = 2;
  if (Array.isArray(page.SortModelList) && page.SortModelList.length > 0) {
    const sort = page.SortModelList[0];
    if (!isObject(sort) || sort.sortColumn !== 1 || (sort.sortDirection !== 1 && sort.sortDirection !== 2)) malformed('SortModelList');
    else direction = sort.sortDirection;
  }
  if (b.orderProgressList !== undefined && b.orderProgressList !== null && (!Array.isArray(b.orderProgressList) || !b.orderProgressList.every(isInt))) {
    malformed('orderProgressList');
  }
  if (messages.length > 0) return { status: 400, body: { orderNumberList: null, MessageModelList: messages, PaginationResponseModel: null } };
  if (start! > end!) return SEARCH_ERROR('MOCK_SEARCH_ORDER_ERROR_PERIOD_ORDER', 'startDatetimeはendDatetime以前を指定して下さい。');
  if (end!.getTime() - start!.getTime() > SEARCH_WINDOW_DAYS * DAY_MS) {
    return SEARCH_ERROR('MOCK_SEARCH_ORDER_ERROR_PERIOD_63_DAYS', '検索期間は63日以内で指定して下さい。');
  }
  if (start!.getTime() < now.getTime() - SEARCH_MAX_AGE_DAYS * DAY_MS) {
    return SEARCH_ERROR('MOCK_SEARCH_ORDER_ERROR_PERIOD_730_DAYS', 'startDatetimeは730日以内を指定して下さい。');
  }

  const field = DATE_FIELDS[b.dateType as number]!;
  const progress = Array.isArray(b.orderProgressList) && b.orderProgressList.length > 0 ? (b.orderProgressList as number[]) : null;
  const hits = [...state.orders.values()]
    .map((o) => ({ o, at: parseAnyDatetime(o[field]) }))
    .filter(({ o, at }) => at && at >= start! && at <= end! && (!progress || progress.includes(o.orderProgress as number)))
    .sort((x, y) => (x.at!.getTime() - y.at!.getTime()) * (direction === 1 ? 1 : -1) || String(x.o.orderNumber).localeCompare(String(y.o.orderNumber)))
    .slice(0, SEARCH_HIT_CAP) // beyond the 15000th hit nothing can be retrieved
    .map(({ o }) => String(o.orderNumber));
  if (hits.length === 0) {
    return {
      status: 200,
      body: {
        orderNumberList: [],
        MessageModelList: [msg('INFO', 'ORDER_EXT_API_SEARCH_ORDER_INFO_102', '注文検索に成功しました。(検索結果０件)')],
        PaginationResponseModel: { totalRecordsAmount: null, totalPages: null, requestPage: null },
      },
    };
  }
  const from = ((requestPage as number) - 1) * (amount as number);
  return {
    status: 200,
    body: {
      orderNumberList: hits.slice(from, from + (amount as number)),
      MessageModelList: [msg('INFO', 'ORDER_EXT_API_SEARCH_ORDER_INFO_101', '注文検索に成功しました。')],
      PaginationResponseModel: {
        totalRecordsAmount: hits.length,
        totalPages: Math.ceil(hits.length / (amount as number)),
        requestPage,
      },
    },
  };
}

function orderNumbers(body: unknown, code: string): { list: string[] } | { error: Outcome } {
  const b = isObject(body) ? body : {};
  const list = b.orderNumberList;
  if (!Array.isArray(list) || list.length === 0) {
    return { error: { status: 400, body: { MessageModelList: [msg('ERROR', `${code}_MOCK_REQUIRED`, 'orderNumberListの項目を指定して下さい。')] } } };
  }
  if (list.length > MAX_ORDER_NUMBERS || !list.every((n) => typeof n === 'string')) {
    return { error: { status: 400, body: { MessageModelList: [msg('ERROR', `${code}_MOCK_FORMAT`, 'orderNumberListの書式が不正です。')] } } };
  }
  return { list: list as string[] };
}

function stripSku(order: Json): Json {
  const copy = structuredClone(order);
  for (const pkg of (copy.PackageModelList as Json[] | undefined) ?? []) {
    for (const item of (pkg.ItemModelList as Json[] | undefined) ?? []) delete item.SkuModelList;
  }
  return copy;
}

/** getOrder (version required, ≥3) and PurchaseItem getOrderItem (no version). */
export function getOrder(state: OrderState, body: unknown, needsVersion: boolean): Outcome {
  const parsed = orderNumbers(body, 'MOCK_GET_ORDER_ERROR');
  if ('error' in parsed) return parsed.error;
  let version = 7;
  if (needsVersion) {
    const raw = (body as Json).version;
    const v = typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : raw; // the JakeJP/Rakuten.RMS.Api client sends "7"
    if (!isInt(v) || v < 3) {
      return { status: 400, body: { MessageModelList: [msg('ERROR', 'MOCK_GET_ORDER_ERROR_VERSION', 'versionの書式が不正です。')], OrderModelList: [] } };
    }
    version = v;
  }
  const found: Json[] = [];
  const notFound: RmsMessage[] = [];
  for (const n of parsed.list) {
    const o = state.orders.get(n);
    if (o) found.push(version < 7 ? stripSku(o) : structuredClone(o)); // SkuModelList arrived with version 7
    else notFound.push(msg('INFO', 'ORDER_EXT_API_GET_ORDER_INFO_102', '受注情報が取得できませんでした。', { orderNumber: n }));
  }
  const messages = found.length
    ? [msg('INFO', 'ORDER_EXT_API_GET_ORDER_INFO_101', `受注情報取得に成功しました。(取得件数${found.length}件)`), ...notFound]
    : notFound;
  return { status: 200, body: { MessageModelList: messages, OrderModelList: found } };
}

/** confirmOrder: 100 → 300 is the mock's choice [unverified]. */
export function confirmOrder(state: OrderState, body: unknown, now: Date): Outcome {
  const parsed = orderNumbers(body, 'MOCK_CONFIRM_ORDER_ERROR');
  if ('error' in parsed) return parsed.error;
  const messages = parsed.list.map((n) => {
    const o = state.orders.get(n);
    if (!o) return msg('ERROR', 'MOCK_CONFIRM_ORDER_ERROR_NOT_FOUND', '受注情報が取得できませんでした。', { orderNumber: n });
    if (o.orderProgress === 900) return msg('ERROR', 'ORDER_EXT_API_CONFIRM_ORDER_ERROR_102', 'キャンセル済みの注文です。', { orderNumber: n });
    if (o.orderProgress !== 100) return msg('ERROR', 'ORDER_EXT_API_CONFIRM_ORDER_ERROR_103', '注文確認待ちではありません。', { orderNumber: n });
    o.orderProgress = 300;
    o.shopOrderCfmDatetime = jstOrder(now);
    return msg('INFO', 'ORDER_EXT_API_CONFIRM_ORDER_INFO_101', '注文確認に成功しました。', { orderNumber: n });
  });
  return { status: 200, body: { MessageModelList: messages } };
}

const CARRIERS: Record<string, string> = {
  '1000': 'その他', '1001': 'ヤマト運輸', '1002': '佐川急便', '1003': '日本郵便', '1004': '西濃運輸',
  '1005': 'セイノースーパーエクスプレス', '1006': '福山通運', '1007': '名鉄運輸', '1008': 'トナミ運輸',
  '1009': '第一貨物', '1010': '新潟運輸', '1011': '中越運送', '1012': '岡山県貨物運送', '1013': '久留米運送',
  '1014': '山陽自動車運送', '1015': 'NXトランスポート', '1016': 'エコ配', '1017': 'EMS', '1018': 'DHL',
  '1019': 'FedEx', '1020': 'UPS', '1021': '日本通運', '1022': 'TNT', '1023': 'OCS', '1024': 'USPS',
  '1025': 'SFエクスプレス', '1026': 'Aramex', '1027': 'SGHグローバル・ジャパン', '1028': 'Rakuten EXPRESS',
  '1029': '日本郵便 楽天倉庫出荷', '1030': 'ヤマト運輸 クロネコゆうパケット', '1031': '名鉄NX運輸',
};

const UOS = 'ORDER_EXT_API_UPDATE_ORDERSHIPPING';

export function updateOrderShipping(state: OrderState, body: unknown, now: Date): Outcome {
  void now;
  const b = isObject(body) ? body : {};
  const fail = (code: string, text: string): Outcome => ({ status: 400, body: { MessageModelList: [msg('ERROR', code, text)] } });
  if (typeof b.orderNumber !== 'string') return fail(`${UOS}_MOCK_REQUIRED`, 'orderNumberの項目を指定して下さい。');
  const order = state.orders.get(b.orderNumber);
  if (!order) return fail(`${UOS}_MOCK_NOT_FOUND`, '受注情報が取得できませんでした。');
  if (!Array.isArray(b.BasketidModelList) || b.BasketidModelList.length === 0) {
    return fail(`${UOS}_MOCK_REQUIRED`, 'BasketidModelListの項目を指定して下さい。');
  }
  const packages = (order.PackageModelList as Json[] | undefined) ?? [];
  const errors: RmsMessage[] = [];
  const plan: Array<{ pkg: Json; model: Json; dataNumber: number; detailId: number | null }> = [];
  let dataNumber = 0;
  for (const basket of b.BasketidModelList as unknown[]) {
    const bk = isObject(basket) ? basket : {};
    const pkg = packages.find((p) => p.basketId === bk.basketId);
    const models = Array.isArray(bk.ShippingModelList) ? (bk.ShippingModelList as unknown[]) : [];
    if (!pkg) {
      errors.push(msg('ERROR', `${UOS}_ERROR_011`, 'basketIdの書式が不正です。', { dataNumber: dataNumber + 1, shippingDetailId: null }));
      dataNumber += models.length;
      continue;
    }
    if (models.length === 0 || models.length > 20) {
      errors.push(msg('ERROR', `${UOS}_ERROR_011`, 'ShippingModelListの書式が不正です。', { dataNumber: dataNumber + 1, shippingDetailId: null }));
    }
    const existing = ((pkg.ShippingModelList as Json[] | null | undefined) ?? []).map((s) => s.shippingDetailId);
    for (const raw of models) {
      dataNumber += 1;
      const m = isObject(raw) ? raw : {};
      const detailId = m.shippingDetailId === undefined || m.shippingDetailId === null ? null : m.shippingDetailId;
      const bad = (field: string): void => {
        errors.push(msg('ERROR', `${UOS}_ERROR_011`, `${field}の書式が不正です。`, { dataNumber, shippingDetailId: detailId }));
      };
      if (detailId !== null && (!isInt(detailId) || !existing.includes(detailId))) bad('shippingDetailId');
      if (m.deliveryCompany !== undefined && m.deliveryCompany !== null && !(typeof m.deliveryCompany === 'string' && m.deliveryCompany in CARRIERS)) bad('deliveryCompany');
      if (m.shippingNumber !== undefined && m.shippingNumber !== null && (typeof m.shippingNumber !== 'string' || [...m.shippingNumber].length > 120)) bad('shippingNumber');
      if (m.shippingDate !== undefined && m.shippingDate !== null && !isCalendarDate(m.shippingDate)) bad('shippingDate');
      if (m.shippingDeleteFlag !== undefined && m.shippingDeleteFlag !== 0 && m.shippingDeleteFlag !== 1) bad('shippingDeleteFlag');
      plan.push({ pkg, model: m, dataNumber, detailId: detailId as number | null });
    }
  }
  if (errors.length > 0) return { status: 400, body: { MessageModelList: errors } };
  const messages = plan.map(({ pkg, model, dataNumber: n, detailId }) => {
    const list = ((pkg.ShippingModelList as Json[] | null | undefined) ?? []) as Json[];
    pkg.ShippingModelList = list;
    if (detailId === null) {
      const id = state.nextShippingDetailId++;
      list.push({
        shippingDetailId: id,
        shippingNumber: model.shippingNumber ?? null,
        deliveryCompany: model.deliveryCompany ?? null,
        deliveryCompanyName: typeof model.deliveryCompany === 'string' ? CARRIERS[model.deliveryCompany] : null,
        shippingDate: model.shippingDate ?? null,
      });
      return msg('INFO', `${UOS}_INFO_101`, '発送情報の追加設定が完了しました。', { dataNumber: n, shippingDetailId: id });
    }
    const idx = list.findIndex((s) => s.shippingDetailId === detailId);
    if (model.shippingDeleteFlag === 1) {
      list.splice(idx, 1);
      return msg('INFO', `${UOS}_INFO_103`, '発送情報の削除設定が完了しました。', { dataNumber: n, shippingDetailId: detailId });
    }
    const rec = list[idx]!;
    for (const f of ['shippingNumber', 'deliveryCompany', 'shippingDate'] as const) if (model[f] !== undefined) rec[f] = model[f];
    if (typeof rec.deliveryCompany === 'string') rec.deliveryCompanyName = CARRIERS[rec.deliveryCompany] ?? null;
    return msg('INFO', `${UOS}_INFO_102`, '発送情報の更新設定が完了しました。', { dataNumber: n, shippingDetailId: detailId });
  });
  return { status: 200, body: { MessageModelList: messages } };
}

// ---------------------------------------------------------------------------
// Operator side: a shopper places an order, or a test stores an OrderModel as given.

export interface PlaceOrderLine {
  manageNumber: string;
  variantId: string;
  units?: number;
}

export interface PlaceOrderInput {
  lines?: PlaceOrderLine[];
  /** Place the order even when stock is short (collision tests); stock stops at 0. */
  force?: boolean;
  /** JST order time; defaults to the mock clock. */
  orderDatetime?: string;
  /** A complete OrderModel to store verbatim (for the published samples). */
  order?: Json;
}

function highestShippingDetailId(order: Json): number {
  let max = 0;
  for (const p of (order.PackageModelList as Json[] | undefined) ?? []) {
    for (const s of (p.ShippingModelList as Json[] | null | undefined) ?? []) {
      if (isInt(s.shippingDetailId)) max = Math.max(max, s.shippingDetailId);
    }
  }
  return max;
}

export function placeOrder(
  state: OrderState,
  catalog: CatalogState,
  input: unknown,
  now: Date,
  shopId: string,
): Outcome {
  if (!isObject(input)) return { status: 400, body: { error: 'BAD_REQUEST', message: 'JSON object expected' } };
  if (isObject(input.order)) {
    const order = structuredClone(input.order);
    if (typeof order.orderNumber !== 'string') return { status: 400, body: { error: 'BAD_REQUEST', message: 'order.orderNumber is required' } };
    state.orders.set(order.orderNumber, order);
    state.nextShippingDetailId = Math.max(state.nextShippingDetailId, highestShippingDetailId(order) + 1);
    return { status: 201, body: { orderNumber: order.orderNumber } };
  }
  const lines = input.lines;
  if (!Array.isArray(lines) || lines.length === 0) return { status: 400, body: { error: 'BAD_REQUEST', message: 'lines must list at least one SKU' } };
  const at = input.orderDatetime === undefined ? now : parseAnyDatetime(input.orderDatetime);
  if (!at) return { status: 400, body: { error: 'BAD_REQUEST', message: 'orderDatetime is not a date' } };
  const resolved: Array<{ item: Json; variant: Json; manageNumber: string; variantId: string; units: number }> = [];
  for (const raw of lines as unknown[]) {
    const line = isObject(raw) ? raw : {};
    const manageNumber = String(line.manageNumber ?? '').toLowerCase();
    const variantId = String(line.variantId ?? '');
    const units = line.units === undefined ? 1 : line.units;
    const stored = catalog.items.get(manageNumber);
    const variant = stored && isObject(stored.body.variants) ? stored.body.variants[variantId] : undefined;
    if (!stored || !isObject(variant)) {
      return { status: 404, body: { error: 'NOT_LISTED', message: `no item ${manageNumber} / ${variantId}` } };
    }
    if (!isInt(units) || units < 1) return { status: 400, body: { error: 'BAD_REQUEST', message: 'units must be a positive integer' } };
    if (stored.body.hideItem === true || variant.hidden === true) {
      return { status: 409, body: { error: 'NOT_FOR_SALE', message: `${manageNumber} / ${variantId} is hidden` } };
    }
    resolved.push({ item: stored.body, variant, manageNumber, variantId, units });
  }
  let oversold = false;
  for (const r of resolved) {
    const rec = catalog.inventory.get(inventoryKey(r.manageNumber, r.variantId));
    const have = rec?.quantity ?? 0;
    if (have < r.units && r.item.unlimitedInventoryFlag !== true && r.variant.backOrderFlag !== true) {
      if (input.force !== true) {
        return { status: 409, body: { error: 'OUT_OF_STOCK', message: `${r.manageNumber} / ${r.variantId}: ${have} in stock` } };
      }
      oversold = true;
    }
  }
  for (const r of resolved) {
    const rec = catalog.inventory.get(inventoryKey(r.manageNumber, r.variantId));
    if (rec) {
      rec.quantity = Math.max(0, rec.quantity - r.units);
      rec.updated = now;
    }
  }
  const orderNumber = `${shopId}-${jstCompactDate(at)}-${String(state.nextOrderSeq++).padStart(8, '0')}`;
  const itemModels = resolved.map((r) => {
    const price = Number(r.variant.standardPrice ?? 0);
    const selectors = isObject(r.variant.selectorValues) ? r.variant.selectorValues : {};
    const skuInfo = Object.entries(selectors).map(([k, v]) => `${k}:${String(v)}`).join('\n');
    return {
      itemDetailId: state.nextItemDetailId++,
      itemName: r.item.title,
      itemId: 10000000 + state.nextItemDetailId,
      itemNumber: r.item.itemNumber ?? r.manageNumber,
      manageNumber: r.manageNumber,
      price,
      units: r.units,
      includePostageFlag: isObject(r.variant.shipping) && r.variant.shipping.postageIncluded === true ? 1 : 0,
      includeTaxFlag: isObject(r.item.payment) && r.item.payment.taxIncluded === false ? 0 : 1,
      includeCashOnDeliveryPostageFlag: 0,
      selectedChoice: null,
      inventoryType: 1,
      dealFlag: 0,
      drugFlag: 0,
      taxRate: 0.1,
      priceTaxIncl: price,
      isSingleItemShipping: 0,
      restoreInventoryFlag: 0,
      deleteItemFlag: 0,
      SkuModelList: [{ variantId: r.variantId, merchantDefinedSkuId: r.variant.merchantDefinedSkuId ?? null, skuInfo: skuInfo || null }],
    };
  });
  const goods = itemModels.reduce((sum, i) => sum + i.price * i.units, 0);
  const basketId = state.nextBasketId++;
  const order: Json = {
    orderNumber,
    orderProgress: 100,
    subStatusId: null,
    subStatusName: null,
    orderDatetime: jstOrder(at),
    shopOrderCfmDatetime: null,
    orderFixDatetime: null,
    shippingInstDatetime: null,
    shippingCmplRptDatetime: null,
    cancelDueDate: null,
    deliveryDate: null,
    shippingTerm: 0,
    remarks: null,
    giftCheckFlag: 0,
    socialGiftFlag: 0,
    isolatedIslandFlag: 0,
    severalSenderFlag: 0,
    equalSenderFlag: 1,
    rakutenMemberFlag: 1,
    orderType: 1,
    reserveNumber: null,
    reserveDeliveryCount: null,
    goodsPrice: goods,
    goodsTax: Math.floor((goods * 10) / 110),
    postagePrice: 0,
    deliveryPrice: 0,
    paymentCharge: 0,
    paymentChargeTaxRate: 0.1,
    totalPrice: goods,
    requestPrice: goods,
    couponAllTotalPrice: 0,
    couponShopPrice: 0,
    couponOtherPrice: 0,
    additionalFeeOccurAmountToUser: 0,
    additionalFeeOccurAmountToShop: 0,
    asurakuFlag: 0,
    drugFlag: 0,
    dealFlag: 0,
    memo: null,
    OrdererModel: {
      zipCode1: '158', zipCode2: '0094', prefecture: '東京都', city: '世田谷区', subAddress: '玉川一丁目14番1号',
      familyName: '楽天', firstName: '花子', familyNameKana: 'ラクテン', firstNameKana: 'ハナコ',
      phoneNumber1: '03', phoneNumber2: '0000', phoneNumber3: '0000', emailAddress: 'shopper@example.invalid',
      sex: null, birthYear: null, birthMonth: null, birthDay: null,
    },
    SettlementModel: { settlementMethodCode: 1, settlementMethod: 'クレジットカード' },
    DeliveryModel: { deliveryName: '宅配便', deliveryClass: null },
    PointModel: { usedPoint: 0 },
    WrappingModel1: null,
    WrappingModel2: null,
    PackageModelList: [
      {
        basketId,
        postagePrice: 0,
        postageTaxRate: 0.1,
        deliveryPrice: 0,
        deliveryTaxRate: 0.1,
        goodsPrice: goods,
        totalPrice: goods,
        defaultDeliveryCompanyCode: '1001',
        ItemModelList: itemModels,
        ShippingModelList: [],
        DeliveryCvsModel: null,
      },
    ],
    CouponModelList: null,
    TaxSummaryModelList: [
      { taxRate: 0.1, reqPrice: goods, reqPriceTax: Math.floor((goods * 10) / 110), totalPrice: goods, paymentCharge: 0, couponPrice: 0, point: 0 },
    ],
  };
  state.orders.set(orderNumber, order);
  if (oversold) state.oversold.push(orderNumber);
  return { status: 201, body: { orderNumber, oversold } };
}

/**
 * Sets an order's progress as Rakuten or the shopper would (900 = キャンセル確定). A cancel
 * puts the units back in stock for SKUs whose `restockOnCancel` is true, as the item setting promises.
 */
export function setOrderProgress(state: OrderState, catalog: CatalogState, orderNumber: string, progress: unknown, now: Date): Outcome {
  const o = state.orders.get(orderNumber);
  if (!o) return { status: 404, body: { error: 'NOT_FOUND', message: `Order ${orderNumber} not found.` } };
  if (!isInt(progress) || progress < 100 || progress > 900 || progress % 100 !== 0) {
    return { status: 400, body: { error: 'BAD_REQUEST', message: 'orderProgress must be one of 100, 200, … 900.' } };
  }
  const wasCancelled = o.orderProgress === 900;
  o.orderProgress = progress;
  if (progress !== 900 || wasCancelled) return { status: 204 };

  for (const pkg of (o.PackageModelList as Json[] | undefined) ?? []) {
    for (const line of (pkg.ItemModelList as Json[] | undefined) ?? []) {
      const sku = ((line.SkuModelList as Json[] | undefined) ?? [])[0];
      const manageNumber = String(line.manageNumber ?? '');
      const variantId = String(sku?.variantId ?? '');
      const item = catalog.items.get(manageNumber);
      const variant = item && isObject(item.body.variants) ? item.body.variants[variantId] : undefined;
      const rec = catalog.inventory.get(inventoryKey(manageNumber, variantId));
      if (!isObject(variant) || variant.restockOnCancel !== true || !rec || !isInt(line.units)) continue;
      rec.quantity += line.units;
      rec.updated = now;
    }
  }
  return { status: 204 };
}
