import { z } from 'zod';

/** Language of the printed receipt, by default the signed-in user's. */
const receiptLocale = z.enum(['ja', 'en']).optional().describe("ja or en; the signed-in user's language when left out");

export const receiptHtmlQuery = z.object({
  width: z.enum(['58', '80']).default('80').describe('roll width in mm: 58 or 80 (the default)'),
  locale: receiptLocale,
});

export const receiptPdfQuery = z.object({ locale: receiptLocale });
