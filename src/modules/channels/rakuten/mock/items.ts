// Items API 2.0 and Inventory API 2.0 behaviour of the mock.
import {
  ErrorList,
  IDENTIFIER,
  byteLength,
  isInt,
  isObject,
  jstIso,
  type RmsError,
} from './support.js';

export type Json = Record<string, unknown>;

export interface StoredItem {
  manageNumber: string;
  body: Json;
  created: Date;
  updated: Date;
}

export interface InventoryRecord {
  manageNumber: string;
  variantId: string;
  quantity: number;
  created: Date;
  updated: Date;
}

export interface CatalogState {
  items: Map<string, StoredItem>;
  /** Keyed by `${manageNumber}\u0000${variantId}`. */
  inventory: Map<string, InventoryRecord>;
}

export const inventoryKey = (manageNumber: string, variantId: string): string => `${manageNumber}\u0000${variantId}`;

export interface Outcome {
  status: number;
  body?: unknown;
}

const bad = (errors: RmsError[], status = 400): Outcome => ({ status, body: { errors } });

/** Validates a manageNumber and returns it lower-cased, or adds an error and returns null. */
export function checkManageNumber(value: unknown, path: string, errors: ErrorList): string | null {
  if (typeof value !== 'string' || value.length === 0) {
    // [unverified] code for a missing required value.
    errors.add('IE0001', `${path} is required.`, path);
    return null;
  }
  if (byteLength(value) > 32) {
    errors.add('IE0004', `Max length of ${leaf(path)} must be within 32 bytes.`, path);
    return null;
  }
  if (!IDENTIFIER.test(value)) {
    // [unverified] the code for forbidden characters; IE0002 is the documented "invalid value" code.
    errors.add('IE0002', `${leaf(path)} has an invalid value : ${value}.`, path);
    return null;
  }
  return value.toLowerCase();
}

function checkVariantId(value: unknown, path: string, errors: ErrorList): string | null {
  if (typeof value !== 'string' || value.length === 0) {
    errors.add('IE0001', `${path} is required.`, path);
    return null;
  }
  if (byteLength(value) > 32) {
    errors.add('IE0004', `Max length of ${leaf(path)} must be within 32 bytes.`, path);
    return null;
  }
  if (!IDENTIFIER.test(value)) {
    errors.add('IE0002', `${leaf(path)} has an invalid value : ${value}.`, path);
    return null;
  }
  return value; // variantId is case-sensitive
}

const leaf = (path: string): string => path.replace(/^.*[.\]]/, '') || path;

// ---------------------------------------------------------------------------
// Item validation (the fields a jewelry listing uses)

const ITEM_TYPES = ['NORMAL', 'PRE_ORDER', 'BUYING_CLUB'];
const IMAGE_TYPES = ['CABINET', 'GOLD'];
const SEARCH_VISIBILITY = ['ALWAYS_VISIBLE', 'ALWAYS_HIDDEN'];
const INVENTORY_DISPLAY = ['DISPLAY_ABSOLUTE_STOCK_COUNT', 'HIDDEN_STOCK', 'DISPLAY_LOW_STOCK'];
const TAX_RATES = ['0', '0.08', '0.1'];

function maxBytes(errors: ErrorList, value: unknown, path: string, max: number): void {
  if (value === undefined || value === null) return;
  if (typeof value !== 'string') {
    errors.add('IE0002', `${leaf(path)} has an invalid value : ${String(value)}.`, path);
  } else if (byteLength(value) > max) {
    errors.add('IE0004', `Max length of ${leaf(path)} must be within ${max} bytes.`, path);
  }
}

function choice(errors: ErrorList, value: unknown, path: string, allowed: string[]): void {
  if (value === undefined) return;
  if (typeof value !== 'string' || !allowed.includes(value)) {
    errors.add('IE0007', `Invalid choice selected for ${leaf(path)}.`, path);
  }
}

function bool(errors: ErrorList, value: unknown, path: string): void {
  if (value !== undefined && typeof value !== 'boolean') {
    errors.add('IE0002', `${leaf(path)} has an invalid value : ${String(value)}.`, path);
  }
}

function intRange(errors: ErrorList, value: unknown, path: string, min: number, max: number): void {
  if (value === undefined || value === null) return;
  const n = typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
  if (!isInt(n)) {
    errors.add('IE0002', `${leaf(path)} has an invalid value : ${String(value)}.`, path);
  } else if (n < min || n > max) {
    errors.add('IE0003', `${leaf(path)} must be between ${min} and ${max}.`, path);
  }
}

function required(errors: ErrorList, value: unknown, path: string): boolean {
  if (value === undefined || value === null || value === '') {
    errors.add('IE0001', `${leaf(path)} is required.`, path); // [unverified] code
    return false;
  }
  return true;
}

/**
 * Validates an upsert body. Order of checks: field formats first, then the genre
 * lookup (IE0146), then rules that need the whole body. The published IE0146 sample
 * omits `articleNumber`, and the service returned only IE0146, so a failed genre
 * lookup ends the validation.
 */
export function validateItem(body: Json, isKnownGenre: (id: string) => boolean): RmsError[] {
  const errors = new ErrorList();
  if (required(errors, body.title, 'title')) maxBytes(errors, body.title, 'title', 255);
  maxBytes(errors, body.itemNumber, 'itemNumber', 32);
  maxBytes(errors, body.tagline, 'tagline', 174);
  maxBytes(errors, body.salesDescription, 'salesDescription', 10240);
  if (isObject(body.productDescription)) {
    maxBytes(errors, body.productDescription.pc, 'productDescription.pc', 10240);
    maxBytes(errors, body.productDescription.sp, 'productDescription.sp', 10240);
  }
  if (required(errors, body.itemType, 'itemType')) choice(errors, body.itemType, 'itemType', ITEM_TYPES);
  bool(errors, body.hideItem, 'hideItem');
  bool(errors, body.unlimitedInventoryFlag, 'unlimitedInventoryFlag');

  if (body.images !== undefined) {
    if (!Array.isArray(body.images) || body.images.length > 20) {
      errors.add('IE0003', 'images size must be between 0 and 20.', 'images');
    } else {
      body.images.forEach((img: unknown, i) => {
        const p = `images[${i}]`;
        if (!isObject(img)) return errors.add('IE0002', `images has an invalid value.`, p);
        choice(errors, img.type, `${p}.type`, IMAGE_TYPES);
        if (required(errors, img.location, `${p}.location`)) {
          maxBytes(errors, img.location, `${p}.location`, 255);
          const loc = String(img.location);
          if (!/^[0-9a-zA-Z\-./:_]+$/.test(loc) || !/\.(jpe?g|png|gif)$/i.test(loc)) {
            errors.add('IE0002', `location has an invalid value : ${loc}.`, `${p}.location`);
          }
        }
        maxBytes(errors, img.alt, `${p}.alt`, 255);
      });
    }
  }
  if (body.tags !== undefined) {
    if (!Array.isArray(body.tags) || body.tags.length > 32) {
      errors.add('IE0003', 'tags size must be between 0 and 32.', 'tags');
    } else {
      body.tags.forEach((t: unknown, i) => intRange(errors, t, `tags[${i}]`, 5000000, 9999999));
    }
  }
  if (isObject(body.features)) {
    choice(errors, body.features.searchVisibility, 'features.searchVisibility', SEARCH_VISIBILITY);
    choice(errors, body.features.inventoryDisplay, 'features.inventoryDisplay', INVENTORY_DISPLAY);
    if (body.features.inventoryDisplay === 'DISPLAY_LOW_STOCK') {
      if (required(errors, body.features.lowStockThreshold, 'features.lowStockThreshold')) {
        intRange(errors, body.features.lowStockThreshold, 'features.lowStockThreshold', 1, 20);
      }
    }
  }
  if (isObject(body.payment)) {
    bool(errors, body.payment.taxIncluded, 'payment.taxIncluded');
    bool(errors, body.payment.cashOnDeliveryFeeIncluded, 'payment.cashOnDeliveryFeeIncluded');
    if (body.payment.taxRate !== null) choice(errors, body.payment.taxRate, 'payment.taxRate', TAX_RATES);
  }

  const selectorKeys = new Set<string>();
  if (body.variantSelectors !== undefined) {
    if (!Array.isArray(body.variantSelectors) || body.variantSelectors.length > 6) {
      errors.add('IE0003', 'variantSelectors size must be between 0 and 6.', 'variantSelectors');
    } else {
      body.variantSelectors.forEach((s: unknown, i) => {
        const p = `variantSelectors[${i}]`;
        if (!isObject(s)) return errors.add('IE0002', 'variantSelectors has an invalid value.', p);
        if (typeof s.key === 'string') {
          if (selectorKeys.has(s.key)) errors.add('IE0002', `key has an invalid value : ${s.key}.`, `${p}.key`);
          selectorKeys.add(s.key);
        } else required(errors, s.key, `${p}.key`);
        maxBytes(errors, s.displayName, `${p}.displayName`, 32);
        if (!Array.isArray(s.values) || s.values.length < 1 || s.values.length > 40) {
          errors.add('IE0003', 'values size must be between 1 and 40.', `${p}.values`);
        } else {
          s.values.forEach((v: unknown, j) =>
            maxBytes(errors, isObject(v) ? v.displayValue : v, `${p}.values[${j}].displayValue`, 32),
          );
        }
      });
    }
  }

  // genreId: 6 digits in 100000–999999, then looked up (IE0146 sample).
  let genreOk = false;
  if (required(errors, body.genreId, 'genreId')) {
    const g = String(body.genreId);
    if (!/^\d{6}$/.test(g) || Number(g) < 100000) {
      errors.add('IE0002', `genreId has an invalid value : ${g}.`, 'genreId');
    } else genreOk = true;
  }

  const variantChecks = new ErrorList();
  if (!isObject(body.variants)) {
    required(errors, undefined, 'variants');
  } else {
    const ids = Object.keys(body.variants);
    if (ids.length < 1 || ids.length > 400) {
      errors.add('IE0003', 'variants size must be between 1 and 400.', 'variants');
    }
    const needsPrice = body.itemType === 'NORMAL' || body.itemType === 'PRE_ORDER';
    for (const id of ids) {
      const p = `variants.${id}`;
      checkVariantId(id, p, errors);
      const v = body.variants[id];
      if (!isObject(v)) {
        errors.add('IE0002', `${id} has an invalid value.`, p);
        continue;
      }
      maxBytes(errors, v.merchantDefinedSkuId, `${p}.merchantDefinedSkuId`, 96);
      if (v.standardPrice !== undefined) intRange(errors, v.standardPrice, `${p}.standardPrice`, 0, 999999999);
      else if (needsPrice) required(variantChecks, undefined, `${p}.standardPrice`);
      bool(errors, v.restockOnCancel, `${p}.restockOnCancel`);
      bool(errors, v.backOrderFlag, `${p}.backOrderFlag`);
      bool(errors, v.hidden, `${p}.hidden`);
      intRange(errors, v.orderQuantityLimit, `${p}.orderQuantityLimit`, 0, 400);
      if (selectorKeys.size > 0) {
        if (!isObject(v.selectorValues)) required(variantChecks, undefined, `${p}.selectorValues`);
        else {
          for (const key of Object.keys(v.selectorValues)) {
            if (!selectorKeys.has(key)) errors.add('IE0002', `selectorValues has an invalid value : ${key}.`, `${p}.selectorValues`);
          }
        }
      }
      if (v.articleNumber === undefined) required(variantChecks, undefined, `${p}.articleNumber`);
      else if (isObject(v.articleNumber)) {
        if (v.articleNumber.value !== undefined) maxBytes(errors, v.articleNumber.value, `${p}.articleNumber.value`, 30);
        else if (v.articleNumber.exemptionReason !== undefined) {
          intRange(errors, v.articleNumber.exemptionReason, `${p}.articleNumber.exemptionReason`, 1, 6);
        } else required(variantChecks, undefined, `${p}.articleNumber`);
      } else errors.add('IE0002', 'articleNumber has an invalid value.', `${p}.articleNumber`);
      if (isObject(v.shipping)) {
        intRange(errors, v.shipping.fee, `${p}.shipping.fee`, 0, 999999999);
        bool(errors, v.shipping.postageIncluded, `${p}.shipping.postageIncluded`);
        intRange(errors, v.shipping.singleItemShipping, `${p}.shipping.singleItemShipping`, 0, 6);
        bool(errors, v.shipping.okihaiSetting, `${p}.shipping.okihaiSetting`);
      }
      if (v.specs !== undefined && (!Array.isArray(v.specs) || v.specs.length > 5)) {
        errors.add('IE0003', 'specs size must be between 0 and 5.', `${p}.specs`);
      }
      if (v.attributes !== undefined && (!Array.isArray(v.attributes) || v.attributes.length > 100)) {
        errors.add('IE0003', 'attributes size must be between 0 and 100.', `${p}.attributes`);
      }
    }
  }
  if (!errors.empty) return errors.errors;
  if (genreOk && !isKnownGenre(String(body.genreId))) {
    return [{ code: 'IE0146', message: 'Failed to get the genre info.', metadata: { propertyPath: 'genreId' } }];
  }
  return variantChecks.errors;
}

/** Applies documented defaults so that a GET shows what a full replace left behind (RMS items.upsert page). */
function normalise(body: Json, previous: Json | undefined): Json {
  const out: Json = structuredClone(body);
  out.hideItem ??= false;
  out.unlimitedInventoryFlag ??= false;
  const features: Json = isObject(out.features) ? out.features : {};
  features.searchVisibility ??= 'ALWAYS_VISIBLE';
  features.inventoryDisplay ??= 'HIDDEN_STOCK';
  // socialGiftFlag keeps its value when absent (RMS items.upsert page).
  const prevFeatures = previous && isObject(previous.features) ? previous.features : {};
  if (features.socialGiftFlag === undefined) features.socialGiftFlag = prevFeatures.socialGiftFlag ?? false;
  out.features = features;
  const payment: Json = isObject(out.payment) ? out.payment : {};
  payment.taxIncluded ??= true;
  payment.cashOnDeliveryFeeIncluded ??= false;
  out.payment = payment;
  const prevVariants = previous && isObject(previous.variants) ? previous.variants : {};
  if (isObject(out.variants)) {
    for (const [id, raw] of Object.entries(out.variants)) {
      if (!isObject(raw)) continue;
      if (raw.standardPrice !== undefined && raw.standardPrice !== null) raw.standardPrice = String(raw.standardPrice);
      raw.restockOnCancel ??= false;
      raw.backOrderFlag ??= false;
      raw.hidden ??= false;
      const shipping: Json = isObject(raw.shipping) ? raw.shipping : {};
      shipping.postageIncluded ??= false;
      if (shipping.okihaiSetting === undefined) {
        // okihaiSetting keeps its value when absent (RMS items.upsert page), default true.
        const prev = prevVariants[id];
        const prevShipping = isObject(prev) && isObject(prev.shipping) ? prev.shipping : {};
        shipping.okihaiSetting = prevShipping.okihaiSetting ?? true;
      }
      raw.shipping = shipping;
    }
  }
  return out;
}

export function itemView(item: StoredItem): Json {
  const { manageNumber, ...rest } = item.body;
  void manageNumber;
  return { manageNumber: item.manageNumber, ...rest, created: jstIso(item.created), updated: jstIso(item.updated) };
}

const notFoundItem = (manageNumber: string): Outcome =>
  // [unverified] items.get/patch/delete 404 body; GE0014 is the documented inventory "not found" code.
  bad([{ code: 'GE0014', message: `Not found for inputs; manageNumber=${manageNumber}` }], 404);

export function getItem(state: CatalogState, rawManageNumber: string): Outcome {
  const errors = new ErrorList();
  const mn = checkManageNumber(rawManageNumber, 'manageNumber', errors);
  if (mn === null) return bad(errors.errors);
  const item = state.items.get(mn);
  return item ? { status: 200, body: itemView(item) } : notFoundItem(mn);
}

export function upsertItem(
  state: CatalogState,
  rawManageNumber: string,
  body: unknown,
  now: Date,
  isKnownGenre: (id: string) => boolean,
): Outcome {
  const errors = new ErrorList();
  const mn = checkManageNumber(rawManageNumber, 'manageNumber', errors);
  if (mn === null) return bad(errors.errors);
  if (!isObject(body)) return bad([{ code: 'IE0002', message: 'Request body has an invalid value.' }]);
  const problems = validateItem(body, isKnownGenre);
  if (problems.length > 0) return bad(problems);
  const existing = state.items.get(mn);
  if (existing && (existing.body.itemType === 'BUYING_CLUB') !== (body.itemType === 'BUYING_CLUB')) {
    return bad([{ code: 'IE0007', message: 'Invalid choice selected for itemType.', metadata: { propertyPath: 'itemType' } }]);
  }
  const stored = normalise(body, existing?.body);
  if (existing) {
    existing.body = stored; // full replace (RMS items.upsert page)
    existing.updated = now;
    return { status: 204 };
  }
  state.items.set(mn, { manageNumber: mn, body: stored, created: now, updated: now });
  return { status: 201, body: { manageNumber: mn } };
}

function mergePatch(target: Json, patch: Json): Json {
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete target[k];
    else if (isObject(v) && isObject(target[k])) mergePatch(target[k] as Json, v);
    else target[k] = structuredClone(v);
  }
  return target;
}

/** PATCH semantics are not documented [unverified]; the mock applies a JSON merge patch and re-validates. */
export function patchItem(
  state: CatalogState,
  rawManageNumber: string,
  body: unknown,
  now: Date,
  isKnownGenre: (id: string) => boolean,
): Outcome {
  const errors = new ErrorList();
  const mn = checkManageNumber(rawManageNumber, 'manageNumber', errors);
  if (mn === null) return bad(errors.errors);
  if (!isObject(body)) return bad([{ code: 'IE0002', message: 'Request body has an invalid value.' }]);
  const item = state.items.get(mn);
  if (!item) return notFoundItem(mn);
  const merged = mergePatch(structuredClone(item.body), body);
  const problems = validateItem(merged, isKnownGenre);
  if (problems.length > 0) return bad(problems);
  item.body = normalise(merged, item.body);
  item.updated = now;
  return { status: 204 };
}

export function deleteItem(state: CatalogState, rawManageNumber: string): Outcome {
  const errors = new ErrorList();
  const mn = checkManageNumber(rawManageNumber, 'manageNumber', errors);
  if (mn === null) return bad(errors.errors);
  if (!state.items.delete(mn)) return notFoundItem(mn);
  // [unverified] the mock drops the item's stock records with it.
  for (const [key, rec] of state.inventory) if (rec.manageNumber === mn) state.inventory.delete(key);
  return { status: 204 };
}

// ---------------------------------------------------------------------------
// Inventory API 2.0

export const MAX_QUANTITY = 99999;
export const MAX_BULK_UPSERT = 400;
export const MAX_BULK_GET = 1000;

export function inventoryView(r: InventoryRecord): Json {
  return {
    manageNumber: r.manageNumber,
    variantId: r.variantId,
    quantity: r.quantity,
    created: jstIso(r.created),
    updated: jstIso(r.updated),
  };
}

/** Tells whether a record belongs to an existing item and variant, because orphan records stay hidden. */
function visible(state: CatalogState, r: InventoryRecord): boolean {
  const item = state.items.get(r.manageNumber);
  return !!item && isObject(item.body.variants) && r.variantId in item.body.variants;
}

interface Change {
  manageNumber: string;
  variantId: string;
  mode: 'ABSOLUTE' | 'RELATIVE';
  quantity: number;
}

function checkChange(entry: unknown, prefix: string, errors: ErrorList, withIds: boolean): Change | null {
  if (!isObject(entry)) {
    errors.add('IE0002', `${prefix || 'body'} has an invalid value.`, prefix || undefined);
    return null;
  }
  const at = (f: string): string => (prefix ? `${prefix}.${f}` : f);
  const mn = withIds ? checkManageNumber(entry.manageNumber, at('manageNumber'), errors) : '';
  const vid = withIds ? checkVariantId(entry.variantId, at('variantId'), errors) : '';
  let mode: Change['mode'] | null = null;
  if (entry.mode === 'ABSOLUTE' || entry.mode === 'RELATIVE') mode = entry.mode;
  else errors.add('IE0007', 'Invalid choice selected for mode.', at('mode'));
  let quantity: number | null = null;
  if (!isInt(entry.quantity)) {
    errors.add('IE0002', `quantity has an invalid value : ${String(entry.quantity)}.`, at('quantity'));
  } else if (mode === 'ABSOLUTE' && (entry.quantity < 0 || entry.quantity > MAX_QUANTITY)) {
    errors.add('IE0003', `quantity must be between 0 and ${MAX_QUANTITY}.`, at('quantity'));
  } else if (mode === 'RELATIVE' && Math.abs(entry.quantity) > MAX_QUANTITY) {
    errors.add('IE0003', `quantity must be between -${MAX_QUANTITY} and ${MAX_QUANTITY}.`, at('quantity'));
  } else quantity = entry.quantity;
  if (mn === null || vid === null || mode === null || quantity === null) return null;
  return { manageNumber: mn, variantId: vid, mode, quantity };
}

/**
 * Validates every change, then applies all of them or none. Whether RMS applies a
 * batch partly is not documented [unverified]; all-or-nothing is the safer mock.
 */
function applyChanges(state: CatalogState, changes: Change[], paths: string[], now: Date): RmsError[] {
  const errors = new ErrorList();
  const next = new Map<string, number>();
  changes.forEach((c, i) => {
    const key = inventoryKey(c.manageNumber, c.variantId);
    const current = next.get(key) ?? state.inventory.get(key)?.quantity;
    if (current === undefined && c.mode === 'RELATIVE') {
      // First registration must be ABSOLUTE; code [unverified].
      errors.add('IE0002', 'mode has an invalid value : RELATIVE.', paths[i] ? `${paths[i]}.mode` : 'mode');
      return;
    }
    const value = c.mode === 'ABSOLUTE' ? c.quantity : (current ?? 0) + c.quantity;
    if (value < 0 || value > MAX_QUANTITY) {
      // Going below 0 is undocumented [unverified]; the mock refuses it.
      errors.add('IE0003', `quantity must be between 0 and ${MAX_QUANTITY}.`, paths[i] ? `${paths[i]}.quantity` : 'quantity');
      return;
    }
    next.set(key, value);
  });
  if (!errors.empty) return errors.errors;
  for (const c of changes) {
    const key = inventoryKey(c.manageNumber, c.variantId);
    const value = next.get(key)!;
    const rec = state.inventory.get(key);
    if (rec) {
      rec.quantity = value;
      rec.updated = now;
    } else {
      state.inventory.set(key, { manageNumber: c.manageNumber, variantId: c.variantId, quantity: value, created: now, updated: now });
    }
  }
  return [];
}

export function bulkUpsert(state: CatalogState, body: unknown, now: Date): Outcome {
  if (!isObject(body) || !Array.isArray(body.inventories)) {
    return bad([{ code: 'IE0001', message: 'inventories is required.', metadata: { propertyPath: 'inventories' } }]);
  }
  const list = body.inventories as unknown[];
  if (list.length < 1 || list.length > MAX_BULK_UPSERT) {
    return bad([{ code: 'IE0003', message: `inventories size must be between 1 and ${MAX_BULK_UPSERT}.`, metadata: { propertyPath: 'inventories' } }]);
  }
  const errors = new ErrorList();
  const changes: Change[] = [];
  const paths: string[] = [];
  list.forEach((entry, i) => {
    const c = checkChange(entry, `inventories[${i}]`, errors, true);
    if (c) {
      changes.push(c);
      paths.push(`inventories[${i}]`);
    }
  });
  if (!errors.empty) return bad(errors.errors);
  const problems = applyChanges(state, changes, paths, now);
  return problems.length ? bad(problems) : { status: 204 };
}

export function bulkGet(state: CatalogState, body: unknown): Outcome {
  if (!isObject(body) || !Array.isArray(body.inventories)) {
    return bad([{ code: 'IE0001', message: 'inventories is required.', metadata: { propertyPath: 'inventories' } }]);
  }
  const list = body.inventories as unknown[];
  if (list.length < 1 || list.length > MAX_BULK_GET) {
    return bad([{ code: 'IE0003', message: `inventories size must be between 1 and ${MAX_BULK_GET}.`, metadata: { propertyPath: 'inventories' } }]);
  }
  const errors = new ErrorList();
  const keys: string[] = [];
  list.forEach((entry, i) => {
    const p = `inventories[${i}]`;
    const e = isObject(entry) ? entry : {};
    const mn = checkManageNumber(e.manageNumber, `${p}.manageNumber`, errors);
    const vid = checkVariantId(e.variantId, `${p}.variantId`, errors);
    if (mn !== null && vid !== null) keys.push(inventoryKey(mn, vid));
  });
  if (!errors.empty) return bad(errors.errors);
  // Unknown SKUs are left out of the response [unverified].
  const found = keys
    .map((k) => state.inventory.get(k))
    .filter((r): r is InventoryRecord => !!r && visible(state, r));
  return { status: 200, body: { inventories: found.map(inventoryView) } };
}

export function bulkGetRange(state: CatalogState, query: URLSearchParams): Outcome {
  const errors = new ErrorList();
  const read = (name: string): number | undefined => {
    const raw = query.get(name);
    if (raw === null || raw === '') return undefined;
    const n = /^-?\d+$/.test(raw) ? Number(raw) : NaN;
    if (!Number.isInteger(n) || n < 0 || n > MAX_QUANTITY) {
      errors.add('IE0003', `${name} must be between 0 and ${MAX_QUANTITY}.`);
      return undefined;
    }
    return n;
  };
  const min = read('minQuantity');
  const max = read('maxQuantity');
  if (!errors.empty) return bad(errors.errors);
  if (min === undefined && max === undefined) {
    return bad([{ code: 'IE0001', message: 'minQuantity or maxQuantity is required.' }]); // [unverified]
  }
  const found = [...state.inventory.values()]
    .filter((r) => visible(state, r) && (min === undefined || r.quantity >= min) && (max === undefined || r.quantity <= max))
    .sort((a, b) => b.updated.getTime() - a.updated.getTime());
  if (found.length > MAX_BULK_GET) {
    // "上限エラー" (RMS InventoryAPI 2.0 page); code and wording [unverified].
    return bad([{ code: 'IE0003', message: `Number of matching inventories must be within ${MAX_BULK_GET}.` }]);
  }
  return { status: 200, body: { inventories: found.map(inventoryView) } };
}

function variantKey(rawMn: string, rawVid: string, errors: ErrorList): [string, string] | null {
  const mn = checkManageNumber(rawMn, 'manageNumber', errors);
  const vid = checkVariantId(rawVid, 'variantId', errors);
  return mn === null || vid === null ? null : [mn, vid];
}

const notFoundVariant = (mn: string, vid: string): Outcome =>
  bad([{ code: 'GE0014', message: `Not found for inputs; manageNumber=${mn}, variantId=${vid}` }], 404);

export function getVariantInventory(state: CatalogState, rawMn: string, rawVid: string): Outcome {
  const errors = new ErrorList();
  const k = variantKey(rawMn, rawVid, errors);
  if (!k) return bad(errors.errors);
  const rec = state.inventory.get(inventoryKey(...k));
  return rec && visible(state, rec) ? { status: 200, body: inventoryView(rec) } : notFoundVariant(...k);
}

export function upsertVariantInventory(state: CatalogState, rawMn: string, rawVid: string, body: unknown, now: Date): Outcome {
  const errors = new ErrorList();
  const k = variantKey(rawMn, rawVid, errors);
  if (!k) return bad(errors.errors);
  const c = checkChange(body, '', errors, false);
  if (!c) return bad(errors.errors);
  const problems = applyChanges(state, [{ ...c, manageNumber: k[0], variantId: k[1] }], [''], now);
  return problems.length ? bad(problems) : { status: 204 };
}

export function deleteVariantInventory(state: CatalogState, rawMn: string, rawVid: string): Outcome {
  const errors = new ErrorList();
  const k = variantKey(rawMn, rawVid, errors);
  if (!k) return bad(errors.errors);
  return state.inventory.delete(inventoryKey(...k)) ? { status: 204 } : notFoundVariant(...k);
}

// ---------------------------------------------------------------------------
// items.search (RMS items.search page): offset paging and a subset of the filters.

const SEARCH_ITEM_TYPES = ['NORMAL', 'PRE_ORDER', 'BUYING_CLUB', 'SUBSCRIPTION'];
const SORT_KEYS = [
  'updated', 'created', 'itemDisplaySequence', 'manageNumber', 'purchasablePeriodStart', 'purchasablePeriodEnd',
  'pointCampaignStart', 'pointCampaignEnd', 'pointRate', 'reviewCount', 'reviewAverageRating',
];

/**
 * Searches items with `offset`/`hits` paging and the title, manageNumber, itemNumber
 * (partial), genreId, itemType (exact) and isHiddenItem filters.
 * NOTE: cursorMark paging and the other filters are not implemented, and new items
 * appear at once, where RMS may take up to 24 hours to index them.
 */
export function searchItems(state: CatalogState, query: URLSearchParams): Outcome {
  const errors = new ErrorList();
  const itemType = query.get('itemType');
  if (itemType !== null && !SEARCH_ITEM_TYPES.includes(itemType)) errors.add('IE0007', 'Invalid choice selected for itemType.');
  const sortKey = query.get('sortKey') ?? 'updated';
  if (!SORT_KEYS.includes(sortKey)) errors.add('IE0007', 'Invalid choice selected for sortKey.');
  const sortOrder = query.get('sortOrder') ?? 'desc';
  if (sortOrder !== 'asc' && sortOrder !== 'desc') errors.add('IE0007', 'Invalid choice selected for sortOrder.');
  const readInt = (name: string, fallback: number, min: number, max: number): number => {
    const raw = query.get(name);
    if (raw === null) return fallback;
    const n = /^\d+$/.test(raw) ? Number(raw) : NaN;
    if (!Number.isInteger(n) || n < min || n > max) {
      errors.add('IE0003', `${name} must be between ${min} and ${max}.`);
      return fallback;
    }
    return n;
  };
  const offset = readInt('offset', 0, 0, 10000);
  const hits = readInt('hits', 10, 1, 100);
  if (query.has('cursorMark')) errors.add('IE0002', 'cursorMark is not supported by the mock.'); // NOTE: mock gap
  if (!errors.empty) return bad(errors.errors);

  const contains = (value: unknown, needle: string | null): boolean =>
    needle === null || (typeof value === 'string' && value.toLowerCase().includes(needle.toLowerCase()));
  const hidden = query.get('isHiddenItem');
  const matches = [...state.items.values()].filter(
    (i) =>
      contains(i.body.title, query.get('title')) &&
      contains(i.manageNumber, query.get('manageNumber')) &&
      contains(i.body.itemNumber, query.get('itemNumber')) &&
      (query.get('genreId') === null || i.body.genreId === query.get('genreId')) &&
      (itemType === null || i.body.itemType === itemType) &&
      (hidden === null || String(i.body.hideItem === true) === hidden),
  );
  const keyOf = (i: StoredItem): number | string =>
    sortKey === 'created' ? i.created.getTime() : sortKey === 'manageNumber' ? i.manageNumber : i.updated.getTime();
  matches.sort((a, b) => {
    const x = keyOf(a);
    const y = keyOf(b);
    const order = x < y ? -1 : x > y ? 1 : a.manageNumber.localeCompare(b.manageNumber);
    return sortOrder === 'asc' ? order : -order;
  });
  return {
    status: 200,
    body: { numFound: matches.length, offset, results: matches.slice(offset, offset + hits).map((i) => ({ item: itemView(i) })) },
  };
}
