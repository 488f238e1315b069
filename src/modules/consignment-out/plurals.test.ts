import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { RESOURCES } from '../../../web/src/i18n/resources.js';

// The consignment screens count pieces, rows and days with i18next plurals, so English reads
// "1 piece" and "2 pieces" while Japanese has one form.

describe('consignment screen plurals', () => {
  it('words counts in both languages', async () => {
    const i18n = i18next.createInstance();
    await i18n.init({ resources: { ja: { translation: RESOURCES.ja }, en: { translation: RESOURCES.en } }, lng: 'en', fallbackLng: 'ja' });
    const en = i18n.getFixedT('en');
    const ja = i18n.getFixedT('ja');

    expect(en('consignmentOut.aging.bucketCount', { count: 1 })).toBe('1 piece');
    expect(en('consignmentOut.aging.bucketCount', { count: 2 })).toBe('2 pieces');
    expect(en('consignmentOut.aging.days', { count: 1 })).toBe('1 day');
    expect(en('consignmentOut.send.confirm', { count: 1 })).toBe('Send 1 piece to the consignee?');
    expect(en('consignmentOut.reports.previewOk', { count: 1 })).toBe('1 row can be imported.');
    expect(en('consignment.receive.savedSummary', { count: 1, consignor: 'Ginza' })).toBe('1 piece from Ginza');
    expect(en('consignment.return.savedSummary', { count: 3, consignor: 'Ginza' })).toBe('3 pieces to Ginza');
    expect(ja('consignmentOut.aging.bucketCount', { count: 1 })).toBe('1 点');
  });
});
