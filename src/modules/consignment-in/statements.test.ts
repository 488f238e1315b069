import iconv from 'iconv-lite';
import PDFDocument from 'pdfkit';
import { describe, expect, it, vi } from 'vitest';
import { signIn, useSignedInApp } from '../../../test/helpers/app.js';
import { describeEachDatabase, type TestDatabase } from '../../../test/helpers/database.js';
import { businessDate } from '../../shared/time.js';
import { createChannelOrderLine, createConsignedPiece, createTestConsignor, recordSoldLine, returnToConsignor, soldLine, type TestConsignor } from './statement.fixture.js';
import type { StatementDetail, StatementSummary } from './statement-schemas.js';
import { syncSoldLinePayable } from './payable-ledger.js';
import { periodContaining } from './statement-periods.js';
import { statementTotals } from './statements.js';

// Settlement statements on both databases, with amounts computed by hand from a 20 %
// commission where the consignor bears discounts (and, where stated, fees and shipping).

describe('statementTotals', () => {
  it('keeps adjustments apart from new sales', () => {
    const totals = statementTotals([
      { soldAmount: 50_000, commissionAmount: 10_000, feeAmount: 500, shippingAmount: 800, amount: 38_700, adjustment: false },
      { soldAmount: -10_000, commissionAmount: -2_000, feeAmount: 0, shippingAmount: 0, amount: -8_000, adjustment: true },
    ]);
    expect(totals).toEqual({ salesTotal: 50_000, commissionTotal: 10_000, deductionsTotal: 1_300, shopDiscountTotal: 0, adjustmentsTotal: -8_000, amountOwed: 30_700 });
  });

  it('counts discounts the shop bears', () => {
    // 15 % of the ¥88,000 list price is ¥13,200 although the piece sold for ¥76,078.
    const totals = statementTotals([{ soldAmount: 76_078, commissionAmount: 13_200, feeAmount: 1_524, shippingAmount: 0, amount: 73_276, adjustment: false }]);
    expect(totals.shopDiscountTotal).toBe(11_922);
    expect(totals.salesTotal - totals.commissionTotal - totals.deductionsTotal + totals.shopDiscountTotal + totals.adjustmentsTotal).toBe(totals.amountOwed);
  });
});

/** Sales - commission - deductions + shop-borne discounts + adjustments, as the statement lists them. */
function totalsLeadingTo(statement: StatementDetail): number {
  return statement.salesTotal - statement.commissionTotal - statement.deductionsTotal + statement.shopDiscountTotal + statement.adjustmentsTotal;
}

async function auditCount(database: TestDatabase, action: string, statementId: number): Promise<number> {
  const rows = await database.db.selectFrom('audit_events').select('id').where('action', '=', action).where('entity_id', '=', String(statementId)).execute();
  return rows.length;
}

async function entriesOf(database: TestDatabase, consignorId: number) {
  const rows = await database.db.selectFrom('consignment_payables').select(['id', 'statement_id', 'amount', 'business_date']).where('consignor_id', '=', consignorId).orderBy('id').execute();
  return rows.map((row) => ({ id: Number(row.id), statementId: row.statement_id === null ? null : Number(row.statement_id), amount: Number(row.amount), businessDate: row.business_date }));
}

/** Fonts embedded in a PDF, read from the uncompressed font dictionaries. */
function fontNames(bytes: Buffer): string[] {
  return [...bytes.toString('latin1').matchAll(/\/FontName \/([A-Za-z0-9+-]+)/g)].map((match) => match[1]!);
}

describeEachDatabase('consignment statements', (database) => {
  const signedIn = useSignedInApp(database, 'ja');

  /**
   * Creates four pieces of one consignor. A ¥55,000 ring is sold at the counter on 10 November
   * with a ¥5,000 discount and partly refunded (¥10,000) on 20 November. A ¥33,000 necklace is
   * sold online on 15 November, paid by card (3.5 % fee) and shipped (¥800), and the consignor
   * bears both. A brooch stays held and the earrings are returned on 25 November.
   */
  async function novemberScenario(): Promise<{ consignor: TestConsignor; ring: number; necklace: number; brooch: number; earrings: number; returnNumber: string }> {
    const db = database().db;
    const consignor = await createTestConsignor(db, { feeBearer: 'consignor', feeRateBp: 350, shippingBearer: 'consignor', shippingCost: 800 });
    const ring = await createConsignedPiece(db, consignor, 'プラチナ ダイヤモンドリング', 55_000);
    const necklace = await createConsignedPiece(db, consignor, 'K18 ネックレス', 33_000);
    const brooch = await createConsignedPiece(db, consignor, 'カメオ ブローチ', 88_000);
    const earrings = await createConsignedPiece(db, consignor, '真珠 イヤリング', 22_000);

    const ringKey = `test_line:${ring}`;
    await recordSoldLine(db, ring, ringKey, '2026-11-10', soldLine(55_000, { discountAmount: 5_000 }));
    await recordSoldLine(db, ring, ringKey, '2026-11-20', soldLine(55_000, { discountAmount: 5_000, refundAmount: 10_000 }));
    await recordSoldLine(db, necklace, `test_line:${necklace}`, '2026-11-15', soldLine(33_000, { feeBearingAmount: 33_000, shipments: 1 }));
    const returnNumber = await returnToConsignor(db, consignor, earrings, '2026-11-25');
    return { consignor, ring, necklace, brooch, earrings, returnNumber };
  }

  async function issue(consignorId: number, periodTo: string) {
    return signedIn.api().post('/api/consignment/statements', { consignorId, periodTo });
  }

  it('computes the November statement by hand', async () => {
    const { consignor, ring, necklace, brooch, returnNumber } = await novemberScenario();
    // The brooch's price was entered without tax: ¥80,000 + 10 % is shown as ¥88,000.
    await database().db.updateTable('items').set({ retail_price: 80_000, price_basis: 'excluded' }).where('id', '=', brooch).execute();
    const response = await issue(consignor.consignorId, '2026-11-30');
    expect(response.statusCode).toBe(201);
    const summary = response.json() as StatementSummary;

    // Ring: sold 55,000 - 5,000 - 10,000 = 40,000; commission 8,000; owed 32,000.
    // Necklace: commission 6,600; fee 3.5 % of 33,000 = 1,155; shipping 800; owed 24,445.
    expect(summary.number).toMatch(/^CS-2026-\d{6}$/);
    expect(summary.periodFrom).toBe('2026-11-01');
    expect(summary.periodTo).toBe('2026-11-30');
    expect(summary.status).toBe('issued');
    expect(summary.salesTotal).toBe(73_000);
    expect(summary.commissionTotal).toBe(14_600);
    expect(summary.deductionsTotal).toBe(1_955);
    expect(summary.adjustmentsTotal).toBe(0);
    expect(summary.amountOwed).toBe(56_445);

    const detail = (await signedIn.api().get(`/api/consignment/statements/${summary.id}`)).json() as StatementDetail;
    const ringLine = detail.lines.find((line) => line.itemId === ring)!;
    expect(ringLine).toMatchObject({ date: '2026-11-10', listAmount: 55_000, discountAmount: 5_000, refundAmount: 10_000, soldAmount: 40_000, commissionAmount: 8_000, feeAmount: 0, amount: 32_000 });
    const necklaceLine = detail.lines.find((line) => line.itemId === necklace)!;
    expect(necklaceLine.soldVia).toEqual({ kind: 'other', reference: `test_line:${necklace}` });
    expect(necklaceLine).toMatchObject({ soldAmount: 33_000, commissionAmount: 6_600, feeAmount: 1_155, shippingAmount: 800, amount: 24_445 });
    expect(detail.lines).toHaveLength(2);
    expect(detail.adjustments).toHaveLength(0);
    expect(detail.held.map((piece) => piece.itemId)).toEqual([brooch]);
    expect(detail.held[0]).toMatchObject({ retailPrice: 88_000, receivedOn: '2026-09-01' });
    expect(detail.held[0]!.locationName).toContain('Test location');
    expect(detail.returned).toEqual([expect.objectContaining({ returnNumber, returnedOn: '2026-11-25', name: '真珠 イヤリング', quantity: 1 })]);
    expect(detail.consignor).toMatchObject({ name: consignor.name, invoiceRegistrationNumber: 'T1234567890123', address: '東京都台東区上野 1-2-3' });
    expect(await auditCount(database(), 'consignment_statement.issue', summary.id)).toBe(1);
  });

  it('puts 2026-11-30T15:30Z sales in December', async () => {
    const db = database().db;
    const consignor = await createTestConsignor(db);
    const piece = await createConsignedPiece(db, consignor, 'K18 リング', 11_000);
    const soldOn = businessDate(new Date('2026-11-30T15:30:00Z'));
    expect(soldOn).toBe('2026-12-01');
    await recordSoldLine(db, piece, `test_line:${piece}`, soldOn, soldLine(11_000));

    const november = (await issue(consignor.consignorId, '2026-11-30')).json() as StatementSummary;
    expect(november.amountOwed).toBe(0);
    expect(november.periodFrom).toBe('2026-11-01');
    expect((await entriesOf(database(), consignor.consignorId))[0]!.statementId).toBeNull();

    const december = (await issue(consignor.consignorId, '2026-12-31')).json() as StatementSummary;
    expect(december.periodFrom).toBe('2026-12-01');
    expect(december.salesTotal).toBe(11_000);
    expect(december.amountOwed).toBe(8_800);
  });

  it('settles a late correction once, as an adjustment', async () => {
    const db = database().db;
    const consignor = await createTestConsignor(db);
    const piece = await createConsignedPiece(db, consignor, 'ルビー ペンダント', 110_000);
    const key = `test_line:${piece}`;
    await recordSoldLine(db, piece, key, '2026-10-20', soldLine(110_000));
    const october = (await issue(consignor.consignorId, '2026-10-31')).json() as StatementSummary;
    expect(october.amountOwed).toBe(88_000);

    // A ¥10,000 discount agreed afterwards but dated in October, then a ¥20,000 refund in November.
    await recordSoldLine(db, piece, key, '2026-10-30', soldLine(110_000, { discountAmount: 10_000 }));
    await recordSoldLine(db, piece, key, '2026-11-05', soldLine(110_000, { discountAmount: 10_000, refundAmount: 20_000 }));
    const november = (await issue(consignor.consignorId, '2026-11-30')).json() as StatementSummary;

    // The line now: sold 80,000, owed 64,000; October paid 88,000, so November takes back 24,000.
    expect(november.periodFrom).toBe('2026-11-01');
    expect(november.salesTotal).toBe(0);
    expect(november.adjustmentsTotal).toBe(-24_000);
    expect(november.amountOwed).toBe(-24_000);
    expect(october.amountOwed + november.amountOwed).toBe(64_000);

    const detail = (await signedIn.api().get(`/api/consignment/statements/${november.id}`)).json() as StatementDetail;
    expect(detail.lines).toHaveLength(0);
    expect(detail.adjustments).toEqual([expect.objectContaining({ itemId: piece, settledIn: october.number, discountAmount: 10_000, refundAmount: 20_000, amount: -24_000 })]);

    const entries = await entriesOf(database(), consignor.consignorId);
    expect(entries.map((entry) => entry.statementId)).toEqual([october.id, november.id, november.id]);

    // Nothing is left for December, and the October statement kept its figures.
    const december = (await issue(consignor.consignorId, '2026-12-31')).json() as StatementSummary;
    expect(december.amountOwed).toBe(0);
    const octoberAgain = (await signedIn.api().get(`/api/consignment/statements/${october.id}`)).json() as StatementDetail;
    expect(octoberAgain.amountOwed).toBe(88_000);
  });

  it('takes each entry once under concurrent issues', async () => {
    const db = database().db;
    const consignor = await createTestConsignor(db);
    for (const [index, price] of [22_000, 33_000, 44_000].entries()) {
      const piece = await createConsignedPiece(db, consignor, `リング ${index}`, price);
      await recordSoldLine(db, piece, `test_line:${piece}`, `2026-11-1${index}`, soldLine(price));
    }

    // Two users issue at once. PostgreSQL runs the two transactions on separate pool connections.
    const other = await signIn(signedIn.app(), database(), 'ja');
    const responses = await Promise.all([issue(consignor.consignorId, '2026-11-30'), other.post('/api/consignment/statements', { consignorId: consignor.consignorId, periodTo: '2026-11-30' })]);
    const statuses = responses.map((response) => response.statusCode).sort();
    expect(statuses).toEqual([201, 409]);
    const rejected = responses.find((response) => response.statusCode === 409)!;
    expect(rejected.json().error.code).toBe('period_to_not_after_previous');

    const statements = await db.selectFrom('consignment_statements').select(['id', 'amount_owed']).where('consignor_id', '=', consignor.consignorId).execute();
    expect(statements).toHaveLength(1);
    expect(Number(statements[0]!.amount_owed)).toBe(79_200);
    const entries = await entriesOf(database(), consignor.consignorId);
    expect(entries.every((entry) => entry.statementId === Number(statements[0]!.id))).toBe(true);
  });

  it('names the counter sale of a line', async () => {
    const db = database().db;
    const consignor = await createTestConsignor(db);
    const piece = await createConsignedPiece(db, consignor, 'K18 バングル', 22_000);
    const register = await db.selectFrom('registers').select('id').where('location_id', '=', consignor.locationId).orderBy('id').executeTakeFirstOrThrow();
    const response = await signedIn.api().post('/api/sales', { registerId: Number(register.id), lines: [{ itemId: piece }], payments: [{ method: 'cash', amount: 22_000, tendered: 22_000 }] });
    expect(response.statusCode, response.body).toBe(201);
    const sale = response.json() as { id: number; number: string; businessDate: string; lines: Array<{ id: number }> };

    // Written as the counter sale writes it, so the entry exists once whether or not the sale did it already.
    const lineId = sale.lines[0]!.id;
    await db.transaction().execute((trx) =>
      syncSoldLinePayable(trx, { itemId: piece, soldLineKey: `sale_line:${lineId}`, source: { type: 'sale', id: sale.id, lineId }, businessDate: sale.businessDate, line: soldLine(22_000) }),
    );
    const statement = (await issue(consignor.consignorId, periodContaining(31, sale.businessDate).to)).json() as StatementSummary;
    expect(statement.amountOwed).toBe(17_600);

    const detail = (await signedIn.api().get(`/api/consignment/statements/${statement.id}`)).json() as StatementDetail;
    expect(detail.lines).toHaveLength(1);
    expect(detail.lines[0]!.soldVia).toEqual({ kind: 'counter', reference: sale.number });
    expect(detail.lines[0]!.date).toBe(sale.businessDate);
    expect(detail.held).toEqual([]);
  });

  it('rejects bad closing dates', async () => {
    const db = database().db;
    const consignor = await createTestConsignor(db, { closingDay: 20 });

    const notClosing = await issue(consignor.consignorId, '2026-10-31');
    expect(notClosing.statusCode).toBe(400);
    expect(notClosing.json().error).toMatchObject({ code: 'period_to_not_closing_date', details: { field: 'periodTo' } });
    expect(notClosing.json().error.message).toContain('毎月 20 日');

    const future = await issue(consignor.consignorId, '2099-01-20');
    expect(future.statusCode).toBe(400);
    expect(future.json().error.code).toBe('period_to_too_late');

    expect((await issue(consignor.consignorId, '2026-10-20')).statusCode).toBe(201);
    const again = await issue(consignor.consignorId, '2026-09-20');
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('period_to_not_after_previous');

    const unknown = await issue(999_999, '2026-10-31');
    expect(unknown.statusCode).toBe(404);
  });

  it('offers the due periods and consignors', async () => {
    const db = database().db;
    const consignor = await createTestConsignor(db, { closingDay: 20 });
    const piece = await createConsignedPiece(db, consignor, 'サファイア リング', 50_000);
    await recordSoldLine(db, piece, `test_line:${piece}`, '2026-10-25', soldLine(50_000));

    const due = (await signedIn.api().get(`/api/consignment/statements/due?consignorId=${consignor.consignorId}`)).json();
    expect(due.closingDay).toBe(20);
    expect(due.openEntries).toBe(1);
    expect(due.openAmount).toBe(40_000);
    expect(due.periods[0]).toEqual({ from: '2026-10-21', to: '2026-11-20', running: false });
    expect(due.periods.at(-1).running).toBe(true);

    const idle = await createTestConsignor(db);
    await db.updateTable('consignors').set({ is_active: 0 }).where('id', 'in', [consignor.consignorId, idle.consignorId]).execute();
    const consignors = (await signedIn.api().get('/api/consignment/statements/consignors')).json();
    const ids = consignors.consignors.map((row: { id: number }) => row.id);
    expect(consignors.consignors.find((row: { id: number }) => row.id === consignor.consignorId)).toMatchObject({ openEntries: 1, openAmount: 40_000 });
    expect(ids).not.toContain(idle.consignorId);
  });

  it('marks a statement paid once', async () => {
    const { consignor } = await novemberScenario();
    const statement = (await issue(consignor.consignorId, '2026-11-30')).json() as StatementSummary;

    const early = await signedIn.api().post(`/api/consignment/statements/${statement.id}/pay`, { paidOn: '2026-10-31' });
    expect(early.statusCode).toBe(400);
    expect(early.json().error.code).toBe('paid_before_period');

    const future = await signedIn.api().post(`/api/consignment/statements/${statement.id}/pay`, { paidOn: '2099-01-01' });
    expect(future.statusCode).toBe(400);
    expect(future.json().error).toMatchObject({ code: 'paid_in_future', details: { field: 'paidOn' } });

    const paid = await signedIn.api().post(`/api/consignment/statements/${statement.id}/pay`, { paidOn: '2026-12-01', reference: '振込 0042' });
    expect(paid.statusCode).toBe(200);
    expect(paid.json()).toMatchObject({ status: 'paid', paidOn: '2026-12-01', paidReference: '振込 0042' });

    const twice = await signedIn.api().post(`/api/consignment/statements/${statement.id}/pay`, { paidOn: '2026-12-02' });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.code).toBe('statement_already_paid');
    expect(twice.json().error.message).toContain('2026-12-01');
    expect(await auditCount(database(), 'consignment_statement.pay', statement.id)).toBe(1);

    const list = (await signedIn.api().get(`/api/consignment/statements?consignorId=${consignor.consignorId}&status=paid`)).json();
    expect(list.statements.map((row: StatementSummary) => row.id)).toEqual([statement.id]);
    const issued = (await signedIn.api().get(`/api/consignment/statements?consignorId=${consignor.consignorId}&status=issued`)).json();
    expect(issued.total).toBe(0);
  });

  it('renders the PDF with an embedded font', async () => {
    const { consignor } = await novemberScenario();
    const statement = (await issue(consignor.consignorId, '2026-11-30')).json() as StatementSummary;

    // Page contents are compressed, so the texts are read from pdfkit's text() calls.
    const spy = vi.spyOn(PDFDocument.prototype, 'text');
    let response;
    let texts: string[];
    try {
      response = await signedIn.api().get(`/api/consignment/statements/${statement.id}/pdf`);
      texts = spy.mock.calls.map(([text]) => String(text));
    } finally {
      spy.mockRestore();
    }
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    const bytes = response.rawPayload;
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const names = fontNames(bytes);
    expect(names.some((name) => /^[A-Z]{6}\+NotoSansJP-Regular$/.test(name))).toBe(true);
    expect(names.some((name) => /^[A-Z]{6}\+NotoSansJP-Bold$/.test(name))).toBe(true);

    expect(texts).toContain('精算書');
    expect(texts).toContain('お支払額');
    expect(texts).toContain('¥56,445');
    expect(texts).toContain('¥73,000');
    expect(texts).toContain('-¥14,600');
    expect(texts).toContain('32,000');
    expect(texts).toContain('24,445');
    expect(texts).toContain(`${consignor.name} 様`);
    expect(texts).toContain('カメオ ブローチ');
    expect(await auditCount(database(), 'consignment_statement.export', statement.id)).toBe(1);
  });

  it('renders the PDF in English', async () => {
    const { consignor } = await novemberScenario();
    const statement = (await issue(consignor.consignorId, '2026-11-30')).json() as StatementSummary;
    const english = await signIn(signedIn.app(), database(), 'en');
    const spy = vi.spyOn(PDFDocument.prototype, 'text');
    try {
      expect((await english.get(`/api/consignment/statements/${statement.id}/pdf`)).statusCode).toBe(200);
      const texts = spy.mock.calls.map(([text]) => String(text));
      expect(texts).toContain('Consignment settlement statement');
      expect(texts).toContain('Amount owed');
      expect(texts).toContain('¥56,445');
      expect(texts).not.toContain('お支払額');

      // A Japanese-speaking user can ask for the English statement.
      spy.mockClear();
      expect((await signedIn.api().get(`/api/consignment/statements/${statement.id}/pdf?locale=en`)).statusCode).toBe(200);
      expect(spy.mock.calls.map(([text]) => String(text))).toContain('Amount owed');
    } finally {
      spy.mockRestore();
    }
  });

  it('exports CSV in UTF-8 and CP932', async () => {
    const db = database().db;
    const { consignor, ring } = await novemberScenario();
    await db.updateTable('items').set({ name: '=HYPERLINK("x")' }).where('id', '=', ring).execute();
    const statement = (await issue(consignor.consignorId, '2026-11-30')).json() as StatementSummary;

    const utf8 = await signedIn.api().get(`/api/consignment/statements/${statement.id}/csv`);
    expect(utf8.statusCode).toBe(200);
    expect(utf8.headers['content-type']).toContain('utf-8');
    expect([...utf8.rawPayload.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = utf8.rawPayload.subarray(3).toString('utf8');
    const rows = text.trimEnd().split('\r\n');
    expect(rows[0]).toContain('お支払額');
    expect(rows).toHaveLength(3);
    expect(text).toContain(`'=HYPERLINK`);
    const ringRow = rows.find((row) => row.includes('HYPERLINK'))!;
    expect(ringRow).toContain(',55000,5000,10000,40000,8000,0,0,0,32000,');

    const cp932 = await signedIn.api().get(`/api/consignment/statements/${statement.id}/csv?encoding=cp932`);
    expect(cp932.headers['content-type']).toContain('Shift_JIS');
    expect(iconv.decode(cp932.rawPayload, 'cp932')).toBe(text);
    expect(await auditCount(database(), 'consignment_statement.export', statement.id)).toBe(2);
  });

  /**
   * Creates a consignor on 15 % commission who bears payment fees (3.24 %) while the shop
   * bears discounts, with a bracelet, a ring and a pendant. The ¥88,000 bracelet sells on
   * 12 October with ¥11,922 of discounts, ¥47,040 of it paid by card.
   */
  async function shopDiscountScenario() {
    const db = database().db;
    const consignor = await createTestConsignor(db, { commissionRateBp: 1500, discountBearer: 'shop', feeBearer: 'consignor', feeRateBp: 324 });
    const bracelet = await createConsignedPiece(db, consignor, 'K18 ブレスレット', 88_000);
    const ring = await createConsignedPiece(db, consignor, 'オパール リング', 33_000);
    const pendant = await createConsignedPiece(db, consignor, 'ダイヤ ペンダント', 22_000);
    const braceletKey = `test_line:${bracelet}`;
    await recordSoldLine(db, bracelet, braceletKey, '2026-10-12', soldLine(88_000, { discountAmount: 11_922, feeBearingAmount: 47_040 }));
    return { consignor, bracelet, ring, pendant, braceletKey };
  }

  it('adds up a statement when the shop bears discounts', async () => {
    const { consignor, bracelet } = await shopDiscountScenario();
    const summary = (await issue(consignor.consignorId, '2026-10-31')).json() as StatementSummary;
    const detail = (await signedIn.api().get(`/api/consignment/statements/${summary.id}`)).json() as StatementDetail;

    // Sold 88,000 - 11,922 = 76,078; commission 15 % of 88,000 = 13,200; fee 3.24 % of
    // 47,040 = 1,524 (rounded down); owed 88,000 - 13,200 - 1,524 = 73,276.
    expect(detail.salesTotal).toBe(76_078);
    expect(detail.commissionTotal).toBe(13_200);
    expect(detail.deductionsTotal).toBe(1_524);
    expect(detail.amountOwed).toBe(73_276);
    expect(detail.shopDiscountTotal).toBe(11_922);
    expect(totalsLeadingTo(detail)).toBe(detail.amountOwed);
    expect(detail.lines.find((line) => line.itemId === bracelet)).toMatchObject({ discountAmount: 11_922, shopDiscountAmount: 11_922, amount: 73_276 });

    // The PDF lists the figure between the deductions and the adjustments.
    const spy = vi.spyOn(PDFDocument.prototype, 'text');
    try {
      expect((await signedIn.api().get(`/api/consignment/statements/${summary.id}/pdf`)).statusCode).toBe(200);
      const texts = spy.mock.calls.map(([text]) => String(text));
      const label = texts.indexOf('当店負担の値引');
      expect(label).toBeGreaterThan(texts.indexOf('差引額（決済手数料・送料）'));
      expect(label).toBeLessThan(texts.indexOf('調整額（前回までの精算分）'));
      expect(texts[label + 1]).toBe('¥11,922');

      spy.mockClear();
      expect((await signedIn.api().get(`/api/consignment/statements/${summary.id}/pdf?locale=en`)).statusCode).toBe(200);
      expect(spy.mock.calls.map(([text]) => String(text))).toContain('Discounts borne by the shop');
    } finally {
      spy.mockRestore();
    }

    // In the CSV, each row's figures lead to its amount.
    const csv = (await signedIn.api().get(`/api/consignment/statements/${summary.id}/csv`)).rawPayload.subarray(3).toString('utf8');
    const [headers, row] = csv.trimEnd().split('\r\n').map((line) => line.split(','));
    expect(headers!.slice(10, 16)).toEqual(['売上額', '販売手数料', '決済手数料', '送料', '当店負担の値引', 'お支払額']);
    expect(row!.slice(10, 16)).toEqual(['76078', '13200', '1524', '0', '11922', '73276']);
  });

  it('adds up every statement to the amount owed', async () => {
    const db = database().db;
    const { consignor, ring, pendant, braceletKey, bracelet } = await shopDiscountScenario();
    const october = (await issue(consignor.consignorId, '2026-10-31')).json() as StatementSummary;
    await recordSoldLine(db, bracelet, braceletKey, '2026-11-03', soldLine(88_000, { discountAmount: 11_922, refundAmount: 8_000, feeBearingAmount: 47_040 }));
    await recordSoldLine(db, ring, `test_line:${ring}`, '2026-11-08', soldLine(33_000, { discountAmount: 3_000 }));
    await recordSoldLine(db, pendant, `test_line:${pendant}`, '2026-11-09', soldLine(22_000, { discountAmount: 2_000 }));
    await recordSoldLine(db, pendant, `test_line:${pendant}`, '2026-11-16', null);
    const november = (await issue(consignor.consignorId, '2026-11-30')).json() as StatementSummary;

    // Another consignor who bears discounts, with fees and shipping, for a statement with no shop-borne discount.
    const other = await novemberScenario();
    const otherNovember = (await issue(other.consignor.consignorId, '2026-11-30')).json() as StatementSummary;

    const details: StatementDetail[] = [];
    for (const { id } of [october, november, otherNovember]) details.push((await signedIn.api().get(`/api/consignment/statements/${id}`)).json() as StatementDetail);
    for (const detail of details) {
      expect(totalsLeadingTo(detail), detail.number).toBe(detail.amountOwed);
      const lineDiscounts = detail.lines.reduce((sum, line) => sum + line.shopDiscountAmount, 0);
      expect(detail.shopDiscountTotal, detail.number).toBe(lineDiscounts);
    }

    // November: the ring is new (commission 15 % of 33,000 = 4,950; owed 28,050; the shop
    // bears its ¥3,000 discount). The bracelet's refund takes back 8,000 - 15 % = 6,800.
    const [octoberDetail, novemberDetail, otherDetail] = details;
    expect(octoberDetail!.lines.map((line) => line.itemId), 'a later refund leaves October a sale').toEqual([bracelet]);
    expect(octoberDetail!.adjustments).toEqual([]);
    expect(novemberDetail!.shopDiscountTotal).toBe(3_000);
    expect(novemberDetail!.salesTotal).toBe(30_000);
    expect(novemberDetail!.adjustmentsTotal).toBe(-6_800);
    expect(novemberDetail!.amountOwed).toBe(28_050 - 6_800);
    expect(otherDetail!.shopDiscountTotal).toBe(0);
  });

  it('leaves a piece sold and returned out of the sold lines', async () => {
    const db = database().db;
    const { consignor, ring, necklace } = await novemberScenario();
    const bangle = await createConsignedPiece(db, consignor, 'K18 バングル', 44_000);
    await recordSoldLine(db, bangle, `test_line:${bangle}`, '2026-11-12', soldLine(44_000, { feeBearingAmount: 44_000, shipments: 1 }));
    await recordSoldLine(db, bangle, `test_line:${bangle}`, '2026-11-18', null);
    const statement = (await issue(consignor.consignorId, '2026-11-30')).json() as StatementSummary;

    // The totals are those of the ring and the necklace alone.
    expect(statement.salesTotal).toBe(73_000);
    expect(statement.amountOwed).toBe(56_445);
    const detail = (await signedIn.api().get(`/api/consignment/statements/${statement.id}`)).json() as StatementDetail;
    expect(detail.lines.map((line) => line.itemId).sort()).toEqual([ring, necklace].sort());
    expect(detail.held.map((piece) => piece.itemId)).toContain(bangle);

    const csv = (await signedIn.api().get(`/api/consignment/statements/${statement.id}/csv`)).rawPayload.toString('utf8');
    expect(csv).not.toContain('K18 バングル');
  });

  it('prints the whole order number in the PDF', async () => {
    const db = database().db;
    const consignor = await createTestConsignor(db);
    const piece = await createConsignedPiece(db, consignor, 'アクアマリン ネックレス', 66_000);
    const key = await createChannelOrderLine(db, piece, '自社サイト', 'OS-2026-000123', 66_000);
    await recordSoldLine(db, piece, key, '2026-11-14', soldLine(66_000));
    const statement = (await issue(consignor.consignorId, '2026-11-30')).json() as StatementSummary;

    // Page contents are compressed, so the texts are read from pdfkit's text() calls.
    const spy = vi.spyOn(PDFDocument.prototype, 'text');
    try {
      for (const [locale, channel, commission] of [
        ['ja', '通販 自社サイト', '販売手数料'],
        ['en', 'Online 自社サイト', 'Commission'],
      ] as const) {
        spy.mockClear();
        expect((await signedIn.api().get(`/api/consignment/statements/${statement.id}/pdf?locale=${locale}`)).statusCode).toBe(200);
        const texts = spy.mock.calls.map(([text]) => String(text));
        expect(texts, locale).toContain(channel);
        expect(texts, locale).toContain('OS-2026-000123');
        expect(texts, locale).toContain(commission);
        expect(texts.filter((text) => text.endsWith('…')), locale).toEqual([]);
      }
    } finally {
      spy.mockRestore();
    }
  });

  it('denies users without consignment.settle', async () => {
    const { consignor } = await novemberScenario();
    const seller = await signIn(signedIn.app(), database(), 'ja', { role: 'sales' });
    expect((await seller.get('/api/consignment/statements')).statusCode).toBe(403);
    const denied = await seller.post('/api/consignment/statements', { consignorId: consignor.consignorId, periodTo: '2026-11-30' });
    expect(denied.statusCode).toBe(403);
    expect(await entriesOf(database(), consignor.consignorId)).toSatisfy((entries: Array<{ statementId: number | null }>) => entries.every((entry) => entry.statementId === null));

    const accountant = await signIn(signedIn.app(), database(), 'ja', { role: 'accountant' });
    expect((await accountant.get('/api/consignment/statements')).statusCode).toBe(200);
  });
});
