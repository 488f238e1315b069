import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, expectTypeOf, it } from 'vitest';
import { renderPackingSlips, renderPickingList, type PackingSlipInput, type PickingListInput } from './documents.js';

// Reads the PDFs back as a person would: poppler's pdftotext extracts the text (in drawing
// order with -raw, with word boxes with -bbox) and pdffonts lists the embedded fonts. These
// are optional system tools (poppler-utils), so the block is skipped where they are missing.

/** True when the poppler tool runs: `-v` prints its version and exits. */
const runs = (tool: string) => spawnSync(tool, ['-v'], { stdio: 'ignore' }).error === undefined;
const POPPLER_PRESENT = ['pdftotext', 'pdffonts', 'pdfinfo'].every(runs);

const folder = mkdtempSync(path.join(os.tmpdir(), 'tsunagu-shipping-documents-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

let fileCount = 0;

function save(bytes: Buffer): string {
  fileCount += 1;
  const file = path.join(folder, `document-${fileCount}.pdf`);
  writeFileSync(file, bytes);
  return file;
}

function rawText(file: string): string {
  return execFileSync('pdftotext', ['-raw', '-enc', 'UTF-8', file, '-']).toString('utf8');
}

function pageCount(file: string): number {
  const match = /^Pages:\s+(\d+)$/m.exec(execFileSync('pdfinfo', [file]).toString('utf8'));
  return Number(match?.[1]);
}

/** One word that pdftotext found, with its box in points from the page's top left. */
interface Word {
  page: number;
  text: string;
  xMin: number;
  xMax: number;
  yMax: number;
}

function words(file: string): Word[] {
  const html = execFileSync('pdftotext', ['-bbox', '-enc', 'UTF-8', file, '-']).toString('utf8');
  const found: Word[] = [];
  html.split('<page ').slice(1).forEach((page, index) => {
    for (const match of page.matchAll(/<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)) {
      const text = match[4]!.replaceAll('&amp;', '&').replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&quot;', '"');
      found.push({ page: index + 1, text, xMin: Number(match[1]), xMax: Number(match[2]), yMax: Number(match[3]) });
    }
  });
  return found;
}

function withoutSpaces(text: string): string {
  return text.replace(/\s+/g, '');
}

/** Right and bottom edges of the page's content area: A4 less the 12 mm margin. */
const CONTENT_RIGHT = 595.28 - 34;
const CONTENT_BOTTOM = 841.89 - 34;

const LONG_NAME = `${'プラチナ ダイヤモンド エタニティ リング 0.50ct 鑑定書付き '.repeat(4)}K18 イエローゴールド 特別仕様`;

function slip(overrides: Partial<PackingSlipInput> = {}): PackingSlipInput {
  return {
    shop: {
      name: 'ジュエリーつなぐ 本店',
      postalCode: '150-0001',
      address: '東京都渋谷区神宮前1-2-3 つなぐビル 2F',
      phone: '03-1234-5678',
      invoiceRegistrationNumber: 'T1234567890123',
    },
    shipmentNumber: 'SH-2026-000042',
    shipDate: '2026-12-05',
    recipient: { name: '鈴木 美咲', company: '株式会社ミナト商事 総務部', postalCode: '231-0023', prefecture: '神奈川県', address1: '横浜市中区山下町2-5', address2: null },
    orders: [
      { number: 'R-100001', orderedOn: '2026-12-01' },
      { number: 'Y-200002', orderedOn: '2026-12-02' },
    ],
    lines: [
      { name: 'K18 ダイヤモンド リング 0.30ct', stockNumber: 'R-0001', quantity: 1, unitPrice: 12_000 },
      { name: 'Pt900 パール ネックレス', stockNumber: 'N-0002', quantity: 2, unitPrice: 34_500 },
    ],
    shippingFee: 800,
    gift: false,
    giftMessage: null,
    ...overrides,
  };
}

/** Stock numbers in the order the list must print them: by location, then stock number. */
const LOCATIONS = ['本店 棚A', '本店 棚B', '本店 棚C'];
const EXPECTED_ORDER = [
  ...LOCATIONS.flatMap((location) => Array.from({ length: 40 }, (_, index) => ({ location, stockNumber: `${location.at(-1)}-${String(index + 1).padStart(3, '0')}` }))),
  { location: null, stockNumber: 'A-900' },
  { location: null, stockNumber: 'Z-001' },
];

/** Spreads the expected lines over shipments in a scrambled order, so the list must sort them. */
function pickingInput(): PickingListInput {
  const reversed = [...EXPECTED_ORDER].reverse();
  const scrambled = [...reversed.filter((_, index) => index % 2 === 0), ...reversed.filter((_, index) => index % 2 === 1)];
  const shipments: PickingListInput['shipments'] = [];
  scrambled.forEach((line, index) => {
    if (index % 3 === 0) shipments.push({ number: `SH-2026-${String(shipments.length + 1).padStart(6, '0')}`, recipientName: `山田 花子${shipments.length}`, lines: [] });
    shipments.at(-1)!.lines.push({ ...line, name: 'K18 ダイヤ リング', quantity: (index % 2) + 1 });
  });
  return { printedOn: '2026-12-05', shipments };
}

describe('packing slip input', () => {
  it('has no cost field', () => {
    expectTypeOf<keyof PackingSlipInput['lines'][number]>().toEqualTypeOf<'name' | 'stockNumber' | 'quantity' | 'unitPrice'>();
    expectTypeOf<PackingSlipInput>().not.toHaveProperty('cost');
  });

  it('rejects an empty list', async () => {
    await expect(renderPackingSlips([], 'ja')).rejects.toThrow(RangeError);
  });
});

describe.skipIf(!POPPLER_PRESENT)('shipping documents read back', () => {
  it('lists stock numbers by location', async () => {
    const input = pickingInput();
    const file = save(await renderPickingList(input, 'ja'));
    const text = rawText(file);

    let previous = -1;
    for (const { stockNumber } of EXPECTED_ORDER) {
      const position = text.indexOf(stockNumber);
      expect(position, stockNumber).toBeGreaterThan(previous);
      previous = position;
    }
    expect(text).toContain('（未設定）');
    expect(text).toContain('印刷日: 2026-12-05');

    const pieces = input.shipments.flatMap((shipment) => shipment.lines).reduce((sum, line) => sum + line.quantity, 0);
    expect(text).toContain(`出荷 ${input.shipments.length} 件・商品 ${pieces} 点`);
  });

  it('numbers picking pages and repeats header', async () => {
    const file = save(await renderPickingList(pickingInput(), 'ja'));
    const text = rawText(file);
    const pages = pageCount(file);

    expect(pages).toBeGreaterThanOrEqual(3);
    for (let page = 1; page <= pages; page++) expect(text).toContain(`${page} / ${pages}`);
    expect(text.match(/保管場所 在庫番号 品名 数量 出荷番号 お届け先/g)).toHaveLength(pages);
  });

  it('writes the English picking list', async () => {
    const text = rawText(save(await renderPickingList(pickingInput(), 'en')));

    expect(text).toContain('Picking list');
    expect(text).toContain('Printed: 2026-12-05');
    expect(text).toContain('(not set)');
    expect(text).toMatch(/\d+ shipments, \d+ pieces/);
  });

  it('prints prices on a normal slip', async () => {
    const text = rawText(save(await renderPackingSlips([slip()], 'ja')));

    expect(text).toContain('納品書');
    expect(text).not.toContain('ギフト');
    expect(text).toContain('鈴木 美咲 様');
    expect(text).toContain('〒231-0023');
    expect(text).toContain('神奈川県 横浜市中区山下町2-5');
    expect(text).toContain('株式会社ミナト商事 総務部');
    expect(text).toContain('ジュエリーつなぐ 本店');
    expect(text).toContain('TEL: 03-1234-5678');
    expect(text).toContain('登録番号: T1234567890123');
    expect(text).toContain('出荷番号: SH-2026-000042');
    expect(text).toContain('ご注文番号 R-100001（2026-12-01 ご注文）');
    expect(text).toContain('ご注文番号 Y-200002（2026-12-02 ご注文）');
    expect(text).toContain('R-0001');
    // Unit price and amount of each line, then subtotal, shipping and total.
    expect(text).toMatch(/R-0001 1 ¥12,000 ¥12,000/);
    expect(text).toMatch(/N-0002 2 ¥34,500 ¥69,000/);
    expect(text).toMatch(/小計 ¥81,000/);
    expect(text).toMatch(/送料 ¥800/);
    expect(text).toMatch(/合計（税込） ¥81,800/);
  });

  it('prints no prices on a gift slip', async () => {
    const message = 'お誕生日おめでとう！\nいつもありがとう。';
    const text = rawText(save(await renderPackingSlips([slip({ gift: true, giftMessage: message })], 'ja')));

    expect(text).toContain('納品書（ギフト）');
    expect(text).toContain('R-0001');
    expect(text).toContain('N-0002');
    for (const price of ['¥', '12,000', '34,500', '69,000', '81,000', '81,800', '800', '単価', '金額', '小計', '送料', '合計']) {
      expect(text, price).not.toContain(price);
    }
    expect(text).toContain('メッセージ');
    expect(text).toContain('お誕生日おめでとう！');
    expect(text).toContain('いつもありがとう。');
  });

  it('starts a page per slip', async () => {
    const file = save(await renderPackingSlips([slip(), slip({ shipmentNumber: 'SH-2026-000043', gift: true })], 'ja'));
    const text = rawText(file);

    expect(pageCount(file)).toBe(2);
    expect(text.split('\f')[0]).toContain('SH-2026-000042');
    expect(text.split('\f')[1]).toContain('SH-2026-000043');
    expect(text.split('\f')[1]).toContain('納品書（ギフト）');
  });

  it('writes the English packing slip', async () => {
    const text = rawText(save(await renderPackingSlips([slip({ shop: { ...slip().shop, invoiceRegistrationNumber: null } })], 'en')));

    expect(text).toContain('Packing slip');
    expect(text).toContain('Order R-100001 (ordered 2026-12-01)');
    expect(text).toMatch(/Total \(tax incl\.\) ¥81,800/);
    expect(text).not.toContain('Registration no.');
    expect(text).not.toContain('様');
  });

  it('continues a long slip on numbered pages', async () => {
    const lines = Array.from({ length: 80 }, (_, index) => ({ name: 'K18 リング', stockNumber: `L-${String(index + 1).padStart(3, '0')}`, quantity: 1, unitPrice: 1_000 }));
    const file = save(await renderPackingSlips([slip({ lines })], 'ja'));
    const text = rawText(file);
    const pages = pageCount(file);

    expect(pages).toBeGreaterThan(1);
    for (const line of lines) expect(text).toContain(line.stockNumber);
    for (let page = 1; page <= pages; page++) expect(text).toContain(`${page} / ${pages}`);
    expect(text).toMatch(/合計（税込） ¥80,800/);
  });

  it('embeds Noto Sans JP', async () => {
    for (const file of [save(await renderPickingList(pickingInput(), 'ja')), save(await renderPackingSlips([slip()], 'ja'))]) {
      const fonts = execFileSync('pdffonts', [file]).toString('utf8').split('\n').slice(2).filter((line) => line.trim() !== '');
      expect(fonts.length).toBeGreaterThan(0);
      for (const line of fonts) {
        expect(line).toMatch(/^[A-Z]{6}\+NotoSansJP-(Regular|Bold)\s/);
        // Columns: name, type (two words), encoding, then emb and sub.
        expect(line.split(/\s+/)[4], line).toBe('yes');
      }
    }
  });

  it('keeps a long name inside its picking cell', async () => {
    const input = pickingInput();
    input.shipments[0]!.lines[0]!.name = LONG_NAME;
    input.shipments[1]!.recipientName = '株式会社ジュエリーショップつなぐ 東日本物流センター 気付 山田 花子';
    const file = save(await renderPickingList(input, 'ja'));

    expect(withoutSpaces(rawText(file))).toContain(withoutSpaces(LONG_NAME));
    expect(withoutSpaces(rawText(file))).toContain(withoutSpaces(input.shipments[1]!.recipientName));

    const all = words(file);
    const quantityHeader = all.find((word) => word.page === 1 && word.text === '数量')!;
    const nameWords = all.filter((word) => /ダイヤモンド|エタニティ|鑑定書付き|イエローゴールド/.test(word.text));
    expect(nameWords.length).toBeGreaterThan(0);
    for (const word of nameWords) expect(word.xMax, word.text).toBeLessThan(quantityHeader.xMin);
    for (const word of all) expect(word.xMax, word.text).toBeLessThanOrEqual(CONTENT_RIGHT + 0.5);
  });

  it('keeps a long name inside its slip cell', async () => {
    const input = slip({
      lines: [{ name: LONG_NAME, stockNumber: 'R-0001', quantity: 1, unitPrice: 12_000 }],
      recipient: { ...slip().recipient, address2: 'グランドメゾン梅田スカイタワー レジデンス棟 地上四十二階 四二〇一号室 管理事務所気付' },
    });
    for (const gift of [false, true]) {
      const file = save(await renderPackingSlips([{ ...input, gift }], 'ja'));

      expect(withoutSpaces(rawText(file))).toContain(withoutSpaces(LONG_NAME));
      expect(withoutSpaces(rawText(file))).toContain(withoutSpaces(input.recipient.address2!));

      const all = words(file);
      const stockHeader = all.find((word) => word.text === '在庫番号')!;
      const nameWords = all.filter((word) => /ダイヤモンド|エタニティ|鑑定書付き|イエローゴールド/.test(word.text));
      expect(nameWords.length).toBeGreaterThan(0);
      for (const word of nameWords) expect(word.xMax, word.text).toBeLessThan(stockHeader.xMin);
      for (const word of all) expect(word.xMax, word.text).toBeLessThanOrEqual(CONTENT_RIGHT + 0.5);
    }
  });

  it('continues a long gift message', async () => {
    const lines = Array.from({ length: 90 }, (_, index) => `メッセージ行${String(index + 1).padStart(3, '0')} いつも本当にありがとう。`);
    const file = save(await renderPackingSlips([slip({ gift: true, giftMessage: lines.join('\n') })], 'ja'));
    const text = rawText(file);

    expect(pageCount(file)).toBe(2);
    for (const line of lines) expect(text).toContain(line);
    const messageWords = words(file).filter((word) => word.text.startsWith('メッセージ行'));
    expect(messageWords).toHaveLength(lines.length);
    for (const word of messageWords) expect(word.yMax, word.text).toBeLessThanOrEqual(CONTENT_BOTTOM);
  });
});
