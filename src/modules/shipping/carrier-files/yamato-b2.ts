import type { CarrierService, CoolType, DeliveryTime, ExportProblem, ShipmentForExport, ShippingSettings } from '../types.js';
import { fillColumns, splitAtNaturalPoints, writeAddress } from './address.js';
import { DELIVERY_TIME_LABELS, fitList, itemNameFor, LayoutRow, RowProblems } from './text.js';

// Yamato B2クラウド import file, basic layout (送り状発行データ 基本レイアウト): 95 columns in a
// fixed order, every row with all 95 fields. The header row is optional in B2; tsunagu writes
// it, so the import setting "取込開始行" must be 2. Column names and widths follow Yamato's
// B2 layout table; widths are in CP932 bytes ("全16 / 半32" = 32 bytes).

/** Column names of the B2 basic layout, in file order. */
export const YAMATO_B2_HEADER = [
  'お客様管理番号',
  '送り状種類',
  'クール区分',
  '伝票番号',
  '出荷予定日',
  'お届け予定（指定）日',
  '配達時間帯',
  'お届け先コード',
  'お届け先電話番号',
  'お届け先電話番号枝番',
  'お届け先郵便番号',
  'お届け先住所',
  'お届け先住所（アパートマンション名）',
  'お届け先会社・部門名１',
  'お届け先会社・部門名２',
  'お届け先名',
  'お届け先名略称カナ',
  '敬称',
  'ご依頼主コード',
  'ご依頼主電話番号',
  'ご依頼主電話番号枝番',
  'ご依頼主郵便番号',
  'ご依頼主住所',
  'ご依頼主住所（アパートマンション名）',
  'ご依頼主名',
  'ご依頼主略称カナ',
  '品名コード１',
  '品名１',
  '品名コード２',
  '品名２',
  '荷扱い１',
  '荷扱い２',
  '記事',
  'コレクト代金引換額（税込）',
  'コレクト内消費税額等',
  '営業所止置き',
  '営業所コード',
  '発行枚数',
  '個数口枠の印字',
  'ご請求先顧客コード',
  'ご請求先分類コード',
  '運賃管理番号',
  'クロネコwebコレクトデータ登録',
  'クロネコwebコレクト加盟店番号',
  'クロネコwebコレクト申込受付番号１',
  'クロネコwebコレクト申込受付番号２',
  'クロネコwebコレクト申込受付番号３',
  'お届け予定ｅメール利用区分',
  'お届け予定ｅメールe-mailアドレス',
  '入力機種',
  'お届け予定eメールメッセージ',
  'お届け完了eメール利用区分',
  'お届け完了ｅメールe-mailアドレス',
  'お届け完了eメールメッセージ',
  'クロネコ収納代行利用区分',
  '予備',
  '収納代行請求金額(税込)',
  '収納代行内消費税額等',
  '収納代行請求先郵便番号',
  '収納代行請求先住所',
  '収納代行請求先住所（アパートマンション名）',
  '収納代行請求先会社・部門名１',
  '収納代行請求先会社・部門名２',
  '収納代行請求先名(漢字)',
  '収納代行請求先名(カナ)',
  '収納代行問合せ先名(漢字)',
  '収納代行問合せ先郵便番号',
  '収納代行問合せ先住所',
  '収納代行問合せ先住所（アパートマンション名）',
  '収納代行問合せ先電話番号',
  '収納代行管理番号',
  '収納代行品名',
  '収納代行備考',
  '複数口くくりキー',
  '検索キータイトル１',
  '検索キー１',
  '検索キータイトル２',
  '検索キー２',
  '検索キータイトル3',
  '検索キー3',
  '検索キータイトル４',
  '検索キー４',
  '検索キータイトル5',
  '検索キー5',
  '予備',
  '予備',
  '投函予定メール利用区分',
  '投函予定メールe-mailアドレス',
  '投函予定メールメッセージ',
  '投函完了メール（お届け先宛）利用区分',
  '投函完了メール（お届け先宛）e-mailアドレス',
  '投函完了メール（お届け先宛）メールメッセージ',
  '投函完了メール（ご依頼主宛）利用区分',
  '投函完了メール（ご依頼主宛）e-mailアドレス',
  '投函完了メール（ご依頼主宛）メールメッセージ',
] as const;

const FILE_LABEL = { ja: 'B2クラウド', en: 'B2 Cloud' };

/** 送り状種類 per service. */
const SERVICE_CODES: Partial<Record<CarrierService, string>> = {
  hatsubarai: '0',
  collect: '2',
  time: '4',
  chakubarai: '5',
  nekopos: '7',
  compact: '8',
  compact_collect: '9',
};

const COOL_CODES: Record<CoolType, string> = { none: '0', frozen: '1', chilled: '2' };

/** 配達時間帯 per slot. Yamato dropped 12–14 from its slots, so B2 has no code for it. */
const DELIVERY_TIME_CODES: Partial<Record<DeliveryTime, string>> = {
  am: '0812',
  '14-16': '1416',
  '16-18': '1618',
  '18-20': '1820',
  '19-21': '1921',
};

/** Highest コレクト amount in yen, tax included: 300,000 for 宅急便コレクト, 30,000 for 宅急便コンパクトコレクト. */
const MAX_COLLECT_AMOUNT = 300_000;
const MAX_COMPACT_COLLECT_AMOUNT = 30_000;

/** Returns the 95 column names of the B2 basic layout. */
export function yamatoB2Header(): string[] {
  return [...YAMATO_B2_HEADER];
}

/** Checks the service, cool type, dates and time slot against what the B2 service takes, and returns their codes. */
function serviceFields(shipment: ShipmentForExport, problems: RowProblems) {
  const service = SERVICE_CODES[shipment.service] ?? '';
  if (service === '') {
    problems.unsupported('service', `配送サービス「${shipment.service}」はヤマト運輸のサービスではありません。`, `The service "${shipment.service}" is not a Yamato service.`);
  }

  // クール宅急便 is not offered with ネコポス or 宅急便コンパクト.
  const small = shipment.service === 'nekopos' || shipment.service === 'compact' || shipment.service === 'compact_collect';
  if (small && shipment.cool !== 'none') {
    problems.unsupported(
      'cool',
      'ネコポス・宅急便コンパクトはクール便にできません。クール区分を「なし」にするか、宅急便を選んでください。',
      'ネコポス and 宅急便コンパクト cannot be sent chilled or frozen. Set cool to none or choose 宅急便.',
    );
  }

  // ネコポス is delivered to the letterbox and takes no delivery date or time.
  if (shipment.service === 'nekopos' && (shipment.deliveryDate !== null || shipment.deliveryTime !== null)) {
    problems.unsupported(
      shipment.deliveryTime !== null ? 'deliveryTime' : 'deliveryDate',
      'ネコポスはお届け日・時間帯を指定できません。指定を消してください。',
      'ネコポス takes no delivery date or time. Clear them.',
    );
  }

  let time = '';
  if (shipment.deliveryTime !== null) {
    const label = DELIVERY_TIME_LABELS[shipment.deliveryTime];
    if (shipment.service === 'time') {
      // タイム takes only its own slots (0010 until 10:00, 0017 until 17:00), which tsunagu's slots do not include.
      problems.unsupported(
        'deliveryTime',
        `タイムサービスでは時間帯「${label.ja}」を指定できません。時間帯を消し、B2クラウドで「午前10時まで」か「午後5時まで」を選んでください。`,
        `The タイム service does not take the slot "${label.en}". Clear it and choose "by 10:00" or "by 17:00" in B2 Cloud.`,
      );
    } else if (shipment.service !== 'nekopos') {
      time = DELIVERY_TIME_CODES[shipment.deliveryTime] ?? '';
      if (time === '') {
        problems.unsupported(
          'deliveryTime',
          `ヤマト運輸は時間帯「${label.ja}」を受け付けていません。午前中・14〜16時・16〜18時・18〜20時・19〜21時から選んでください。`,
          `Yamato does not offer the slot "${label.en}". Choose morning, 14–16, 16–18, 18–20 or 19–21.`,
        );
      }
    }
  }
  // NOTE: B2 may require 配達時間帯 0010 or 0017 for タイム; the file leaves it blank for the user to set in B2.

  const shipDate = problems.date(shipment.shipDate, 'shipDate', '/');
  const deliveryDate = problems.date(shipment.deliveryDate, 'deliveryDate', '/');
  if (shipment.deliveryDate !== null && shipment.deliveryDate < shipment.shipDate) {
    problems.add(
      'deliveryDate',
      'invalid_date',
      `お届け日 ${shipment.deliveryDate} が出荷予定日 ${shipment.shipDate} より前です。`,
      `The delivery date ${shipment.deliveryDate} is before the shipping date ${shipment.shipDate}.`,
    );
  }

  return { service, cool: COOL_CODES[shipment.cool], shipDate, deliveryDate, time };
}

/** Checks the contract codes of the settings and returns them. */
function contractFields(settings: ShippingSettings, problems: RowProblems) {
  const { customerCode, classCode, freightNumber } = settings.yamato;

  if (customerCode === null || customerCode.trim() === '') {
    problems.missing({ field: 'settings.yamato.customerCode', column: 'ご請求先顧客コード', maxBytes: 12 });
  } else if (!/^\d{12}$/.test(customerCode)) {
    problems.add(
      'settings.yamato.customerCode',
      'invalid',
      `配送設定のご請求先顧客コード「${customerCode}」が正しくありません。ヤマト運輸との契約の 12 桁の数字を入力してください。`,
      `The Yamato customer code "${customerCode}" in the shipping settings is invalid. Enter the 12 digits of the Yamato contract.`,
    );
  }

  if (classCode !== null && classCode !== '' && !/^\d{3}$/.test(classCode)) {
    problems.add(
      'settings.yamato.classCode',
      'invalid',
      `配送設定のご請求先分類コード「${classCode}」が正しくありません。空欄か 3 桁の数字にしてください。`,
      `The Yamato class code "${classCode}" in the shipping settings is invalid. Leave it blank or enter 3 digits.`,
    );
  }

  if (!/^\d{2}$/.test(freightNumber)) {
    problems.add(
      'settings.yamato.freightNumber',
      'invalid',
      `配送設定の運賃管理番号「${freightNumber}」が正しくありません。2 桁の数字（通常は 01）を入力してください。`,
      `The Yamato freight number "${freightNumber}" in the shipping settings is invalid. Enter 2 digits (usually 01).`,
    );
  }

  return { customerCode: customerCode ?? '', classCode: classCode ?? '', freightNumber };
}

/** Returns the 荷扱い columns; more than two handling notes is a settings problem, not a silent cut. */
function handlingFields(settings: ShippingSettings, problems: RowProblems): [string, string] {
  if (settings.handling.length > 2) {
    problems.add(
      'settings.handling',
      'too_many',
      `配送設定の荷扱いが ${settings.handling.length} 件あります。B2クラウドには 2 件（荷扱い１・２）までしか書けません。`,
      `The shipping settings have ${settings.handling.length} handling notes; B2 Cloud takes at most 2 (荷扱い１ and ２).`,
    );
  }

  return [
    problems.text(settings.handling[0] ?? null, { field: 'settings.handling', column: '荷扱い１', maxBytes: 20 }),
    problems.text(settings.handling[1] ?? null, { field: 'settings.handling', column: '荷扱い２', maxBytes: 20 }),
  ];
}

/**
 * Builds the 95 fields of one shipment's B2 row and lists every problem found. A field that
 * does not fit its column is reported and never cut, so the caller must leave a row with
 * problems out of the file. Columns tsunagu has no value for are blank.
 */
export function yamatoB2Row(shipment: ShipmentForExport, settings: ShippingSettings): { fields: string[]; problems: ExportProblem[] } {
  const problems = new RowProblems(shipment.number, FILE_LABEL);
  const row = new LayoutRow(YAMATO_B2_HEADER);
  const set = row.set.bind(row);
  const recipient = shipment.recipient;
  const sender = settings.sender;

  set('お客様管理番号', problems.text(shipment.number, { field: 'number', column: 'お客様管理番号', maxBytes: 50, halfWidthOnly: true, required: true }));

  const service = serviceFields(shipment, problems);
  set('送り状種類', service.service);
  set('クール区分', service.cool);
  set('出荷予定日', service.shipDate);
  set('お届け予定（指定）日', service.deliveryDate);
  set('配達時間帯', service.time);

  set('お届け先電話番号', problems.phone(recipient.phone, { field: 'recipient.phone', column: 'お届け先電話番号', maxBytes: 15 }));
  set('お届け先郵便番号', problems.postalCode(recipient.postalCode, 'recipient.postalCode'));
  const recipientAddress = [
    { column: 'お届け先住所', maxBytes: 64 },
    { column: 'お届け先住所（アパートマンション名）', maxBytes: 32 },
  ] as const;
  writeAddress(row, recipient, recipientAddress, 'recipient', problems);

  const company = problems.text(recipient.company, { field: 'recipient.company', column: 'お届け先会社・部門名１', maxBytes: Number.MAX_SAFE_INTEGER });
  const companyLines = fillColumns(
    splitAtNaturalPoints(company, 'recipient.company', ''),
    [
      { column: 'お届け先会社・部門名１', maxBytes: 50 },
      { column: 'お届け先会社・部門名２', maxBytes: 50 },
    ],
    problems,
  );
  if (companyLines.ok) {
    set('お届け先会社・部門名１', companyLines.lines[0]!);
    set('お届け先会社・部門名２', companyLines.lines[1]!);
  }
  set('お届け先名', problems.text(recipient.name, { field: 'recipient.name', column: 'お届け先名', maxBytes: 32, required: true }));
  set('お届け先名略称カナ', problems.kana(recipient.nameKana, { field: 'recipient.nameKana', column: 'お届け先名略称カナ', maxBytes: 50 }));
  set('敬称', '様');

  set('ご依頼主電話番号', problems.phone(sender.phone, { field: 'sender.phone', column: 'ご依頼主電話番号', maxBytes: 15 }));
  set('ご依頼主郵便番号', problems.postalCode(sender.postalCode, 'sender.postalCode'));
  const senderAddress = [
    { column: 'ご依頼主住所', maxBytes: 64 },
    { column: 'ご依頼主住所（アパートマンション名）', maxBytes: 32 },
  ] as const;
  writeAddress(row, sender, senderAddress, 'sender', problems);
  set('ご依頼主名', problems.text(sender.name, { field: 'sender.name', column: 'ご依頼主名', maxBytes: 32, required: true }));
  set('ご依頼主略称カナ', problems.kana(sender.nameKana, { field: 'sender.nameKana', column: 'ご依頼主略称カナ', maxBytes: 50 }));

  const itemName = itemNameFor(shipment, settings);
  set('品名１', problems.text(itemName, { field: 'itemName', column: '品名１', maxBytes: 50, required: true }));
  const [handling1, handling2] = handlingFields(settings, problems);
  set('荷扱い１', handling1);
  set('荷扱い２', handling2);
  set('記事', fitList(shipment.orderNumbers, [44])[0]!);

  const maxAmount = shipment.service === 'compact_collect' ? MAX_COMPACT_COLLECT_AMOUNT : MAX_COLLECT_AMOUNT;
  const cod = problems.cashOnDelivery(shipment, maxAmount, { amount: 'コレクト代金引換額（税込）', tax: 'コレクト内消費税額等' });
  set('コレクト代金引換額（税込）', cod.amount);
  set('コレクト内消費税額等', cod.tax);
  set('営業所止置き', '0');

  const contract = contractFields(settings, problems);
  set('ご請求先顧客コード', contract.customerCode);
  set('ご請求先分類コード', contract.classCode);
  set('運賃管理番号', contract.freightNumber);

  return { fields: row.fields, problems: problems.list };
}
