// Pure mapping of Yahoo!ショッピング orderInfo XML to the hub's ChannelOrder, and the Yahoo
// order codes the adapter sends. No I/O here, so the rules can be tested on XML text alone.
import type { Element } from 'domhandler';
import type { CancelReason, ChannelAddress, ChannelOrder, ChannelOrderLine, ChannelOrderStatus } from '../adapter.js';
import { childElement, childElements, childText, parseXmlStrict } from './xml.js';

/** Yahoo OrderStatus codes: 1 予約中 (reserved), 2 処理中 (in process), 3 保留 (on hold), 4 キャンセル, 5 完了. */
export const YAHOO_ORDER_STATUS = { reserved: 1, inProcess: 2, onHold: 3, cancelled: 4, completed: 5 } as const;

/** Yahoo ShipStatus codes 3 出荷済み (shipped) and 4 着荷済み (delivered). */
const SHIPPED_SHIP_STATUSES = new Set(['3', '4']);

/**
 * Yahoo CancelReason codes by the hub's reason: 210 out of stock (store side), 100 cancel
 * (customer side), 230 other (store side).
 */
export const YAHOO_CANCEL_REASON: Record<CancelReason, number> = {
  out_of_stock: 210,
  buyer_request: 100,
  other: 230,
};

/** Fields requested from orderInfo: everything the mapping reads. */
export const ORDER_INFO_FIELDS = [
  'OrderId', 'OrderTime', 'LastUpdateTime', 'OrderStatus', 'IsSeen', 'CancelReason',
  'BuyerComments', 'PayStatus', 'PayMethod', 'PayMethodName',
  'BillFirstName', 'BillLastName', 'BillFirstNameKana', 'BillLastNameKana', 'BillZipCode',
  'BillPrefecture', 'BillCity', 'BillAddress1', 'BillAddress2', 'BillPhoneNumber', 'BillMailAddress',
  'ShipStatus', 'ShipMethod', 'ShipFirstName', 'ShipLastName', 'ShipFirstNameKana', 'ShipLastNameKana',
  'ShipZipCode', 'ShipPrefecture', 'ShipCity', 'ShipAddress1', 'ShipAddress2', 'ShipPhoneNumber',
  'PayCharge', 'ShipCharge', 'GiftWrapCharge', 'Discount', 'Adjustments', 'SettleAmount',
  'UsePoint', 'TotalPrice', 'TotalMallCouponDiscount',
  'LineId', 'ItemId', 'SubCode', 'Title', 'UnitPrice', 'Quantity', 'ItemTaxRatio',
] as const;

// Groups under OrderInfo where Yahoo may place a field. Only OrderId/OrderStatus/OrderTime/
// LastUpdateTime at the top, the totals under Detail, PayStatus under Pay and ShipStatus under
// Ship are confirmed by a published sample, so fields are looked up at the top and in every group.
const FIELD_GROUPS = ['Pay', 'Ship', 'Detail', 'Buyer', 'Seller'];

/** Raised when an orderInfo document lacks what every order has (OrderId, OrderTime, OrderStatus). */
export class YahooOrderFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'YahooOrderFormatError';
  }
}

/**
 * Maps Yahoo's OrderStatus and ShipStatus to the hub's status. Regular orders arrive in
 * process (2), which is Yahoo's accepted state, so they map to 'to_ship'. Reserved orders (1)
 * have not started and map to 'new'. Orders on hold (3), and the undocumented codes 0 and 8,
 * need the store to act and map to 'to_confirm'.
 */
export function mapOrderStatus(orderStatus: string, shipStatus: string | undefined): ChannelOrderStatus {
  if (orderStatus === '4') return 'cancelled';
  if (orderStatus === '5') return 'shipped';
  if (shipStatus !== undefined && SHIPPED_SHIP_STATUSES.has(shipStatus)) return 'shipped';
  if (orderStatus === '1') return 'new';
  if (orderStatus === '2') return 'to_ship';
  return 'to_confirm';
}

/**
 * Converts a Yahoo time to ISO 8601 with the +09:00 offset. Responses give
 * `2017-05-11T19:37:45+09:00`, requests use `YYYYMMDDHHmmss` in Japan time; both are accepted.
 */
export function toIsoJst(value: string): string | undefined {
  const compact = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(value);
  if (compact) return `${compact[1]}-${compact[2]}-${compact[3]}T${compact[4]}:${compact[5]}:${compact[6]}+09:00`;
  const epoch = Date.parse(value);
  if (Number.isNaN(epoch)) return undefined;
  if (/[+-]09:00$/.test(value) && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/.test(value)) return value;
  return formatCompactJst(epoch).replace(/^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/, '$1-$2-$3T$4:$5:$6+09:00');
}

/** Formats epoch milliseconds as `YYYYMMDDHHmmss` in Japan time, the form order API requests take. */
export function formatCompactJst(epochMs: number): string {
  const jst = new Date(epochMs + 9 * 3600_000).toISOString();
  return jst.slice(0, 19).replace(/[-T:]/g, '');
}

/** Returns the text of a field at the top of OrderInfo or in one of its groups. */
function orderField(info: Element, name: string): string | undefined {
  const top = childText(info, name);
  if (top !== undefined) return top;
  for (const group of FIELD_GROUPS) {
    const element = childElement(info, group);
    const value = element === undefined ? undefined : childText(element, name);
    if (value !== undefined) return value;
  }
  return undefined;
}

/** Reads a yen amount; empty or absent fields count as 0. */
function yen(value: string | undefined): number {
  if (value === undefined || value === '') return 0;
  const amount = Number(value);
  return Number.isFinite(amount) ? amount : 0;
}

function nonEmpty(value: string | undefined): string | null {
  return value === undefined || value === '' ? null : value;
}

function joinName(last: string | undefined, first: string | undefined): string {
  return [last, first].filter((part) => part !== undefined && part !== '').join(' ');
}

/** Reads the Bill* or Ship* address fields; returns null when every one is empty. */
function readAddress(info: Element, prefix: 'Bill' | 'Ship'): ChannelAddress | null {
  const field = (name: string) => orderField(info, `${prefix}${name}`);
  const name = joinName(field('LastName'), field('FirstName'));
  const kana = joinName(field('LastNameKana'), field('FirstNameKana'));
  const address = [field('Prefecture'), field('City'), field('Address1'), field('Address2')]
    .filter((part) => part !== undefined && part !== '')
    .join(' ');
  const postalCode = nonEmpty(field('ZipCode'));
  const phone = nonEmpty(field('PhoneNumber'));
  if (name === '' && address === '' && postalCode === null && phone === null) return null;
  return { name, nameKana: kana === '' ? null : kana, postalCode, address, phone };
}

function readLine(item: Element, index: number): ChannelOrderLine {
  const text = (name: string) => childText(item, name);
  const taxRatio = nonEmpty(text('ItemTaxRatio'));
  const taxPercent = taxRatio === null ? NaN : Number(taxRatio);
  return {
    lineKey: nonEmpty(text('LineId')) ?? String(index + 1),
    externalCode: nonEmpty(text('ItemId')),
    variantCode: nonEmpty(text('SubCode')),
    title: text('Title') ?? '',
    unitPrice: yen(text('UnitPrice')),
    quantity: yen(text('Quantity')),
    // Yahoo prices are tax-included, which is also how its item prices are set.
    taxIncluded: true,
    taxRate: Number.isFinite(taxPercent) ? taxPercent / 100 : null,
  };
}

/**
 * Maps one `OrderInfo` element to a ChannelOrder. `raw` is stored untouched as the order's
 * payload (the response XML text). Raises YahooOrderFormatError when OrderId, OrderTime or
 * OrderStatus is missing or unreadable.
 */
export function mapOrderInfo(info: Element, raw: unknown): ChannelOrder {
  const orderNumber = orderField(info, 'OrderId');
  const orderStatus = orderField(info, 'OrderStatus');
  const orderTime = orderField(info, 'OrderTime');
  if (!orderNumber) throw new YahooOrderFormatError('OrderInfo has no OrderId');
  if (!orderStatus) throw new YahooOrderFormatError(`OrderInfo of ${orderNumber} has no OrderStatus`);
  const orderedAt = orderTime === undefined ? undefined : toIsoJst(orderTime);
  if (orderedAt === undefined) throw new YahooOrderFormatError(`OrderInfo of ${orderNumber} has no readable OrderTime: ${orderTime ?? '(missing)'}`);

  const lines = childElements(info, 'Item').map(readLine);

  // NOTE: Yahoo's definitions of TotalPrice and SettleAmount were not readable. The mapping takes
  // SettleAmount (amount settled after points and coupons) as what the buyer pays, falling back to
  // TotalPrice minus points and mall coupons when SettleAmount is absent.
  const goods = lines.reduce((sum, line) => sum + line.unitPrice * line.quantity, 0);
  const points = yen(orderField(info, 'UsePoint'));
  const mallCoupon = yen(orderField(info, 'TotalMallCouponDiscount'));
  const settle = nonEmpty(orderField(info, 'SettleAmount'));
  const totalPrice = yen(orderField(info, 'TotalPrice'));
  const totals = {
    goods,
    shipping: yen(orderField(info, 'ShipCharge')),
    fees: yen(orderField(info, 'PayCharge')) + yen(orderField(info, 'GiftWrapCharge')) + yen(orderField(info, 'Adjustments')),
    coupon: yen(orderField(info, 'Discount')) + mallCoupon,
    points,
    total: settle === null ? totalPrice - points - mallCoupon : yen(settle),
    taxByRate: [],
  };

  const buyer = readAddress(info, 'Bill') ?? { name: '', nameKana: null, postalCode: null, address: '', phone: null };
  const lastUpdate = orderField(info, 'LastUpdateTime');

  return {
    orderNumber,
    status: mapOrderStatus(orderStatus, orderField(info, 'ShipStatus')),
    orderedAt,
    // LastUpdateTime has whole seconds, so two changes within one second would share it. The
    // statuses are added so that a cancellation in the same second still reads as a change.
    version: `${nonEmpty(lastUpdate) ?? ''}|${orderStatus}|${orderField(info, 'ShipStatus') ?? ''}|${orderField(info, 'PayStatus') ?? ''}`,
    buyer: { ...buyer, email: nonEmpty(orderField(info, 'BillMailAddress')) },
    delivery: readAddress(info, 'Ship'),
    lines,
    totals,
    raw,
  };
}

/**
 * Parses an orderInfo response (`ResultSet/Result/OrderInfo`) and maps its order; the XML text
 * becomes the order's raw payload. Raises XmlSyntaxError or YahooOrderFormatError.
 */
export function parseOrderInfoResponse(xml: string): ChannelOrder {
  const root = parseXmlStrict(xml);
  const result = childElement(root, 'Result');
  const info = result === undefined ? undefined : childElement(result, 'OrderInfo');
  if (info === undefined) throw new YahooOrderFormatError('orderInfo response has no ResultSet/Result/OrderInfo');
  return mapOrderInfo(info, xml);
}
