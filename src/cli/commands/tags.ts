import { existsSync } from 'node:fs';
import path from 'node:path';
import { BARCODE_KINDS } from '../../modules/price-tags/barcodes.js';
import { priceTagErrors } from '../../modules/price-tags/errors.js';
import { companyCostCipher, loadTagItems, recordTagPrint, renderTags, type TagOutputFormat } from '../../modules/price-tags/service.js';
import { listTemplates, resolveTemplate } from '../../modules/price-tags/custom-templates.js';
import { labelsPerPage } from '../../modules/price-tags/templates.js';
import { choiceOption, parseCommandArgs, requiredOption } from '../args.js';
import { cliAuditActor, withDatabase, type CliContext } from '../context.js';
import { cliErrors } from '../errors.js';
import { writeFileWhole } from '../output-file.js';

/**
 * `tsunagu tags templates`: one line per template with its label size, labels per page and
 * resolution, the ready ones first and then the shop's own, marked (custom).
 */
export async function tagTemplatesCommand(ctx: CliContext, args: string[]): Promise<number> {
  parseCommandArgs(args, {}, []);
  const entries = await withDatabase(await ctx.openMigratedDatabase(), (handle) => listTemplates(handle.db));
  const width = Math.max(...entries.map((entry) => entry.template.name.length));

  for (const { template, custom } of entries) {
    const size = `${template.labelWidthMm} × ${template.labelHeightMm} mm`;
    const perPage = labelsPerPage(template);
    const sheet = perPage > 1 ? { ja: `、1 ページに ${perPage} 枚`, en: `, ${perPage} per page` } : { ja: '', en: '' };
    const mark = custom ? { ja: '（自社）', en: ' (custom)' } : { ja: '', en: '' };
    ctx.say({
      ja: `${template.name.padEnd(width)}  ${size}${sheet.ja}、${template.dpi} dpi  ${template.description.ja}${mark.ja}`,
      en: `${template.name.padEnd(width)}  ${size}${sheet.en}, ${template.dpi} dpi  ${template.description.en}${mark.en}`,
    });
  }
  return 0;
}

/**
 * `tsunagu tags print --template NAME --items CODE,... --out FILE [--barcode code128|ean13|qr]
 * [--cost-cipher LETTERS] [--zpl-font NAME]`: writes the tags as PDF or ZPL, chosen by the
 * file's extension, and records a price_tag.print event per piece in the same transaction.
 */
export async function tagPrintCommand(ctx: CliContext, args: string[]): Promise<number> {
  const { values } = parseCommandArgs(
    args,
    {
      template: { type: 'string' },
      items: { type: 'string' },
      out: { type: 'string' },
      barcode: { type: 'string' },
      'cost-cipher': { type: 'string' },
      'zpl-font': { type: 'string' },
    },
    [],
  );
  const templateName = requiredOption('template', values.template);
  const stockNumbers = requiredOption('items', values.items)
    .split(',')
    .map((code) => code.trim())
    .filter((code) => code !== '');
  if (stockNumbers.length === 0) throw cliErrors.missing_option({ option: 'items' });
  const output = ctx.resolvePath(requiredOption('out', values.out));
  const extension = path.extname(output).toLowerCase();
  if (extension !== '.pdf' && extension !== '.zpl') throw priceTagErrors.unsupported_output({ file: output });
  const format: TagOutputFormat = extension === '.pdf' ? 'pdf' : 'zpl';
  if (!existsSync(path.dirname(output))) throw cliErrors.folder_not_found({ folder: path.dirname(output) });
  const barcodeKind = values.barcode === undefined ? undefined : choiceOption('barcode', values.barcode, BARCODE_KINDS, 'code128');

  return withDatabase(await ctx.openMigratedDatabase(), async (handle) => {
    const template = await resolveTemplate(handle.db, templateName);
    const items = await loadTagItems(handle.db, stockNumbers);
    const costCipher = values['cost-cipher'] ?? (await companyCostCipher(handle.db));
    const bytes = await renderTags({ template, format, items, costCipher, barcodeKind, zplFont: values['zpl-font'] });

    // The file is renamed into place inside the transaction, so a failed write records no print.
    const reprinted = await handle.db.transaction().execute(async (trx) => {
      const reprints = await recordTagPrint(trx, cliAuditActor(), items, {
        templateName: template.name,
        format,
        destination: path.basename(output),
        source: 'cli',
      });
      await writeFileWhole(output, bytes);
      return reprints;
    });

    ctx.say({
      ja: `値札 ${items.length} 枚を ${output} に出力しました（${template.name}、${format.toUpperCase()}、${bytes.length} バイト）。`,
      en: `Printed ${items.length} price tags to ${output} (${template.name}, ${format.toUpperCase()}, ${bytes.length} bytes).`,
    });
    if (reprinted.length > 0) {
      ctx.say({ ja: `再発行: ${reprinted.join(', ')}`, en: `Reprinted: ${reprinted.join(', ')}` });
    }
    if (costCipher === null && template.fields.some((layout) => layout.field === 'costCode')) {
      ctx.warn({
        ja: '原価コードの暗号が未設定のため、原価コードは印字していません（--cost-cipher で指定できます）。',
        en: 'No cost cipher is set, so the tags carry no cost code (give one with --cost-cipher).',
      });
    }
    return 0;
  });
}
