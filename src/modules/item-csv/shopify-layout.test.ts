import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCsvTable } from './rows.js';
import { DEMO, SHOPIFY_DEMO_FILE } from './shopify-demo.fixture.js';
import { readShopifyPrice, readShopifyTable } from './shopify-layout.js';
import { checkCandidates } from './validate.js';

describe.skipIf(!existsSync(SHOPIFY_DEMO_FILE))('Shopify demo file', () => {
  const table = parseCsvTable(readFileSync(SHOPIFY_DEMO_FILE, 'utf8'));
  const result = readShopifyTable(table);
  const byKey = new Map(result.candidates.map((candidate) => [candidate.sourceKey, candidate]));
  const checked = checkCandidates(result.candidates);

  it('finds every product and variant', () => {
    expect(table.records).toHaveLength(DEMO.dataRows);
    expect(result.productCount).toBe(DEMO.products);
    expect(result.variantCount).toBe(DEMO.variants);
    expect(result.candidates).toHaveLength(DEMO.variants);
    expect(result.issues).toEqual([]);
  });

  it('passes the item schema on every variant', () => {
    expect(checked.flatMap((row) => row.issues)).toEqual([]);
    expect(checked.every((row) => row.attributes !== null)).toBe(true);
  });

  it('maps product types to categories', () => {
    const counts: Record<string, number> = {};
    for (const row of checked) counts[row.attributes!.category] = (counts[row.attributes!.category] ?? 0) + 1;
    expect(counts).toEqual({ bracelet: 7, pierced_earrings: 4, necklace: 12 });
  });

  it('names variants by title and options', () => {
    expect(byKey.get('shopify:chain-bracelet:Blue')?.input.name).toBe('7 Shakra Bracelet - Blue');
    expect(byKey.get('shopify:chain-bracelet:Black')?.input.name).toBe('7 Shakra Bracelet - Black');
    expect(byKey.get('shopify:boho-earrings:Default Title')?.input.name).toBe('Boho Earrings');
  });

  it('takes product fields for later variants', () => {
    const silver = byKey.get('shopify:leather-anchor:Silver')!;
    expect(silver.input.brand).toBe('Company 123');
    expect(silver.input.tags).toEqual(['Anchor', 'Gold', 'Leather', 'Silver']);
    expect(silver.input.description).toBe('Black leather bracelet with gold or silver anchor for men.');
    expect(silver.input.retailPrice).toBe(55);
  });

  it('turns HTML descriptions into text', () => {
    const choker = byKey.get('shopify:choker-with-gold-pendant:Default Title')!;
    expect(choker.input.description).toContain('delicate and strong.\n・14k yellow gold\n・Leather\n・Length, 12" with 2.5" extender');
    expect(choker.input.description).not.toMatch(/<|>/);
  });

  it('rounds dollar prices with a warning', () => {
    const blue = byKey.get('shopify:chain-bracelet:Blue')!;
    expect(blue.input.retailPrice).toBe(43);
    expect(blue.warnings).toHaveLength(1);
    expect(blue.warnings[0]!.column).toBe('Variant Price');
    expect(blue.warnings[0]!.value).toBe('42.99');
    expect(blue.warnings[0]!.message.en).toContain('42.99');
    const rounded = result.candidates.filter((c) => c.warnings.some((w) => w.column === 'Variant Price'));
    expect(rounded).toHaveLength(DEMO.withDecimalPrice);
  });

  it('puts quantity 1 in stock as unique pieces', () => {
    const inStock = result.candidates.filter((c) => c.placements.length > 0);
    expect(inStock).toHaveLength(DEMO.inStock);
    expect(inStock.every((c) => c.placements[0]!.quantity === 1 && c.placements[0]!.locationCode === null)).toBe(true);
    expect(result.candidates.every((c) => c.input.tracking === 'unique')).toBe(true);
    expect(byKey.get('shopify:gemstone:Purple')!.placements).toEqual([]);
  });

  it('orders photos with the variant image first', () => {
    const photos = (key: string) => (byKey.get(key)!.input.photos as Array<{ url: string }>).map((p) => p.url.split('/').pop());
    expect(photos('shopify:chain-bracelet:Blue')).toEqual(['navy-blue-chakra-bracelet_925x.jpg', '7-chakra-bracelet_925x.jpg']);
    expect(photos('shopify:chain-bracelet:Black')).toEqual(['7-chakra-bracelet_925x.jpg', 'navy-blue-chakra-bracelet_925x.jpg']);
    expect(photos('shopify:origami-crane-necklace:Default Title')).toHaveLength(4);
  });
});

describe('readShopifyTable', () => {
  const header =
    'Handle,Title,Body (HTML),Vendor,Type,Tags,Option1 Name,Option1 Value,Option2 Name,Option2 Value,Variant SKU,Variant Inventory Qty,Variant Price,Variant Barcode,Image Src,Image Position,Gift Card';
  const read = (...lines: string[]) => readShopifyTable(parseCsvTable([header, ...lines].join('\r\n')));

  it('keeps yen prices and valid JAN codes', () => {
    const result = read('pt-ring,Pt900 リング,<p>ダイヤ&amp;プラチナ</p>,銀座工房,Ring,"婚約, ダイヤ",Size,11号,Metal,Pt900,R-0001,1,128000.00,4901234567894,,,false');
    const [ring] = result.candidates;
    expect(ring!.input).toMatchObject({
      name: 'Pt900 リング - 11号 / Pt900',
      category: 'ring',
      brand: '銀座工房',
      stockNumber: 'R-0001',
      retailPrice: 128000,
      janCode: '4901234567894',
      description: 'ダイヤ&プラチナ',
      tags: ['婚約', 'ダイヤ'],
    });
    expect(ring!.warnings).toEqual([]);
    expect(ring!.sourceKey).toBe('shopify:pt-ring:11号/Pt900');
  });

  it('warns about barcodes that are not JAN', () => {
    const [item] = read('x,X,,,Ring,,Title,Default Title,,,,1,1000,ABC-123,,,false').candidates;
    expect(item!.input.janCode).toBeUndefined();
    expect(item!.warnings[0]!.column).toBe('Variant Barcode');
  });

  it('files unknown types under other', () => {
    const [item] = read('x,X,,,Anklet,,Title,Default Title,,,,0,1000,,,,false').candidates;
    expect(item!.input.category).toBe('other');
    expect(item!.warnings[0]!.message.ja).toContain('Anklet');
  });

  it('counts goods by quantity above one', () => {
    const [item] = read('x,X,,,Necklace,,Title,Default Title,,,,5,1000,,,,false').candidates;
    expect(item!.input.tracking).toBe('quantity');
    expect(item!.placements).toEqual([{ locationCode: null, quantity: 5 }]);
  });

  it('skips gift cards', () => {
    const result = read('card,Gift card,,,Gift,,Title,Default Title,,,,0,5000,,,,true');
    expect(result.candidates).toEqual([]);
    expect(result.warnings[0]!.column).toBe('Gift Card');
  });

  it('reports a variant without a product row', () => {
    const result = read(',Orphan,,,,,,,,,,1,1000,,,,', 'lost,,,,,,,Blue,,,,1,1000,,,,');
    expect(result.issues.map((issue) => [issue.row, issue.column])).toEqual([
      [2, 'Handle'],
      [3, 'Title'],
    ]);
  });

  it('rejects a file without Handle', () => {
    expect(() => readShopifyTable(parseCsvTable('Title,Variant Price\nX,1\n'))).toThrow(/Handle/);
  });
});

describe('readShopifyPrice', () => {
  it.each([
    ['128000', { value: 128000, rounded: false }],
    ['128000.00', { value: 128000, rounded: false }],
    ['42.99', { value: 43, rounded: true }],
    ['42.49', { value: 42, rounded: true }],
    ['1,280', { value: 1280, rounded: false }],
    ['abc', null],
    ['-5', null],
  ])('reads %j', (text, expected) => {
    expect(readShopifyPrice(text)).toEqual(expected);
  });
});
