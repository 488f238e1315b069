import { toExcelCsv, type CsvCell } from '../../shared/csv-safe.js';
import type { Locale } from '../../shared/errors.js';
import { FINGER_LABELS, type Finger } from './reference.js';
import type { CustomerDetail } from './service.js';
import { formatJapanTime } from '../../shared/time.js';

// One customer's data as a download, for a request to disclose the personal data held
// (開示請求). The JSON file has everything in the API's shapes. The CSV file has the same
// content as spreadsheet rows: first field and value, then the purchase history.

/** Builds the JSON export: the record, the records merged into it and the purchase history. */
export function customerExportJson(detail: CustomerDetail, exportedAt: string) {
  return {
    exportedAt,
    customer: detail.customer,
    mergedFrom: detail.mergedFrom,
    purchases: detail.purchases,
    purchasesLimitedToScope: detail.purchasesLimitedToScope,
  };
}

type Label = Record<Locale, string>;

const FIELD_LABELS = {
  code: { ja: '顧客コード', en: 'Customer code' },
  familyName: { ja: '姓', en: 'Family name' },
  givenName: { ja: '名', en: 'Given name' },
  familyNameKana: { ja: 'フリガナ（姓）', en: 'Family name reading' },
  givenNameKana: { ja: 'フリガナ（名）', en: 'Given name reading' },
  phone: { ja: '電話番号', en: 'Phone' },
  email: { ja: 'メールアドレス', en: 'Email' },
  postalCode: { ja: '郵便番号', en: 'Postal code' },
  prefecture: { ja: '都道府県', en: 'Prefecture' },
  address: { ja: '住所', en: 'Address' },
  birthday: { ja: '誕生日', en: 'Birthday' },
  preferences: { ja: 'お好み', en: 'Preferences' },
  consentToContact: { ja: 'ご案内の同意', en: 'Consent to contact' },
  consentUpdatedAt: { ja: '同意の更新日時', en: 'Consent updated at' },
  notes: { ja: 'メモ', en: 'Notes' },
  createdAt: { ja: '登録日時', en: 'Created at' },
  updatedAt: { ja: '更新日時', en: 'Updated at' },
  anonymizedAt: { ja: '匿名化日時', en: 'Anonymised at' },
} satisfies Record<string, Label>;

const TIMESTAMP_FIELDS = new Set<keyof typeof FIELD_LABELS>(['consentUpdatedAt', 'createdAt', 'updatedAt', 'anonymizedAt']);

const TEXT = {
  header: { ja: ['項目', '値'], en: ['Field', 'Value'] },
  anniversary: { ja: '記念日', en: 'Anniversary' },
  ringSize: { ja: 'リングサイズ', en: 'Ring size' },
  mergedFrom: { ja: '統合された顧客', en: 'Merged record' },
  yes: { ja: 'あり', en: 'Yes' },
  no: { ja: 'なし', en: 'No' },
  history: { ja: '購入履歴', en: 'Purchase history' },
  historyLimited: {
    ja: '購入履歴は担当の拠点の分だけです。',
    en: 'The purchase history covers only your locations.',
  },
  historyHeader: {
    ja: ['営業日', '伝票番号', '種別', '状態', '拠点', '合計（税込）', '消費税', '在庫番号', '商品名', '数量', '金額（税込）'],
    en: ['Business date', 'Number', 'Kind', 'Status', 'Location', 'Total (tax incl.)', 'Tax', 'Stock number', 'Item', 'Quantity', 'Amount (tax incl.)'],
  },
  kind: { sale: { ja: '販売', en: 'Sale' }, return: { ja: '返品', en: 'Return' } },
  status: { completed: { ja: '完了', en: 'Completed' }, voided: { ja: '取消', en: 'Voided' } },
} as const;

function ringSizeText(tenths: number, locale: Locale): string {
  const size = tenths % 10 === 0 ? String(tenths / 10) : (tenths / 10).toFixed(1);
  return locale === 'ja' ? `${size}号` : `size ${size}`;
}

/** Writes the CSV export: UTF-8 with a byte order mark, every cell Excel-safe (see toExcelCsv). */
export function customerExportCsv(detail: CustomerDetail, locale: Locale): Buffer {
  const { customer } = detail;
  const rows: CsvCell[][] = [];

  for (const [field, label] of Object.entries(FIELD_LABELS) as Array<[keyof typeof FIELD_LABELS, Label]>) {
    const value = customer[field];
    if (typeof value === 'boolean') rows.push([label[locale], value ? TEXT.yes[locale] : TEXT.no[locale]]);
    // Timestamps are stored in UTC; people read them in Japan time, as every screen shows them.
    else if (TIMESTAMP_FIELDS.has(field) && typeof value === 'string') rows.push([label[locale], formatJapanTime(value)]);
    else rows.push([label[locale], value]);
  }
  for (const anniversary of customer.anniversaries) rows.push([`${TEXT.anniversary[locale]}: ${anniversary.label}`, anniversary.date]);
  for (const size of customer.ringSizes) {
    const finger = FINGER_LABELS[size.finger as Finger]?.[locale] ?? size.finger;
    rows.push([`${TEXT.ringSize[locale]}: ${finger}`, ringSizeText(size.sizeTenths, locale)]);
  }
  for (const record of detail.mergedFrom) rows.push([TEXT.mergedFrom[locale], record.code]);

  rows.push([]);
  rows.push([TEXT.history[locale]]);
  if (detail.purchasesLimitedToScope) rows.push([TEXT.historyLimited[locale]]);
  rows.push([...TEXT.historyHeader[locale]]);
  for (const purchase of detail.purchases) {
    const head = [
      purchase.businessDate,
      purchase.number,
      TEXT.kind[purchase.kind][locale],
      purchase.status in TEXT.status ? TEXT.status[purchase.status as keyof typeof TEXT.status][locale] : purchase.status,
      purchase.locationName,
      purchase.total,
      purchase.taxTotal,
    ];
    if (purchase.lines.length === 0) rows.push(head);
    for (const line of purchase.lines) rows.push([...head, line.stockNumber, line.name, line.quantity, line.amount]);
  }

  return toExcelCsv(TEXT.header[locale], rows, 'utf8');
}
