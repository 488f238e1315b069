import { z } from 'zod';
import { bilingual } from '../../shared/zod.js';
import { BARCODE_KINDS, placeBarcode } from './barcodes.js';
import { defineErrors, isDomainError } from '../../shared/errors.js';
import { barcodeAreaOf, SAMPLE_BARCODE_TEXTS, TAG_FIELDS, TAG_TEMPLATES, textLineHeightMm, type TagTemplate } from './templates.js';

// A shop's own tag stock as data, in the same shape as the ready templates. The checks make
// sure that every label fits its page, every field and the barcode fit their label, and a
// sample code prints with whole-dot modules. Each error names the value to change.

/** Maximum side of a page or label, in millimetres: A3's 420 mm with room to spare. */
const MAX_SIDE_MM = 500;


const lengthMm = z.number().min(0).max(MAX_SIDE_MM);
const sideMm = z.number().positive().max(MAX_SIDE_MM);

export const tagTemplateDefinition = z.object({
  /** Lower-case letters, digits and hyphens, so the name is safe in file names and on the command line. */
  name: z
    .string()
    .trim()
    .refine(
      (name) => /^[a-z0-9][a-z0-9-]{1,39}$/.test(name),
      bilingual('テンプレート名は英小文字・数字・ハイフンで 2〜40 文字にしてください（例: shop-40x20）。', 'Give the template a name of 2 to 40 lower-case letters, digits and hyphens, e.g. shop-40x20.'),
    ),
  description: z.object({ ja: z.string().trim().min(1).max(100), en: z.string().trim().min(1).max(100) }),
  pageWidthMm: sideMm,
  pageHeightMm: sideMm,
  labelWidthMm: sideMm,
  labelHeightMm: sideMm,
  sheet: z
    .object({
      columns: z.number().int().min(1).max(20),
      rows: z.number().int().min(1).max(40),
      marginTopMm: lengthMm,
      marginLeftMm: lengthMm,
      gapXMm: lengthMm,
      gapYMm: lengthMm,
    })
    .nullable(),
  dpi: z.number().int().min(150).max(1200),
  fields: z
    .array(
      z.object({
        field: z.enum(TAG_FIELDS),
        xMm: lengthMm,
        yMm: lengthMm,
        widthMm: sideMm,
        fontSizePt: z.number().min(4).max(36),
        bold: z.boolean().default(false),
      }),
    )
    .min(1)
    .max(TAG_FIELDS.length),
  barcode: z
    .object({
      kind: z.enum(BARCODE_KINDS),
      xMm: lengthMm,
      yMm: lengthMm,
      widthMm: sideMm,
      heightMm: sideMm,
      maxModuleMm: z.number().positive().max(2),
    })
    .nullable(),
});
export type TagTemplateDefinition = z.infer<typeof tagTemplateDefinition>;

/** Errors of a template definition; `details.field` is the path of the value to change. */
export const templateDefinitionErrors = defineErrors({
  template_name_reserved: {
    kind: 'conflict',
    ja: (p: { name: string }) => `テンプレート名「${p.name}」は標準テンプレートの名前です。別の名前にしてください。`,
    en: (p: { name: string }) => `"${p.name}" is the name of a ready template. Choose another name.`,
  },
  template_name_mismatch: {
    kind: 'invalid',
    ja: (p: { name: string; path: string }) => `定義の名前「${p.name}」が保存先の「${p.path}」と違います。同じ名前にしてください。`,
    en: (p: { name: string; path: string }) => `The definition's name "${p.name}" differs from "${p.path}" in the address. Use the same name.`,
  },
  template_field_repeated: {
    kind: 'invalid',
    ja: (p: { field: string }) => `項目「${PART_NAMES[p.field]?.ja ?? p.field}」が 2 回あります。1 つにしてください。`,
    en: (p: { field: string }) => `The field "${p.field}" appears twice. Keep one.`,
  },
  template_outside: {
    kind: 'invalid',
    ja: (p: { part: string; edge: string; endMm: string; limitMm: string }) =>
      `${PART_NAMES[p.part]?.ja ?? p.part}が${p.edge === 'right' ? '右端' : '下端'}からはみ出します（${p.endMm} mm、上限 ${p.limitMm} mm）。位置か大きさを小さくしてください。`,
    en: (p: { part: string; edge: string; endMm: string; limitMm: string }) =>
      `${PART_NAMES[p.part]?.en ?? p.part} runs past the ${p.edge} edge (${p.endMm} mm; the limit is ${p.limitMm} mm). Move it or make it smaller.`,
  },
  template_single_label_size: {
    kind: 'invalid',
    ja: () => 'シートでないテンプレートは、ページとラベルを同じ大きさにしてください。',
    en: () => 'A template without a sheet needs the page and the label to be the same size.',
  },
  template_barcode_unprintable: {
    kind: 'invalid',
    ja: (p: { sample: string; reasonJa: string; reasonEn: string }) => `見本のコード ${p.sample} のバーコードが印刷できません。${p.reasonJa}`,
    en: (p: { sample: string; reasonJa: string; reasonEn: string }) => `The barcode of the sample code ${p.sample} cannot be printed. ${p.reasonEn}`,
  },
});

/** Names of the parts of a template in error messages, by language. */
const PART_NAMES: Record<string, { ja: string; en: string }> = {
  stockNumber: { ja: '在庫番号', en: 'The stock number' },
  price: { ja: '税込価格', en: 'The price' },
  metal: { ja: '地金・品位', en: 'The metal' },
  weight: { ja: '重量', en: 'The weight' },
  carat: { ja: 'カラット', en: 'The carat' },
  size: { ja: 'サイズ', en: 'The size' },
  brand: { ja: 'ブランド', en: 'The brand' },
  shortName: { ja: '品名', en: 'The short name' },
  costCode: { ja: '原価コード', en: 'The cost code' },
  location: { ja: '拠点', en: 'The location' },
  barcode: { ja: 'バーコード', en: 'The barcode' },
  sheet: { ja: 'シートのラベル', en: 'The sheet of labels' },
};

function round(mm: number): string {
  return String(Math.round(mm * 100) / 100);
}

/** Raises template_outside when `endMm` passes `limitMm`; a hundredth of a millimetre is allowed for rounding. */
function checkWithin(part: string, field: string, edge: 'right' | 'bottom', endMm: number, limitMm: number): void {
  if (endMm <= limitMm + 0.01) return;
  throw templateDefinitionErrors.template_outside({ part, edge, endMm: round(endMm), limitMm: round(limitMm) }, { field });
}

/**
 * Checks a parsed definition and returns it as a template. A custom template may not take a
 * ready template's name, so the names printed on the audit trail stay unambiguous.
 */
export function checkTemplateDefinition(definition: TagTemplateDefinition): TagTemplate {
  if (TAG_TEMPLATES.some((template) => template.name === definition.name)) {
    throw templateDefinitionErrors.template_name_reserved({ name: definition.name }, { field: 'name' });
  }

  const sheet = definition.sheet;
  if (sheet) {
    const right = sheet.marginLeftMm + sheet.columns * definition.labelWidthMm + (sheet.columns - 1) * sheet.gapXMm;
    const bottom = sheet.marginTopMm + sheet.rows * definition.labelHeightMm + (sheet.rows - 1) * sheet.gapYMm;
    checkWithin('sheet', 'sheet.columns', 'right', right, definition.pageWidthMm);
    checkWithin('sheet', 'sheet.rows', 'bottom', bottom, definition.pageHeightMm);
  } else if (definition.pageWidthMm !== definition.labelWidthMm || definition.pageHeightMm !== definition.labelHeightMm) {
    throw templateDefinitionErrors.template_single_label_size({}, { field: 'pageWidthMm' });
  }

  const seen = new Set<string>();
  definition.fields.forEach((layout, index) => {
    if (seen.has(layout.field)) throw templateDefinitionErrors.template_field_repeated({ field: layout.field }, { field: `fields.${index}.field` });
    seen.add(layout.field);
    checkWithin(layout.field, `fields.${index}.widthMm`, 'right', layout.xMm + layout.widthMm, definition.labelWidthMm);
    checkWithin(layout.field, `fields.${index}.fontSizePt`, 'bottom', layout.yMm + textLineHeightMm(layout.fontSizePt), definition.labelHeightMm);
  });

  const barcode = definition.barcode;
  if (barcode) {
    checkWithin('barcode', 'barcode.widthMm', 'right', barcode.xMm + barcode.widthMm, definition.labelWidthMm);
    checkWithin('barcode', 'barcode.heightMm', 'bottom', barcode.yMm + barcode.heightMm, definition.labelHeightMm);
    const sample = SAMPLE_BARCODE_TEXTS[barcode.kind];
    try {
      placeBarcode(barcode.kind, sample, barcodeAreaOf(definition, barcode.kind));
    } catch (error) {
      if (!isDomainError(error)) throw error;
      throw templateDefinitionErrors.template_barcode_unprintable({ sample, reasonJa: error.messages.ja, reasonEn: error.messages.en }, { field: 'barcode.widthMm' });
    }
  }

  return definition;
}
