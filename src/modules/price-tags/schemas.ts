import { z } from 'zod';
import { BARCODE_KINDS } from './barcodes.js';

/** One price tag template as the API lists it; lengths in millimetres. */
export const tagTemplateOutput = z.object({
  name: z.string(),
  description: z.object({ ja: z.string(), en: z.string() }),
  pageWidthMm: z.number(),
  pageHeightMm: z.number(),
  labelWidthMm: z.number(),
  labelHeightMm: z.number(),
  labelsPerPage: z.number().int(),
  dpi: z.number().int(),
  barcodeKind: z.enum(BARCODE_KINDS as [string, ...string[]]).nullable(),
  fields: z.array(z.string()),
});

export type TagTemplateOutput = z.infer<typeof tagTemplateOutput>;
