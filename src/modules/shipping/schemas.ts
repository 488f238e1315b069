import { z } from 'zod';
import { PREFECTURE_NAMES } from '../customers/reference.js';
import { bilingual } from '../../shared/zod.js';
import { normalizePhone, normalizePostalCode } from './recipient.js';
import { CARRIERS } from './tracking.js';
import { CARRIER_FILE_FORMATS, CARRIER_SERVICES, COOL_TYPES, DELIVERY_TIMES } from './types.js';

export const SHIPMENT_STATUSES = ['to_ship', 'picking', 'packed', 'shipped', 'delivered', 'returned', 'cancelled'] as const;
export type ShipmentStatus = (typeof SHIPMENT_STATUSES)[number];

const ALL_SERVICES = [...new Set(Object.values(CARRIER_SERVICES).flat())] as [string, ...string[]];

const bilingualMessage = z.object({ ja: z.string(), en: z.string() });

const dateField = z
  .string()
  .trim()
  .refine((value) => /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`)), bilingual('日付は YYYY-MM-DD で入力してください（例: 2026-12-05）。', 'Enter the date as YYYY-MM-DD (example: 2026-12-05).'));

const text = (max: number, ja: string, en: string) =>
  z
    .string()
    .trim()
    .refine((value) => value.length <= max, bilingual(`${ja}は ${max} 文字以内で入力してください。`, `Enter at most ${max} characters for ${en}.`));

const filled = (schema: z.ZodType<string>, ja: string, en: string) => schema.refine((value) => value !== '', bilingual(ja, en));

const matching = (pattern: RegExp, ja: string, en: string) =>
  z
    .string()
    .trim()
    .transform((value) => value.normalize('NFKC'))
    .refine((value) => pattern.test(value), bilingual(ja, en));

const emailText = (ja: string, en: string) =>
  z
    .string()
    .trim()
    .refine((value) => value === '' || (value.length <= 254 && z.email().safeParse(value).success), bilingual(ja, en));

const optional = (schema: z.ZodType<string>) =>
  schema
    .transform((value) => (value === '' ? null : value))
    .nullable()
    .optional();

export const recipientInput = z.object({
  name: filled(text(100, 'お届け先名', 'the recipient name'), 'お届け先名を入力してください。', 'Enter the recipient name.'),
  nameKana: optional(text(100, 'お届け先名（カナ）', 'the recipient reading')),
  company: optional(text(100, '会社・部門名', 'the company')),
  postalCode: z
    .string()
    .transform((value, ctx) => {
      const normalized = normalizePostalCode(value);
      if (normalized !== null) return normalized;
      ctx.addIssue({ code: 'custom', ...bilingual(`郵便番号「${value}」は 7 桁の数字で入力してください（例: 100-0005）。`, `Postal code "${value}" must be 7 digits (example: 100-0005).`) });
      return z.NEVER;
    }),
  prefecture: z
    .string()
    .trim()
    .superRefine((value, ctx) => {
      if (PREFECTURE_NAMES.includes(value)) return;
      ctx.addIssue({ code: 'custom', ...bilingual(`都道府県「${value}」は一覧にありません。一覧から選んでください（例: 東京都）。`, `Prefecture "${value}" is not in the list. Choose one from the list (example: 東京都).`) });
    }),
  address1: filled(text(200, '市区町村・番地', 'the city and block number'), '市区町村・番地を入力してください。', 'Enter the city and block number.'),
  address2: optional(text(200, '建物名・部屋番号', 'the building and room')),
  phone: z.string().transform((value, ctx) => {
    const normalized = normalizePhone(value);
    if (normalized !== null) return normalized;
    ctx.addIssue({
      code: 'custom',
      ...bilingual(
        `電話番号「${value}」は 0 で始まる 10 桁か 11 桁の数字で入力してください。ハイフンを入れてもかまいません（例: 03-1234-5678）。`,
        `Phone number "${value}" must have 10 or 11 digits starting with 0, hyphens allowed (example: 03-1234-5678).`,
      ),
    });
    return z.NEVER;
  }),
  email: optional(emailText('メールアドレスの形式が正しくありません（例: name@example.jp）。', 'The email address is invalid (example: name@example.jp).')),
});

export const recipientOutput = z.object({
  name: z.string(),
  nameKana: z.string().nullable(),
  company: z.string().nullable(),
  postalCode: z.string(),
  prefecture: z.string(),
  address1: z.string(),
  address2: z.string().nullable(),
  phone: z.string(),
  email: z.string().nullable(),
});

/** Carrier, service and delivery wishes; checked together because services depend on the carrier. */
const deliveryFields = {
  carrier: z.enum(CARRIERS),
  service: z.enum(ALL_SERVICES),
  cool: z.enum(COOL_TYPES).default('none'),
  shipDate: dateField.nullable().optional(),
  deliveryDate: dateField.nullable().optional(),
  deliveryTime: z.enum(DELIVERY_TIMES).nullable().optional(),
  itemName: optional(text(50, '品名', 'the item description')),
  gift: z.boolean().default(false),
  giftMessage: optional(text(500, 'ギフトメッセージ', 'the gift message')),
  codAmount: z
    .number()
    .refine((value) => Number.isInteger(value) && value >= 1 && value <= 300_000, bilingual('代金引換額は 1〜300,000 円の整数で入力してください。', 'Enter the amount to collect as whole yen from 1 to 300,000.'))
    .nullable()
    .optional(),
  locationId: z.number().int().positive().nullable().optional(),
  notes: optional(text(1000, 'メモ', 'the notes')),
};

export const sourceLinesInput = z.object({
  /** Lines to put in the parcel; all lines not yet in a live shipment when omitted. */
  lineIds: z.array(z.number().int().positive()).min(1).optional(),
});

export const shipmentCreateInput = z.object({
  orders: z.array(sourceLinesInput.extend({ orderId: z.number().int().positive() })).default([]),
  sales: z.array(sourceLinesInput.extend({ saleId: z.number().int().positive() })).default([]),
  /** Delivery address; the first order's delivery address (or the sale's customer) when omitted. */
  recipient: recipientInput.optional(),
  ...deliveryFields,
});
export type ShipmentCreateInput = z.infer<typeof shipmentCreateInput>;

export const shipmentsFromOrdersInput = z.object({
  orderIds: z.array(z.number().int().positive()).min(1).max(500),
  carrier: z.enum(CARRIERS),
  service: z.enum(ALL_SERVICES),
  shipDate: dateField.nullable().optional(),
  /** Orders to the same person and address go into one parcel. */
  combine: z.boolean().default(true),
});
export type ShipmentsFromOrdersInput = z.infer<typeof shipmentsFromOrdersInput>;

export const shipmentUpdateInput = z
  .object({
    recipient: recipientInput,
    ...deliveryFields,
  })
  .partial();
export type ShipmentUpdateInput = z.infer<typeof shipmentUpdateInput>;

export const statusChangeInput = z.object({
  ids: z.array(z.number().int().positive()).min(1).max(500),
  status: z.enum(['to_ship', 'picking', 'packed']),
});

export const shipInput = z.object({
  trackingNumber: filled(text(40, '送り状番号', 'the tracking number'), '送り状番号を入力してください。', 'Enter the tracking number.'),
  /** Japan date it left the shop; today when omitted. */
  shippedOn: dateField.optional(),
});

export const trackingCorrectionInput = z.object({
  trackingNumber: filled(text(40, '送り状番号', 'the tracking number'), '送り状番号を入力してください。', 'Enter the tracking number.'),
});

export const returnInput = z.object({ reason: optional(text(500, '理由', 'the reason')) });

export const shipmentListQuery = z.object({
  status: z.enum(SHIPMENT_STATUSES).optional(),
  /** Shipment number, order number, recipient name or tracking number. */
  q: z.string().trim().max(100).optional(),
  carrier: z.enum(CARRIERS).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(200),
});

export const reportOutput = z.object({
  id: z.number(),
  orderId: z.number(),
  orderNumber: z.string(),
  channelName: z.string(),
  status: z.enum(['pending', 'accepted', 'failed', 'not_supported']),
  carrier: z.string().nullable(),
  trackingNumber: z.string().nullable(),
  shippedOn: z.string().nullable(),
  attempts: z.number(),
  lastError: bilingualMessage.nullable(),
  acceptedAt: z.string().nullable(),
});

export const shipmentSummary = z.object({
  id: z.number(),
  number: z.string(),
  status: z.enum(SHIPMENT_STATUSES),
  carrier: z.enum(CARRIERS).nullable(),
  service: z.string(),
  recipientName: z.string(),
  prefecture: z.string(),
  orderNumbers: z.array(z.string()),
  saleNumbers: z.array(z.string()),
  pieces: z.number(),
  gift: z.boolean(),
  trackingNumber: z.string().nullable(),
  trackingUrl: z.string().nullable(),
  shipDate: z.string().nullable(),
  exportedAt: z.string().nullable(),
  shippedAt: z.string().nullable(),
  /** Worst state of the channel reports: failed, then pending, then accepted; null when none. */
  reportStatus: z.enum(['pending', 'accepted', 'failed', 'not_supported']).nullable(),
  /** When the last channel accepted its report, once every report is accepted. */
  reportAcceptedAt: z.string().nullable(),
  /** Address fields a carrier cannot take, so the list can flag the row before export. */
  addressProblems: z.number(),
});
export type ShipmentSummary = z.infer<typeof shipmentSummary>;

export const shipmentOutput = z.object({
  id: z.number(),
  number: z.string(),
  status: z.enum(SHIPMENT_STATUSES),
  carrier: z.enum(CARRIERS).nullable(),
  service: z.string(),
  cool: z.enum(COOL_TYPES),
  shipDate: z.string().nullable(),
  deliveryDate: z.string().nullable(),
  deliveryTime: z.enum(DELIVERY_TIMES).nullable(),
  recipient: recipientOutput,
  addressProblems: z.array(z.object({ field: z.string(), message: bilingualMessage })),
  locationId: z.number().nullable(),
  itemName: z.string().nullable(),
  gift: z.boolean(),
  giftMessage: z.string().nullable(),
  codAmount: z.number().nullable(),
  trackingNumber: z.string().nullable(),
  trackingUrl: z.string().nullable(),
  notes: z.string().nullable(),
  exportedAt: z.string().nullable(),
  shippedAt: z.string().nullable(),
  deliveredAt: z.string().nullable(),
  returnedAt: z.string().nullable(),
  cancelledAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  orders: z.array(z.object({ id: z.number(), orderNumber: z.string(), channelName: z.string(), status: z.string(), orderedAt: z.string() })),
  sales: z.array(z.object({ id: z.number(), number: z.string(), businessDate: z.string() })),
  lines: z.array(
    z.object({
      id: z.number(),
      orderId: z.number().nullable(),
      saleId: z.number().nullable(),
      itemId: z.number().nullable(),
      stockNumber: z.string().nullable(),
      title: z.string(),
      quantity: z.number(),
      unitPrice: z.number(),
    }),
  ),
  reports: z.array(reportOutput),
  history: z.array(z.object({ at: z.string(), action: z.string(), userName: z.string().nullable(), detail: z.record(z.string(), z.unknown()) })),
});
export type ShipmentOutput = z.infer<typeof shipmentOutput>;

export const carrierFileInput = z.object({
  format: z.enum(CARRIER_FILE_FORMATS),
  ids: z.array(z.number().int().positive()).min(1).max(1000),
  /** Write the shipments without problems and leave the others out, instead of refusing the file. */
  skipProblems: z.boolean().default(false),
});

export const exportProblemOutput = z.object({ shipmentNumber: z.string(), field: z.string(), code: z.string(), message: bilingualMessage });

export const carrierFileCheckOutput = z.object({ rows: z.number(), problems: z.array(exportProblemOutput) });

export const trackingImportInput = z.object({
  contentBase64: z.string().min(1).max(20_000_000),
  fileName: z.string().max(255).optional(),
  /** Check and list the rows without changing anything. */
  dryRun: z.boolean().default(false),
  /** Mark each matched shipment shipped (and report it to its channel) as its number is attached. */
  markShipped: z.boolean().default(true),
  shippedOn: dateField.optional(),
});

export const trackingImportOutput = z.object({
  format: z.enum(CARRIER_FILE_FORMATS).nullable(),
  dryRun: z.boolean(),
  applied: z.number(),
  rows: z.array(
    z.object({
      row: z.number(),
      managementNumber: z.string(),
      trackingNumber: z.string(),
      shipmentId: z.number().nullable(),
      status: z.enum(['ok', 'unchanged', 'invalid', 'unknown', 'not_shippable']),
      message: bilingualMessage.nullable(),
    }),
  ),
  problems: z.array(z.object({ row: z.number(), message: bilingualMessage })),
});

export const idsQuery = z.object({
  ids: z
    .string()
    .transform((value) => value.split(',').map((part) => Number(part.trim())))
    .refine((ids) => ids.length > 0 && ids.length <= 1000 && ids.every((id) => Number.isInteger(id) && id > 0), bilingual('出荷 ID をカンマ区切りで指定してください。', 'Give the shipment ids separated by commas.')),
  locale: z.enum(['ja', 'en']).optional(),
});

export const notificationQuery = z.object({ locale: z.enum(['ja', 'en']).optional() });

export const notificationOutput = z.object({
  to: z.string().nullable(),
  subject: z.string(),
  text: z.string(),
  /** Whether the server can send it (TSUNAGU_SMTP_URL is set); otherwise the screen offers the text to copy. */
  smtpConfigured: z.boolean(),
  sentAt: z.string().nullable(),
});

export const notificationSendInput = z.object({
  locale: z.enum(['ja', 'en']).default('ja'),
  /** Send to this address instead of the buyer's. */
  to: emailText('メールアドレスの形式が正しくありません。', 'The email address is invalid.').optional(),
});

export const shippingSettingsInput = z.object({
  sender: z.object({
    name: filled(text(100, 'ご依頼主名', 'the sender name'), 'ご依頼主名を入力してください。', 'Enter the sender name.'),
    nameKana: optional(text(100, 'ご依頼主名（カナ）', 'the sender reading')),
    postalCode: recipientInput.shape.postalCode,
    prefecture: recipientInput.shape.prefecture,
    address1: recipientInput.shape.address1,
    address2: recipientInput.shape.address2,
    phone: recipientInput.shape.phone,
  }),
  defaultItemName: filled(text(50, '品名', 'the item description'), '品名を入力してください（例: アクセサリー）。', 'Enter an item description (example: アクセサリー).'),
  handling: z.array(text(10, '荷扱い', 'the handling note')).refine((notes) => notes.length <= 2, bilingual('荷扱いは 2 つまでです。', 'Give at most 2 handling notes.')),
  yamato: z.object({
    customerCode: optional(matching(/^\d{12}$/, 'ご請求先顧客コードは 12 桁の数字です。', 'The Yamato billing customer code is 12 digits.')),
    classCode: optional(matching(/^(\d{3})?$/, 'ご請求先分類コードは空欄か 3 桁の数字です。', 'The Yamato class code is blank or 3 digits.')),
    freightNumber: matching(/^\d{2}$/, '運賃管理番号は 2 桁の数字です（例: 01）。', 'The freight management number is 2 digits (example: 01).'),
  }),
  sagawa: z.object({
    customerCode: optional(matching(/^\d{1,12}$/, '佐川のお客様コードは 12 桁以内の数字です。', 'The Sagawa customer code is up to 12 digits.')),
  }),
});
export type ShippingSettingsInput = z.infer<typeof shippingSettingsInput>;

const senderOutput = recipientOutput.omit({ company: true, email: true });

export const shippingSettingsOutput = z.object({
  settings: z
    .object({
      sender: senderOutput,
      defaultItemName: z.string(),
      handling: z.array(z.string()),
      yamato: z.object({ customerCode: z.string().nullable(), classCode: z.string().nullable(), freightNumber: z.string() }),
      sagawa: z.object({ customerCode: z.string().nullable() }),
    })
    .nullable(),
  /** Whether mail can be sent by SMTP (TSUNAGU_SMTP_URL and TSUNAGU_MAIL_FROM are set). */
  smtpConfigured: z.boolean(),
});
