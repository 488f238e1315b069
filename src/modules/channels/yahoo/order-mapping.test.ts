import { describe, expect, it } from 'vitest';
import {
  formatCompactJst,
  mapOrderStatus,
  parseOrderInfoResponse,
  toIsoJst,
  YahooOrderFormatError,
} from './order-mapping.js';
import { XmlSyntaxError } from './xml.js';

// The order structure of a third-party test written to mirror Yahoo's real orderInfo response:
// top-level ids and times, totals under Detail, PayStatus under Pay, ShipStatus under Ship.
const PUBLISHED_STRUCTURE = `<ResultSet totalResultsAvailable="1"><Result><Status>OK</Status>
<OrderInfo><Detail><Discount>0</Discount><PayCharge>0</PayCharge><ShipCharge>0</ShipCharge><TotalPrice>698</TotalPrice><UsePoint>0</UsePoint></Detail>
<LastUpdateTime>2026-08-06T17:32:06+09:00</LastUpdateTime>
<Item><LineId>1</LineId><Title>テスト商品</Title><Quantity>2</Quantity><ItemId>abc</ItemId></Item>
<OrderId>b-faith01-10285999</OrderId><OrderStatus>2</OrderStatus><OrderTime>2026-08-06T17:16:34+09:00</OrderTime>
<Pay><PayStatus>1</PayStatus></Pay><Ship><ShipStatus>1</ShipStatus></Ship></OrderInfo></Result></ResultSet>`;

const FULL_ORDER = `<?xml version="1.0" encoding="UTF-8"?>
<ResultSet totalResultsAvailable="1" totalResultsReturned="1" firstResultPosition="1">
  <Result>
    <Status>OK</Status>
    <OrderInfo>
      <OrderId>jewel-store-10000042</OrderId>
      <OrderTime>2026-11-30T21:05:09+09:00</OrderTime>
      <LastUpdateTime>2026-12-01T09:00:00+09:00</LastUpdateTime>
      <OrderStatus>3</OrderStatus>
      <Pay>
        <PayStatus>0</PayStatus>
        <BillFirstName>花子</BillFirstName>
        <BillLastName>山田</BillLastName>
        <BillFirstNameKana>ハナコ</BillFirstNameKana>
        <BillLastNameKana>ヤマダ</BillLastNameKana>
        <BillZipCode>1500001</BillZipCode>
        <BillPrefecture>東京都</BillPrefecture>
        <BillCity>渋谷区神宮前</BillCity>
        <BillAddress1>1-2-3</BillAddress1>
        <BillAddress2></BillAddress2>
        <BillPhoneNumber>0312345678</BillPhoneNumber>
        <BillMailAddress>hanako@example.jp</BillMailAddress>
      </Pay>
      <Ship>
        <ShipStatus>1</ShipStatus>
        <ShipFirstName>太郎</ShipFirstName>
        <ShipLastName>山田</ShipLastName>
        <ShipZipCode>5300001</ShipZipCode>
        <ShipPrefecture>大阪府</ShipPrefecture>
        <ShipCity>大阪市北区梅田</ShipCity>
        <ShipAddress1>4-5-6</ShipAddress1>
        <ShipAddress2>梅田ビル 7F</ShipAddress2>
        <ShipPhoneNumber>0698765432</ShipPhoneNumber>
      </Ship>
      <Detail>
        <PayCharge>330</PayCharge>
        <ShipCharge>550</ShipCharge>
        <GiftWrapCharge>220</GiftWrapCharge>
        <Discount>1000</Discount>
        <Adjustments>0</Adjustments>
        <SettleAmount>52300</SettleAmount>
        <UsePoint>500</UsePoint>
        <TotalPrice>53300</TotalPrice>
        <TotalMallCouponDiscount>500</TotalMallCouponDiscount>
      </Detail>
      <Item>
        <LineId>1</LineId>
        <ItemId>ring-k18-001</ItemId>
        <SubCode>size-11</SubCode>
        <Title><![CDATA[K18 ダイヤモンド リング 0.1ct]]></Title>
        <UnitPrice>44000</UnitPrice>
        <Quantity>1</Quantity>
        <ItemTaxRatio>10</ItemTaxRatio>
      </Item>
      <Item>
        <LineId>2</LineId>
        <ItemId>cloth-01</ItemId>
        <SubCode></SubCode>
        <Title>ジュエリークロス</Title>
        <UnitPrice>4400</UnitPrice>
        <Quantity>2</Quantity>
        <ItemTaxRatio></ItemTaxRatio>
      </Item>
    </OrderInfo>
  </Result>
</ResultSet>
`;

describe('mapOrderStatus', () => {
  it.each([
    ['1', '1', 'new'],
    ['2', '0', 'to_ship'],
    ['2', '1', 'to_ship'],
    ['2', '2', 'to_ship'],
    ['2', '3', 'shipped'],
    ['2', '4', 'shipped'],
    ['3', '1', 'to_confirm'],
    ['0', undefined, 'to_confirm'],
    ['8', undefined, 'to_confirm'],
    ['4', '1', 'cancelled'],
    ['4', '3', 'cancelled'],
    ['5', '3', 'shipped'],
  ] as const)('maps OrderStatus %s with ShipStatus %s to %s', (orderStatus, shipStatus, expected) => {
    expect(mapOrderStatus(orderStatus, shipStatus)).toBe(expected);
  });
});

describe('Yahoo times', () => {
  it('keeps an ISO time in +09:00', () => {
    expect(toIsoJst('2026-08-06T17:16:34+09:00')).toBe('2026-08-06T17:16:34+09:00');
  });

  it('converts YYYYMMDDHHmmss to ISO in Japan time', () => {
    expect(toIsoJst('20221001000000')).toBe('2022-10-01T00:00:00+09:00');
  });

  it('converts a UTC time to +09:00', () => {
    expect(toIsoJst('2026-08-06T08:16:34Z')).toBe('2026-08-06T17:16:34+09:00');
  });

  it('returns undefined for text that is not a time', () => {
    expect(toIsoJst('yesterday')).toBeUndefined();
  });

  it('formats request times in Japan time', () => {
    expect(formatCompactJst(Date.parse('2022-09-30T15:00:00Z'))).toBe('20221001000000');
  });
});

describe('parseOrderInfoResponse', () => {
  it('maps the published order structure', () => {
    const order = parseOrderInfoResponse(PUBLISHED_STRUCTURE);
    expect(order.orderNumber).toBe('b-faith01-10285999');
    expect(order.status).toBe('to_ship');
    expect(order.orderedAt).toBe('2026-08-06T17:16:34+09:00');
    expect(order.version).toMatch(/^2026-08-06T17:32:06\+09:00\|/);
    expect(order.lines).toEqual([
      { lineKey: '1', externalCode: 'abc', variantCode: null, title: 'テスト商品', unitPrice: 0, quantity: 2, taxIncluded: true, taxRate: null },
    ]);
    expect(order.totals.total).toBe(698);
    expect(order.buyer.name).toBe('');
    expect(order.delivery).toBeNull();
    expect(order.raw).toBe(PUBLISHED_STRUCTURE);
  });

  it('maps buyer, delivery, lines and totals of a full order', () => {
    const order = parseOrderInfoResponse(FULL_ORDER);
    expect(order.orderNumber).toBe('jewel-store-10000042');
    expect(order.status).toBe('to_confirm');
    expect(order.orderedAt).toBe('2026-11-30T21:05:09+09:00');
    expect(order.version).toMatch(/^2026-12-01T09:00:00\+09:00\|/);
    expect(order.buyer).toEqual({
      name: '山田 花子',
      nameKana: 'ヤマダ ハナコ',
      postalCode: '1500001',
      address: '東京都 渋谷区神宮前 1-2-3',
      phone: '0312345678',
      email: 'hanako@example.jp',
    });
    expect(order.delivery).toEqual({
      name: '山田 太郎',
      nameKana: null,
      postalCode: '5300001',
      address: '大阪府 大阪市北区梅田 4-5-6 梅田ビル 7F',
      phone: '0698765432',
    });
    expect(order.lines).toEqual([
      { lineKey: '1', externalCode: 'ring-k18-001', variantCode: 'size-11', title: 'K18 ダイヤモンド リング 0.1ct', unitPrice: 44000, quantity: 1, taxIncluded: true, taxRate: 0.1 },
      { lineKey: '2', externalCode: 'cloth-01', variantCode: null, title: 'ジュエリークロス', unitPrice: 4400, quantity: 2, taxIncluded: true, taxRate: null },
    ]);
    expect(order.totals).toEqual({
      goods: 52800,
      shipping: 550,
      fees: 550,
      coupon: 1500,
      points: 500,
      total: 52300,
      taxByRate: [],
    });
  });

  it('falls back to TotalPrice minus points without SettleAmount', () => {
    const xml = FULL_ORDER.replace('<SettleAmount>52300</SettleAmount>', '');
    expect(parseOrderInfoResponse(xml).totals.total).toBe(53300 - 500 - 500);
  });

  it('rejects an order without OrderId', () => {
    const xml = PUBLISHED_STRUCTURE.replace('<OrderId>b-faith01-10285999</OrderId>', '');
    expect(() => parseOrderInfoResponse(xml)).toThrow(YahooOrderFormatError);
  });

  it('rejects an unreadable OrderTime', () => {
    const xml = PUBLISHED_STRUCTURE.replace('2026-08-06T17:16:34+09:00', 'soon');
    expect(() => parseOrderInfoResponse(xml)).toThrow(/OrderTime: soon/);
  });

  it('rejects a response without OrderInfo', () => {
    expect(() => parseOrderInfoResponse('<ResultSet><Result><Status>OK</Status></Result></ResultSet>')).toThrow(YahooOrderFormatError);
  });

  it('rejects a cut-off body', () => {
    expect(() => parseOrderInfoResponse(FULL_ORDER.slice(0, 400))).toThrow(XmlSyntaxError);
  });
});
