// Maps a RakutenPay getOrder OrderModel to the hub's ChannelOrder. Pure: no I/O, so the
// published samples can be checked figure by figure.

import { createHash } from 'node:crypto';
import type { ChannelAddress, ChannelOrder, ChannelOrderLine, ChannelOrderStatus } from '../adapter.js';

type Json = Record<string, unknown>;

/** Amount fields whose value Rakuten has not fixed yet (e.g. postage still to be set by the shop) carry this. */
export const UNKNOWN_AMOUNT = -9999;

/** The getOrder shape did not hold what an order must have (order number, order time). */
export class RakutenOrderShapeError extends Error {
  constructor(
    readonly orderNumber: string | null,
    message: string,
  ) {
    super(message);
    this.name = 'RakutenOrderShapeError';
  }
}

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

const list = (value: unknown): Json[] => (Array.isArray(value) ? value.filter(isObject) : []);

const text = (value: unknown): string | null => (typeof value === 'string' && value.trim() !== '' ? value.trim() : null);

/**
 * Reads a yen amount. `-9999` (not yet fixed), null and missing all read as 0.
 * NOTE: ChannelOrder totals have no "unknown" value, so an order whose postage is still open
 * shows 0 until Rakuten fixes it. The changed order then gets a new version.
 */
function amount(value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value === UNKNOWN_AMOUNT) return 0;
  return value;
}

/**
 * orderProgress → hub status.
 * 100 注文確認待ち → to_confirm. 200 楽天処理中, 300 発送待ち and 400 変更確定待ち → to_ship, because
 * a change awaiting confirmation happens before the piece leaves. 500 発送済, 600 支払手続き中 and
 * 700 支払手続き済 → shipped. 800 キャンセル確定待ち and 900 キャンセル確定 → cancelled, because the
 * shop must not ship an order whose cancellation Rakuten is settling.
 */
export function statusFromProgress(progress: unknown): ChannelOrderStatus {
  switch (progress) {
    case 100:
      return 'to_confirm';
    case 200:
    case 300:
    case 400:
      return 'to_ship';
    case 500:
    case 600:
    case 700:
      return 'shipped';
    case 800:
    case 900:
      return 'cancelled';
    default:
      // An unknown code is treated as still open so that intake keeps the piece reserved.
      return 'to_ship';
  }
}

/**
 * Converts an RMS order datetime to ISO 8601 with a `+09:00` style offset. RMS samples write
 * `2023-04-17T13:01:20+0900` while the field table gives `+09:00`, so both are read.
 */
export function isoFromRakutenDatetime(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})([+-])(\d{2}):?(\d{2})$/.exec(value.trim());
  if (!match) return null;
  const iso = `${match[1]}${match[2]}${match[3]}:${match[4]}`;
  return Number.isNaN(new Date(iso).getTime()) ? null : iso;
}

/** Joins name parts with a space, or returns null when all are empty. */
function joinName(...parts: unknown[]): string | null {
  const words = parts.map(text).filter((p): p is string => p !== null);
  return words.length > 0 ? words.join(' ') : null;
}

/** Reads the split postcode and phone fields shared by OrdererModel and SenderModel. */
function address(model: Json): ChannelAddress {
  const zip1 = text(model.zipCode1);
  const zip2 = text(model.zipCode2);
  const phones = [model.phoneNumber1, model.phoneNumber2, model.phoneNumber3].map(text).filter((p): p is string => p !== null);
  const street = [model.prefecture, model.city, model.subAddress].map(text).filter((p): p is string => p !== null);
  return {
    name: joinName(model.familyName, model.firstName) ?? '',
    nameKana: joinName(model.familyNameKana, model.firstNameKana),
    postalCode: zip1 && zip2 ? `${zip1}-${zip2}` : (zip1 ?? zip2),
    address: street.join(''),
    phone: phones.length > 0 ? phones.join('-') : null,
  };
}

/** Packages (送付先) that Rakuten has not marked deleted. */
function livePackages(order: Json): Json[] {
  return list(order.PackageModelList).filter((p) => p.packageDeleteFlag !== 1);
}

function mapLine(item: Json): ChannelOrderLine {
  const sku = list(item.SkuModelList)[0];
  const taxRate = typeof item.taxRate === 'number' && Number.isFinite(item.taxRate) ? item.taxRate : null;
  return {
    lineKey: String(item.itemDetailId ?? ''),
    externalCode: text(item.manageNumber) ?? text(item.itemNumber),
    // Orders from before the SKU migration carry an empty variantId.
    variantCode: sku ? text(sku.variantId) : null,
    title: typeof item.itemName === 'string' ? item.itemName : '',
    unitPrice: amount(item.price),
    quantity: typeof item.units === 'number' ? item.units : 0,
    taxIncluded: item.includeTaxFlag === 1,
    taxRate,
  };
}

/**
 * Computes a stamp that changes whenever any field of the order changes. getOrder has no
 * version or last-modified field, so the stamp is a SHA-256 of the order's JSON with keys sorted.
 */
export function orderVersion(order: unknown): string {
  return createHash('sha256').update(canonicalJson(order)).digest('hex').slice(0, 32);
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (isObject(value)) {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * Maps one OrderModel. Throws RakutenOrderShapeError when the order number or order time is
 * missing. Every other field falls back to an empty value, because PurchaseItem-style
 * responses leave out the personal-data blocks.
 *
 * Totals: goods = goodsPrice, shipping = postagePrice, fees = 代引料 (deliveryPrice) +
 * paymentCharge + wrapping + the 後払い fee charged to the buyer, coupon = couponAllTotalPrice,
 * points = PointModel.usedPoint, total = requestPrice (what the buyer is billed). taxByRate
 * comes from TaxSummaryModelList: `taxable` is the tax-included amount billed at that rate
 * (reqPrice) and `tax` its tax (reqPriceTax).
 * NOTE: only the first package's SenderModel becomes `delivery`; an order to several
 * addresses (severalSenderFlag) keeps the others in `raw` only.
 */
export function mapRakutenOrder(order: unknown): ChannelOrder {
  if (!isObject(order)) throw new RakutenOrderShapeError(null, 'OrderModel is not an object');
  const orderNumber = text(order.orderNumber);
  if (orderNumber === null) throw new RakutenOrderShapeError(null, 'OrderModel has no orderNumber');
  const orderedAt = isoFromRakutenDatetime(order.orderDatetime);
  if (orderedAt === null) {
    throw new RakutenOrderShapeError(orderNumber, `OrderModel ${orderNumber} has no valid orderDatetime: ${String(order.orderDatetime)}`);
  }

  const packages = livePackages(order);
  const lines = packages.flatMap((p) => list(p.ItemModelList).filter((i) => i.deleteItemFlag !== 1).map(mapLine));

  const orderer = isObject(order.OrdererModel) ? order.OrdererModel : {};
  const sender = packages.map((p) => p.SenderModel).find(isObject);

  const wrapping = [order.WrappingModel1, order.WrappingModel2].filter(isObject).reduce((sum, w) => sum + amount(w.price), 0);
  const fees = amount(order.deliveryPrice) + amount(order.paymentCharge) + wrapping + amount(order.additionalFeeOccurAmountToUser);
  const points = isObject(order.PointModel) ? amount(order.PointModel.usedPoint) : 0;
  const taxByRate = list(order.TaxSummaryModelList).map((t) => ({
    rate: typeof t.taxRate === 'number' ? t.taxRate : 0,
    taxable: amount(t.reqPrice),
    tax: amount(t.reqPriceTax),
  }));

  return {
    orderNumber,
    status: statusFromProgress(order.orderProgress),
    orderedAt,
    version: orderVersion(order),
    buyer: { ...address(orderer), email: text(orderer.emailAddress) },
    delivery: sender ? address(sender) : null,
    lines,
    totals: {
      goods: amount(order.goodsPrice),
      shipping: amount(order.postagePrice),
      fees,
      coupon: amount(order.couponAllTotalPrice),
      points,
      total: amount(order.requestPrice),
      taxByRate,
    },
    raw: order,
  };
}
