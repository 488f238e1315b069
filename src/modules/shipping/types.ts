import type { Carrier } from './tracking.js';

// The shapes that the parts of the shipping module share: the shipment service (database),
// the carrier files, the documents (PDF) and the notification mail. Pure modules take these
// plain values and never read the database themselves.

export type { Carrier } from './tracking.js';

/**
 * Services per carrier, in tsunagu's terms; each carrier file maps them to its own codes.
 * - yamato: 発払い, コレクト (cash on delivery), 宅急便コンパクト (and its collect), ネコポス, 着払い, タイム.
 * - sagawa: 飛脚宅配便, and the same with 代引 (cash on delivery).
 * - japanpost: ゆうパック (and 代引), ゆうパケット, クリックポスト.
 */
export const CARRIER_SERVICES = {
  yamato: ['hatsubarai', 'collect', 'compact', 'compact_collect', 'nekopos', 'chakubarai', 'time'],
  sagawa: ['hikyaku', 'hikyaku_collect'],
  japanpost: ['yupack', 'yupack_collect', 'yupacket', 'clickpost'],
} as const satisfies Record<Carrier, readonly string[]>;

export type CarrierService = (typeof CARRIER_SERVICES)[Carrier][number];

/** Services that collect the price on delivery (代引・コレクト); they need an amount. */
export const COD_SERVICES: readonly CarrierService[] = ['collect', 'compact_collect', 'hikyaku_collect', 'yupack_collect'];

export const COOL_TYPES = ['none', 'chilled', 'frozen'] as const;
export type CoolType = (typeof COOL_TYPES)[number];

/**
 * Delivery time slots in tsunagu's terms. Each carrier offers a subset: Yamato has no 12–14,
 * Sagawa has all, Japan Post has all but 19–21 on some services. A carrier file reports a slot
 * its carrier does not offer instead of dropping it.
 */
export const DELIVERY_TIMES = ['am', '12-14', '14-16', '16-18', '18-20', '19-21'] as const;
export type DeliveryTime = (typeof DELIVERY_TIMES)[number];

/** Carrier file formats that tsunagu writes. */
export const CARRIER_FILE_FORMATS = ['yamato_b2', 'sagawa_ehiden', 'japanpost_yupri', 'japanpost_clickpost'] as const;
export type CarrierFileFormat = (typeof CARRIER_FILE_FORMATS)[number];

/** The carrier of each file format. */
export const FORMAT_CARRIER: Record<CarrierFileFormat, Carrier> = {
  yamato_b2: 'yamato',
  sagawa_ehiden: 'sagawa',
  japanpost_yupri: 'japanpost',
  japanpost_clickpost: 'japanpost',
};

/**
 * A delivery address as carrier files need it. Text is as typed (full-width allowed); the
 * carrier file folds and measures it.
 */
export interface Recipient {
  name: string;
  /** Reading in katakana or hiragana; carrier files that want half-width kana convert it. */
  nameKana: string | null;
  /** Company and department, when delivering to a business. */
  company: string | null;
  /** "123-4567". */
  postalCode: string;
  /** One of the 47 prefectures, as in the JIS list (東京都, 北海道, …). */
  prefecture: string;
  /** City, town and block number (市区町村・番地). */
  address1: string;
  /** Building and room (建物名・部屋番号), or null. */
  address2: string | null;
  /** Digits and hyphens, e.g. "03-1234-5678". */
  phone: string;
  email: string | null;
}

/** The shop as sender (ご依頼主), from the shipping settings. */
export interface Sender {
  name: string;
  nameKana: string | null;
  postalCode: string;
  prefecture: string;
  address1: string;
  address2: string | null;
  phone: string;
}

/** Contract codes and defaults that carrier files need, from the shipping settings. */
export interface ShippingSettings {
  sender: Sender;
  /** Default item description (品名) when a shipment names none, e.g. アクセサリー. */
  defaultItemName: string;
  /** Handling notes (荷扱い) printed on Yamato waybills, e.g. ["精密機器", "ワレ物注意"]; at most 2. */
  handling: string[];
  yamato: {
    /** ご請求先顧客コード: the 12 digits of the Yamato contract (customer code and branch). */
    customerCode: string | null;
    /** ご請求先分類コード: blank or 3 digits. */
    classCode: string | null;
    /** 運賃管理番号: 2 digits, usually "01". */
    freightNumber: string;
  };
  sagawa: {
    /** お客様コード of the e飛伝 contract (12 digits), or null to let e飛伝 use the logged-in one. */
    customerCode: string | null;
  };
}

/** One shipment as the carrier files and documents see it. */
export interface ShipmentForExport {
  /** Shipment number, also the customer management number (お客様管理番号), e.g. "SH-2026-000042". */
  number: string;
  carrier: Carrier;
  service: CarrierService;
  cool: CoolType;
  /** Planned shipping date, YYYY-MM-DD. */
  shipDate: string;
  deliveryDate: string | null;
  deliveryTime: DeliveryTime | null;
  recipient: Recipient;
  /** Item description (品名) for the waybill. */
  itemName: string;
  /** Yen to collect on delivery, tax included, and the tax within it; null when prepaid. */
  codAmount: number | null;
  codTax: number | null;
  gift: boolean;
  /** Order numbers the parcel carries, for the waybill's note and search keys. */
  orderNumbers: string[];
  lines: Array<{ title: string; quantity: number }>;
}

/** A field that a carrier file cannot hold as it is, reported before export. */
export interface ExportProblem {
  shipmentNumber: string;
  /** Field in tsunagu's terms ('recipient.address1', 'recipient.phone', 'deliveryTime', …). */
  field: string;
  /** Stable code, e.g. 'too_long', 'not_cp932', 'invalid_postal_code', 'unsupported'. */
  code: string;
  message: { ja: string; en: string };
}

/** A row of an issued-waybill file read back: which shipment got which number. */
export interface IssuedRow {
  /** 1-based line in the file, counting the header. */
  row: number;
  managementNumber: string;
  trackingNumber: string;
}
