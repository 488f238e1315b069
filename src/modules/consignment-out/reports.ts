import type { Executor, Tx } from '../../db/database.js';
import { nowIso } from '../../db/database.js';
import type { Item } from '../../db/schema.js';
import type { DomainError } from '../../shared/errors.js';
import { businessDate } from '../../shared/time.js';
import { assertCanActAt } from '../access/scope.js';
import { setItemStatus } from '../items/service.js';
import { recordMovement } from '../ledger/service.js';
import { enqueueAvailabilityChanges } from '../outbox/service.js';
import { nextDocumentNumber } from '../sequences/service.js';
import { fetchPage, requireStockLocation, type StockContext } from '../stock-lines/service.js';
import { getConsigneeRow } from './consignees.js';
import { consignmentOutErrors } from './errors.js';
import { isPieceProblem, lineErrorsError, loadPieces, pieceProblemError } from './pieces.js';
import type { DocumentListQuery, ReportInput, ReportLineInput, ReportOutput, ReportSummary } from './schemas.js';
import { refreshSalesFacts } from '../analytics/refresh.js';

export const REPORT_DOCUMENT = 'consignment_out_report';

export interface SaleAmounts {
  /** Yen the consignee keeps. */
  commission: number;
  /** Yen the consignee owes us. */
  receivable: number;
}

/**
 * Splits a tax-included sale price between the consignee and us. Under rate terms the
 * consignee keeps floor(price × rate), rounding in our favour by less than one yen. Under
 * net terms we receive the agreed net amount and the consignee keeps the rest, which is
 * negative when it sold below the net amount (it still owes the net amount).
 */
export function computeSaleAmounts(terms: { terms: 'rate' | 'net'; rateBp: number | null; netAmount: number | null }, salePrice: number): SaleAmounts {
  const commission =
    terms.terms === 'rate' ? Math.floor((salePrice * (terms.rateBp ?? 0)) / 10_000) : salePrice - (terms.netAmount ?? 0);
  return { commission, receivable: salePrice - commission };
}

/** A consignee's report line checked against what is out at the consignee, ready to record. */
export interface ResolvedReportLine {
  item: Item;
  outLineId: number;
  noteNumber: string;
  fromLocationId: number;
  outcome: 'sold' | 'returned';
  soldOn: string | null;
  salePrice: number;
  commission: number;
  receivable: number;
}

/** A line that cannot be recorded, with the input field it concerns. */
export interface ReportLineProblem {
  index: number;
  field: 'stockNumber' | 'salePrice' | 'soldOn';
  /** Builds the error. `details` names the form field or the CSV row. */
  error: (details?: unknown) => DomainError;
}

interface ConsigneeRef {
  id: number;
  name: string;
}

interface SoldOnFacts {
  stockNumber: string;
  soldOn: string;
  reportedOn: string;
  sentOn: string;
  noteNumber: string;
  today: string;
}

/**
 * Returns why a sold line's sale date cannot be right, or undefined: a sale is not in the
 * future, not after the report that tells of it, and not before the piece was sent.
 */
function soldOnProblem(facts: SoldOnFacts): ReportLineProblem['error'] | undefined {
  const { stockNumber, soldOn, reportedOn, sentOn, noteNumber, today } = facts;
  if (soldOn > today) return (details) => consignmentOutErrors.sold_on_in_future({ stockNumber, soldOn, today }, details);
  if (soldOn > reportedOn) return (details) => consignmentOutErrors.sold_on_after_report({ stockNumber, soldOn, reportedOn }, details);
  if (soldOn < sentOn) return (details) => consignmentOutErrors.sold_on_before_sent({ stockNumber, soldOn, sentOn, noteNumber }, details);
  return undefined;
}

/**
 * Checks report lines against the pieces out at the consignee: each piece exists, is
 * named once, and is on a delivery note of this consignee with status 'out'. A sold line's
 * date must lie between the sending date and both the report date and today. Sold lines
 * get their price (default: the retail price at sending) and the agreement's split.
 * Returns every problem rather than the first, so a CSV preview can list them all.
 */
export async function resolveReportLines(
  db: Executor,
  consignee: ConsigneeRef,
  lines: readonly ReportLineInput[],
  reportedOn: string,
): Promise<{ resolved: Array<ResolvedReportLine | null>; problems: ReportLineProblem[] }> {
  const pieces = await loadPieces(db, lines);
  const itemIds = pieces.flatMap((piece) => (isPieceProblem(piece) ? [] : [piece.id]));
  const outRows =
    itemIds.length === 0
      ? []
      : await db
          .selectFrom('consignment_out_lines')
          .innerJoin('consignment_out_notes', 'consignment_out_notes.id', 'consignment_out_lines.note_id')
          .innerJoin('consignment_out_agreements', 'consignment_out_agreements.id', 'consignment_out_notes.agreement_id')
          .select([
            'consignment_out_lines.id',
            'consignment_out_lines.item_id',
            'consignment_out_lines.retail_price',
            'consignment_out_lines.net_amount',
            'consignment_out_notes.number as note_number',
            'consignment_out_notes.sent_on',
            'consignment_out_notes.from_location_id',
            'consignment_out_agreements.terms',
            'consignment_out_agreements.rate_bp',
          ])
          .where('consignment_out_lines.status', '=', 'out')
          .where('consignment_out_notes.consignee_id', '=', consignee.id)
          .where('consignment_out_lines.item_id', 'in', itemIds)
          .execute();
  const outByItem = new Map(outRows.map((row) => [row.item_id, row]));

  const today = businessDate();
  const problems: ReportLineProblem[] = [];
  const resolved = lines.map((line, index): ResolvedReportLine | null => {
    const piece = pieces[index]!;
    if (isPieceProblem(piece)) {
      problems.push({ index, field: 'stockNumber', error: (details) => pieceProblemError(piece, details) });
      return null;
    }
    const out = outByItem.get(piece.id);
    if (!out) {
      problems.push({
        index,
        field: 'stockNumber',
        error: (details) => consignmentOutErrors.piece_not_out({ stockNumber: piece.stock_number, consignee: consignee.name }, details),
      });
      return null;
    }
    if (line.outcome === 'returned') {
      return { item: piece, outLineId: out.id, noteNumber: out.note_number, fromLocationId: out.from_location_id, outcome: 'returned', soldOn: null, salePrice: 0, commission: 0, receivable: 0 };
    }
    const soldOn = line.soldOn ?? reportedOn;
    const soldOnError = soldOnProblem({ stockNumber: piece.stock_number, soldOn, reportedOn, sentOn: out.sent_on, noteNumber: out.note_number, today });
    if (soldOnError) {
      problems.push({ index, field: 'soldOn', error: soldOnError });
      return null;
    }
    const salePrice = line.salePrice ?? out.retail_price;
    const amounts = computeSaleAmounts({ terms: out.terms, rateBp: out.rate_bp, netAmount: out.net_amount }, salePrice);
    return {
      item: piece,
      outLineId: out.id,
      noteNumber: out.note_number,
      fromLocationId: out.from_location_id,
      outcome: 'sold',
      soldOn,
      salePrice,
      ...amounts,
    };
  });
  return { resolved, problems };
}

export interface ReportHeader {
  consigneeId: number;
  reportedOn: string;
  periodFrom?: string | null | undefined;
  periodTo?: string | null | undefined;
  returnLocationId?: number | null | undefined;
  note?: string | null | undefined;
  source: 'manual' | 'csv';
  fileSha256?: string | null;
}

/** Sums a report's sold lines: sales, commission and receivable in yen. */
export function reportTotals(lines: readonly Pick<ResolvedReportLine, 'outcome' | 'salePrice' | 'commission' | 'receivable'>[]) {
  const sold = lines.filter((line) => line.outcome === 'sold');
  return {
    salesTotal: sold.reduce((sum, line) => sum + line.salePrice, 0),
    commissionTotal: sold.reduce((sum, line) => sum + line.commission, 0),
    receivableTotal: sold.reduce((sum, line) => sum + line.receivable, 0),
  };
}

/**
 * Records resolved report lines. A sold piece leaves stock from the partner location with
 * a 'consignment_out_sale' movement at its book cost and becomes 'sold'. The report line is
 * the sale record, at the agreed terms. A returned piece moves back to the report's return
 * location, or to its delivery note's from location, and is offered on the channels again.
 * Each delivery note line is closed with a conditional update, so a piece reported twice,
 * even by two concurrent reports, fails with piece_not_out.
 */
export async function recordReport(trx: Tx, header: ReportHeader, lines: readonly ResolvedReportLine[], ctx: StockContext): Promise<ReportOutput> {
  const consignee = await getConsigneeRow(trx, header.consigneeId, 'consigneeId');
  const returnLocation = header.returnLocationId ? await requireStockLocation(trx, header.returnLocationId, 'returnLocationId') : null;
  if (returnLocation) assertCanActAt(ctx.scope, returnLocation, 'returnLocationId');

  const totals = reportTotals(lines);
  const report = await trx
    .insertInto('consignment_out_reports')
    .values({
      number: await nextDocumentNumber(trx, 'COR', header.reportedOn),
      consignee_id: consignee.id,
      reported_on: header.reportedOn,
      period_from: header.periodFrom ?? null,
      period_to: header.periodTo ?? null,
      source: header.source,
      file_sha256: header.fileSha256 ?? null,
      sales_total: totals.salesTotal,
      commission_total: totals.commissionTotal,
      receivable_total: totals.receivableTotal,
      note: header.note ?? null,
      created_by: ctx.userId,
      created_at: nowIso(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();

  for (const [index, line] of lines.entries()) {
    await recordReportLine(trx, { reportId: report.id, consignee, line, index, returnLocationId: returnLocation?.id ?? null, reportedOn: header.reportedOn, ctx });
  }
  await refreshSalesFacts(trx, [`consignment_out_report:${report.id}`]);

  await enqueueAvailabilityChanges(
    trx,
    lines.map((line) => ({
      itemId: line.item.id,
      reason: line.outcome === 'sold' ? 'consignment_out_sale' : 'consignment_out_return',
      documentType: REPORT_DOCUMENT,
      documentId: report.id,
    })),
  );
  return getReport(trx, report.id);
}

interface ReportLineContext {
  reportId: number;
  consignee: { location_id: number; name: string };
  line: ResolvedReportLine;
  index: number;
  returnLocationId: number | null;
  reportedOn: string;
  ctx: StockContext;
}

async function recordReportLine(trx: Tx, { reportId, consignee, line, index, returnLocationId, reportedOn, ctx }: ReportLineContext): Promise<void> {
  const closed = await trx
    .updateTable('consignment_out_lines')
    .set({ status: line.outcome, closed_on: line.soldOn ?? reportedOn })
    .where('id', '=', line.outLineId)
    .where('status', '=', 'out')
    .executeTakeFirst();
  if (Number(closed.numUpdatedRows) !== 1) {
    throw consignmentOutErrors.piece_not_out({ stockNumber: line.item.stock_number, consignee: consignee.name }, { field: `lines.${index}.stockNumber` });
  }

  const costAmount = line.outcome === 'sold' ? line.item.cost : 0;
  const reportLine = await trx
    .insertInto('consignment_out_report_lines')
    .values({
      report_id: reportId,
      out_line_id: line.outLineId,
      item_id: line.item.id,
      outcome: line.outcome,
      sold_on: line.soldOn,
      sale_price: line.salePrice,
      tax_rate_percent: line.outcome === 'sold' ? line.item.tax_rate_percent : null,
      commission_amount: line.commission,
      receivable_amount: line.receivable,
      cost_amount: costAmount,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await trx.updateTable('consignment_out_lines').set({ report_line_id: reportLine.id }).where('id', '=', line.outLineId).execute();

  await recordMovement(trx, {
    itemId: line.item.id,
    kind: line.outcome === 'sold' ? 'consignment_out_sale' : 'consignment_out_return',
    fromLocationId: consignee.location_id,
    toLocationId: line.outcome === 'sold' ? null : (returnLocationId ?? line.fromLocationId),
    quantity: 1,
    costAmount: line.item.cost,
    documentType: REPORT_DOCUMENT,
    documentId: reportId,
    userId: ctx.userId,
  });
  if (line.outcome === 'sold') await setItemStatus(trx, line.item.id, 'sold');
  await trx.updateTable('items').set({ keep_listed_away: 0, updated_at: nowIso() }).where('id', '=', line.item.id).execute();
}

/**
 * Records a report entered by hand. Any line that cannot be recorded fails the whole
 * report, and every such line is named.
 */
export async function recordManualReport(trx: Tx, input: ReportInput, ctx: StockContext): Promise<ReportOutput> {
  const consignee = await getConsigneeRow(trx, input.consigneeId, 'consigneeId');
  const { resolved, problems } = await resolveReportLines(trx, consignee, input.lines, input.reportedOn);
  if (problems.length > 0) {
    throw lineErrorsError(
      problems.map((problem) => {
        const field = `lines.${problem.index}.${problem.field}`;
        return { field, error: problem.error({ field }) };
      }),
    );
  }
  return recordReport(trx, { ...input, source: 'manual' }, resolved as ResolvedReportLine[], ctx);
}

function summaryQuery(db: Executor) {
  return db
    .selectFrom('consignment_out_reports')
    .innerJoin('consignees', 'consignees.id', 'consignment_out_reports.consignee_id')
    .selectAll('consignment_out_reports')
    .select('consignees.name as consignee_name');
}

type SummaryRow = Awaited<ReturnType<ReturnType<typeof summaryQuery>['executeTakeFirstOrThrow']>>;

function toSummary(row: SummaryRow): ReportSummary {
  return {
    id: row.id,
    number: row.number,
    consigneeId: row.consignee_id,
    consigneeName: row.consignee_name,
    reportedOn: row.reported_on,
    periodFrom: row.period_from,
    periodTo: row.period_to,
    source: row.source,
    salesTotal: Number(row.sales_total),
    commissionTotal: Number(row.commission_total),
    receivableTotal: Number(row.receivable_total),
    note: row.note,
    createdAt: row.created_at,
  };
}

export async function getReport(db: Executor, id: number): Promise<ReportOutput> {
  const row = await summaryQuery(db).where('consignment_out_reports.id', '=', id).executeTakeFirst();
  if (!row) throw consignmentOutErrors.report_not_found({ id });

  const lines = await db
    .selectFrom('consignment_out_report_lines')
    .innerJoin('items', 'items.id', 'consignment_out_report_lines.item_id')
    .innerJoin('consignment_out_lines', 'consignment_out_lines.id', 'consignment_out_report_lines.out_line_id')
    .innerJoin('consignment_out_notes', 'consignment_out_notes.id', 'consignment_out_lines.note_id')
    .selectAll('consignment_out_report_lines')
    .select(['items.stock_number', 'items.name as item_name', 'consignment_out_notes.number as note_number'])
    .where('consignment_out_report_lines.report_id', '=', id)
    .orderBy('consignment_out_report_lines.id')
    .execute();
  return {
    ...toSummary(row),
    lines: lines.map((line) => ({
      id: line.id,
      itemId: line.item_id,
      stockNumber: line.stock_number,
      itemName: line.item_name,
      noteNumber: line.note_number,
      outcome: line.outcome,
      soldOn: line.sold_on,
      salePrice: Number(line.sale_price),
      taxRatePercent: line.tax_rate_percent,
      commissionAmount: Number(line.commission_amount),
      receivableAmount: Number(line.receivable_amount),
      costAmount: Number(line.cost_amount),
    })),
  };
}

/** Lists consignee reports newest first, optionally of one consignee. */
export async function listReports(db: Executor, query: DocumentListQuery) {
  let filtered = summaryQuery(db);
  if (query.consigneeId) filtered = filtered.where('consignment_out_reports.consignee_id', '=', query.consigneeId);
  const { rows, ...page } = await fetchPage(
    filtered.orderBy('consignment_out_reports.reported_on', 'desc').orderBy('consignment_out_reports.id', 'desc'),
    query,
  );
  return { reports: rows.map(toSummary), ...page };
}
