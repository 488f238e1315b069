import type { FieldNameMapper } from '../../api/hooks.js';
import type { Item, ItemAttributes } from '../../api/types.js';
import { fromBaseUnits, toBaseUnits } from '../../lib/format.js';

/**
 * Item attributes as the form stores them: measures in the units people use (g, ct, 号, cm)
 * and tags as a list. toItemAttributes converts them to the API's integer base units.
 */
export interface ItemFormValues {
  stockNumber?: string;
  janCode?: string | null;
  tracking?: 'unique' | 'quantity';
  unit?: Item['unit'];
  name?: string;
  category?: string;
  brand?: string | null;
  metal?: string | null;
  metalWeightG?: number | null;
  mainStoneKind?: string | null;
  mainStoneCaratCt?: number | null;
  mainStoneShape?: string | null;
  mainStoneColor?: string | null;
  mainStoneClarity?: string | null;
  mainStoneCut?: string | null;
  sideStonesCaratCt?: number | null;
  ringSize?: number | null;
  lengthCm?: number | null;
  condition?: 'new' | 'pre_owned';
  conditionGrade?: string | null;
  certificateKind?: string | null;
  certificateIssuer?: string | null;
  certificateNumber?: string | null;
  cost?: number | null;
  retailPrice?: number | null;
  priceBasis?: 'included' | 'excluded';
  taxRatePercent?: number;
  description?: string | null;
  tags?: string[];
  supplierId?: number | null;
  photos?: Array<{ url?: string; altText?: string | null }>;
}

/** API field name → form field name, where the form shows another unit. */
const FORM_FIELD_OF: Record<string, string> = {
  metalWeightCg: 'metalWeightG',
  mainStoneCaratMct: 'mainStoneCaratCt',
  sideStonesCaratMct: 'sideStonesCaratCt',
  ringSizeTenths: 'ringSize',
  lengthMm: 'lengthCm',
};

/** Places API field errors ("lines.0.metalWeightCg") on the form fields that show them. */
export const mapItemField: FieldNameMapper = (path) => path.map((part) => (typeof part === 'string' ? (FORM_FIELD_OF[part] ?? part) : part));

const blankToNull = (value: string | null | undefined) => (value === undefined || value === null || value.trim() === '' ? null : value);

export function toItemAttributes(values: ItemFormValues): ItemAttributes {
  return {
    stockNumber: blankToNull(values.stockNumber) ?? undefined,
    janCode: blankToNull(values.janCode),
    tracking: values.tracking ?? 'unique',
    unit: values.tracking === 'quantity' ? (values.unit ?? 'piece') : 'piece',
    name: values.name ?? '',
    category: values.category ?? '',
    brand: blankToNull(values.brand),
    metal: blankToNull(values.metal),
    metalWeightCg: toBaseUnits(values.metalWeightG, 100),
    mainStoneKind: blankToNull(values.mainStoneKind),
    mainStoneCaratMct: toBaseUnits(values.mainStoneCaratCt, 1000),
    mainStoneShape: values.mainStoneShape ?? null,
    mainStoneColor: blankToNull(values.mainStoneColor),
    mainStoneClarity: values.mainStoneClarity ?? null,
    mainStoneCut: values.mainStoneCut ?? null,
    sideStonesCaratMct: toBaseUnits(values.sideStonesCaratCt, 1000),
    ringSizeTenths: toBaseUnits(values.ringSize, 10),
    lengthMm: toBaseUnits(values.lengthCm, 10),
    condition: values.condition ?? 'new',
    conditionGrade: values.condition === 'pre_owned' ? (values.conditionGrade ?? null) : null,
    certificateKind: values.certificateKind ?? null,
    certificateIssuer: blankToNull(values.certificateIssuer),
    certificateNumber: blankToNull(values.certificateNumber),
    // A form without the cost input (no 'cost.view') leaves cost out, so the stored cost stays as it is.
    cost: values.cost ?? undefined,
    retailPrice: values.retailPrice ?? 0,
    // Left out when the form has no switch, so a new item is tax-included and an update keeps its basis.
    priceBasis: values.priceBasis,
    taxRatePercent: values.taxRatePercent,
    description: blankToNull(values.description),
    tags: (values.tags ?? []).map((tag) => tag.trim()).filter(Boolean),
    supplierId: values.supplierId ?? null,
    photos: (values.photos ?? []).filter((photo) => photo.url && photo.url.trim() !== '').map((photo) => ({ url: photo.url!.trim(), altText: blankToNull(photo.altText) })),
  };
}

export function toItemFormValues(item: Item & { photos?: Array<{ url: string; altText: string | null }> }): ItemFormValues {
  return {
    ...item,
    metalWeightG: fromBaseUnits(item.metalWeightCg, 100),
    mainStoneCaratCt: fromBaseUnits(item.mainStoneCaratMct, 1000),
    sideStonesCaratCt: fromBaseUnits(item.sideStonesCaratMct, 1000),
    ringSize: fromBaseUnits(item.ringSizeTenths, 10),
    lengthCm: fromBaseUnits(item.lengthMm, 10),
    photos: item.photos?.map((photo) => ({ url: photo.url, altText: photo.altText })) ?? [],
  };
}
