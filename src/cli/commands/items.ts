import { existsSync } from 'node:fs';
import { ENCODING_CHOICES } from '../../modules/item-csv/encoding.js';
import { exportItemsFile, importItemsFile } from '../../modules/item-csv/files.js';
import { defaultStockLocation } from '../../modules/locations/service.js';
import { IMPORT_FORMATS, type ImportReport, type LocalizedIssue } from '../../modules/item-csv/report.js';
import { choiceOption, parseCommandArgs } from '../args.js';
import { withDatabase, type CliContext, type Text } from '../context.js';
import { cliErrors } from '../errors.js';
import { writeFileWhole } from '../output-file.js';

const EXPORT_ENCODINGS = ['utf8', 'cp932'] as const;

function describeIssue(issue: LocalizedIssue): Text {
  const whereJa = [issue.row > 0 ? `${issue.row} 行目` : null, issue.column ? `「${issue.column}」` : null].filter(Boolean).join(' ');
  const whereEn = [issue.row > 0 ? `row ${issue.row}` : null, issue.column ? `column "${issue.column}"` : null].filter(Boolean).join(', ');
  const valueJa = issue.value !== null && issue.value !== '' ? `（値「${issue.value}」）` : '';
  const valueEn = issue.value !== null && issue.value !== '' ? ` (value "${issue.value}")` : '';
  return {
    ja: `${whereJa}${valueJa}: ${issue.message}`,
    en: `${whereEn}${valueEn}: ${issue.message}`,
  };
}

function printReport(ctx: CliContext, report: ImportReport, file: string): void {
  for (const warning of report.warnings) {
    const text = describeIssue(warning);
    ctx.warn({ ja: `警告 ${text.ja}`, en: `Warning ${text.en}` });
  }
  for (const error of report.errors) {
    const text = describeIssue(error);
    ctx.warn({ ja: `エラー ${text.ja}`, en: `Error ${text.en}` });
  }

  const encoding = report.encoding ? `${report.encoding}${report.encodingDetected ? (ctx.locale === 'ja' ? '、自動判定' : ', detected') : ''}` : '-';
  const counts = {
    ja: `${report.rowCount} 行: 登録 ${report.created}、登録済みのためスキップ ${report.skipped}、エラー ${report.invalid}`,
    en: `${report.rowCount} rows: ${report.created} created, ${report.skipped} skipped as imported before, ${report.invalid} with errors`,
  };
  if (report.dryRun) {
    const ready = report.rows.filter((row) => row.status === 'ready').length;
    ctx.say({
      ja: `確認のみ（書き込みなし）: ${file}（${report.format}、${encoding}）${counts.ja}、登録可能 ${ready}`,
      en: `Dry run, nothing written: ${file} (${report.format}, ${encoding}) ${counts.en}, ${ready} ready to create`,
    });
  } else if (report.committed) {
    ctx.say({
      ja: `取り込みました: ${file}（${report.format}、${encoding}）${counts.ja}`,
      en: `Imported ${file} (${report.format}, ${encoding}): ${counts.en}`,
    });
  } else {
    ctx.say({
      ja: `取り込んでいません: ${file}（${report.format}、${encoding}）${counts.ja}`,
      en: `Nothing imported from ${file} (${report.format}, ${encoding}): ${counts.en}`,
    });
  }
}

/**
 * `tsunagu import items FILE [--format tsunagu|shopify] [--encoding auto|utf8|cp932]
 * [--location CODE] [--valid-rows-only] [--dry-run]`. Exits 1 when the file had errors and
 * nothing was (or, in a dry run, would be) imported.
 */
export async function importItemsCommand(ctx: CliContext, args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    args,
    {
      format: { type: 'string' },
      encoding: { type: 'string' },
      location: { type: 'string' },
      'valid-rows-only': { type: 'boolean' },
      'dry-run': { type: 'boolean' },
    },
    ['FILE'],
  );
  const format = choiceOption('format', values.format, IMPORT_FORMATS, 'tsunagu');
  const encoding = choiceOption('encoding', values.encoding, ENCODING_CHOICES, 'auto');
  const file = ctx.resolvePath(positionals[0]!);
  if (!existsSync(file)) throw cliErrors.file_not_found({ file });

  return withDatabase(await ctx.openMigratedDatabase(), async (handle) => {
    // Without --location, rows that carry no location go to the only store or warehouse.
    let locationCode = values.location ?? null;
    if (locationCode === null) {
      const fallback = await defaultStockLocation(handle.db);
      if (fallback) {
        locationCode = fallback.code;
        ctx.warn({
          ja: `拠点の指定がないため、在庫は ${fallback.code}（${fallback.name}）に登録します。別の拠点には --location CODE を付けてください。`,
          en: `No --location given: stock goes to ${fallback.code} (${fallback.name}). Add --location CODE for another location.`,
        });
      }
    }

    const report = await importItemsFile(handle.db, {
      path: file,
      format,
      encoding,
      locationCode,
      mode: values['valid-rows-only'] ? 'valid_rows_only' : 'all_or_nothing',
      dryRun: values['dry-run'] ?? false,
      userId: null,
      locale: ctx.locale,
    });
    printReport(ctx, report, file);

    const ready = report.rows.filter((row) => row.status === 'ready').length;
    if (!report.dryRun && !report.committed && report.mode === 'all_or_nothing' && report.errors.length > 0 && ready > 0) {
      ctx.warn({
        ja: `上のエラーを直して再実行するか、--valid-rows-only を付けて正しい ${ready} 行だけを取り込んでください。`,
        en: `Fix the rows above and run again, or add --valid-rows-only to import the ${ready} valid rows.`,
      });
    }

    const wouldCreate = report.dryRun ? report.rows.some((row) => row.status === 'ready') : report.created > 0;
    return report.errors.length > 0 && !wouldCreate ? 1 : 0;
  });
}

/**
 * `tsunagu export items [--encoding utf8|cp932] [--output FILE]`: every item in the
 * tsunagu CSV layout, headers in the user's language. Writes to stdout unless --output is
 * given; a file is written under a temporary name and renamed when complete.
 */
export async function exportItemsCommand(ctx: CliContext, args: string[]): Promise<number> {
  const { values } = parseCommandArgs(args, { encoding: { type: 'string' }, output: { type: 'string' } }, []);
  const encoding = choiceOption('encoding', values.encoding, EXPORT_ENCODINGS, 'utf8');

  return withDatabase(await ctx.openMigratedDatabase(), async (handle) => {
    const bytes = await exportItemsFile(handle.db, { encoding, locale: ctx.locale });
    const { count } = await handle.db.selectFrom('items').select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();

    if (values.output === undefined) {
      ctx.io.stdout.write(bytes);
      ctx.warn({ ja: `商品 ${count} 件を出力しました（${encoding}）。`, en: `Exported ${count} items (${encoding}).` });
      return 0;
    }

    const output = ctx.resolvePath(values.output);
    await writeFileWhole(output, bytes);
    ctx.say({
      ja: `商品 ${count} 件を ${output} に出力しました（${encoding}、${bytes.length} バイト）。`,
      en: `Exported ${count} items to ${output} (${encoding}, ${bytes.length} bytes).`,
    });
    return 0;
  });
}
