import type { z } from 'zod';
import { describeIssue } from '../../server/validation.js';
import { itemAttributesInput, type ItemAttributes } from '../items/schemas.js';
import { rowMessages } from './row-messages.js';
import type { ItemRowCandidate, RowIssue } from './rows.js';

/** A candidate after the schema checks: `attributes` is set exactly when it has no issues. */
export interface CheckedRow {
  candidate: ItemRowCandidate;
  attributes: ItemAttributes | null;
  issues: RowIssue[];
}

function issueFromZod(candidate: ItemRowCandidate, issue: z.core.$ZodIssue): RowIssue {
  const field = String(issue.path[0] ?? '');
  const source = candidate.sources[field];
  return {
    row: candidate.row,
    column: source?.column ?? (field || null),
    value: source?.text ?? null,
    message: { ja: describeIssue(issue, 'ja').message, en: describeIssue(issue, 'en').message },
  };
}

/**
 * Runs itemAttributesInput on every candidate and marks rows that repeat an earlier row's
 * source key, stock number or (for counted goods) JAN code. A column that already failed to
 * convert is not reported a second time by the schema.
 */
export function checkCandidates(candidates: ItemRowCandidate[]): CheckedRow[] {
  const firstRowOfKey = new Map<string, number>();
  const firstRowOfStockNumber = new Map<string, number>();
  // Two quantity-tracked items may not share a JAN code, because a scan must find one item.
  const firstRowOfQuantityJan = new Map<string, number>();

  return candidates.map((candidate) => {
    const issues = [...candidate.issues];
    const failedColumns = new Set(issues.map((issue) => issue.column));

    const parsed = itemAttributesInput.safeParse(candidate.input, { reportInput: true });
    if (!parsed.success) {
      for (const zodIssue of parsed.error.issues) {
        const issue = issueFromZod(candidate, zodIssue);
        if (!failedColumns.has(issue.column)) issues.push(issue);
      }
    }

    const earlierRow = firstRowOfKey.get(candidate.sourceKey);
    if (earlierRow !== undefined) {
      issues.push({ row: candidate.row, column: null, value: null, message: rowMessages.duplicateInFile(earlierRow) });
    } else {
      firstRowOfKey.set(candidate.sourceKey, candidate.row);
    }

    const stockNumber = parsed.success ? parsed.data.stockNumber : undefined;
    if (stockNumber !== undefined && earlierRow === undefined) {
      const earlierStockRow = firstRowOfStockNumber.get(stockNumber);
      const source = candidate.sources.stockNumber;
      if (earlierStockRow !== undefined) {
        issues.push({ row: candidate.row, column: source?.column ?? null, value: stockNumber, message: rowMessages.duplicateInFile(earlierStockRow) });
      } else {
        firstRowOfStockNumber.set(stockNumber, candidate.row);
      }
    }

    const janCode = parsed.success && parsed.data.tracking === 'quantity' ? parsed.data.janCode : null;
    if (janCode) {
      const earlierJanRow = firstRowOfQuantityJan.get(janCode);
      const source = candidate.sources.janCode;
      if (earlierJanRow !== undefined) {
        issues.push({ row: candidate.row, column: source?.column ?? null, value: janCode, message: rowMessages.duplicateInFile(earlierJanRow) });
      } else {
        firstRowOfQuantityJan.set(janCode, candidate.row);
      }
    }

    return { candidate, attributes: issues.length === 0 && parsed.success ? parsed.data : null, issues };
  });
}
