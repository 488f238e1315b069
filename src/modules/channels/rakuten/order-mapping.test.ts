// Tests of the OrderModel → ChannelOrder mapping, on the published getOrderItem sample and on
// an order with the personal-data blocks getOrder adds.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isoFromRakutenDatetime, mapRakutenOrder, orderVersion, RakutenOrderShapeError, statusFromProgress } from './order-mapping.js';

const SAMPLES = '/work/shared/data/real/rakuten';
const publishedOrder = (): Record<string, any> => JSON.parse(readFileSync(`${SAMPLES}/getOrderItem-response-200.json`, 'utf8')).OrderModelList[0];

/** Builds a getOrder-style order with orderer, recipient, wrapping, COD fee and two tax rates. */
function fullOrder(): Record<string, any> {
  return {
    orderNumber: '123456-20261205-00000042',
    orderProgress: 300,
    orderDatetime: '2026-12-05T10:00:00+09:00',
    goodsPrice: 118000,
    postagePrice: 800,
    deliveryPrice: 330,
    paymentCharge: 0,
    totalPrice: 119130,
    requestPrice: 116130,
    couponAllTotalPrice: 2000,
    additionalFeeOccurAmountToUser: 0,
    OrdererModel: {
      zipCode1: '158', zipCode2: '0094', prefecture: '東京都', city: '世田谷区', subAddress: '玉川一丁目14番1号',
      familyName: '楽天', firstName: '花子', familyNameKana: 'ラクテン', firstNameKana: 'ハナコ',
      phoneNumber1: '03', phoneNumber2: '1234', phoneNumber3: '5678', emailAddress: 'abc@pc.fw.rakuten.ne.jp',
    },
    PointModel: { usedPoint: 1000 },
    WrappingModel1: { title: 1, name: 'ギフト包装', price: 0, includeTaxFlag: 1, taxRate: 0.1, taxPrice: 0 },
    WrappingModel2: { title: 2, name: 'リボン', price: 200, includeTaxFlag: 1, taxRate: 0.1, taxPrice: 18 },
    PackageModelList: [
      {
        basketId: 10000001,
        packageDeleteFlag: 0,
        SenderModel: {
          zipCode1: '530', zipCode2: '0001', prefecture: '大阪府', city: '大阪市北区', subAddress: '梅田1-1',
          familyName: '山田', firstName: '太郎', familyNameKana: 'ヤマダ', firstNameKana: 'タロウ',
          phoneNumber1: '06', phoneNumber2: '0000', phoneNumber3: '0000',
        },
        ItemModelList: [
          {
            itemDetailId: 501, itemName: 'K18 ダイヤモンドリング', manageNumber: 'r-001', price: 110000, units: 1,
            includeTaxFlag: 1, taxRate: 0.1, deleteItemFlag: 0,
            SkuModelList: [{ variantId: 'normal-inventory', merchantDefinedSkuId: null, skuInfo: null }],
          },
          {
            itemDetailId: 502, itemName: '削除された明細', manageNumber: 'r-002', price: 5000, units: 1,
            includeTaxFlag: 1, taxRate: 0.1, deleteItemFlag: 1, SkuModelList: [{ variantId: 'normal-inventory' }],
          },
          {
            itemDetailId: 503, itemName: 'パールブローチ（旧受注）', itemNumber: 'p-9', price: 8000, units: 1,
            includeTaxFlag: 0, taxRate: 0.08, SkuModelList: [{ variantId: '' }],
          },
        ],
      },
      { basketId: 10000002, packageDeleteFlag: 1, ItemModelList: [{ itemDetailId: 900, itemName: 'gone', price: 1, units: 1 }] },
    ],
    TaxSummaryModelList: [
      { taxRate: 0.1, reqPrice: 107490, reqPriceTax: 9771, totalPrice: 111330, paymentCharge: 0, couponPrice: 2000, point: 0 },
      { taxRate: 0.08, reqPrice: 8640, reqPriceTax: 640, totalPrice: 8640, paymentCharge: 0, couponPrice: 0, point: 0 },
    ],
  };
}

describe('mapRakutenOrder on the published getOrderItem sample', () => {
  it('maps number, status, time and lines', () => {
    const order = mapRakutenOrder(publishedOrder());
    expect(order.orderNumber).toBe('123456-20230417-0207814266');
    expect(order.status).toBe('to_confirm');
    expect(order.orderedAt).toBe('2023-04-17T13:01:20+09:00');
    expect(order.lines).toHaveLength(3);
    expect(order.lines[0]).toEqual({
      lineKey: '9501048', externalCode: 'c3ps390', variantCode: '11', title: 'Tシャツ （抗菌防臭/吸汗速乾）',
      unitPrice: 1200, quantity: 1, taxIncluded: true, taxRate: 0.1,
    });
    expect(order.lines.map((l) => l.variantCode)).toEqual(['11', '15', 'tst1234']);
    expect(order.lines.reduce((sum, l) => sum + l.unitPrice * l.quantity, 0)).toBe(9150);
  });

  it('maps totals with coupon and points', () => {
    const { totals } = mapRakutenOrder(publishedOrder());
    expect(totals.goods).toBe(9150);
    expect(totals.shipping).toBe(0);
    expect(totals.fees).toBe(0);
    expect(totals.coupon).toBe(915);
    expect(totals.points).toBe(10);
    expect(totals.total).toBe(8225);
    expect(totals.goods + totals.shipping + totals.fees - totals.coupon - totals.points).toBe(totals.total);
    expect(totals.taxByRate).toEqual([{ rate: 0.1, taxable: 8235, tax: 749 }]);
  });

  it('keeps the order untouched in raw', () => {
    const source = publishedOrder();
    const copy = structuredClone(source);
    const order = mapRakutenOrder(source);
    expect(order.raw).toBe(source);
    expect(source).toEqual(copy);
  });

  it('reads a buyer with only a prefecture', () => {
    const order = mapRakutenOrder(publishedOrder());
    expect(order.buyer).toEqual({ name: '', nameKana: null, postalCode: null, address: '東京都', phone: null, email: null });
    expect(order.delivery).toBeNull();
  });
});

describe('mapRakutenOrder on a full getOrder order', () => {
  it('maps buyer and delivery addresses', () => {
    const order = mapRakutenOrder(fullOrder());
    expect(order.buyer).toEqual({
      name: '楽天 花子', nameKana: 'ラクテン ハナコ', postalCode: '158-0094', address: '東京都世田谷区玉川一丁目14番1号',
      phone: '03-1234-5678', email: 'abc@pc.fw.rakuten.ne.jp',
    });
    expect(order.delivery).toEqual({
      name: '山田 太郎', nameKana: 'ヤマダ タロウ', postalCode: '530-0001', address: '大阪府大阪市北区梅田1-1', phone: '06-0000-0000',
    });
  });

  it('leaves out deleted lines and packages', () => {
    const order = mapRakutenOrder(fullOrder());
    expect(order.lines.map((l) => l.lineKey)).toEqual(['501', '503']);
  });

  it('reads pre-SKU and tax-excluded lines', () => {
    const line = mapRakutenOrder(fullOrder()).lines[1]!;
    expect(line.externalCode).toBe('p-9');
    expect(line.variantCode).toBeNull();
    expect(line.taxIncluded).toBe(false);
    expect(line.taxRate).toBe(0.08);
  });

  it('adds COD fee and wrapping to fees', () => {
    const { totals } = mapRakutenOrder(fullOrder());
    expect(totals.shipping).toBe(800);
    expect(totals.fees).toBe(330 + 200);
    expect(totals.coupon).toBe(2000);
    expect(totals.points).toBe(1000);
    expect(totals.total).toBe(116130);
    expect(totals.taxByRate).toEqual([
      { rate: 0.1, taxable: 107490, tax: 9771 },
      { rate: 0.08, taxable: 8640, tax: 640 },
    ]);
  });

  it('reads -9999 amounts as 0', () => {
    const source = fullOrder();
    source.postagePrice = -9999;
    source.requestPrice = -9999;
    const { totals } = mapRakutenOrder(source);
    expect(totals.shipping).toBe(0);
    expect(totals.total).toBe(0);
  });
});

describe('statusFromProgress', () => {
  it.each([
    [100, 'to_confirm'],
    [200, 'to_ship'],
    [300, 'to_ship'],
    [400, 'to_ship'],
    [500, 'shipped'],
    [600, 'shipped'],
    [700, 'shipped'],
    [800, 'cancelled'],
    [900, 'cancelled'],
  ])('maps %i to %s', (progress, status) => {
    expect(statusFromProgress(progress)).toBe(status);
  });
});

describe('orderVersion', () => {
  it('changes when a field changes', () => {
    const a = fullOrder();
    const b = fullOrder();
    expect(orderVersion(a)).toBe(orderVersion(b));
    b.orderProgress = 500;
    expect(orderVersion(a)).not.toBe(orderVersion(b));
  });

  it('ignores key order', () => {
    expect(orderVersion({ a: 1, b: { c: 2, d: 3 } })).toBe(orderVersion({ b: { d: 3, c: 2 }, a: 1 }));
  });
});

describe('isoFromRakutenDatetime', () => {
  it('accepts +0900 and +09:00', () => {
    expect(isoFromRakutenDatetime('2026-12-05T10:00:00+0900')).toBe('2026-12-05T10:00:00+09:00');
    expect(isoFromRakutenDatetime('2026-12-05T10:00:00+09:00')).toBe('2026-12-05T10:00:00+09:00');
  });

  it('rejects other text', () => {
    expect(isoFromRakutenDatetime('2026/12/05 10:00')).toBeNull();
    expect(isoFromRakutenDatetime(null)).toBeNull();
  });
});

describe('mapRakutenOrder shape errors', () => {
  it('throws without order number or time', () => {
    expect(() => mapRakutenOrder({ orderDatetime: '2026-12-05T10:00:00+0900' })).toThrow(RakutenOrderShapeError);
    expect(() => mapRakutenOrder({ orderNumber: '123456-20261205-00000001' })).toThrow(/orderDatetime/);
    expect(() => mapRakutenOrder('x')).toThrow(RakutenOrderShapeError);
  });
});
