import { readFileSync } from 'node:fs';
import { stringify } from 'csv-stringify/sync';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import type { ShipmentForExport, ShippingSettings } from '../types.js';
import { buildCarrierFile, parseIssuedFile } from './index.js';
import { sagawaEhidenHeader, sagawaEhidenRow } from './sagawa-ehiden.js';
import { yamatoB2Header, yamatoB2Row } from './yamato-b2.js';

const GOLDEN = new URL('./golden/', import.meta.url);
const REAL = '/work/shared/data/real/carriers/';

const settings: ShippingSettings = {
  sender: {
    name: 'ジュエリー工房つなぐ',
    nameKana: 'じゅえりーこうぼうつなぐ',
    postalCode: '150-0001',
    prefecture: '東京都',
    address1: '渋谷区神宮前1-2-3',
    address2: 'つなぐビル2F',
    phone: '03-9876-5432',
  },
  defaultItemName: 'アクセサリー',
  handling: ['精密機器', 'ワレ物注意'],
  yamato: { customerCode: '012345678901', classCode: null, freightNumber: '01' },
  sagawa: { customerCode: '123456789012' },
};

/** Builds three shipments of a carrier: to a company with a building, cash on delivery, and a gift. */
function shipments(carrier: ShipmentForExport['carrier']): ShipmentForExport[] {
  const services = {
    yamato: ['hatsubarai', 'collect', 'hatsubarai'],
    sagawa: ['hikyaku', 'hikyaku_collect', 'hikyaku'],
    japanpost: ['yupack', 'yupack_collect', 'yupacket'],
  } as const;

  const withBuilding: ShipmentForExport = {
    number: 'SH-2026-000001',
    carrier,
    service: services[carrier][0],
    cool: 'none',
    shipDate: '2026-12-07',
    deliveryDate: '2026-12-09',
    deliveryTime: '14-16',
    recipient: {
      name: '山田　花子',
      nameKana: 'やまだ はなこ',
      company: '株式会社ルミエール 企画部',
      postalCode: '100-0014',
      prefecture: '東京都',
      address1: '千代田区永田町1-7-1',
      address2: 'ルミエールビル3階',
      phone: '03-1234-5678',
      email: null,
    },
    itemName: 'ネックレス,リング',
    codAmount: null,
    codTax: null,
    gift: false,
    orderNumbers: ['R-1001'],
    lines: [{ title: 'K18 ネックレス', quantity: 1 }],
  };

  const cashOnDelivery: ShipmentForExport = {
    ...withBuilding,
    number: 'SH-2026-000002',
    service: services[carrier][1],
    deliveryDate: null,
    deliveryTime: 'am',
    recipient: {
      name: '佐藤 健',
      nameKana: 'サトウ　ケン',
      company: null,
      postalCode: '５３０－０００１',
      prefecture: '大阪府',
      address1: '大阪市北区梅田3-1-3',
      address2: null,
      phone: '０６－６３４１－１２３４',
      email: null,
    },
    itemName: 'アクセサリー',
    codAmount: 55000,
    codTax: 5000,
    orderNumbers: ['R-1002', 'R-1003'],
  };

  const gift: ShipmentForExport = {
    ...withBuilding,
    number: 'SH-2026-000003',
    service: services[carrier][2],
    cool: carrier === 'japanpost' ? 'none' : 'chilled',
    deliveryDate: carrier === 'japanpost' ? null : '2026-12-10',
    deliveryTime: null,
    recipient: {
      name: '鈴木 一郎',
      nameKana: 'すずき いちろう',
      company: null,
      postalCode: '060-0001',
      prefecture: '北海道',
      address1: '札幌市中央区北一条西2丁目1番地',
      address2: '札幌時計台マンション　1201号室',
      phone: '011-222-3333',
      email: null,
    },
    itemName: '',
    gift: true,
    orderNumbers: ['Y-2001'],
  };

  return [withBuilding, cashOnDelivery, gift];
}

function golden(name: string): Buffer {
  return readFileSync(new URL(name, GOLDEN));
}

function decodeLines(bytes: Buffer): string[] {
  return iconv.decode(bytes, 'cp932').split('\r\n');
}

describe('carrier file golden files', () => {
  const cases = [
    { format: 'yamato_b2', carrier: 'yamato', file: 'yamato-b2.csv', columns: 95, shipments: shipments('yamato') },
    { format: 'sagawa_ehiden', carrier: 'sagawa', file: 'sagawa-ehiden.csv', columns: 74, shipments: shipments('sagawa') },
    { format: 'japanpost_yupri', carrier: 'japanpost', file: 'japanpost-yupri.csv', columns: 24, shipments: shipments('japanpost') },
    {
      format: 'japanpost_clickpost',
      carrier: 'japanpost',
      file: 'japanpost-clickpost.csv',
      columns: 8,
      shipments: [shipments('japanpost')[0]!, shipments('japanpost')[2]!].map((shipment) => ({
        ...shipment,
        service: 'clickpost' as const,
        deliveryDate: null,
        deliveryTime: null,
      })),
    },
  ] as const;

  for (const testCase of cases) {
    it(`${testCase.format} matches its golden bytes`, () => {
      const file = buildCarrierFile(testCase.format, [...testCase.shipments], settings);

      expect(file.problems).toEqual([]);
      expect(file.rows).toHaveLength(testCase.shipments.length);
      expect(file.bytes.equals(golden(testCase.file))).toBe(true);
    });

    it(`${testCase.format} has ${testCase.columns} columns and CRLF`, () => {
      const file = buildCarrierFile(testCase.format, [...testCase.shipments], settings);
      const text = iconv.decode(file.bytes, 'cp932');

      expect(text.endsWith('\r\n')).toBe(true);
      expect(text.replace(/\r\n/g, '')).not.toContain('\n');
      for (const row of file.rows) expect(row).toHaveLength(testCase.columns);
      expect(decodeLines(file.bytes)[0]!.split(',')).toHaveLength(testCase.columns);
      expect(file.contentType).toBe('text/csv; charset=Shift_JIS');
      expect(file.fileName).toMatch(/-20261207\.csv$/);
    });
  }

  it('encodes 東京都 as CP932 bytes', () => {
    const file = buildCarrierFile('yamato_b2', shipments('yamato'), settings);

    expect(file.bytes.includes(Buffer.from([0x93, 0x8c, 0x8b, 0x9e, 0x93, 0x73]))).toBe(true);
    expect(file.bytes.includes(Buffer.from('東京都', 'utf8'))).toBe(false);
  });

  it('quotes a field with a comma', () => {
    const file = buildCarrierFile('sagawa_ehiden', shipments('sagawa'), settings);

    expect(decodeLines(file.bytes)[1]).toContain(',"ネックレス,リング",');
  });
});

describe('B2 columns', () => {
  const [withBuilding, cashOnDelivery, gift] = shipments('yamato') as [ShipmentForExport, ShipmentForExport, ShipmentForExport];
  const column = (fields: string[], number: number) => fields[number - 1];

  it('header lists the 95 layout names in order', () => {
    const header = yamatoB2Header();

    expect(header).toHaveLength(95);
    expect(header[0]).toBe('お客様管理番号');
    expect(header[3]).toBe('伝票番号');
    expect(header[65]).toBe('収納代行問合せ先名(漢字)');
    expect(header[94]).toBe('投函完了メール（ご依頼主宛）メールメッセージ');
  });

  it('writes service, cool, date and slot codes', () => {
    const { fields } = yamatoB2Row(withBuilding, settings);

    expect(column(fields, 2)).toBe('0');
    expect(column(fields, 3)).toBe('0');
    expect(column(fields, 5)).toBe('2026/12/07');
    expect(column(fields, 6)).toBe('2026/12/09');
    expect(column(fields, 7)).toBe('1416');
    expect(column(yamatoB2Row(gift, settings).fields, 3)).toBe('2');
    expect(column(yamatoB2Row({ ...gift, cool: 'frozen' }, settings).fields, 3)).toBe('1');
  });

  it('maps each Yamato service to its 送り状種類', () => {
    const codes = { hatsubarai: '0', collect: '2', time: '4', chakubarai: '5', nekopos: '7', compact: '8', compact_collect: '9' } as const;
    for (const [service, code] of Object.entries(codes)) {
      const cod = service === 'collect' || service === 'compact_collect';
      const shipment: ShipmentForExport = {
        ...withBuilding,
        service: service as ShipmentForExport['service'],
        deliveryTime: null,
        deliveryDate: null,
        codAmount: cod ? 1000 : null,
        codTax: cod ? 90 : null,
      };
      const row = yamatoB2Row(shipment, settings);
      expect(row.problems, service).toEqual([]);
      expect(column(row.fields, 2), service).toBe(code);
    }
  });

  it('writes COD amount and tax', () => {
    const { fields, problems } = yamatoB2Row(cashOnDelivery, settings);

    expect(problems).toEqual([]);
    expect(column(fields, 34)).toBe('55000');
    expect(column(fields, 35)).toBe('5000');
    expect(column(fields, 9)).toBe('06-6341-1234');
    expect(column(fields, 11)).toBe('530-0001');
  });

  it('converts hiragana readings to half-width katakana', () => {
    const { fields } = yamatoB2Row(withBuilding, settings);

    expect(column(fields, 17)).toBe('ﾔﾏﾀﾞ ﾊﾅｺ');
    expect(column(fields, 26)).toBe('ｼﾞｭｴﾘｰｺｳﾎﾞｳﾂﾅｸﾞ');
    expect(column(fields, 17)).not.toMatch(/[\u3041-\u3096]/);
  });

  it('reports a reading with kanji', () => {
    const { problems } = yamatoB2Row({ ...withBuilding, recipient: { ...withBuilding.recipient, nameKana: '山田' } }, settings);

    expect(problems.map((problem) => [problem.field, problem.code])).toEqual([['recipient.nameKana', 'invalid_kana']]);
  });

  it('reports the 12-14 slot as unsupported', () => {
    const { problems } = yamatoB2Row({ ...withBuilding, deliveryTime: '12-14' }, settings);

    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ shipmentNumber: 'SH-2026-000001', field: 'deliveryTime', code: 'unsupported' });
    expect(problems[0]!.message.ja).toContain('12〜14時');
    expect(problems[0]!.message.en).toContain('12:00–14:00');
  });

  it('reports a missing Yamato customer code', () => {
    const { problems } = yamatoB2Row(withBuilding, { ...settings, yamato: { ...settings.yamato, customerCode: null } });

    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ field: 'settings.yamato.customerCode', code: 'missing' });
    expect(problems[0]!.message.ja).toContain('ご請求先顧客コード');
  });

  it('reports a COD service without an amount', () => {
    const { problems } = yamatoB2Row({ ...cashOnDelivery, codAmount: null, codTax: null }, settings);

    expect(problems.map((problem) => [problem.field, problem.code])).toEqual([['codAmount', 'missing']]);
  });

  it('limits compact collect to 30,000 yen', () => {
    const compact = { ...cashOnDelivery, service: 'compact_collect' as const, deliveryTime: null, codAmount: 30001, codTax: 2727 };

    expect(yamatoB2Row(compact, settings).problems.map((problem) => problem.code)).toEqual(['out_of_range']);
    expect(yamatoB2Row({ ...compact, codAmount: 30000 }, settings).problems).toEqual([]);
    expect(yamatoB2Row({ ...cashOnDelivery, codAmount: 300001 }, settings).problems.map((problem) => problem.code)).toEqual(['out_of_range']);
  });

  it('reports a tax above the COD amount', () => {
    const { problems } = yamatoB2Row({ ...cashOnDelivery, codTax: 60000 }, settings);

    expect(problems.map((problem) => [problem.field, problem.code])).toEqual([['codTax', 'out_of_range']]);
  });

  it('reports a character outside CP932', () => {
    const { problems } = yamatoB2Row({ ...withBuilding, recipient: { ...withBuilding.recipient, name: '𠮷田 花子' } }, settings);

    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ field: 'recipient.name', code: 'not_cp932' });
    expect(problems[0]!.message.ja).toContain('𠮷');
  });

  it('folds ① and ㈱ but reports 髙', () => {
    const folded = yamatoB2Row({ ...withBuilding, recipient: { ...withBuilding.recipient, company: '㈱ルミエール', address2: 'ルミエールビル①' } }, settings);
    expect(folded.problems).toEqual([]);
    expect(column(folded.fields, 14)).toBe('(株)ルミエール');
    expect(column(folded.fields, 13)).toBe('ルミエールビル1');

    const rejected = yamatoB2Row({ ...withBuilding, recipient: { ...withBuilding.recipient, name: '髙橋 花子' } }, settings);
    expect(rejected.problems.map((problem) => [problem.field, problem.code])).toEqual([['recipient.name', 'platform_dependent']]);
    expect(rejected.problems[0]!.message.ja).toContain('髙');
  });

  it('reports a too long name without cutting it', () => {
    const name = '寿限無寿限無五劫の擦り切れ海砂利水魚の水行末';
    const { problems, fields } = yamatoB2Row({ ...withBuilding, recipient: { ...withBuilding.recipient, name } }, settings);

    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ field: 'recipient.name', code: 'too_long' });
    expect(problems[0]!.message.ja).toContain('全角 16 文字');
    expect(problems[0]!.message.ja).toContain('水行末');
    expect(column(fields, 16)).toBe(name);
  });

  it('reports a wrong postal code and phone', () => {
    const recipient = { ...withBuilding.recipient, postalCode: '100-001', phone: '1234' };
    const { problems } = yamatoB2Row({ ...withBuilding, recipient }, settings);

    expect(problems.map((problem) => [problem.field, problem.code])).toEqual([
      ['recipient.phone', 'invalid_phone'],
      ['recipient.postalCode', 'invalid_postal_code'],
    ]);
  });

  it('reports an unknown prefecture', () => {
    const { problems } = yamatoB2Row({ ...withBuilding, recipient: { ...withBuilding.recipient, prefecture: '東京' } }, settings);

    expect(problems.map((problem) => [problem.field, problem.code])).toEqual([['recipient.prefecture', 'invalid_prefecture']]);
  });

  it('shortens a long order list visibly in 記事', () => {
    const orderNumbers = ['R-2026-0000001', 'R-2026-0000002', 'R-2026-0000003', 'R-2026-0000004'];
    const { fields } = yamatoB2Row({ ...withBuilding, orderNumbers }, settings);

    expect(column(fields, 33)).toBe('R-2026-0000001 R-2026-0000002 他2件');
  });

  it('leaves the other columns blank', () => {
    const { fields } = yamatoB2Row(withBuilding, settings);
    const filled = new Set([1, 2, 3, 5, 6, 7, 9, 11, 12, 13, 14, 16, 17, 18, 20, 22, 23, 24, 25, 26, 28, 31, 32, 33, 36, 40, 42]);

    fields.forEach((value, index) => {
      if (!filled.has(index + 1)) expect(value, `column ${index + 1}`).toBe('');
    });
  });
});

describe('address splitting', () => {
  const [withBuilding] = shipments('sagawa') as [ShipmentForExport];

  it('breaks a long e飛伝 address after a block number', () => {
    const recipient = { ...withBuilding.recipient, address1: '千代田区永田町一丁目七番一号国会議事堂前', address2: null };
    const { fields, problems } = sagawaEhidenRow({ ...withBuilding, recipient }, settings);

    expect(problems).toEqual([]);
    expect(fields.slice(4, 7)).toEqual(['東京都千代田区永田町一丁目七番', '一号国会議事堂前', '']);
  });

  it('runs the building on when it cannot start a line', () => {
    const recipient = {
      ...withBuilding.recipient,
      address1: '千代田区永田町一丁目七番一号国会議事堂前',
      address2: 'ルミエール永田町ビル 南棟 3階',
    };
    const { fields, problems } = sagawaEhidenRow({ ...withBuilding, recipient }, settings);

    expect(problems).toEqual([]);
    expect(fields.slice(4, 7)).toEqual(['東京都千代田区永田町一丁目七番', '一号国会議事堂前', 'ルミエール永田町ビル 南棟 3階']);
  });

  it('reports text that has no break point', () => {
    const recipient = { ...withBuilding.recipient, address2: 'グランドメゾン永田町ステーションフロントタワー' };
    const { problems } = sagawaEhidenRow({ ...withBuilding, recipient }, settings);

    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ field: 'recipient.address2', code: 'too_long' });
    expect(problems[0]!.message.ja).toContain('お届け先住所２');
    expect(problems[0]!.message.ja).toContain('全角 16 文字');
    expect(problems[0]!.message.ja).toContain('「グランドメゾン永田町ステーションフロントタワー」の部分');
    expect(problems[0]!.message.ja).toContain('空白を入れて');
    expect(problems[0]!.message.ja).not.toMatch(/（[^）]*（/);
  });

  it('reports an address longer than all lines', () => {
    const recipient = {
      ...withBuilding.recipient,
      address1: '千代田区永田町一丁目七番一号 国会議事堂前 中央広場',
      address2: 'ルミエール永田町ビル 南棟 3階 301号室',
    };
    const { problems } = sagawaEhidenRow({ ...withBuilding, recipient }, settings);

    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ field: 'recipient.address2', code: 'too_long' });
    expect(problems[0]!.message.ja).toContain('お届け先住所３');
    expect(problems[0]!.message.en).toContain('16 full-width (32 half-width) characters');
  });

  it('puts the building in the B2 building column', () => {
    const [yamato] = shipments('yamato') as [ShipmentForExport];
    const { fields } = yamatoB2Row(yamato, settings);

    expect(fields[11]).toBe('東京都千代田区永田町1-7-1');
    expect(fields[12]).toBe('ルミエールビル3階');
  });
});

describe('e飛伝 columns', () => {
  const [withBuilding, cashOnDelivery] = shipments('sagawa') as [ShipmentForExport, ShipmentForExport];

  it('header lists the 74 layout names in order', () => {
    const header = sagawaEhidenHeader();

    expect(header).toHaveLength(74);
    expect(header[9]).toBe('お客様管理番号');
    expect(header[61]).toBe('お問い合せ送り状No.');
    expect(header[73]).toBe('編集１０');
  });

  it('puts the company in 名称１ and the person in 名称２', () => {
    const { fields } = sagawaEhidenRow(withBuilding, settings);

    expect(fields[7]).toBe('株式会社ルミエール 企画部');
    expect(fields[8]).toBe('山田 花子');
    expect(sagawaEhidenRow(cashOnDelivery, settings).fields.slice(7, 9)).toEqual(['佐藤 健', '']);
  });

  it('writes cool and slot codes', () => {
    expect(sagawaEhidenRow({ ...withBuilding, cool: 'frozen' }, settings).fields[43]).toBe('003');
    expect(sagawaEhidenRow({ ...withBuilding, deliveryTime: '12-14' }, settings).fields[45]).toBe('12');
    expect(sagawaEhidenRow({ ...withBuilding, deliveryTime: '19-21' }, settings).fields[45]).toBe('19');
  });

  it('reports a management number over 16 characters', () => {
    const { problems } = sagawaEhidenRow({ ...withBuilding, number: 'SH-2026-0000000042' }, settings);

    expect(problems.map((problem) => [problem.field, problem.code])).toEqual([['number', 'too_long']]);
  });
});

describe('buildCarrierFile', () => {
  it('leaves out shipments with problems', () => {
    const [first, second, third] = shipments('yamato') as [ShipmentForExport, ShipmentForExport, ShipmentForExport];
    const file = buildCarrierFile('yamato_b2', [first, { ...second, deliveryTime: '12-14' }, third], settings);

    expect(file.rows.map((row) => row[0])).toEqual(['SH-2026-000001', 'SH-2026-000003']);
    expect(file.problems.map((problem) => problem.shipmentNumber)).toEqual(['SH-2026-000002']);
    expect(decodeLines(file.bytes)).toHaveLength(4);
  });

  it('reports another carrier and a service the format does not take', () => {
    const [sagawa] = shipments('sagawa') as [ShipmentForExport];
    const [yupack] = shipments('japanpost') as [ShipmentForExport];

    const wrongCarrier = buildCarrierFile('yamato_b2', [sagawa], settings);
    expect(wrongCarrier.problems.map((problem) => problem.code)).toEqual(['wrong_carrier']);
    expect(wrongCarrier.problems[0]!.message.ja).toContain('佐川急便');
    expect(wrongCarrier.rows).toEqual([]);

    const wrongService = buildCarrierFile('japanpost_clickpost', [yupack], settings);
    expect(wrongService.problems.map((problem) => [problem.field, problem.code])).toEqual([['service', 'unsupported']]);
  });

  it('writes a repeated shipment once', () => {
    const [first] = shipments('yamato') as [ShipmentForExport];
    const file = buildCarrierFile('yamato_b2', [first, first], settings);

    expect(file.rows).toHaveLength(1);
    expect(file.problems.map((problem) => problem.code)).toEqual(['duplicate']);
  });

  it('writes only the header when nothing fits', () => {
    const file = buildCarrierFile('sagawa_ehiden', [], settings);

    expect(iconv.decode(file.bytes, 'cp932').split('\r\n')).toEqual([sagawaEhidenHeader().join(','), '']);
    expect(file.fileName).toBe('sagawa-ehiden.csv');
  });

  it('rejects a date or slot for ゆうパケット', () => {
    const gift = shipments('japanpost')[2]!;
    const file = buildCarrierFile('japanpost_yupri', [{ ...gift, deliveryTime: 'am' }], settings);

    expect(file.problems.map((problem) => [problem.field, problem.code])).toEqual([['deliveryTime', 'unsupported']]);
  });
});

/** Returns a B2 export of the three shipments with 伝票番号 filled, as B2 writes it after issuing. */
function issuedB2(trackingNumbers: string[], withHeader = true): string[][] {
  const file = buildCarrierFile('yamato_b2', shipments('yamato'), settings);
  const rows = file.rows.map((row, index) => row.map((value, column) => (column === 3 ? trackingNumbers[index]! : value)));
  return withHeader ? [yamatoB2Header(), ...rows] : rows;
}

function csvBytes(records: string[][], encoding: 'cp932' | 'utf8-bom'): Buffer {
  const text = stringify(records, { record_delimiter: 'windows' });
  return encoding === 'cp932' ? iconv.encode(text, 'cp932') : Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
}

describe('parseIssuedFile', () => {
  it('reads a B2 issued file in CP932', () => {
    const result = parseIssuedFile(csvBytes(issuedB2(['444413758703', '4000-0000-0002', '']), 'cp932'));

    expect(result.format).toBe('yamato_b2');
    expect(result.rows).toEqual([
      { row: 2, managementNumber: 'SH-2026-000001', trackingNumber: '444413758703' },
      { row: 3, managementNumber: 'SH-2026-000002', trackingNumber: '400000000002' },
    ]);
    expect(result.problems.map((problem) => problem.row)).toEqual([4]);
    expect(result.problems[0]!.message.ja).toContain('SH-2026-000003');
  });

  it('reads an e飛伝 issued file with a variant header name', () => {
    const file = buildCarrierFile('sagawa_ehiden', shipments('sagawa'), settings);
    const header = sagawaEhidenHeader().map((name) => (name === 'お問い合せ送り状No.' ? 'お問合せ送り状ＮＯ' : name));
    const rows = file.rows.map((row, index) => row.map((value, column) => (column === 61 ? ['512547514334', '123456789013', '999999999994'][index]! : value)));
    const result = parseIssuedFile(csvBytes([header, ...rows], 'cp932'));

    expect(result.format).toBe('sagawa_ehiden');
    expect(result.problems).toEqual([]);
    expect(result.rows.map((row) => [row.managementNumber, row.trackingNumber])).toEqual([
      ['SH-2026-000001', '512547514334'],
      ['SH-2026-000002', '123456789013'],
      ['SH-2026-000003', '999999999994'],
    ]);
  });

  it('reads UTF-8 with a BOM', () => {
    const result = parseIssuedFile(csvBytes(issuedB2(['444413758703', '400000000002', '123456789013']), 'utf8-bom'));

    expect(result.format).toBe('yamato_b2');
    expect(result.rows.map((row) => row.managementNumber)).toEqual(['SH-2026-000001', 'SH-2026-000002', 'SH-2026-000003']);
  });

  it('reads a headerless B2 file by its shape', () => {
    const result = parseIssuedFile(csvBytes(issuedB2(['444413758703', '400000000002', '123456789013'], false), 'cp932'));

    expect(result.format).toBe('yamato_b2');
    expect(result.rows[0]).toEqual({ row: 1, managementNumber: 'SH-2026-000001', trackingNumber: '444413758703' });
    expect(result.rows).toHaveLength(3);
  });

  it('reads a headerless e飛伝 file by its shape', () => {
    const row = Array.from({ length: 74 }, () => '');
    row[9] = 'SH-2026-000001';
    row[61] = '512547514334';
    const result = parseIssuedFile(csvBytes([row], 'cp932'));

    expect(result.format).toBe('sagawa_ehiden');
    expect(result.rows).toEqual([{ row: 1, managementNumber: 'SH-2026-000001', trackingNumber: '512547514334' }]);
  });

  it('reads a ゆうプリR export', () => {
    const text = 'お客様側管理番号,お届け先名,追跡番号\r\nSH-2026-000001,山田 花子,4055-4842-4886\r\n,鈴木 一郎,425792094324\r\n';
    const result = parseIssuedFile(iconv.encode(text, 'cp932'));

    expect(result.format).toBe('japanpost_yupri');
    expect(result.rows).toEqual([{ row: 2, managementNumber: 'SH-2026-000001', trackingNumber: '405548424886' }]);
    expect(result.problems.map((problem) => problem.row)).toEqual([3]);
  });

  it('does not check the check digit', () => {
    const result = parseIssuedFile(csvBytes(issuedB2(['444413758704', '400000000002', '123456789013']), 'cp932'));

    expect(result.rows[0]!.trackingNumber).toBe('444413758704');
  });

  it('reports an unknown layout', () => {
    const result = parseIssuedFile(Buffer.from('注文番号,金額\r\nR-1,1000\r\n', 'utf8'));

    expect(result.format).toBeNull();
    expect(result.problems[0]!.message.en).toContain('not recognised');
  });

  it('reports bytes that are neither UTF-8 nor CP932', () => {
    const result = parseIssuedFile(Buffer.from([0x82, 0xa0, 0x0d, 0x0a, 0x85, 0x40]));

    expect(result.format).toBeNull();
    expect(result.problems).toHaveLength(1);
  });

  it('reads the furumaru B2 fixture and reports its empty 伝票番号', () => {
    const result = parseIssuedFile(readFileSync(`${REAL}furumaru-yamato-b2-expected-sjis.csv`));

    expect(result.format).toBe('yamato_b2');
    expect(result.rows).toEqual([]);
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]!.row).toBe(2);
    expect(result.problems[0]!.message.ja).toContain('order-id');
  });

  it('reports the shifted rows of the furumaru e飛伝 fixture', () => {
    for (const name of ['furumaru-sagawa-ehiden3-expected-sjis.csv', 'furumaru-sagawa-ehiden3-expected-utf8.csv']) {
      const result = parseIssuedFile(readFileSync(`${REAL}${name}`));

      expect(result.format, name).toBe('sagawa_ehiden');
      expect(result.rows, name).toEqual([]);
      expect(result.problems.map((problem) => problem.row), name).toEqual([2]);
      expect(result.problems[0]!.message.en, name).toContain('has 74 fields but the header has 75');
    }
  });

  it('decodes the furumaru fixtures the same in both encodings', () => {
    const sjis = iconv.decode(readFileSync(`${REAL}furumaru-yamato-b2-expected-sjis.csv`), 'cp932');
    const utf8 = readFileSync(`${REAL}furumaru-yamato-b2-expected-utf8.csv`, 'utf8');

    expect(sjis).toBe(utf8);
    expect(parseIssuedFile(readFileSync(`${REAL}furumaru-yamato-b2-expected-utf8.csv`)).problems[0]!.message.ja).toContain('order-id');
  });
});
