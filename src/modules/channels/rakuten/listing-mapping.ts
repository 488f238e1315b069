// Turns a hub listing into a Rakuten items.upsert body, checking on our side the limits RMS
// would reject with a code, so the user gets a message naming the piece and the field. Pure.

import { ChannelCallError, type ListingPayload } from '../adapter.js';

/**
 * variantId of the one SKU of a piece. A single-SKU item still needs one entry in `variants`,
 * and RMS's own samples name it `normal-inventory`.
 */
export const VARIANT_ID = 'normal-inventory';

/** manageNumber and variantId: `a-z A-Z 0-9 - _`, at most 32 bytes (ASCII, so 32 characters). */
const IDENTIFIER = /^[A-Za-z0-9_-]{1,32}$/;

/** R-Cabinet image location: path part only, these characters, jpg/jpeg/png/gif. */
const IMAGE_LOCATION = /^\/[0-9a-zA-Z\-./:_]+\.(jpe?g|png|gif)$/i;

const MAX_TITLE_BYTES = 255;
const MAX_DESCRIPTION_BYTES = 10240;
const MAX_IMAGE_LOCATION_BYTES = 255;
const MAX_IMAGES = 20;
const MAX_PRICE = 999_999_999;
/** Largest quantity RMS inventory takes. */
export const MAX_QUANTITY = 99_999;

const bytes = (s: string): number => Buffer.byteLength(s, 'utf8');

/** Builds the 'rejected' error, naming the piece, for a listing that cannot be sent as it is. */
export function invalidListing(externalCode: string, ja: string, en: string): ChannelCallError {
  return new ChannelCallError('rejected', `商品 ${externalCode}: ${ja}`, `Item ${externalCode}: ${en}`, { externalCode });
}

/** Checks a manageNumber; returns an error to report, or null when RMS will take it. */
export function checkManageNumber(externalCode: string): ChannelCallError | null {
  if (IDENTIFIER.test(externalCode)) return null;
  return invalidListing(
    externalCode,
    '楽天の商品管理番号（manageNumber）は半角英数字・「-」・「_」で32文字以内です。在庫番号を直してください。',
    'a Rakuten manageNumber takes only a-z, A-Z, 0-9, "-" and "_", at most 32 characters. Correct the stock number.',
  );
}

/** Checks a quantity for the inventory API (whole number 0–99999). */
export function checkQuantity(externalCode: string, quantity: number): ChannelCallError | null {
  if (Number.isInteger(quantity) && quantity >= 0 && quantity <= MAX_QUANTITY) return null;
  return invalidListing(
    externalCode,
    `在庫数 ${quantity} は楽天に送れません。0 から ${MAX_QUANTITY} の整数にしてください。`,
    `quantity ${quantity} cannot be sent to Rakuten. Use a whole number from 0 to ${MAX_QUANTITY}.`,
  );
}

/**
 * Yen price with consumption tax, as Rakuten shows prices. A tax-excluded price gets the
 * listing's rate added, rounded down to whole yen.
 */
export function taxIncludedPrice(listing: Pick<ListingPayload, 'price' | 'priceBasis' | 'taxRatePercent'>): number {
  if (listing.priceBasis === 'included') return listing.price;
  // Integer arithmetic: price × (100 + rate) / 100, so 10 000 yen at 10 % is exactly 11 000.
  return Math.floor((listing.price * (100 + listing.taxRatePercent)) / 100);
}

/** RMS `payment.taxRate` string for a rate in percent: 10 → "0.1", 8 → "0.08", 0 → "0". */
export function rakutenTaxRate(percent: number): string | null {
  if (percent === 10) return '0.1';
  if (percent === 8) return '0.08';
  if (percent === 0) return '0';
  return null;
}

/**
 * R-Cabinet location of a photo: an `https://image.rakuten.co.jp/<shop>/cabinet/…` URL
 * (limited to the shop's own folder when shopUrl is known) or a path such as
 * `/rings/r-001.jpg`. Returns null when the photo is elsewhere, because RMS only shows
 * images stored in R-Cabinet.
 */
export function cabinetLocation(photo: string, shopUrl?: string): string | null {
  let location: string;
  if (/^https?:\/\//i.test(photo)) {
    let url: URL;
    try {
      url = new URL(photo);
    } catch {
      return null;
    }
    if (url.hostname !== 'image.rakuten.co.jp') return null;
    const match = /^\/([^/]+)\/cabinet(\/.+)$/.exec(url.pathname);
    if (!match) return null;
    if (shopUrl && match[1] !== shopUrl) return null;
    location = match[2]!;
  } else {
    location = photo;
  }
  if (!IMAGE_LOCATION.test(location) || bytes(location) > MAX_IMAGE_LOCATION_BYTES) return null;
  return location;
}

/** Plain-text description as the HTML RMS shows: special characters escaped, line breaks as <br>. */
export function descriptionHtml(description: string): string {
  return description
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/\r\n|\r|\n/g, '<br>');
}

type Checked<T> = { value: T } | { error: ChannelCallError };

/** Checks a title: not empty, at most 255 bytes. Returns it trimmed. */
function checkTitle(code: string, rawTitle: string): Checked<string> {
  const title = rawTitle.trim();
  if (title === '') return { error: invalidListing(code, '商品名が空です。商品名を入力してください。', 'the title is empty. Enter a title.') };
  if (bytes(title) > MAX_TITLE_BYTES) {
    return {
      error: invalidListing(
        code,
        `商品名が長すぎます（${bytes(title)} バイト）。楽天の上限は ${MAX_TITLE_BYTES} バイト（全角で約85文字）です。`,
        `the title is too long (${bytes(title)} bytes). Rakuten allows ${MAX_TITLE_BYTES} bytes (about 85 full-width characters).`,
      ),
    };
  }
  return { value: title };
}

/** Checks the listing's category as a Rakuten genreId: 6 digits, 100000–999999. */
function checkGenreId(code: string, categoryId: string | null): Checked<string> {
  if (categoryId === null || categoryId.trim() === '') {
    return {
      error: invalidListing(
        code,
        '楽天のジャンルIDが未設定です。出品の楽天カテゴリに6桁のジャンルID（100000〜999999）を入力してください。',
        'the Rakuten genre ID is missing. Enter the 6-digit genre ID (100000–999999) as the listing\'s category.',
      ),
    };
  }
  if (!/^\d{6}$/.test(categoryId) || Number(categoryId) < 100000) {
    return {
      error: invalidListing(
        code,
        `楽天のジャンルID「${categoryId}」が正しくありません。6桁の数字（100000〜999999）を指定してください。`,
        `the Rakuten genre ID "${categoryId}" is invalid. Enter 6 digits (100000–999999).`,
      ),
    };
  }
  return { value: categoryId };
}

/** Checks a tax rate in percent and returns RMS's `payment.taxRate` string. */
function checkTaxRate(code: string, percent: number): Checked<string> {
  const taxRate = rakutenTaxRate(percent);
  if (taxRate !== null) return { value: taxRate };
  return {
    error: invalidListing(
      code,
      `消費税率 ${percent}% は楽天で使えません。10%・8%・0% のいずれかにしてください。`,
      `tax rate ${percent}% is not available on Rakuten. Use 10%, 8% or 0%.`,
    ),
  };
}

/** Checks the tax-included yen price against RMS's standardPrice range and returns it. */
function checkPrice(code: string, pricing: Pick<ListingPayload, 'price' | 'priceBasis' | 'taxRatePercent'>): Checked<number> {
  const price = taxIncludedPrice(pricing);
  if (Number.isInteger(price) && price >= 0 && price <= MAX_PRICE) return { value: price };
  return {
    error: invalidListing(
      code,
      `価格 ${price} 円（税込）は楽天に送れません。0 から ${MAX_PRICE} 円の整数にしてください。`,
      `price ${price} yen (tax included) cannot be sent to Rakuten. Use whole yen from 0 to ${MAX_PRICE}.`,
    ),
  };
}

type ItemImage = { type: 'CABINET'; location: string; alt?: string };

/** Builds `images[]` from the first 20 photos. `alt` is left out when undefined. */
function buildImages(code: string, photos: readonly string[], alt: string | undefined, shopUrl?: string): Checked<ItemImage[]> {
  const images: ItemImage[] = [];
  for (const photo of photos.slice(0, MAX_IMAGES)) {
    const location = cabinetLocation(photo, shopUrl);
    if (location === null) {
      return {
        error: invalidListing(
          code,
          `写真「${photo}」は楽天の画像として使えません。R-Cabinet にアップロードし、その画像URL（https://image.rakuten.co.jp/店舗URL/cabinet/…）か「/フォルダ/ファイル名.jpg」の形で指定してください（jpg・png・gif）。`,
          `photo "${photo}" cannot be used on Rakuten. Upload it to R-Cabinet and give its image URL (https://image.rakuten.co.jp/<shop>/cabinet/…) or "/folder/file.jpg" (jpg, png or gif).`,
        ),
      };
    }
    images.push(alt === undefined ? { type: 'CABINET', location } : { type: 'CABINET', location, alt: truncateBytes(alt, 255) });
  }
  return { value: images };
}

/** Builds `productDescription` from a plain-text description, or null when there is none. */
function buildDescription(code: string, description: string | null): Checked<{ pc: string; sp: string } | null> {
  if (description === null || description.trim() === '') return { value: null };
  const html = descriptionHtml(description.trim());
  if (bytes(html) > MAX_DESCRIPTION_BYTES) {
    return {
      error: invalidListing(
        code,
        `説明文が長すぎます（${bytes(html)} バイト）。楽天の上限は ${MAX_DESCRIPTION_BYTES} バイトです。`,
        `the description is too long (${bytes(html)} bytes). Rakuten allows ${MAX_DESCRIPTION_BYTES} bytes.`,
      ),
    };
  }
  return { value: { pc: html, sp: html } };
}

/**
 * Builds the items.upsert body of a one-of-a-kind piece, or returns the 'rejected' error
 * that names the field to correct. items.upsert is a full replace: fields left out here are
 * cleared in RMS, so edits made by hand in RMS to other fields are lost on each publish.
 */
export function buildItemBody(listing: ListingPayload, shopUrl?: string): { body: Record<string, unknown> } | { error: ChannelCallError } {
  const code = listing.externalCode;

  const codeError = checkManageNumber(code);
  if (codeError) return { error: codeError };
  const title = checkTitle(code, listing.title);
  if ('error' in title) return title;
  const genreId = checkGenreId(code, listing.categoryId);
  if ('error' in genreId) return genreId;
  const taxRate = checkTaxRate(code, listing.taxRatePercent);
  if ('error' in taxRate) return taxRate;
  const price = checkPrice(code, listing);
  if ('error' in price) return price;
  const images = buildImages(code, listing.photos, title.value, shopUrl);
  if ('error' in images) return images;
  const description = buildDescription(code, listing.description);
  if ('error' in description) return description;

  const body: Record<string, unknown> = {
    itemNumber: code,
    title: title.value,
    itemType: 'NORMAL',
    genreId: genreId.value,
    hideItem: false,
    images: images.value,
    payment: { taxIncluded: true, taxRate: taxRate.value },
    variants: {
      [VARIANT_ID]: {
        standardPrice: String(price.value),
        // Exemption reason 3: shop-original goods without a JAN code, as one-of-a-kind pieces are.
        articleNumber: { exemptionReason: 3 },
        // A unique piece must not take orders it cannot fill.
        backOrderFlag: false,
        // tsunagu re-sends the quantity after a cancellation; RMS restocking on its own could
        // put back a piece that has since sold elsewhere.
        restockOnCancel: false,
        attributes: [],
      },
    },
  };
  if (description.value !== null) body.productDescription = description.value;
  return { body };
}

/** Listing fields that items.patch can change one by one. */
export type ItemPatchFields = Partial<Pick<ListingPayload, 'title' | 'description' | 'price' | 'priceBasis' | 'taxRatePercent' | 'categoryId' | 'photos'>>;

/**
 * Builds an items.patch body with only the given fields, named and checked as in
 * buildItemBody. A price needs its priceBasis, and a tax-excluded price its taxRatePercent,
 * because RMS stores the tax-included price. A null or empty description sends
 * `productDescription: null` to clear it.
 * NOTE: RMS does not document PATCH semantics; this assumes a JSON merge patch (objects
 * merge, arrays and null replace), as the local mock applies it. A new title does not
 * change the alt text of images already stored.
 */
export function buildItemPatch(externalCode: string, fields: ItemPatchFields, shopUrl?: string): { body: Record<string, unknown> } | { error: ChannelCallError } {
  const code = externalCode;
  const body: Record<string, unknown> = {};

  const codeError = checkManageNumber(code);
  if (codeError) return { error: codeError };

  let title: string | undefined;
  if (fields.title !== undefined) {
    const checked = checkTitle(code, fields.title);
    if ('error' in checked) return checked;
    title = checked.value;
    body.title = title;
  }

  if (fields.categoryId !== undefined) {
    const checked = checkGenreId(code, fields.categoryId);
    if ('error' in checked) return checked;
    body.genreId = checked.value;
  }

  if (fields.taxRatePercent !== undefined) {
    const checked = checkTaxRate(code, fields.taxRatePercent);
    if ('error' in checked) return checked;
    body.payment = { taxIncluded: true, taxRate: checked.value };
  }

  if (fields.price !== undefined || fields.priceBasis !== undefined) {
    const { price, priceBasis, taxRatePercent } = fields;
    if (price === undefined || priceBasis === undefined) {
      return {
        error: invalidListing(
          code,
          '価格を変えるときは、価格（price）と税込・税抜の区分（priceBasis）を両方指定してください。',
          'a price change needs both price and priceBasis.',
        ),
      };
    }
    if (priceBasis === 'excluded' && taxRatePercent === undefined) {
      return {
        error: invalidListing(
          code,
          '税抜価格を変えるときは、楽天に税込価格を送るため消費税率（taxRatePercent）も指定してください。',
          'a tax-excluded price change also needs taxRatePercent, because Rakuten stores the tax-included price.',
        ),
      };
    }
    const checked = checkPrice(code, { price, priceBasis, taxRatePercent: taxRatePercent ?? 0 });
    if ('error' in checked) return checked;
    body.variants = { [VARIANT_ID]: { standardPrice: String(checked.value) } };
  }

  if (fields.photos !== undefined) {
    const checked = buildImages(code, fields.photos, title, shopUrl);
    if ('error' in checked) return checked;
    body.images = checked.value;
  }

  if (fields.description !== undefined) {
    const checked = buildDescription(code, fields.description);
    if ('error' in checked) return checked;
    body.productDescription = checked.value;
  }

  return { body };
}

/** Cuts a string to at most `max` UTF-8 bytes without splitting a character. */
function truncateBytes(value: string, max: number): string {
  let out = '';
  for (const ch of value) {
    if (bytes(out + ch) > max) break;
    out += ch;
  }
  return out;
}
