import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';

// PDF documents with Japanese text. Noto Sans JP comes from the installed npm package
// @expo-google-fonts/noto-sans-jp, so nothing is downloaded. pdfkit embeds only the glyphs
// used (a subset), so a one-page document stays small.

const require = createRequire(import.meta.url);
const FONT_FILES = {
  regular: '@expo-google-fonts/noto-sans-jp/400Regular/NotoSansJP_400Regular.ttf',
  bold: '@expo-google-fonts/noto-sans-jp/700Bold/NotoSansJP_700Bold.ttf',
} as const;

/** Names the fonts are registered under in every document opened here. */
export const REGULAR_FONT = 'NotoSansJP';
export const BOLD_FONT = 'NotoSansJP-Bold';

export type PdfDoc = InstanceType<typeof PDFDocument>;

interface FontData {
  regular: Buffer;
  bold: Buffer;
}

let fontData: Promise<FontData> | undefined;

/** Reads both fonts once per process (about 5.5 MB each) and keeps them for later documents. */
export function loadFonts(): Promise<FontData> {
  fontData ??= Promise.all([readFile(require.resolve(FONT_FILES.regular)), readFile(require.resolve(FONT_FILES.bold))]).then(
    ([regular, bold]) => ({ regular, bold }),
    (error: unknown) => {
      fontData = undefined;
      throw error;
    },
  );
  return fontData;
}

/**
 * Opens a pdfkit document with both Japanese fonts registered, and a promise of the whole
 * file that resolves after the caller's `doc.end()`.
 */
export async function openJapanesePdf(options: PDFKit.PDFDocumentOptions): Promise<{ doc: PdfDoc; finished: Promise<Buffer> }> {
  const fonts = await loadFonts();
  const doc = new PDFDocument(options);
  doc.registerFont(REGULAR_FONT, fonts.regular);
  doc.registerFont(BOLD_FONT, fonts.bold);

  const chunks: Buffer[] = [];
  const finished = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  return { doc, finished };
}
