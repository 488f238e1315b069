import type { Locale } from '../../shared/errors.js';
import { trackingUrl } from './links.js';
import { mailErrors } from './mail-errors.js';
import { CARRIER_NAMES, type Carrier } from './tracking.js';
import type { Recipient } from './types.js';

// The shipment notification mail (発送のお知らせ) to the buyer, as plain text in Japanese or
// English. The built-in wording is itself a template, so a shop's own template goes through
// the same substitution and can use the same placeholders.

/** The address fields of a delivery that the mail and the packing slip print. */
export type RecipientAddress = Pick<Recipient, 'name' | 'company' | 'postalCode' | 'prefecture' | 'address1' | 'address2'>;

/** Content of the notification mail of one shipment. Amounts are yen, tax included. */
export interface ShipmentMailInput {
  shop: {
    name: string;
    email: string | null;
    phone: string | null;
    /** The shop's web site, printed in the contact block. */
    url: string | null;
  };
  /** Name of the person who ordered. A gift goes to someone else, the recipient. */
  buyerName: string;
  orderNumbers: string[];
  carrier: Carrier;
  trackingNumber: string;
  recipient: RecipientAddress;
  items: Array<{ name: string; quantity: number; unitPrice: number }>;
  /** True when the parcel is a gift: the mail then lists no prices. */
  gift: boolean;
}

/** A mail template: subject and body with {{placeholder}} marks. */
export interface MailTemplate {
  subject: string;
  body: string;
}

export type MailTemplates = Partial<Record<Locale, MailTemplate>>;

/** Names of the placeholders that a template may use. */
export const MAIL_PLACEHOLDERS = [
  'buyerName',
  'orderNumbers',
  'carrier',
  'trackingNumber',
  'trackingUrl',
  'items',
  'recipientName',
  'recipientAddress',
  'shopName',
  'shopContact',
] as const;

export type MailPlaceholder = (typeof MAIL_PLACEHOLDERS)[number];

/** "{{ name }}": letters, digits and underscores, with optional spaces inside the braces. */
const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g;

/** The built-in templates, used for a language that the shop has not overridden. */
export const DEFAULT_MAIL_TEMPLATES: Record<Locale, MailTemplate> = {
  ja: {
    subject: '【{{shopName}}】商品発送のお知らせ（ご注文番号 {{orderNumbers}}）',
    body: `{{buyerName}} 様

このたびは{{shopName}}をご利用いただき、誠にありがとうございます。
ご注文の商品を本日発送いたしましたので、お知らせいたします。

■ご注文番号
{{orderNumbers}}

■配送業者
{{carrier}}

■お問い合わせ番号（送り状番号）
{{trackingNumber}}

■配送状況の確認
{{trackingUrl}}
※配送業者に発送の情報が届くまで、番号を照会できない場合がございます。

■発送した商品
{{items}}

■お届け先
{{recipientName}} 様
{{recipientAddress}}

商品の到着まで、今しばらくお待ちくださいませ。
ご不明な点がございましたら、下記までお問い合わせください。

{{shopContact}}
`,
  },
  en: {
    subject: '[{{shopName}}] Your order {{orderNumbers}} has shipped',
    body: `Dear {{buyerName}},

Thank you for shopping at {{shopName}}.
We have shipped your order today.

Order number(s)
{{orderNumbers}}

Carrier
{{carrier}}

Tracking number
{{trackingNumber}}

Track your parcel
{{trackingUrl}}
(The number may not be found until the carrier has received the shipping data.)

Items shipped
{{items}}

Delivery address
{{recipientName}}
{{recipientAddress}}

If you have any questions, please contact us:

{{shopContact}}
`,
  },
};

/** Returns the placeholder names in a template that MAIL_PLACEHOLDERS does not contain, each once, in order of appearance. */
export function checkMailTemplate(template: MailTemplate): string[] {
  const known = new Set<string>(MAIL_PLACEHOLDERS);
  const unknown = new Set<string>();
  for (const text of [template.subject, template.body]) {
    for (const match of text.matchAll(PLACEHOLDER)) {
      if (!known.has(match[1]!)) unknown.add(match[1]!);
    }
  }
  return [...unknown];
}

function yen(amount: number): string {
  return `¥${amount.toLocaleString('ja-JP')}`;
}

/** Returns the address as printed lines: "〒123-4567", then prefecture and street, then the company when there is one. */
export function formatAddress(recipient: RecipientAddress): string[] {
  const street = [recipient.prefecture, recipient.address1, recipient.address2 ?? ''].filter((part) => part !== '').join(' ');
  return [`〒${recipient.postalCode}`, street, ...(recipient.company ? [recipient.company] : [])];
}

function itemLines(input: ShipmentMailInput, locale: Locale): string {
  return input.items
    .map((item) => {
      const quantity = locale === 'ja' ? `数量 ${item.quantity}` : `qty ${item.quantity}`;
      if (input.gift) return `・${item.name}　${quantity}`;
      const amount = locale === 'ja' ? `${yen(item.unitPrice * item.quantity)}（税込）` : `${yen(item.unitPrice * item.quantity)} (tax incl.)`;
      return `・${item.name}　${quantity}　${amount}`;
    })
    .join('\n');
}

function shopContact(shop: ShipmentMailInput['shop'], locale: Locale): string {
  const lines = [shop.name];
  if (shop.email) lines.push(`${locale === 'ja' ? 'メール' : 'Email'}: ${shop.email}`);
  if (shop.phone) lines.push(`${locale === 'ja' ? '電話' : 'Phone'}: ${shop.phone}`);
  if (shop.url) lines.push(shop.url);
  return lines.join('\n');
}

function placeholderValues(input: ShipmentMailInput, locale: Locale): Record<MailPlaceholder, string> {
  const separator = locale === 'ja' ? '、' : ', ';
  return {
    buyerName: input.buyerName,
    orderNumbers: input.orderNumbers.join(separator),
    carrier: CARRIER_NAMES[input.carrier][locale],
    trackingNumber: input.trackingNumber,
    trackingUrl: trackingUrl(input.carrier, input.trackingNumber),
    items: itemLines(input, locale),
    recipientName: input.recipient.name,
    recipientAddress: formatAddress(input.recipient).join('\n'),
    shopName: input.shop.name,
    shopContact: shopContact(input.shop, locale),
  };
}

/** Replaces every placeholder in one pass, so a value that contains "{{…}}" is not read again. */
function fill(text: string, values: Record<MailPlaceholder, string>): string {
  return text.replace(PLACEHOLDER, (_mark, name: string) => values[name as MailPlaceholder]);
}

/**
 * Renders the notification mail of a shipment in the given language, from the shop's template
 * for that language when `templates` has one, else from DEFAULT_MAIL_TEMPLATES. Raises
 * mail_template_unknown_placeholder naming the first placeholder that is not in MAIL_PLACEHOLDERS.
 * Line breaks in the subject become spaces, because a mail header is one line.
 */
export function renderShipmentMail(input: ShipmentMailInput, locale: Locale, templates?: MailTemplates): { subject: string; text: string } {
  const template = templates?.[locale] ?? DEFAULT_MAIL_TEMPLATES[locale];

  const unknown = checkMailTemplate(template);
  if (unknown.length > 0) throw mailErrors.mail_template_unknown_placeholder({ placeholder: unknown[0]!, known: MAIL_PLACEHOLDERS.join(', ') }, { unknown });

  const values = placeholderValues(input, locale);
  return {
    subject: fill(template.subject, values).replace(/\s*[\r\n]+\s*/g, ' ').trim(),
    text: fill(template.body, values),
  };
}
