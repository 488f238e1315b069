// Tests of the listing → items.upsert body mapping and its checks.
import { describe, expect, it } from 'vitest';
import type { ListingPayload } from '../adapter.js';
import { buildItemBody, buildItemPatch, cabinetLocation, checkManageNumber, checkQuantity, descriptionHtml, rakutenTaxRate, taxIncludedPrice, VARIANT_ID } from './listing-mapping.js';

function listing(overrides: Partial<ListingPayload> = {}): ListingPayload {
  return {
    listingId: 7,
    externalCode: 'r-001',
    title: 'K18 パールネックレス',
    description: 'あこや真珠\n7.5mm <一点物>',
    price: 50000,
    priceBasis: 'excluded',
    taxRatePercent: 10,
    categoryId: '110729',
    photos: ['/necklaces/r-001.jpg'],
    quantity: 1,
    ...overrides,
  };
}

describe('taxIncludedPrice', () => {
  it.each([
    [10000, 'excluded', 10, 11000],
    [12345, 'excluded', 8, 13332],
    [999, 'excluded', 10, 1098],
    [55000, 'included', 10, 55000],
    [1000, 'excluded', 0, 1000],
  ] as const)('%i %s at %i%% is %i', (price, priceBasis, taxRatePercent, expected) => {
    expect(taxIncludedPrice({ price, priceBasis, taxRatePercent })).toBe(expected);
  });
});

describe('rakutenTaxRate', () => {
  it('writes the RMS strings', () => {
    expect(rakutenTaxRate(10)).toBe('0.1');
    expect(rakutenTaxRate(8)).toBe('0.08');
    expect(rakutenTaxRate(0)).toBe('0');
    expect(rakutenTaxRate(5)).toBeNull();
  });
});

describe('cabinetLocation', () => {
  it('reads R-Cabinet URLs and paths', () => {
    expect(cabinetLocation('https://image.rakuten.co.jp/jewel/cabinet/rings/a.jpg')).toBe('/rings/a.jpg');
    expect(cabinetLocation('https://image.rakuten.co.jp/jewel/cabinet/rings/a.jpg', 'jewel')).toBe('/rings/a.jpg');
    expect(cabinetLocation('/rings/b.PNG')).toBe('/rings/b.PNG');
  });

  it('rejects other places and formats', () => {
    expect(cabinetLocation('https://image.rakuten.co.jp/other/cabinet/rings/a.jpg', 'jewel')).toBeNull();
    expect(cabinetLocation('https://example.com/cabinet/a.jpg')).toBeNull();
    expect(cabinetLocation('rings/a.jpg')).toBeNull();
    expect(cabinetLocation('/rings/a.webp')).toBeNull();
    expect(cabinetLocation('/リング/a.jpg')).toBeNull();
    expect(cabinetLocation(`/${'a'.repeat(260)}.jpg`)).toBeNull();
  });
});

describe('descriptionHtml', () => {
  it('escapes and keeps line breaks', () => {
    expect(descriptionHtml('a & b\n<c>\r\n"d"')).toBe('a &amp; b<br>&lt;c&gt;<br>&quot;d&quot;');
  });
});

describe('checks', () => {
  it('accepts valid codes and quantities', () => {
    expect(checkManageNumber('Ring_01-a')).toBeNull();
    expect(checkQuantity('r', 0)).toBeNull();
    expect(checkQuantity('r', 99999)).toBeNull();
  });

  it('rejects invalid codes and quantities', () => {
    expect(checkManageNumber('r.01')?.kind).toBe('rejected');
    expect(checkManageNumber('a'.repeat(33))?.details.externalCode).toBe('a'.repeat(33));
    expect(checkQuantity('r', -1)?.messageJa).toContain('-1');
    expect(checkQuantity('r', 100000)?.kind).toBe('rejected');
    expect(checkQuantity('r', 1.5)?.kind).toBe('rejected');
  });
});

describe('buildItemBody', () => {
  it('builds a one-SKU NORMAL item', () => {
    const built = buildItemBody(listing());
    expect('body' in built).toBe(true);
    const body = (built as { body: Record<string, any> }).body;
    expect(body).toMatchObject({
      itemNumber: 'r-001',
      title: 'K18 パールネックレス',
      itemType: 'NORMAL',
      genreId: '110729',
      hideItem: false,
      payment: { taxIncluded: true, taxRate: '0.1' },
      productDescription: { pc: 'あこや真珠<br>7.5mm &lt;一点物&gt;', sp: 'あこや真珠<br>7.5mm &lt;一点物&gt;' },
      images: [{ type: 'CABINET', location: '/necklaces/r-001.jpg', alt: 'K18 パールネックレス' }],
    });
    expect(Object.keys(body.variants)).toEqual([VARIANT_ID]);
    expect(body.variants[VARIANT_ID]).toEqual({
      standardPrice: '55000',
      articleNumber: { exemptionReason: 3 },
      backOrderFlag: false,
      restockOnCancel: false,
      attributes: [],
    });
  });

  it('leaves out an empty description', () => {
    const built = buildItemBody(listing({ description: '  ' })) as { body: Record<string, unknown> };
    expect(built.body.productDescription).toBeUndefined();
  });

  it.each([
    ['genre', { categoryId: '12345' }, 'ジャンルID'],
    ['no genre', { categoryId: null }, '未設定'],
    ['empty title', { title: ' ' }, '商品名'],
    ['long title', { title: 'あ'.repeat(86) }, '255'],
    ['tax rate', { taxRatePercent: 5 }, '5%'],
    ['price', { price: 1_000_000_000, priceBasis: 'included' as const }, '1000000000'],
    ['photo', { photos: ['C:\\photos\\a.jpg'] }, 'R-Cabinet'],
    ['description', { description: 'あ'.repeat(3500) }, '10240'],
  ])('rejects a bad %s', (_name, overrides, mentioned) => {
    const built = buildItemBody(listing(overrides));
    expect('error' in built).toBe(true);
    const { error } = built as { error: { kind: string; messageJa: string; details: { externalCode?: string } } };
    expect(error.kind).toBe('rejected');
    expect(error.messageJa).toContain(mentioned);
    expect(error.details.externalCode).toBe('r-001');
  });
});

describe('buildItemPatch', () => {
  it('returns an empty body for no fields', () => {
    expect(buildItemPatch('r-001', {})).toEqual({ body: {} });
  });

  it('maps a title and photos with the title as alt', () => {
    expect(buildItemPatch('r-001', { title: ' 新しい名前 ', photos: ['/rings/a.jpg'] })).toEqual({
      body: { title: '新しい名前', images: [{ type: 'CABINET', location: '/rings/a.jpg', alt: '新しい名前' }] },
    });
  });

  it('sends a tax rate alone as payment only', () => {
    expect(buildItemPatch('r-001', { taxRatePercent: 10 })).toEqual({ body: { payment: { taxIncluded: true, taxRate: '0.1' } } });
  });

  it('clears an empty description', () => {
    expect(buildItemPatch('r-001', { description: '  ' })).toEqual({ body: { productDescription: null } });
  });

  it.each([
    ['code', 'r/001', {}, 'manageNumber'],
    ['long title', 'r-001', { title: 'あ'.repeat(86) }, '255'],
    ['missing genre', 'r-001', { categoryId: null }, 'ジャンルID'],
    ['tax rate', 'r-001', { taxRatePercent: 5 }, '5%'],
    ['price without basis', 'r-001', { price: 1000 }, 'priceBasis'],
    ['basis without price', 'r-001', { priceBasis: 'included' as const }, 'priceBasis'],
    ['excluded price without rate', 'r-001', { price: 1000, priceBasis: 'excluded' as const }, 'taxRatePercent'],
    ['price', 'r-001', { price: -1, priceBasis: 'included' as const }, '-1'],
  ])('rejects a bad %s', (_name, code, fields, mentioned) => {
    const built = buildItemPatch(code, fields);
    expect('error' in built).toBe(true);
    const { error } = built as { error: { kind: string; messageJa: string; details: { externalCode?: string } } };
    expect(error.kind).toBe('rejected');
    expect(error.messageJa).toContain(mentioned);
    expect(error.details.externalCode).toBe(code);
  });
});
