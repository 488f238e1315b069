import { describe, expect, it } from 'vitest';
import type { CompanySettings } from '../company/schemas.js';
import { renderNotePdf } from './note-pdf.js';
import type { NoteOutput } from './schemas.js';

const company: CompanySettings = {
  name: '株式会社つなぐ宝飾',
  postalCode: '104-0061',
  address: '東京都中央区銀座 1-2-3',
  phone: '03-1234-5678',
  invoiceRegistrationNumber: 'T7000012050002',
  taxRounding: 'down',
  defaultTaxRatePercent: 10,
  stockNumberPattern: '{YY}{MM}-{SEQ:5}',
  scopedStaffSeeOtherLocations: false,
  costCipher: null,
};

function noteWith(pieces: number, net: boolean): NoteOutput {
  const lines = Array.from({ length: pieces }, (_, index) => ({
    id: index + 1,
    itemId: index + 1,
    stockNumber: `2612-${String(index + 1).padStart(5, '0')}`,
    itemName: 'K18 ダイヤモンド リング 0.30ct',
    retailPrice: 132_000,
    netAmount: net ? 80_000 : null,
    status: 'out' as const,
    closedOn: null,
  }));
  return {
    id: 1,
    number: 'CO-2026-000001',
    consigneeId: 1,
    consigneeName: '三越 宝飾売場',
    agreementId: 1,
    agreementNumber: 'COA-2026-000001',
    fromLocationId: 1,
    fromLocationName: '銀座本店',
    toLocationId: 2,
    sentOn: '2026-12-05',
    returnDueOn: '2027-03-05',
    keepListed: false,
    note: null,
    pieceCount: pieces,
    retailTotal: pieces * 132_000,
    createdAt: '2026-12-05T01:00:00.000Z',
    lines,
  };
}

/** Counts the page objects in the PDF. pdfkit writes page dictionaries uncompressed. */
function pageCount(pdf: Buffer): number {
  return pdf.toString('latin1').match(/\/Type \/Page\b/g)?.length ?? 0;
}

describe('delivery note pdf', () => {
  it('fits a short note on one page', async () => {
    const pdf = await renderNotePdf({ note: noteWith(3, false), company, ratePercent: 25 }, 'ja');
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pageCount(pdf)).toBe(1);
  });

  it('continues a long note on more pages', async () => {
    const pdf = await renderNotePdf({ note: noteWith(80, true), company, ratePercent: null }, 'en');
    expect(pageCount(pdf)).toBe(3);
  });
});
