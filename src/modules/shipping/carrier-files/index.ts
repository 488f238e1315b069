import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { isDomainError } from '../../../shared/errors.js';
import { decodeCsvBytes, encodeCp932, type DecodedCsv } from '../../item-csv/encoding.js';
import { CARRIER_NAMES, normalizeTrackingNumber } from '../tracking.js';
import {
  CARRIER_SERVICES,
  FORMAT_CARRIER,
  type CarrierFileFormat,
  type CarrierService,
  type ExportProblem,
  type IssuedRow,
  type ShipmentForExport,
  type ShippingSettings,
} from '../types.js';
import { JAPANPOST_CLICKPOST_HEADER, JAPANPOST_YUPRI_HEADER, japanpostClickpostRow, japanpostYupriRow } from './japanpost.js';
import { SAGAWA_EHIDEN_HEADER, sagawaEhidenRow } from './sagawa-ehiden.js';
import { YAMATO_B2_HEADER, yamatoB2Row } from './yamato-b2.js';

// Carrier files: building the import file a carrier's waybill software reads, and reading
// back the file it exports after issuing, to learn each shipment's tracking number. Both
// are pure: bytes in, bytes or rows out.

type RowBuilder = (shipment: ShipmentForExport, settings: ShippingSettings) => { fields: string[]; problems: ExportProblem[] };

interface FileLayout {
  /** Header row; every format here writes one (see each format's file for the import setting). */
  header: readonly string[];
  row: RowBuilder;
  services: readonly CarrierService[];
  fileStem: string;
  label: { ja: string; en: string };
}

const LAYOUTS: Record<CarrierFileFormat, FileLayout> = {
  // B2 treats the header as optional: set its import start row (取込開始行) to 2.
  yamato_b2: { header: YAMATO_B2_HEADER, row: yamatoB2Row, services: CARRIER_SERVICES.yamato, fileStem: 'yamato-b2', label: { ja: 'B2クラウド', en: 'B2 Cloud' } },
  sagawa_ehiden: {
    header: SAGAWA_EHIDEN_HEADER,
    row: sagawaEhidenRow,
    services: CARRIER_SERVICES.sagawa,
    fileStem: 'sagawa-ehiden',
    label: { ja: 'e飛伝Ⅲ', en: 'e-Hiden III' },
  },
  // ゆうプリR maps columns by the user's import filter; the header names the columns for it.
  japanpost_yupri: {
    header: JAPANPOST_YUPRI_HEADER,
    row: japanpostYupriRow,
    services: ['yupack', 'yupack_collect', 'yupacket'],
    fileStem: 'japanpost-yupri',
    label: { ja: 'ゆうプリR', en: 'Yu-Pri R' },
  },
  // NOTE: unverified whether the クリックポスト upload skips a header row; the names are those
  // a third-party uploader writes as its first line.
  japanpost_clickpost: {
    header: JAPANPOST_CLICKPOST_HEADER,
    row: japanpostClickpostRow,
    services: ['clickpost'],
    fileStem: 'japanpost-clickpost',
    label: { ja: 'クリックポスト', en: 'Click Post' },
  },
};

/** MIME type of every carrier file: CSV in Shift_JIS (CP932). */
const CONTENT_TYPE = 'text/csv; charset=Shift_JIS';

function problem(shipmentNumber: string, field: string, code: string, ja: string, en: string): ExportProblem {
  return { shipmentNumber, field, code, message: { ja, en } };
}

/** Lists why a shipment cannot go into a file of this format at all: another carrier, a service the format does not take, or a repeat. */
function admissionProblems(format: CarrierFileFormat, shipment: ShipmentForExport, seen: Set<string>): ExportProblem[] {
  const layout = LAYOUTS[format];
  const carrier = FORMAT_CARRIER[format];

  if (seen.has(shipment.number)) {
    return [
      problem(
        shipment.number,
        'number',
        'duplicate',
        'この出荷は同じファイルにすでに入っています。二重発行を防ぐため 1 行だけにしました。',
        'This shipment is already in the file; it was written once to avoid issuing it twice.',
      ),
    ];
  }

  if (shipment.carrier !== carrier) {
    const actual = CARRIER_NAMES[shipment.carrier];
    return [
      problem(
        shipment.number,
        'carrier',
        'wrong_carrier',
        `配送業者が${actual.ja}なので${layout.label.ja}のファイルには入れられません。${CARRIER_NAMES[carrier].ja}の出荷だけを選んでください。`,
        `The carrier is ${actual.en}, so it cannot go into the ${layout.label.en} file. Select ${CARRIER_NAMES[carrier].en} shipments only.`,
      ),
    ];
  }

  if (!layout.services.includes(shipment.service)) {
    return [
      problem(
        shipment.number,
        'service',
        'unsupported',
        `配送サービス「${shipment.service}」は${layout.label.ja}のファイルで発行できません。`,
        `The service "${shipment.service}" cannot be issued through the ${layout.label.en} file.`,
      ),
    ];
  }

  return [];
}

/**
 * Builds a carrier import file from shipments. Each shipment is checked in full, and one
 * with any problem is left out of `rows` and `bytes` (its problems are returned), so the
 * file never contains a cut or guessed value. `bytes` is the header and the good rows as
 * CSV in CP932 with CRLF line ends, quoted where a field contains a comma, quote or line break.
 */
export function buildCarrierFile(
  format: CarrierFileFormat,
  shipments: ShipmentForExport[],
  settings: ShippingSettings,
): { bytes: Buffer; fileName: string; contentType: string; rows: string[][]; problems: ExportProblem[] } {
  const layout = LAYOUTS[format];
  const rows: string[][] = [];
  const problems: ExportProblem[] = [];
  const seen = new Set<string>();
  const shipDates: string[] = [];

  for (const shipment of shipments) {
    const notAdmitted = admissionProblems(format, shipment, seen);
    seen.add(shipment.number);
    if (notAdmitted.length > 0) {
      problems.push(...notAdmitted);
      continue;
    }

    const built = layout.row(shipment, settings);
    if (built.problems.length > 0) {
      problems.push(...built.problems);
      continue;
    }
    rows.push(built.fields);
    shipDates.push(shipment.shipDate);
  }

  const text = stringify([[...layout.header], ...rows], { record_delimiter: 'windows' });
  const firstShipDate = shipDates.sort()[0];
  const fileName = firstShipDate === undefined ? `${layout.fileStem}.csv` : `${layout.fileStem}-${firstShipDate.replaceAll('-', '')}.csv`;

  return { bytes: encodeCp932(text), fileName, contentType: CONTENT_TYPE, rows, problems };
}

// ---------------------------------------------------------------------------------------
// Reading issued-waybill files back

type IssuedProblem = { row: number; message: { ja: string; en: string } };

/** Positions of the management number and the tracking number in an issued file. */
interface IssuedLayout {
  format: CarrierFileFormat;
  managementIndex: number;
  trackingIndex: number;
  trackingColumn: string;
  hasHeader: boolean;
}

/** Folds a header name for matching: NFKC (１ → 1, ｅ → e), no spaces, lower case, no dots (No. → no). */
function foldHeaderName(name: string): string {
  return name.normalize('NFKC').replace(/\s+/g, '').toLowerCase().replace(/\./g, '');
}

/** お問い合せ / お問合せ / お問い合わせ / お問合わせ, as carriers and users spell it. */
const INQUIRY = 'お問い?合わ?せ';
const SAGAWA_TRACKING_NAME = new RegExp(`^(${INQUIRY})?送り状(no|番号)$`);
const YUPRI_TRACKING_NAME = new RegExp(`^(追跡番号|${INQUIRY}番号)$`);

/** Recognises an issued file by its header: B2 (お客様管理番号 + 伝票番号), e飛伝 (+ 送り状No.) or ゆうプリR (お客様側管理番号 + 追跡番号). */
function layoutFromHeader(record: string[]): IssuedLayout | null {
  const names = record.map(foldHeaderName);
  const management = names.indexOf('お客様管理番号');
  const b2Tracking = names.indexOf('伝票番号');
  const sagawaTracking = names.findIndex((name) => SAGAWA_TRACKING_NAME.test(name));
  const yupriManagement = names.indexOf('お客様側管理番号');
  const yupriTracking = names.findIndex((name) => YUPRI_TRACKING_NAME.test(name));

  if (management >= 0 && b2Tracking >= 0) {
    return { format: 'yamato_b2', managementIndex: management, trackingIndex: b2Tracking, trackingColumn: record[b2Tracking]!, hasHeader: true };
  }
  if (management >= 0 && sagawaTracking >= 0) {
    return { format: 'sagawa_ehiden', managementIndex: management, trackingIndex: sagawaTracking, trackingColumn: record[sagawaTracking]!, hasHeader: true };
  }
  if (yupriManagement >= 0 && yupriTracking >= 0) {
    return { format: 'japanpost_yupri', managementIndex: yupriManagement, trackingIndex: yupriTracking, trackingColumn: record[yupriTracking]!, hasHeader: true };
  }
  return null;
}

/**
 * Recognises a file without a header by its width, laid out like tsunagu's export. With 95
 * fields or more it is B2 (number in column 1, 伝票番号 in column 4), because B2's newer
 * layout has 97. With exactly 74 it is e飛伝 (columns 10 and 62).
 */
function layoutFromShape(record: string[]): IssuedLayout | null {
  if (record.length >= YAMATO_B2_HEADER.length) {
    return { format: 'yamato_b2', managementIndex: 0, trackingIndex: 3, trackingColumn: '伝票番号', hasHeader: false };
  }
  if (record.length === SAGAWA_EHIDEN_HEADER.length) {
    return { format: 'sagawa_ehiden', managementIndex: 9, trackingIndex: 61, trackingColumn: 'お問い合せ送り状No.', hasHeader: false };
  }
  return null;
}

/** Decodes UTF-8 (BOM or not) when the bytes are valid UTF-8, CP932 otherwise. */
function decodeIssuedBytes(bytes: Buffer): { text: string } | { problem: IssuedProblem } {
  let decoded: DecodedCsv;
  try {
    decoded = decodeCsvBytes(bytes, 'auto');
  } catch (error) {
    if (!isDomainError(error)) throw error;
    const line = Number(error.params.line ?? 1);
    return {
      problem: {
        row: line,
        message: {
          ja: `${line} 行目が UTF-8 としても Shift_JIS (CP932) としても読めません。配送業者のソフトから書き出したファイルをそのまま選んでください。`,
          en: `Line ${line} is neither UTF-8 nor Shift_JIS (CP932). Choose the file exactly as the carrier's software exported it.`,
        },
      },
    };
  }
  return { text: decoded.text };
}

/**
 * Reads an issued-waybill file (B2 クラウド export, e飛伝 export, ゆうプリR export, or one of
 * these without a header) and returns each row's management number and tracking number.
 * The tracking number is folded (no hyphens or spaces, half-width) but its check digit is
 * not checked, because the rule depends on the shipment's carrier. Rows without either
 * number, and rows whose width differs from the header's, are reported by line and left out.
 */
export function parseIssuedFile(bytes: Buffer): { format: CarrierFileFormat | null; rows: IssuedRow[]; problems: IssuedProblem[] } {
  const decoded = decodeIssuedBytes(bytes);
  if ('problem' in decoded) return { format: null, rows: [], problems: [decoded.problem] };

  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(decoded.text, { relax_column_count: true, skip_empty_lines: true, info: true }) as unknown as typeof records;
  } catch (error) {
    const line = typeof (error as { lines?: unknown }).lines === 'number' ? (error as { lines: number }).lines : 1;
    return {
      format: null,
      rows: [],
      problems: [
        {
          row: line,
          message: {
            ja: `${line} 行目付近が CSV として読めません（引用符 " の閉じ忘れなど）。書き出したファイルをそのまま選んでください。`,
            en: `The file is not valid CSV near line ${line} (for example an unclosed quote "). Choose the file exactly as it was exported.`,
          },
        },
      ],
    };
  }

  const first = records[0];
  if (first === undefined) {
    const message = {
      ja: 'ファイルが空です。配送業者のソフトから書き出した発行済みファイルを選んでください。',
      en: "The file is empty. Choose the issued-waybill file exported from the carrier's software.",
    };
    return { format: null, rows: [], problems: [{ row: 1, message }] };
  }

  const layout = layoutFromHeader(first.record) ?? layoutFromShape(first.record);
  if (layout === null) {
    return {
      format: null,
      rows: [],
      problems: [
        {
          row: 1,
          message: {
            ja: '送り状発行済みファイルの形式がわかりません。見出しに「お客様管理番号」と「伝票番号」（B2クラウド）、「お問い合せ送り状No.」（e飛伝）、または「お客様側管理番号」と「追跡番号」（ゆうプリR）がある CSV を選んでください。',
            en: 'The issued-waybill file was not recognised. Choose a CSV whose header has お客様管理番号 and 伝票番号 (B2 Cloud), お問い合せ送り状No. (e-Hiden), or お客様側管理番号 and 追跡番号 (Yu-Pri R).',
          },
        },
      ],
    };
  }

  return { format: layout.format, ...readIssuedRows(records, layout) };
}

/** Reads the data rows of a recognised issued file. */
function readIssuedRows(records: Array<{ record: string[]; info: { lines: number } }>, layout: IssuedLayout): { rows: IssuedRow[]; problems: IssuedProblem[] } {
  const rows: IssuedRow[] = [];
  const problems: IssuedProblem[] = [];
  const width = records[0]!.record.length;

  // NOTE: csv-parse numbers a record by the line it ends on, so a row with a line break
  // inside a quoted field is reported at its last line.
  for (const { record, info } of records.slice(layout.hasHeader ? 1 : 0)) {
    const row = info.lines;

    if (record.length !== width) {
      problems.push({
        row,
        message: {
          ja: `${row} 行目の項目数が ${record.length} で、${layout.hasHeader ? '見出し' : '1 行目'}の ${width} と違います。列がずれている可能性があるので、この行は読みませんでした。`,
          en: `Line ${row} has ${record.length} fields but the ${layout.hasHeader ? 'header' : 'first line'} has ${width}; the columns may be shifted, so the line was not read.`,
        },
      });
      continue;
    }

    const managementNumber = (record[layout.managementIndex] ?? '').trim();
    const trackingNumber = normalizeTrackingNumber(record[layout.trackingIndex] ?? '');
    if (managementNumber === '') {
      problems.push({
        row,
        message: {
          ja: `${row} 行目にお客様管理番号がありません。この行の送り状番号は手で入力してください。`,
          en: `Line ${row} has no management number (お客様管理番号). Enter this row's tracking number by hand.`,
        },
      });
      continue;
    }
    if (trackingNumber === '') {
      problems.push({
        row,
        message: {
          ja: `${row} 行目（お客様管理番号「${managementNumber}」）の「${layout.trackingColumn}」が空です。送り状を発行した後のファイルか確かめてください。`,
          en: `Line ${row} (management number "${managementNumber}") has an empty "${layout.trackingColumn}". Check that the file was exported after issuing the waybills.`,
        },
      });
      continue;
    }

    rows.push({ row, managementNumber, trackingNumber });
  }

  return { rows, problems };
}
