import { BOLD_FONT as BOLD, openJapanesePdf, REGULAR_FONT as REGULAR } from '../../shared/pdf.js';
import type { Locale } from '../../shared/errors.js';
import { formatJapanTime } from '../../shared/time.js';
import type { ExhibitionLine, ExhibitionOutput } from './schemas.js';

// The printable carry-out list (持ち出しリスト): one row per piece with empty boxes that the
// staff tick when packing and when checking in, in the user's language, on A4. A consigned
// piece gets a second line under its name with its owner, so that staff see it is not ours.

/** Page margin, row height and the height each further line in a cell adds, in PDF points (1/72 inch). */
const MARGIN = 40;
const ROW_HEIGHT = 18;
const EXTRA_LINE_HEIGHT = 10;

const LABELS = {
  ja: {
    title: '持ち出しリスト',
    venue: '会場',
    period: '会期',
    location: '拠点コード',
    printedAt: '印刷日時',
    columns: ['No.', '在庫番号', '品名', '持ち出し元', '上代（税込）', '状態', '出', '戻'],
    states: { out: '持ち出し中', sold: '販売済み', returned: '戻し済み', missing: '不明', written_off: '償却済み' },
    total: (count: number, amount: string) => `合計 ${count} 点　上代 ${amount}`,
    consigned: (name: string) => `受託: ${name}`,
  },
  en: {
    title: 'Carry-out list',
    venue: 'Venue',
    period: 'Dates',
    location: 'Location code',
    printedAt: 'Printed',
    columns: ['No.', 'Stock no.', 'Item', 'From', 'Retail (tax incl.)', 'State', 'Out', 'In'],
    states: { out: 'Out', sold: 'Sold', returned: 'Returned', missing: 'Missing', written_off: 'Written off' },
    total: (count: number, amount: string) => `Total ${count} pieces, retail ${amount}`,
    consigned: (name: string) => `Consigned: ${name}`,
  },
} as const;

/** Column widths in points. They add up to the A4 width (595) less both margins. */
const WIDTHS = [28, 78, 150, 84, 72, 55, 24, 24];

function yen(amount: number): string {
  return `¥${amount.toLocaleString('ja-JP')}`;
}

/** Renders the carry-out list of an exhibition as a PDF in `locale`. */
export async function carryOutListPdf(exhibition: ExhibitionOutput, lines: readonly ExhibitionLine[], locale: Locale): Promise<Buffer> {
  const labels = LABELS[locale];
  const { doc, finished } = await openJapanesePdf({
    size: 'A4',
    margins: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN },
    lang: locale === 'ja' ? 'ja-JP' : 'en',
    info: { Title: `${labels.title} ${exhibition.name}` },
  });

  doc.font(BOLD).fontSize(16).text(`${labels.title}　${exhibition.name}`);
  doc.font(REGULAR).fontSize(9);
  doc.text(`${labels.venue}: ${exhibition.venue ?? '-'}　${labels.period}: ${exhibition.startsOn} – ${exhibition.endsOn}`);
  doc.text(`${labels.location}: ${exhibition.locationCode}　${labels.printedAt}: ${formatJapanTime(new Date().toISOString())}`);
  doc.moveDown(0.5);

  // Each cell is one string, or several lines for a cell that needs more than one.
  const drawRow = (cells: ReadonlyArray<string | readonly string[]>, bold: boolean) => {
    const lineCount = Math.max(...cells.map((cell) => (typeof cell === 'string' ? 1 : cell.length)));
    const height = ROW_HEIGHT + (lineCount - 1) * EXTRA_LINE_HEIGHT;
    if (doc.y + height > doc.page.height - MARGIN) doc.addPage();

    const top = doc.y;
    let x = MARGIN;
    doc.font(bold ? BOLD : REGULAR).fontSize(8);
    for (const [index, cell] of cells.entries()) {
      const width = WIDTHS[index]!;
      doc.rect(x, top, width, height).stroke('#999999');
      const lines = typeof cell === 'string' ? [cell] : cell;
      for (const [lineIndex, text] of lines.entries()) {
        const lineTop = top + 5 + lineIndex * EXTRA_LINE_HEIGHT;
        doc.fillColor('#000000').text(text, x + 3, lineTop, { width: width - 6, height: ROW_HEIGHT - 6, lineBreak: false, ellipsis: true, align: index === 4 ? 'right' : 'left' });
      }
      x += width;
    }
    doc.x = MARGIN;
    doc.y = top + height;
  };

  drawRow(labels.columns, true);
  for (const [index, line] of lines.entries()) {
    const item = line.consignor ? [line.itemName, labels.consigned(line.consignor.name)] : line.itemName;
    drawRow([String(index + 1), line.stockNumber, item, line.fromLocationName, yen(line.retailPrice), labels.states[line.state], '', ''], false);
  }

  doc.moveDown(0.5);
  const retailTotal = lines.reduce((sum, line) => sum + line.retailPrice, 0);
  doc.font(BOLD).fontSize(9).text(labels.total(lines.length, yen(retailTotal)), MARGIN);
  doc.end();
  return finished;
}
