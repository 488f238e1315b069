import type { CoolType, DeliveryTime, ExportProblem, ShipmentForExport, ShippingSettings } from '../types.js';
import { writeAddress } from './address.js';
import { fitList, itemNameFor, LayoutRow, RowProblems } from './text.js';

// Sagawa e飛伝Ⅲ upload file for the template 「標準_飛脚宅急便_CSV_ヘッダ有り」: 74 columns in a
// fixed order with a header row. Text columns hold 16 full-width characters (32 CP932 bytes)
// each, お客様管理番号 16 half-width characters and phone numbers 14 characters with hyphens.

/** Column names of the e飛伝Ⅲ standard layout, in file order. */
export const SAGAWA_EHIDEN_HEADER = [
  'お届け先コード取得区分',
  'お届け先コード',
  'お届け先電話番号',
  'お届け先郵便番号',
  'お届け先住所１',
  'お届け先住所２',
  'お届け先住所３',
  'お届け先名称１',
  'お届け先名称２',
  'お客様管理番号',
  'お客様コード',
  '部署ご担当者コード取得区分',
  '部署ご担当者コード',
  '部署ご担当者名称',
  '荷送人電話番号',
  'ご依頼主コード取得区分',
  'ご依頼主コード',
  'ご依頼主電話番号',
  'ご依頼主郵便番号',
  'ご依頼主住所１',
  'ご依頼主住所２',
  'ご依頼主名称１',
  'ご依頼主名称２',
  '荷姿',
  '品名１',
  '品名２',
  '品名３',
  '品名４',
  '品名５',
  '荷札荷姿',
  '荷札品名１',
  '荷札品名２',
  '荷札品名３',
  '荷札品名４',
  '荷札品名５',
  '荷札品名６',
  '荷札品名７',
  '荷札品名８',
  '荷札品名９',
  '荷札品名１０',
  '荷札品名１１',
  '出荷個数',
  'スピード指定',
  'クール便指定',
  '配達日',
  '配達指定時間帯',
  '配達指定時間（時分）',
  '代引金額',
  '消費税',
  '決済種別',
  '保険金額',
  '指定シール１',
  '指定シール２',
  '指定シール３',
  '営業所受取',
  'SRC区分',
  '営業所受取営業所コード',
  '元着区分',
  'メールアドレス',
  'ご不在時連絡先',
  '出荷日',
  'お問い合せ送り状No.',
  '出荷場印字区分',
  '集約解除指定',
  '編集０１',
  '編集０２',
  '編集０３',
  '編集０４',
  '編集０５',
  '編集０６',
  '編集０７',
  '編集０８',
  '編集０９',
  '編集１０',
] as const;

const FILE_LABEL = { ja: 'e飛伝Ⅲ', en: 'e-Hiden III' };

/** Width of a text line (住所, 名称, 品名) in CP932 bytes: 16 full-width characters. */
const LINE_BYTES = 32;

// NOTE: unverified. No Sagawa document confirms 002 (冷蔵) and 003 (冷凍). 001 (none) is the
// value other e飛伝 writers use.
const COOL_CODES: Record<CoolType, string> = { none: '001', chilled: '002', frozen: '003' };

/** 配達指定時間帯 per slot; Sagawa offers every slot tsunagu has. */
const DELIVERY_TIME_CODES: Record<DeliveryTime, string> = {
  am: '01',
  '12-14': '12',
  '14-16': '14',
  '16-18': '16',
  '18-20': '18',
  '19-21': '19',
};

// NOTE: assumed limit. No maximum for 代引金額 was found for e飛伝, so tsunagu uses 300,000
// yen, B2's limit for コレクト, until Sagawa's limit is confirmed.
const MAX_COD_AMOUNT = 300_000;

/** Returns the 74 column names of the e飛伝Ⅲ standard layout. */
export function sagawaEhidenHeader(): string[] {
  return [...SAGAWA_EHIDEN_HEADER];
}

/** Checks the service and returns 元着区分 and the cool code. */
function serviceFields(shipment: ShipmentForExport, problems: RowProblems) {
  if (shipment.service !== 'hikyaku' && shipment.service !== 'hikyaku_collect') {
    problems.unsupported('service', `配送サービス「${shipment.service}」は佐川急便のサービスではありません。`, `The service "${shipment.service}" is not a Sagawa service.`);
  }

  return {
    cool: COOL_CODES[shipment.cool],
    time: shipment.deliveryTime === null ? '' : DELIVERY_TIME_CODES[shipment.deliveryTime],
    // NOTE: unverified. YYYYMMDD is the likely format of 配達日; no Sagawa document confirms it.
    deliveryDate: problems.date(shipment.deliveryDate, 'deliveryDate', ''),
    shipDate: problems.date(shipment.shipDate, 'shipDate', ''),
  };
}

/**
 * Builds the 74 fields of one shipment's e飛伝Ⅲ row and lists every problem found. The
 * caller leaves a row with problems out of the file. With a company, 名称１ is the company
 * and 名称２ the person. Without one, 名称１ is the person.
 */
export function sagawaEhidenRow(shipment: ShipmentForExport, settings: ShippingSettings): { fields: string[]; problems: ExportProblem[] } {
  const problems = new RowProblems(shipment.number, FILE_LABEL);
  const row = new LayoutRow(SAGAWA_EHIDEN_HEADER);
  const set = row.set.bind(row);
  const recipient = shipment.recipient;
  const sender = settings.sender;

  set('お届け先電話番号', problems.phone(recipient.phone, { field: 'recipient.phone', column: 'お届け先電話番号', maxBytes: 14 }));
  set('お届け先郵便番号', problems.postalCode(recipient.postalCode, 'recipient.postalCode'));
  const recipientAddress = (['お届け先住所１', 'お届け先住所２', 'お届け先住所３'] as const).map((column) => ({ column, maxBytes: LINE_BYTES }));
  writeAddress(row, recipient, recipientAddress, 'recipient', problems);

  const hasCompany = recipient.company !== null && recipient.company.trim() !== '';
  if (hasCompany) {
    set('お届け先名称１', problems.text(recipient.company, { field: 'recipient.company', column: 'お届け先名称１', maxBytes: LINE_BYTES }));
    set('お届け先名称２', problems.text(recipient.name, { field: 'recipient.name', column: 'お届け先名称２', maxBytes: LINE_BYTES, required: true }));
  } else {
    set('お届け先名称１', problems.text(recipient.name, { field: 'recipient.name', column: 'お届け先名称１', maxBytes: LINE_BYTES, required: true }));
  }

  set('お客様管理番号', problems.text(shipment.number, { field: 'number', column: 'お客様管理番号', maxBytes: 16, halfWidthOnly: true, required: true }));
  const customerCode = settings.sagawa.customerCode;
  if (customerCode !== null && customerCode !== '' && !/^\d{12}$/.test(customerCode)) {
    problems.add(
      'settings.sagawa.customerCode',
      'invalid',
      `配送設定の佐川急便お客様コード「${customerCode}」が正しくありません。12 桁の数字を入力するか、空欄にしてください。`,
      `The Sagawa customer code "${customerCode}" in the shipping settings is invalid. Enter 12 digits or leave it blank.`,
    );
  }
  set('お客様コード', customerCode ?? '');

  set('ご依頼主電話番号', problems.phone(sender.phone, { field: 'sender.phone', column: 'ご依頼主電話番号', maxBytes: 14 }));
  set('ご依頼主郵便番号', problems.postalCode(sender.postalCode, 'sender.postalCode'));
  const senderAddress = (['ご依頼主住所１', 'ご依頼主住所２'] as const).map((column) => ({ column, maxBytes: LINE_BYTES }));
  writeAddress(row, sender, senderAddress, 'sender', problems);
  set('ご依頼主名称１', problems.text(sender.name, { field: 'sender.name', column: 'ご依頼主名称１', maxBytes: LINE_BYTES, required: true }));

  // 荷姿 001 is 箱類 (boxes).
  set('荷姿', '001');
  const itemName = itemNameFor(shipment, settings);
  set('品名１', problems.text(itemName, { field: 'itemName', column: '品名１', maxBytes: LINE_BYTES, required: true }));
  const orderLines = fitList(shipment.orderNumbers, [LINE_BYTES, LINE_BYTES, LINE_BYTES, LINE_BYTES]);
  set('品名２', orderLines[0]!);
  set('品名３', orderLines[1]!);
  set('品名４', orderLines[2]!);
  set('品名５', orderLines[3]!);

  const service = serviceFields(shipment, problems);
  set('出荷個数', '1');
  // スピード指定 000 is the standard 飛脚宅配便.
  set('スピード指定', '000');
  set('クール便指定', service.cool);
  set('配達日', service.deliveryDate);
  set('配達指定時間帯', service.time);

  const cod = problems.cashOnDelivery(shipment, MAX_COD_AMOUNT, { amount: '代引金額', tax: '消費税' });
  set('代引金額', cod.amount);
  set('消費税', cod.tax);
  // 元着区分 1 is 元払 (the sender pays the freight).
  set('元着区分', '1');
  set('出荷日', service.shipDate);

  return { fields: row.fields, problems: problems.list };
}
