// Tests of the own-site order mapping: valid orders map to the hub's shape, invalid ones name the field.
import { describe, expect, it } from 'vitest';
import { ChannelCallError } from '../adapter.js';
import { parseOwnSiteOrder } from './api.js';

function order(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    orderNumber: 'OS-000123',
    status: 'placed',
    orderedAt: '2026-12-05T10:15:00+09:00',
    updatedAt: '2026-12-05T10:16:00+09:00',
    version: 3,
    buyer: { name: '山田 花子', nameKana: 'ヤマダ ハナコ', postalCode: '150-0001', address: '東京都渋谷区神宮前1-2-3', phone: '03-1234-5678', email: 'hanako@example.com' },
    delivery: { name: '山田 太郎', address: '大阪府大阪市北区梅田1-1-1' },
    lines: [
      { lineKey: 'L1', sku: 'ring-1', variant: '11号', title: 'K18 リング', unitPrice: 110_000, quantity: 1, taxIncluded: true, taxRate: 0.1 },
      { lineKey: 'L2', sku: null, title: 'ギフトボックス', unitPrice: 1_080, quantity: 2, taxIncluded: true, taxRate: 0.08 },
    ],
    totals: {
      goods: 112_160,
      shipping: 800,
      fees: 330,
      coupon: 1_000,
      points: 290,
      total: 112_000,
      taxByRate: [
        { rate: 0.1, taxable: 111_130, tax: 10_102 },
        { rate: 0.08, taxable: 2_160, tax: 160 },
      ],
    },
    ...overrides,
  };
}

/** Parses and returns the error, failing the test when parsing succeeds. */
function rejection(json: unknown): ChannelCallError {
  try {
    parseOwnSiteOrder(json);
  } catch (error) {
    if (error instanceof ChannelCallError) return error;
    throw error;
  }
  throw new Error('expected parseOwnSiteOrder to throw');
}

describe('parseOwnSiteOrder', () => {
  it('maps a valid order', () => {
    const json = order();
    const parsed = parseOwnSiteOrder(json);
    expect(parsed).toMatchObject({
      orderNumber: 'OS-000123',
      status: 'to_confirm',
      orderedAt: '2026-12-05T10:15:00+09:00',
      version: '3',
      buyer: { name: '山田 花子', email: 'hanako@example.com', postalCode: '150-0001' },
      delivery: { name: '山田 太郎', nameKana: null, postalCode: null, phone: null },
      totals: { goods: 112_160, total: 112_000, points: 290 },
    });
    expect(parsed.lines[0]).toEqual({ lineKey: 'L1', externalCode: 'ring-1', variantCode: '11号', title: 'K18 リング', unitPrice: 110_000, quantity: 1, taxIncluded: true, taxRate: 0.1 });
    expect(parsed.lines[1]).toMatchObject({ externalCode: null, variantCode: null, taxRate: 0.08 });
    expect(parsed.raw).toBe(json);
  });

  it('maps every status', () => {
    const expected = { pending: 'new', placed: 'to_confirm', confirmed: 'to_ship', shipped: 'shipped', cancelled: 'cancelled' };
    for (const [site, hub] of Object.entries(expected)) {
      expect(parseOwnSiteOrder(order({ status: site })).status).toBe(hub);
    }
  });

  it('uses updatedAt when version is absent', () => {
    expect(parseOwnSiteOrder(order({ version: undefined })).version).toBe('2026-12-05T10:16:00+09:00');
  });

  it('null delivery and no taxByRate', () => {
    const json = order({ delivery: null });
    delete (json.totals as Record<string, unknown>).taxByRate;
    const parsed = parseOwnSiteOrder(json);
    expect(parsed.delivery).toBeNull();
    expect(parsed.totals.taxByRate).toEqual([]);
  });

  const invalid: Array<{ name: string; json: unknown; field: string; en: string; ja?: string }> = [
    { name: 'not an object', json: 'hello', field: '(body)', en: 'must be of type object' },
    { name: 'missing orderNumber', json: order({ orderNumber: undefined }), field: 'orderNumber', en: 'orderNumber is missing', ja: 'orderNumber がありません' },
    { name: 'orderNumber with a slash', json: order({ orderNumber: 'a/b' }), field: 'orderNumber', en: 'orderNumber has an invalid format' },
    { name: 'unknown status', json: order({ status: 'paid' }), field: 'status', en: 'status must be one of: pending, placed' },
    { name: 'orderedAt without offset', json: order({ orderedAt: '2026-12-05T10:15:00' }), field: 'orderedAt', en: 'orderedAt has an invalid format' },
    { name: 'buyer name missing', json: order({ buyer: { address: '東京都' } }), field: 'buyer.name', en: 'buyer.name is missing' },
    { name: 'empty lines', json: order({ lines: [] }), field: 'lines', en: 'lines must have at least 1 entry', ja: 'lines は 1 件以上' },
    {
      name: 'quantity zero',
      json: order({ lines: [{ lineKey: 'L1', sku: 'a', title: 't', unitPrice: 1, quantity: 0, taxIncluded: true, taxRate: 0.1 }] }),
      field: 'lines[0].quantity',
      en: 'lines[0].quantity must be at least 1',
      ja: 'lines[0].quantity は 1 以上',
    },
    {
      name: 'price as string',
      json: order({ lines: [{ lineKey: 'L1', sku: 'a', title: 't', unitPrice: '1000', quantity: 1, taxIncluded: true, taxRate: 0.1 }] }),
      field: 'lines[0].unitPrice',
      en: 'lines[0].unitPrice must be of type number',
    },
    {
      name: 'tax rate in percent',
      json: order({ lines: [{ lineKey: 'L1', sku: 'a', title: 't', unitPrice: 1, quantity: 1, taxIncluded: true, taxRate: 10 }] }),
      field: 'lines[0].taxRate',
      en: 'lines[0].taxRate: Give the tax rate as a fraction',
      ja: '0.1（10%）',
    },
    { name: 'total that does not add up', json: order({ totals: { ...(order().totals as object), total: 1 } }), field: 'totals.total', en: 'totals.total (1) does not equal' },
    {
      name: 'duplicate line key',
      json: order({
        lines: [
          { lineKey: 'L1', sku: 'a', title: 't', unitPrice: 56_080, quantity: 1, taxIncluded: true, taxRate: 0.1 },
          { lineKey: 'L1', sku: 'b', title: 't', unitPrice: 56_080, quantity: 1, taxIncluded: true, taxRate: 0.1 },
        ],
      }),
      field: 'lines[1].lineKey',
      en: 'lines[1].lineKey "L1" appears twice',
    },
  ];

  for (const { name, json, field, en, ja } of invalid) {
    it(`rejects ${name}`, () => {
      const error = rejection(json);
      expect(error.kind).toBe('rejected');
      expect(error.details.channelCode).toBe(`invalid_order:${field}`);
      expect(error.messageEn).toContain(en);
      expect(error.messageJa).toContain(field);
      if (ja !== undefined) expect(error.messageJa).toContain(ja);
    });
  }

  it('names the order number when it is readable', () => {
    const error = rejection(order({ status: 'paid' }));
    expect(error.messageEn).toContain('OS-000123');
    expect(error.messageJa).toContain('OS-000123');
  });
});
