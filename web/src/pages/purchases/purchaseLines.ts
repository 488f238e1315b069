import type { FieldNameMapper } from '../../api/hooks.js';
import type { ItemSummary } from '../../api/types.js';
import { mapItemField, toItemAttributes, type ItemFormValues } from '../items/itemFormValues.js';
import type { SellerValues } from './SellerFields.js';

/** An item already in the catalogue, put on the slip by scanning its code. */
export interface ExistingItem {
  id: number;
  stockNumber: string;
  name: string;
  tracking: 'unique' | 'quantity';
  unit: ItemSummary['unit'];
}

/** One slip line: a new item's attributes, or `existing` for more of a catalogued item. */
export interface PurchaseLineValues extends ItemFormValues {
  existing?: ExistingItem;
  /** In the item's base unit; a unique piece is always 1. */
  quantity?: number;
  /** Tax-excluded cost per unit in yen. */
  unitCost?: number | null;
  /** Distinguishing features for the secondhand ledger (scratches, engravings, serial numbers). */
  features?: string;
}

export interface PurchaseFormValues {
  supplierId?: number;
  locationId?: number;
  purchasedOn?: string;
  supplierDocumentNumber?: string;
  taxRatePercent?: number;
  isSecondhand?: boolean;
  note?: string;
  seller?: SellerValues;
  lines: PurchaseLineValues[];
}

export function blankLine(previous?: PurchaseLineValues): PurchaseLineValues {
  return {
    // A new line repeats the previous line's category, since a parcel is often of one kind.
    category: previous?.category ?? 'ring',
    tracking: 'unique',
    condition: previous?.condition ?? 'new',
    quantity: 1,
  };
}

/** Whether the user has typed any seller detail, which would be lost by leaving the page. */
export function hasSellerInput(seller: SellerValues | undefined): boolean {
  if (!seller) return false;
  return Object.values(seller).some((value) => value !== undefined && value !== null && String(value).trim() !== '');
}

/** Whether text is a 12-digit individual number, ignoring spaces and hyphens and accepting full-width digits. */
export function isMyNumber(text: string): boolean {
  return /^\d{12}$/.test(text.normalize('NFKC').replace(/[\s-]/g, ''));
}

export function isBlank(line: PurchaseLineValues): boolean {
  return !line.existing && !line.stockNumber && !line.name && (line.unitCost === undefined || line.unitCost === null);
}

/** Tax-excluded amount of a line in yen. */
export function lineAmount(line: PurchaseLineValues): number {
  return (line.quantity ?? 1) * (line.unitCost ?? 0);
}

/** Builds the request line: more of an existing item by id, or a new item with its attributes. */
export function toRequestLine(line: PurchaseLineValues, isSecondhand: boolean) {
  const features = isSecondhand ? line.features : undefined;
  if (line.existing) return { itemId: line.existing.id, quantity: line.quantity ?? 1, unitCost: line.unitCost ?? 0, features };
  const quantity = line.tracking === 'quantity' ? (line.quantity ?? 1) : 1;
  return { item: toItemAttributes({ ...line, cost: line.unitCost ?? 0 }), quantity, unitCost: line.unitCost ?? 0, features };
}

/**
 * Maps API field paths to the slip form. The form keeps a new item's attributes on the line
 * itself, so "lines.3.item.name" goes to ['lines', 3, 'name']. Errors about an existing item
 * ("lines.3.itemId") go to its stock number.
 */
export const mapPurchaseField: FieldNameMapper = (path) => {
  const withoutItem = path[0] === 'lines' && path[2] === 'item' ? [...path.slice(0, 2), ...path.slice(3)] : path;
  const mapped = mapItemField(withoutItem) ?? withoutItem;
  return mapped[0] === 'lines' && mapped[2] === 'itemId' ? [...mapped.slice(0, 2), 'stockNumber'] : mapped;
};
