import { describe, expect, it } from 'vitest';
import { changedNamePaths } from '../../web/src/lib/formErrors.js';
import { mapItemField, toItemAttributes, toItemFormValues } from '../../web/src/pages/items/itemFormValues.js';
import { hasSellerInput, isBlank, isMyNumber, lineAmount, mapPurchaseField, toRequestLine } from '../../web/src/pages/purchases/purchaseLines.js';

describe('item form values', () => {
  it('toItemAttributes converts to base units', () => {
    const attributes = toItemAttributes({
      name: 'リング',
      category: 'ring',
      metalWeightG: 3.5,
      mainStoneCaratCt: 0.305,
      sideStonesCaratCt: 0.12,
      ringSize: 11.5,
      lengthCm: 45.5,
      cost: 85000,
      retailPrice: 198000,
    });
    expect(attributes.metalWeightCg).toBe(350);
    expect(attributes.mainStoneCaratMct).toBe(305);
    expect(attributes.sideStonesCaratMct).toBe(120);
    expect(attributes.ringSizeTenths).toBe(115);
    expect(attributes.lengthMm).toBe(455);
  });

  it('toItemAttributes sends blanks as null', () => {
    const attributes = toItemAttributes({ name: 'x', category: 'ring', stockNumber: '  ', brand: '', metal: ' ', cost: 1, retailPrice: 2 });
    expect(attributes.stockNumber).toBeUndefined();
    expect(attributes.brand).toBeNull();
    expect(attributes.metal).toBeNull();
    expect(attributes.metalWeightCg).toBeNull();
  });

  it('toItemAttributes leaves out a missing cost', () => {
    // A form without the cost input (no cost.view) must not send cost: 0 over the stored cost.
    const body = JSON.parse(JSON.stringify(toItemAttributes({ name: 'x', category: 'ring', retailPrice: 2 }))) as Record<string, unknown>;
    expect(body).not.toHaveProperty('cost');
    expect(toItemAttributes({ name: 'x', category: 'ring', cost: 0, retailPrice: 2 }).cost).toBe(0);
  });

  it('toItemAttributes keeps grade only for pre-owned', () => {
    expect(toItemAttributes({ name: 'x', category: 'ring', condition: 'new', conditionGrade: 'A' }).conditionGrade).toBeNull();
    expect(toItemAttributes({ name: 'x', category: 'ring', condition: 'pre_owned', conditionGrade: 'A' }).conditionGrade).toBe('A');
  });

  it('toItemAttributes counts unique pieces in pieces', () => {
    expect(toItemAttributes({ name: 'x', category: 'other', tracking: 'unique', unit: 'cg' }).unit).toBe('piece');
    expect(toItemAttributes({ name: 'x', category: 'other', tracking: 'quantity', unit: 'cg' }).unit).toBe('cg');
  });

  it('toItemAttributes drops empty photos and tags', () => {
    const attributes = toItemAttributes({ name: 'x', category: 'ring', tags: [' gift ', ''], photos: [{ url: ' /p/1.jpg ' }, { url: '' }] });
    expect(attributes.tags).toEqual(['gift']);
    expect(attributes.photos).toEqual([{ url: '/p/1.jpg', altText: null }]);
  });

  it('toItemFormValues reverses the units', () => {
    const values = toItemFormValues({ metalWeightCg: 350, mainStoneCaratMct: 305, sideStonesCaratMct: null, ringSizeTenths: 115, lengthMm: 455 } as never);
    expect(values.metalWeightG).toBe(3.5);
    expect(values.mainStoneCaratCt).toBe(0.305);
    expect(values.sideStonesCaratCt).toBeNull();
    expect(values.ringSize).toBe(11.5);
    expect(values.lengthCm).toBe(45.5);
  });

  it('mapItemField renames unit fields', () => {
    expect(mapItemField(['metalWeightCg'])).toEqual(['metalWeightG']);
    expect(mapItemField(['lines', 0, 'ringSizeTenths'])).toEqual(['lines', 0, 'ringSize']);
    expect(mapItemField(['name'])).toEqual(['name']);
  });
});

describe('purchase slip lines', () => {
  it('mapPurchaseField places item errors on the line', () => {
    expect(mapPurchaseField(['lines', 2, 'item', 'name'])).toEqual(['lines', 2, 'name']);
    expect(mapPurchaseField(['lines', 2, 'item', 'mainStoneCaratMct'])).toEqual(['lines', 2, 'mainStoneCaratCt']);
    expect(mapPurchaseField(['lines', 1, 'itemId'])).toEqual(['lines', 1, 'stockNumber']);
    expect(mapPurchaseField(['lines', 1, 'unitCost'])).toEqual(['lines', 1, 'unitCost']);
    expect(mapPurchaseField(['seller', 'birthDate'])).toEqual(['seller', 'birthDate']);
  });

  it('toRequestLine sends a new item with its cost', () => {
    const line = toRequestLine({ name: 'リング', category: 'ring', unitCost: 85000, retailPrice: 198000, quantity: 1, features: '刻印あり' }, false);
    expect(line).toMatchObject({ quantity: 1, unitCost: 85000, features: undefined });
    const { item } = line as { item?: { cost: number; name: string } };
    expect(item?.cost).toBe(85000);
    expect(item?.name).toBe('リング');
  });

  it('toRequestLine sends features for pre-owned goods', () => {
    expect(toRequestLine({ name: 'x', category: 'ring', unitCost: 1, features: '刻印あり' }, true).features).toBe('刻印あり');
  });

  it('toRequestLine refers to an existing item', () => {
    const existing = { id: 7, stockNumber: 'CH-1', name: 'Chain', tracking: 'quantity' as const, unit: 'cm' as const };
    expect(toRequestLine({ existing, quantity: 45, unitCost: 300 }, false)).toEqual({ itemId: 7, quantity: 45, unitCost: 300, features: undefined });
  });

  it('toRequestLine sends quantity 1 for unique pieces', () => {
    const line = toRequestLine({ name: 'x', category: 'ring', tracking: 'unique', quantity: 3, unitCost: 10 }, false);
    expect(line.quantity).toBe(1);
  });

  it('lineAmount multiplies quantity and cost', () => {
    expect(lineAmount({ quantity: 45, unitCost: 300 })).toBe(13500);
    expect(lineAmount({})).toBe(0);
  });

  it('isBlank ignores defaults only', () => {
    expect(isBlank({ category: 'ring', tracking: 'unique', quantity: 1 })).toBe(true);
    expect(isBlank({ category: 'ring', name: 'x' })).toBe(false);
    expect(isBlank({ unitCost: 0 })).toBe(false);
  });
});

describe('changedNamePaths', () => {
  it('lists a top-level field', () => {
    expect(changedNamePaths({ invoiceRegistrationNumber: 'T7000012050002' })).toEqual([['invoiceRegistrationNumber']]);
  });

  it('lists a changed slip line field', () => {
    // Form.List reports a change as a sparse array holding only the changed line.
    const changed = { lines: [] as unknown[] };
    changed.lines[2] = { metal: 'K18' };
    expect(changedNamePaths(changed)).toEqual([['lines'], ['lines', 2], ['lines', 2, 'metal']]);
  });

  it('lists tags and their entries', () => {
    expect(changedNamePaths({ tags: ['gift'] })).toEqual([['tags'], ['tags', 0]]);
  });

  it('stops at non-plain objects', () => {
    expect(changedNamePaths({ seller: { birthDate: new Date(0) } })).toEqual([['seller'], ['seller', 'birthDate']]);
  });
});

describe('seller checks', () => {
  it('hasSellerInput ignores blanks', () => {
    expect(hasSellerInput(undefined)).toBe(false);
    expect(hasSellerInput({ name: '  ', age: null })).toBe(false);
  });

  it('hasSellerInput sees typed details', () => {
    expect(hasSellerInput({ name: '山田 花子' })).toBe(true);
    expect(hasSellerInput({ age: 0 })).toBe(true);
    expect(hasSellerInput({ idCheckMethod: 'passport' })).toBe(true);
  });

  it('isMyNumber finds 12-digit numbers', () => {
    expect(isMyNumber('123456789012')).toBe(true);
    expect(isMyNumber('1234 5678 9012')).toBe(true);
    expect(isMyNumber('1234-5678-9012')).toBe(true);
    expect(isMyNumber('１２３４５６７８９０１２')).toBe(true);
  });

  it('isMyNumber allows other numbers', () => {
    expect(isMyNumber('AB1234567')).toBe(false);
    expect(isMyNumber('12345678901')).toBe(false);
    expect(isMyNumber('')).toBe(false);
  });
});
