import Encoding from 'encoding-japanese';
import iconv from 'iconv-lite';
import { PREFECTURE_NAMES } from '../../customers/reference.js';
import { normalizePhone, normalizePostalCode } from '../recipient.js';
import { isCalendarDate } from '../../../shared/time.js';
import { charactersMissingFromCp932, encodeCp932 } from '../../item-csv/encoding.js';
import { COD_SERVICES, type DeliveryTime, type ExportProblem, type ShipmentForExport, type ShippingSettings } from '../types.js';

// Text rules shared by the carrier files. Carriers measure fields in CP932 bytes: a
// full-width character takes 2 bytes and a half-width one (ASCII, half-width katakana)
// takes 1, so "全16 / 半32" in a carrier's layout is a limit of 32 bytes.

/**
 * Lead bytes of CP932 rows that only Windows defines: row 13 (NEC special characters such as
 * ①, Ⅱ, ㈱, ㌔), rows 89–92 (NEC-selected IBM extensions) and rows 115–119 (IBM extensions
 * such as 髙, 﨑). Yamato B2 rejects these platform-dependent characters.
 */
const PLATFORM_DEPENDENT_LEAD_BYTES = new Set([0x87, 0xed, 0xee, 0xfa, 0xfb, 0xfc]);

/** Returns the width of text in CP932 bytes, after the JIS forms (〜, −) are mapped to CP932's. */
export function cp932ByteLength(text: string): number {
  return encodeCp932(text).length;
}

/** Returns the distinct characters of text that CP932 cannot encode (𠮷, emoji, private use). */
export function charactersOutsideCp932(text: string): string[] {
  return charactersMissingFromCp932(text);
}

/**
 * Tells whether one character is encoded in a Windows-only row of CP932. iconv-lite picks
 * the JIS X 0208 code for characters that exist in both (∵, ≒, ¬), so those pass.
 */
export function isPlatformDependent(char: string): boolean {
  const bytes = iconv.encode(char, 'cp932');
  return bytes.length === 2 && PLATFORM_DEPENDENT_LEAD_BYTES.has(bytes[0]!);
}

/**
 * Replaces platform-dependent characters by their NFKC form where that form is plain CP932
 * (① → 1, Ⅱ → II, ㈱ → (株), ㌔ → キロ, № → No). Returns the others (髙, 﨑, ∮, ∑) in
 * `rejected`, because the user has to replace them by hand.
 */
export function foldPlatformDependent(text: string): { text: string; rejected: string[] } {
  const rejected = new Set<string>();
  let folded = '';

  for (const char of text) {
    if (!isPlatformDependent(char)) {
      folded += char;
      continue;
    }

    const replacement = char.normalize('NFKC');
    const safe =
      replacement !== char && charactersOutsideCp932(replacement).length === 0 && ![...replacement].some(isPlatformDependent);
    if (safe) {
      folded += replacement;
    } else {
      folded += char;
      rejected.add(char);
    }
  }

  return { text: folded, rejected: [...rejected] };
}

/** Turns every run of spaces (full-width U+3000 included), tabs and line breaks into one half-width space, and trims. */
export function collapseSpaces(text: string): string {
  return text.replace(/[\s\u3000]+/g, ' ').trim();
}

/** Half-width katakana (U+FF61–U+FF9F with the voiced marks ﾞ ﾟ), half-width letters, digits and spaces. */
const HALF_WIDTH_KANA_TEXT = /^[\uff61-\uff9f0-9A-Za-z ]*$/;

/**
 * Converts a reading to half-width katakana as carriers' kana fields expect (やまだ たろう →
 * ﾔﾏﾀﾞ ﾀﾛｳ): NFKC first (full-width letters to half-width), then hiragana to katakana and
 * katakana to half-width with encoding-japanese. Returns null when characters remain that
 * have no half-width katakana form (kanji, ヰ, ヱ), so a caller never writes hiragana or kanji.
 */
export function toHalfWidthKatakana(text: string): string | null {
  const katakana = Encoding.toKatakanaCase(collapseSpaces(text.normalize('NFKC')));
  const halfWidth = Encoding.toHankanaCase(katakana);
  return HALF_WIDTH_KANA_TEXT.test(halfWidth) ? halfWidth : null;
}

/** A column of a carrier file, as the checks see it. */
export interface ColumnRule {
  /** Field in tsunagu's terms that the value comes from, e.g. 'recipient.name'. */
  field: string;
  /** Column name in the carrier's layout, for messages. */
  column: string;
  /** Width in CP932 bytes. */
  maxBytes: number;
  /** Whether the column takes half-width characters only (半角英数). */
  halfWidthOnly?: boolean;
  /** Whether an empty value is a problem. */
  required?: boolean;
}

/** Words for a width limit: "全角 16 文字（半角 32 文字）" or "半角 50 文字". */
function limitWords(rule: ColumnRule): { ja: string; en: string } {
  if (rule.halfWidthOnly) return { ja: `半角 ${rule.maxBytes} 文字`, en: `${rule.maxBytes} half-width characters` };
  const full = Math.floor(rule.maxBytes / 2);
  return {
    ja: `全角 ${full} 文字・半角 ${rule.maxBytes} 文字`,
    en: `${full} full-width (${rule.maxBytes} half-width) characters`,
  };
}

/**
 * Problems of one shipment's row, collected while its fields are written. Every check
 * returns the value to write, so a row builder reads as a list of columns, and the caller
 * leaves the row out when `list` is not empty.
 */
export class RowProblems {
  readonly list: ExportProblem[] = [];

  constructor(
    readonly shipmentNumber: string,
    /** Carrier file name for messages, e.g. "B2クラウド". */
    readonly fileLabel: { ja: string; en: string },
  ) {}

  /** Adds a problem. Messages leave out the shipment number, which callers show from `shipmentNumber`. */
  add(field: string, code: string, ja: string, en: string): void {
    this.list.push({
      shipmentNumber: this.shipmentNumber,
      field,
      code,
      message: { ja, en },
    });
  }

  /**
   * Reports a value longer than its column, quoting the text that does not fit. `hint`
   * replaces the default advice to shorten it, e.g. with how to split an address.
   */
  tooLong(rule: ColumnRule, value: string, overflow: string = value, hint?: { ja: string; en: string }): void {
    const limit = limitWords(rule);
    this.add(
      rule.field,
      'too_long',
      `「${value}」は${this.fileLabel.ja}の「${rule.column}」（上限: ${limit.ja}）に入りません。「${overflow}」の部分が入らないので、${hint?.ja ?? '短くしてください。'}`,
      `"${value}" does not fit the ${this.fileLabel.en} column "${rule.column}" (at most ${limit.en}): "${overflow}" does not fit. ${hint?.en ?? 'Shorten it.'}`,
    );
  }

  /**
   * Checks and returns a free-text value: spaces collapsed, platform-dependent characters
   * folded, then characters outside CP932, the half-width rule, the width and emptiness
   * checked. Returns the cleaned value even when a problem was reported.
   */
  text(value: string | null, rule: ColumnRule): string {
    const folded = foldPlatformDependent(collapseSpaces(value ?? ''));
    const text = folded.text;

    if (text === '') {
      if (rule.required) this.missing(rule);
      return '';
    }

    if (folded.rejected.length > 0) {
      this.add(
        rule.field,
        'platform_dependent',
        `「${text}」の「${folded.rejected.join('」「')}」は機種依存文字なので${this.fileLabel.ja}で使えません。「高」「崎」のような標準の文字に置き換えてください。`,
        `"${text}" contains the platform-dependent character(s) "${folded.rejected.join('", "')}", which ${this.fileLabel.en} rejects. Replace them with standard characters (for example 高 for 髙).`,
      );
    }

    const outside = charactersOutsideCp932(text);
    if (outside.length > 0) {
      this.add(
        rule.field,
        'not_cp932',
        `「${text}」の「${outside.join('」「')}」は Shift_JIS (CP932) で書けない文字です。別の字（𠮷 → 吉 など）に置き換えてください。`,
        `"${text}" contains "${outside.join('", "')}", which Shift_JIS (CP932) cannot encode. Replace them (for example 吉 for 𠮷).`,
      );
    }

    if (rule.halfWidthOnly && !/^[\x20-\x7e]*$/.test(text)) {
      this.add(
        rule.field,
        'invalid',
        `「${rule.column}」は半角英数字・記号だけで書いてください（いまは「${text}」）。`,
        `"${rule.column}" takes half-width letters, digits and symbols only (the value is "${text}").`,
      );
    } else if (cp932ByteLength(text) > rule.maxBytes) {
      this.tooLong(rule, text, overflowOf(text, rule.maxBytes));
    }

    return text;
  }

  /** Checks a reading and returns it as half-width katakana, or '' when there is none. */
  kana(value: string | null, rule: ColumnRule): string {
    if (value === null || collapseSpaces(value) === '') {
      if (rule.required) this.missing(rule);
      return '';
    }

    const kana = toHalfWidthKatakana(value);
    if (kana === null) {
      this.add(
        rule.field,
        'invalid_kana',
        `フリガナ「${value}」をカタカナにできません。ひらがなかカタカナだけで入力してください。`,
        `The reading "${value}" cannot be written in katakana. Enter it in hiragana or katakana only.`,
      );
      return '';
    }

    // Every character of the result is half-width, so its length is its width in bytes.
    if (kana.length > rule.maxBytes) this.tooLong({ ...rule, halfWidthOnly: true }, kana, kana.slice(rule.maxBytes));
    return kana;
  }

  /** Checks a phone number and returns it as digits and hyphens. */
  phone(value: string, rule: ColumnRule): string {
    const phone = normalizePhone(value);
    if (phone === null) {
      this.add(
        rule.field,
        'invalid_phone',
        `電話番号「${value}」が正しくありません。0 で始まる 10 桁か 11 桁の番号を入力してください（例: 03-1234-5678）。`,
        `The phone number "${value}" is invalid. Enter 10 or 11 digits starting with 0 (for example 03-1234-5678).`,
      );
      return '';
    }

    if (phone.length > rule.maxBytes) this.tooLong({ ...rule, halfWidthOnly: true }, phone, phone.slice(rule.maxBytes));
    return phone;
  }

  /** Checks a postal code and returns it as "123-4567". */
  postalCode(value: string, field: string): string {
    const postalCode = normalizePostalCode(value);
    if (postalCode === null) {
      this.add(
        field,
        'invalid_postal_code',
        `郵便番号「${value}」が正しくありません。7 桁の数字で入力してください（例: 100-0014）。`,
        `The postal code "${value}" is invalid. Enter 7 digits (for example 100-0014).`,
      );
      return '';
    }
    return postalCode;
  }

  /** Reports a prefecture that is not one of the 47 names. */
  prefecture(value: string, field: string): void {
    if (PREFECTURE_NAMES.includes(value)) return;
    this.add(
      field,
      'invalid_prefecture',
      `都道府県「${value}」が正しくありません。「東京都」「北海道」のように 47 都道府県の名前で入力してください。`,
      `The prefecture "${value}" is invalid. Enter one of the 47 prefecture names, such as 東京都 or 北海道.`,
    );
  }

  /**
   * Checks a YYYY-MM-DD date and returns it with `separator` between the parts
   * ('/' gives B2's 2026/12/05, '' gives 20261205). Returns '' for null.
   */
  date(value: string | null, field: string, separator: '/' | ''): string {
    if (value === null) return '';
    if (!isCalendarDate(value)) {
      this.add(field, 'invalid_date', `日付「${value}」が正しくありません。`, `The date "${value}" is invalid.`);
      return '';
    }
    return value.split('-').join(separator);
  }

  /** Reports a value that the carrier file has no code or column for. */
  unsupported(field: string, ja: string, en: string): void {
    this.add(field, 'unsupported', ja, en);
  }

  /**
   * Checks the cash-on-delivery amount and the tax within it, and returns them as digit
   * strings ('' for a prepaid service). A COD service needs a whole amount from 1 yen up to
   * `maxAmount` and a tax from 0 up to the amount. A prepaid service must have no amount.
   */
  cashOnDelivery(shipment: ShipmentForExport, maxAmount: number, columns: { amount: string; tax: string }): { amount: string; tax: string } {
    const isCod = COD_SERVICES.includes(shipment.service);
    const { codAmount, codTax } = shipment;

    if (!isCod) {
      if (codAmount !== null) {
        this.unsupported(
          'codAmount',
          `代引金額 ${codAmount} 円がありますが、配送サービスが代引・コレクトではありません。代引のサービスを選ぶか、金額を消してください。`,
          `A cash-on-delivery amount of ${codAmount} yen is set but the service is not cash on delivery. Choose a cash-on-delivery service or clear the amount.`,
        );
      }
      return { amount: '', tax: '' };
    }

    if (codAmount === null) {
      this.missing({ field: 'codAmount', column: columns.amount, maxBytes: 7 });
      return { amount: '', tax: '' };
    }
    if (!Number.isInteger(codAmount) || codAmount < 1 || codAmount > maxAmount) {
      this.add(
        'codAmount',
        'out_of_range',
        `代引金額 ${codAmount} 円は「${columns.amount}」に書けません。1 円から ${maxAmount.toLocaleString('ja-JP')} 円までの整数にしてください。`,
        `The cash-on-delivery amount of ${codAmount} yen cannot be written to "${columns.amount}". Use a whole number from 1 to ${maxAmount.toLocaleString('en-US')} yen.`,
      );
    }

    if (codTax === null) {
      this.missing({ field: 'codTax', column: columns.tax, maxBytes: 7 });
      return { amount: String(codAmount), tax: '' };
    }
    if (!Number.isInteger(codTax) || codTax < 0 || codTax > codAmount) {
      this.add(
        'codTax',
        'out_of_range',
        `代引金額の内消費税 ${codTax} 円が正しくありません。0 円から代引金額（${codAmount} 円）までの整数にしてください。`,
        `The tax of ${codTax} yen within the cash-on-delivery amount is invalid. Use a whole number from 0 up to the amount (${codAmount} yen).`,
      );
    }

    return { amount: String(codAmount), tax: String(codTax) };
  }

  missing(rule: ColumnRule): void {
    this.add(
      rule.field,
      'missing',
      `${this.fileLabel.ja}の「${rule.column}」に入れる値がありません。入力してください。`,
      `The ${this.fileLabel.en} column "${rule.column}" has no value. Enter one.`,
    );
  }
}

/** Returns the end of text that lies beyond maxBytes CP932 bytes, for messages. */
export function overflowOf(text: string, maxBytes: number): string {
  let used = 0;
  let index = 0;
  for (const char of text) {
    used += cp932ByteLength(char);
    if (used > maxBytes) return text.slice(index);
    index += char.length;
  }
  return '';
}

/** Places items on lines greedily, separated by spaces; returns null when they do not all fit. */
function placeItems(items: readonly string[], widths: readonly number[]): string[] | null {
  const lines = widths.map(() => '');
  let line = 0;

  for (const item of items) {
    const joined = lines[line] === '' ? item : `${lines[line]} ${item}`;
    if (cp932ByteLength(joined) <= widths[line]!) {
      lines[line] = joined;
      continue;
    }
    if (lines[line] !== '') line += 1;
    if (line >= widths.length || cp932ByteLength(item) > widths[line]!) return null;
    lines[line] = item;
  }

  return lines;
}

/**
 * Writes a list of short references (order numbers) on lines of the given CP932 widths.
 * When not all fit, it writes as many as fit and ends with "他N件" ("N more"), so the
 * shortening is visible on the waybill. Used for optional columns such as 記事 only.
 */
export function fitList(items: readonly string[], widths: readonly number[]): string[] {
  for (let count = items.length; count >= 0; count -= 1) {
    const written = count === items.length ? items : [...items.slice(0, count), `他${items.length - count}件`];
    const lines = placeItems(written, widths);
    if (lines !== null) return lines;
  }
  return widths.map(() => '');
}

/** Delivery time slots in words, for messages. */
export const DELIVERY_TIME_LABELS: Record<DeliveryTime, { ja: string; en: string }> = {
  am: { ja: '午前中', en: 'morning' },
  '12-14': { ja: '12〜14時', en: '12:00–14:00' },
  '14-16': { ja: '14〜16時', en: '14:00–16:00' },
  '16-18': { ja: '16〜18時', en: '16:00–18:00' },
  '18-20': { ja: '18〜20時', en: '18:00–20:00' },
  '19-21': { ja: '19〜21時', en: '19:00–21:00' },
};

/** Returns the shipment's item description (品名), or the settings' default when it names none. */
export function itemNameFor(shipment: ShipmentForExport, settings: ShippingSettings): string {
  return shipment.itemName.trim() === '' ? settings.defaultItemName : shipment.itemName;
}

/** Fields of one row of a fixed layout, set by column name so a builder reads like the layout table. */
export class LayoutRow<Column extends string> {
  readonly fields: string[];

  constructor(private readonly header: readonly Column[]) {
    this.fields = header.map(() => '');
  }

  set(column: Column, value: string): void {
    this.fields[this.header.indexOf(column)] = value;
  }
}
