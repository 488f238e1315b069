import type { CoolType, DeliveryTime, ExportProblem, ShipmentForExport, ShippingSettings } from '../types.js';
import { splitAddress, writeAddress } from './address.js';
import { DELIVERY_TIME_LABELS, itemNameFor, LayoutRow, RowProblems } from './text.js';

// Japan Post files: ゆうプリR (ゆうパックプリントR) import rows and クリックポスト bulk
// application (まとめ申込) rows.
//
// ゆうプリR reads a CSV through an import filter (取り込み用フィルタ) that the user defines in
// ゆうプリR, mapping each column by its position and converting values. tsunagu writes a
// header row, so the filter's start row is 2, and the header names tell the user which item
// each column holds.
//
// クリックポスト has no column for the shop's management number, so an issued file cannot be
// matched back to shipments: its tracking numbers are entered by hand.

/**
 * Items of a ゆうプリR import file, then the items tsunagu adds after them. tsunagu checks
 * 15 half-width characters for お客様側管理番号 and 50 bytes for each address line.
 */
// NOTE: unverified. Japan Post's own column order was not found. The 7 items after お届け先名
// are tsunagu's own, for the user's filter to map.
export const JAPANPOST_YUPRI_HEADER = [
  'お客様側管理番号',
  '発送予定日',
  '発送予定時間区分',
  '出荷期限日',
  '到着期限日',
  '郵便種別',
  '保冷種別',
  '元/着払/代引',
  '書留/セキュリティ/特定記録種別',
  '配達時間帯指定郵便種別',
  '送り状種別',
  'お届け先コード',
  'お届け先郵便番号',
  'お届け先住所1',
  'お届け先住所2',
  'お届け先住所3',
  'お届け先名',
  'お届け先会社名',
  'お届け先電話番号',
  '配達希望日',
  '配達希望時間帯',
  '品名',
  '代引金額',
  '代引内消費税額',
] as const;

/** Columns of the クリックポスト bulk application file. */
export const JAPANPOST_CLICKPOST_HEADER = [
  'お届け先郵便番号',
  'お届け先氏名',
  'お届け先敬称',
  'お届け先住所1行目',
  'お届け先住所2行目',
  'お届け先住所3行目',
  'お届け先住所4行目',
  '内容品',
] as const;

const YUPRI_LABEL = { ja: 'ゆうプリR', en: 'Yu-Pri R' };
const CLICKPOST_LABEL = { ja: 'クリックポスト', en: 'Click Post' };

/** Width of a ゆうプリR address line and of its name columns, in CP932 bytes. */
const YUPRI_LINE_BYTES = 50;

// NOTE: chosen limits. No クリックポスト CSV layout with widths was found. tsunagu allows 20
// full-width characters (40 bytes) per name and address line and 15 (30 bytes) for 内容品.
const CLICKPOST_LINE_BYTES = 40;
const CLICKPOST_ITEM_BYTES = 30;

/** 保冷種別 per cool type. */
const YUPRI_COOL_CODES: Record<CoolType, string> = { none: '0', chilled: '1', frozen: '2' };

/** Highest 代引 amount in yen that tsunagu writes for ゆうパック, an assumption shared with the other carriers. */
const MAX_YUPACK_COD_AMOUNT = 300_000;

/** Time slots as words, for the value conversion of the user's ゆうプリR filter. */
const YUPRI_TIME_WORDS: Record<DeliveryTime, string> = {
  am: '午前中',
  '12-14': '12時-14時',
  '14-16': '14時-16時',
  '16-18': '16時-18時',
  '18-20': '18時-20時',
  '19-21': '19時-21時',
};

/** Reports a delivery date or time on a service that is put into the letterbox and takes neither. */
function rejectDeliveryRequest(shipment: ShipmentForExport, problems: RowProblems, serviceName: string): void {
  if (shipment.deliveryDate === null && shipment.deliveryTime === null) return;

  const slot = shipment.deliveryTime === null ? null : DELIVERY_TIME_LABELS[shipment.deliveryTime];
  problems.unsupported(
    shipment.deliveryTime !== null ? 'deliveryTime' : 'deliveryDate',
    `${serviceName}はお届け日・時間帯${slot ? `（${slot.ja}）` : ''}を指定できません。指定を消してください。`,
    `${serviceName} takes no delivery date or time${slot ? ` (${slot.en})` : ''}. Clear them.`,
  );
}

/** Reports chilled or frozen on a service that has no cool option. */
function rejectCool(shipment: ShipmentForExport, problems: RowProblems, serviceName: string): void {
  if (shipment.cool === 'none') return;
  problems.unsupported('cool', `${serviceName}はクール便にできません。クール区分を「なし」にしてください。`, `${serviceName} cannot be sent chilled or frozen. Set cool to none.`);
}

/**
 * Builds one shipment's ゆうプリR row (the columns of JAPANPOST_YUPRI_HEADER) and lists
 * every problem found. 郵便種別 is 0 for ゆうパック and 9 for ゆうパケット; 元/着払/代引 is 0
 * (prepaid) or 2 (cash on delivery).
 */
export function japanpostYupriRow(shipment: ShipmentForExport, settings: ShippingSettings): { fields: string[]; problems: ExportProblem[] } {
  const problems = new RowProblems(shipment.number, YUPRI_LABEL);
  const row = new LayoutRow(JAPANPOST_YUPRI_HEADER);
  const set = row.set.bind(row);
  const recipient = shipment.recipient;

  set('お客様側管理番号', problems.text(shipment.number, { field: 'number', column: 'お客様側管理番号', maxBytes: 15, halfWidthOnly: true, required: true }));
  set('発送予定日', problems.date(shipment.shipDate, 'shipDate', ''));

  if (shipment.service === 'yupack' || shipment.service === 'yupack_collect') {
    set('郵便種別', '0');
  } else if (shipment.service === 'yupacket') {
    set('郵便種別', '9');
    rejectCool(shipment, problems, 'ゆうパケット');
    rejectDeliveryRequest(shipment, problems, 'ゆうパケット');
  } else {
    problems.unsupported('service', `配送サービス「${shipment.service}」はゆうプリRで発行できません。`, `The service "${shipment.service}" cannot be issued with Yu-Pri R.`);
  }
  set('保冷種別', YUPRI_COOL_CODES[shipment.cool]);
  set('元/着払/代引', shipment.service === 'yupack_collect' ? '2' : '0');

  set('お届け先郵便番号', problems.postalCode(recipient.postalCode, 'recipient.postalCode'));
  const addressColumns = (['お届け先住所1', 'お届け先住所2', 'お届け先住所3'] as const).map((column) => ({ column, maxBytes: YUPRI_LINE_BYTES }));
  writeAddress(row, recipient, addressColumns, 'recipient', problems);
  set('お届け先名', problems.text(recipient.name, { field: 'recipient.name', column: 'お届け先名', maxBytes: YUPRI_LINE_BYTES, required: true }));
  set('お届け先会社名', problems.text(recipient.company, { field: 'recipient.company', column: 'お届け先会社名', maxBytes: YUPRI_LINE_BYTES }));
  set('お届け先電話番号', problems.phone(recipient.phone, { field: 'recipient.phone', column: 'お届け先電話番号', maxBytes: 15 }));

  set('配達希望日', problems.date(shipment.deliveryDate, 'deliveryDate', ''));
  set('配達希望時間帯', shipment.deliveryTime === null ? '' : YUPRI_TIME_WORDS[shipment.deliveryTime]);
  const itemName = itemNameFor(shipment, settings);
  set('品名', problems.text(itemName, { field: 'itemName', column: '品名', maxBytes: YUPRI_LINE_BYTES, required: true }));

  const cod = problems.cashOnDelivery(shipment, MAX_YUPACK_COD_AMOUNT, { amount: '代引金額', tax: '代引内消費税額' });
  set('代引金額', cod.amount);
  set('代引内消費税額', cod.tax);

  return { fields: row.fields, problems: problems.list };
}

/**
 * Builds one shipment's クリックポスト row (the 8 columns of JAPANPOST_CLICKPOST_HEADER) and
 * lists every problem found. The company, when given, goes before the person in お届け先氏名.
 */
export function japanpostClickpostRow(shipment: ShipmentForExport, settings: ShippingSettings): { fields: string[]; problems: ExportProblem[] } {
  const problems = new RowProblems(shipment.number, CLICKPOST_LABEL);
  const recipient = shipment.recipient;

  if (shipment.service !== 'clickpost') {
    problems.unsupported('service', `配送サービス「${shipment.service}」はクリックポストではありません。`, `The service "${shipment.service}" is not Click Post.`);
  }
  rejectCool(shipment, problems, 'クリックポスト');
  rejectDeliveryRequest(shipment, problems, 'クリックポスト');
  // A service without cash on delivery: this only reports an amount that was set anyway.
  problems.cashOnDelivery(shipment, 0, { amount: '代引金額', tax: '代引内消費税額' });

  const postalCode = problems.postalCode(recipient.postalCode, 'recipient.postalCode');
  const company = recipient.company?.trim() ?? '';
  const name = problems.text(company === '' ? recipient.name : `${company} ${recipient.name}`, {
    field: company === '' ? 'recipient.name' : 'recipient.company',
    column: 'お届け先氏名',
    maxBytes: CLICKPOST_LINE_BYTES,
    required: true,
  });
  const address = splitAddress(
    recipient,
    ['お届け先住所1行目', 'お届け先住所2行目', 'お届け先住所3行目', 'お届け先住所4行目'].map((column) => ({ column, maxBytes: CLICKPOST_LINE_BYTES })),
    'recipient',
    problems,
  );
  const lines = address.ok ? address.lines : ['', '', '', ''];
  const itemName = itemNameFor(shipment, settings);
  const contents = problems.text(itemName, { field: 'itemName', column: '内容品', maxBytes: CLICKPOST_ITEM_BYTES, required: true });

  return { fields: [postalCode, name, '様', ...lines, contents], problems: problems.list };
}
