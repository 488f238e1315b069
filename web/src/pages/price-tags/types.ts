// Shapes of the price tag API, as the screens read them.

/** A tag template; lengths in millimetres. */
export interface TagTemplate {
  name: string;
  description: { ja: string; en: string };
  labelWidthMm: number;
  labelHeightMm: number;
  labelsPerPage: number;
  dpi: number;
  barcodeKind: BarcodeKind | null;
  /** Kinds whose code fits the template at a readable bar width. */
  barcodeKinds: BarcodeKind[];
}

export type BarcodeKind = 'code128' | 'ean13' | 'qr';

/** The pieces to print: named by stock number, or every piece received on a purchase. */
export type TagPrintSource = { stockNumbers: string[] } | { purchaseId: number };

/** A piece whose tag shows another price than its current one; prices in yen, tax included. */
export interface ReprintRow {
  itemId: number;
  stockNumber: string;
  name: string;
  location: string | null;
  printedPriceIncludingTax: number;
  currentPriceIncludingTax: number;
  printedAt: string;
}

export interface ReprintList {
  items: ReprintRow[];
  total: number;
  page: number;
  pageSize: number;
}

export interface TagStatus {
  itemId: number;
  currentPriceIncludingTax: number;
  lastPrint: { priceIncludingTax: number; template: string; printedAt: string } | null;
  stale: boolean;
}

/** Maximum pieces of one print request, as the API accepts. */
export const MAX_TAGS_PER_PRINT = 1000;
