import { describe, expect, it } from 'vitest';
import { domainErrorOf } from '../../../test/helpers/errors.js';
import { trackingUrl } from './links.js';
import { checkMailTemplate, DEFAULT_MAIL_TEMPLATES, MAIL_PLACEHOLDERS, renderShipmentMail, type ShipmentMailInput } from './notification.js';

function mailInput(overrides: Partial<ShipmentMailInput> = {}): ShipmentMailInput {
  return {
    shop: { name: 'ジュエリーつなぐ', email: 'shop@example.jp', phone: '03-1234-5678', url: 'https://shop.example.jp' },
    buyerName: '佐藤 一郎',
    orderNumbers: ['R-100001', 'R-100002'],
    carrier: 'yamato',
    trackingNumber: '1234-5678-9014',
    recipient: {
      name: '山田 花子',
      company: null,
      postalCode: '530-0001',
      prefecture: '大阪府',
      address1: '大阪市北区梅田1-1-1',
      address2: '梅田マンション 101',
    },
    items: [
      { name: 'K18 ダイヤモンド リング', quantity: 1, unitPrice: 120_000 },
      { name: 'Pt900 パール ピアス', quantity: 2, unitPrice: 12_000 },
    ],
    gift: false,
    ...overrides,
  };
}

describe('trackingUrl', () => {
  it('builds each carrier page', () => {
    expect(trackingUrl('yamato', '123456789014')).toBe('https://jizen.kuronekoyamato.co.jp/jizen/servlet/crjz.b.NQ0010?id=123456789014');
    expect(trackingUrl('sagawa', '123456789014')).toBe('https://k2k.sagawa-exp.co.jp/p/web/okurijosearch.do?okurijoNo=123456789014');
    expect(trackingUrl('japanpost', '123456789014')).toBe(
      'https://trackings.post.japanpost.jp/services/srv/search/direct?reqCodeNo1=123456789014&searchKind=S002&locale=ja',
    );
  });

  it('folds and encodes the number', () => {
    expect(trackingUrl('yamato', ' １２３４-5678-9014 ')).toBe('https://jizen.kuronekoyamato.co.jp/jizen/servlet/crjz.b.NQ0010?id=123456789014');
    expect(trackingUrl('japanpost', 'ee123456785jp')).toContain('reqCodeNo1=EE123456785JP&');
    expect(trackingUrl('sagawa', '12&34=5?6#7')).toBe('https://k2k.sagawa-exp.co.jp/p/web/okurijosearch.do?okurijoNo=12%2634%3D5%3F6%237');
  });
});

describe('renderShipmentMail', () => {
  it('renders the Japanese mail', () => {
    const mail = renderShipmentMail(mailInput(), 'ja');

    expect(mail.subject).toBe('【ジュエリーつなぐ】商品発送のお知らせ（ご注文番号 R-100001、R-100002）');
    expect(mail.text.startsWith('佐藤 一郎 様\n')).toBe(true);
    expect(mail.text).toContain('ご注文の商品を本日発送いたしました');
    expect(mail.text).toContain('ヤマト運輸');
    expect(mail.text).toContain('1234-5678-9014');
    expect(mail.text).toContain('https://jizen.kuronekoyamato.co.jp/jizen/servlet/crjz.b.NQ0010?id=123456789014');
    expect(mail.text).toContain('・K18 ダイヤモンド リング　数量 1　¥120,000（税込）');
    expect(mail.text).toContain('・Pt900 パール ピアス　数量 2　¥24,000（税込）');
    expect(mail.text).toContain('山田 花子 様\n〒530-0001\n大阪府 大阪市北区梅田1-1-1 梅田マンション 101');
    expect(mail.text).toContain('ジュエリーつなぐ\nメール: shop@example.jp\n電話: 03-1234-5678\nhttps://shop.example.jp');
    expect(mail.text).not.toMatch(/\{\{|\}\}/);
  });

  it('renders the English mail', () => {
    const mail = renderShipmentMail(mailInput({ carrier: 'japanpost', trackingNumber: '123456789014' }), 'en');

    expect(mail.subject).toBe('[ジュエリーつなぐ] Your order R-100001, R-100002 has shipped');
    expect(mail.text.startsWith('Dear 佐藤 一郎,\n')).toBe(true);
    expect(mail.text).toContain('Japan Post');
    expect(mail.text).toContain('https://trackings.post.japanpost.jp/services/srv/search/direct?reqCodeNo1=123456789014&searchKind=S002&locale=ja');
    expect(mail.text).toContain('・Pt900 パール ピアス　qty 2　¥24,000 (tax incl.)');
    expect(mail.text).toContain('Email: shop@example.jp');
    expect(mail.text).not.toMatch(/\{\{|\}\}/);
  });

  it('hides prices of a gift', () => {
    for (const locale of ['ja', 'en'] as const) {
      const mail = renderShipmentMail(mailInput({ gift: true }), locale);

      expect(mail.text).toContain('K18 ダイヤモンド リング');
      expect(mail.text).toContain('Pt900 パール ピアス');
      expect(mail.text).not.toContain('¥');
      expect(mail.text).not.toContain('120,000');
      expect(mail.text).not.toContain('24,000');
    }
  });

  it('leaves out missing contact lines', () => {
    const mail = renderShipmentMail(mailInput({ shop: { name: 'つなぐ', email: null, phone: null, url: null } }), 'ja');

    expect(mail.text).not.toContain('メール:');
    expect(mail.text).not.toContain('電話:');
    expect(mail.text.trimEnd().endsWith('つなぐ')).toBe(true);
  });

  it('uses a custom template', () => {
    const templates = {
      ja: { subject: '{{shopName}}より発送のご連絡', body: '{{ buyerName }}様\n{{carrier}} {{trackingNumber}}\n{{trackingUrl}}\n{{items}}\n{{orderNumbers}}' },
    };
    const mail = renderShipmentMail(mailInput({ carrier: 'sagawa' }), 'ja', templates);

    expect(mail.subject).toBe('ジュエリーつなぐより発送のご連絡');
    expect(mail.text).toBe(
      [
        '佐藤 一郎様',
        '佐川急便 1234-5678-9014',
        'https://k2k.sagawa-exp.co.jp/p/web/okurijosearch.do?okurijoNo=123456789014',
        '・K18 ダイヤモンド リング　数量 1　¥120,000（税込）',
        '・Pt900 パール ピアス　数量 2　¥24,000（税込）',
        'R-100001、R-100002',
      ].join('\n'),
    );

    // The other language keeps the built-in template.
    expect(renderShipmentMail(mailInput(), 'en', templates).subject).toContain('has shipped');
  });

  it('substitutes values only once', () => {
    const mail = renderShipmentMail(mailInput({ buyerName: '{{shopName}}' }), 'ja', { ja: { subject: 'x', body: '{{buyerName}}' } });

    expect(mail.text).toBe('{{shopName}}');
  });

  it('keeps the subject on one line', () => {
    const mail = renderShipmentMail(mailInput({ shop: { ...mailInput().shop, name: 'つなぐ\r\nBcc: someone@example.com' } }), 'ja');

    expect(mail.subject).not.toMatch(/[\r\n]/);
    expect(mail.subject).toContain('つなぐ Bcc: someone@example.com');
  });

  it('rejects an unknown placeholder', () => {
    const error = domainErrorOf(() => renderShipmentMail(mailInput(), 'ja', { ja: { subject: '{{shopName}}', body: '{{buyerName}} {{trackingNo}}' } }));

    expect(error.code).toBe('mail_template_unknown_placeholder');
    expect(error.messages.ja).toContain('{{trackingNo}}');
    expect(error.messages.en).toContain('{{trackingNo}}');
    expect(error.details).toEqual({ unknown: ['trackingNo'] });
  });
});

describe('checkMailTemplate', () => {
  it('lists unknown placeholders once', () => {
    expect(checkMailTemplate({ subject: '{{orderNo}} {{shopName}}', body: '{{ price }} {{orderNo}} {{buyerName}}' })).toEqual(['orderNo', 'price']);
  });

  it('accepts the built-in templates', () => {
    expect(checkMailTemplate(DEFAULT_MAIL_TEMPLATES.ja)).toEqual([]);
    expect(checkMailTemplate(DEFAULT_MAIL_TEMPLATES.en)).toEqual([]);
    const everyPlaceholder = MAIL_PLACEHOLDERS.map((name) => `{{${name}}}`).join(' ');
    expect(checkMailTemplate({ subject: '', body: everyPlaceholder })).toEqual([]);
  });
});
