import type { CsvCell } from '../../../shared/csv-safe.js';
import { cabinetLocation, descriptionHtml, MAX_QUANTITY, VARIANT_ID } from '../rakuten/listing-mapping.js';
import type { ExportListing } from './service.js';

// Rows of Rakuten's normal-item.csv, the item file of shops moved to SKU-based item management
// (楽天 SKU プロジェクト). Pure: the caller loads the listings and encodes the file.
//
// Sources of the layout, read in December 2026:
// - https://lisuto.co.jp/楽天市場skuプロジェクト、項目選択肢（オプショ (article on the SKU
//   project and item options): after the move the コントロールカラム (n/u/d) is gone, and
//   select.csv is merged into normal-item.csv as rows below the item-level row. So no cell
//   marks a row as new or as an update, and RMS is left to match the 商品管理番号.
// - https://xn--tck5apc2ju90vu0ae75qj9vc.com/2023-rakuten-csv: normal-item.csv creates and
//   updates items, and item-delete.csv deletes them.
// - Two public tools that write this file give the column names and their order: a
//   furusato-nozei catalog tool (neoneng N2, 2023) and a Yahoo-to-Rakuten converter (2025).
//   Both agree on the order of every column used here. N2 writes each SKU as a row after the
//   item row, starting with the same 商品管理番号. Only the converter has 消費税 and 消費税率,
//   right after サーチ表示.
// RMS matches columns by name and takes a subset of them (a third public tool uploads a
// six-column price file), so only the columns tsunagu has data for are written, in this order.
//
// NOTE: not verified against Rakuten's own specification (it needs an RMS login):
// - 通常購入販売価格 is the current name of the SKU price. The 2023 header names it 販売価格.
// - 消費税 and 消費税率 are left out because no source gives their values, so RMS applies its
//   defaults. The RMS item API defaults to tax included at the shop's rate.
// - カタログIDなしの理由 takes the codes of the item API's articleNumber.exemptionReason
//   (3 = shop-original goods), inferred from the 2023 tool, which writes 5 (no product code).
// - 倉庫指定 0 puts the item on sale, as in the item.csv used before the SKU project.
// - Whether an empty cell clears a field of an existing item or keeps it is not documented.

/** Image slots of an item: the file has 20, and items.upsert also takes at most 20 images. */
const IMAGE_SLOTS = 20;

const IMAGE_COLUMNS = Array.from({ length: IMAGE_SLOTS }, (_, index) => [
  `商品画像タイプ${index + 1}`,
  `商品画像パス${index + 1}`,
  `商品画像名（ALT）${index + 1}`,
]).flat();

/** Columns of normal-item.csv that tsunagu writes, in the order of the sources above. */
export const RAKUTEN_ITEM_HEADER: readonly string[] = [
  // Item-level columns.
  '商品管理番号（商品URL）',
  '商品番号',
  '商品名',
  '倉庫指定',
  'ジャンルID',
  'PC用商品説明文',
  'スマートフォン用商品説明文',
  ...IMAGE_COLUMNS,
  // SKU-level columns.
  'SKU管理番号',
  'システム連携用SKU番号',
  '通常購入販売価格',
  '在庫数',
  'カタログIDなしの理由',
];

/** 倉庫指定 value that puts the item on sale (1 keeps it in the warehouse). */
const ON_SALE = 0;

/** カタログIDなしの理由 for shop-original goods without a JAN code, as one-of-a-kind pieces are. */
const SHOP_ORIGINAL_GOODS = 3;

// The same limits as the items.upsert body built in ../rakuten/listing-mapping.ts, so a piece
// that the API accepts is accepted in the file too.
const MANAGE_NUMBER = /^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/;
const GENRE_ID = /^[1-9]\d{5}$/;
const MAX_TITLE_BYTES = 255;
const MAX_DESCRIPTION_BYTES = 10240;
const MAX_PRICE = 999_999_999;

const utf8Bytes = (value: string): number => Buffer.byteLength(value, 'utf8');

/** One reason a listing cannot be written, worded for each language. */
export interface RakutenRowProblem {
  stockNumber: string;
  /** Column of normal-item.csv the problem is about. */
  column: string;
  ja: string;
  en: string;
}

/**
 * Lists every reason the listings cannot be written to normal-item.csv: an invalid
 * manage number or genre ID, an empty or too long title, a too long description, a photo
 * outside R-Cabinet, a price or quantity that RMS does not take. Returns an empty list when
 * all can be written.
 */
export function checkRakutenRows(listings: readonly ExportListing[]): RakutenRowProblem[] {
  const problems: RakutenRowProblem[] = [];

  for (const listing of listings) {
    const add = (column: string, ja: string, en: string) =>
      problems.push({ stockNumber: listing.stockNumber, column, ja: `在庫番号 ${listing.stockNumber}: ${ja}`, en: `stock number ${listing.stockNumber}: ${en}` });

    // A leading hyphen would get the apostrophe of the CSV-injection guard and so change the code.
    if (!MANAGE_NUMBER.test(listing.externalCode)) {
      add(
        '商品管理番号（商品URL）',
        `商品管理番号「${listing.externalCode}」は半角英数字・「-」・「_」で 32 文字以内、先頭は英数字にしてください`,
        `the manage number "${listing.externalCode}" must be at most 32 half-width letters, digits, "-" or "_", starting with a letter or digit`,
      );
    }

    if (listing.categoryId === null || !GENRE_ID.test(listing.categoryId)) {
      add(
        'ジャンルID',
        `ジャンルID「${listing.categoryId ?? ''}」が正しくありません。出品のカテゴリに楽天のジャンルID（6 桁の数字）を入力してください`,
        `the genre ID "${listing.categoryId ?? ''}" is invalid. Enter the Rakuten genre ID (6 digits) as the listing category`,
      );
    }

    const title = listing.title.trim();
    if (title === '') {
      add('商品名', '出品タイトルが空です。入力してください', 'the listing title is empty. Enter one');
    } else if (utf8Bytes(title) > MAX_TITLE_BYTES) {
      add(
        '商品名',
        `出品タイトルが ${utf8Bytes(title)} バイトあります。楽天の上限は ${MAX_TITLE_BYTES} バイト（全角で約 85 文字）です`,
        `the listing title has ${utf8Bytes(title)} bytes. Rakuten allows ${MAX_TITLE_BYTES} bytes (about 85 full-width characters)`,
      );
    }

    const html = descriptionCell(listing);
    if (utf8Bytes(html) > MAX_DESCRIPTION_BYTES) {
      add(
        'PC用商品説明文',
        `出品の説明が HTML にして ${utf8Bytes(html)} バイトあります。楽天の上限は ${MAX_DESCRIPTION_BYTES} バイトです`,
        `the listing description has ${utf8Bytes(html)} bytes as HTML. Rakuten allows ${MAX_DESCRIPTION_BYTES} bytes`,
      );
    }

    for (const photo of listing.photos.slice(0, IMAGE_SLOTS)) {
      if (cabinetLocation(photo, listing.shopUrl ?? undefined) !== null) continue;
      add(
        '商品画像パス',
        `写真「${photo}」は楽天の画像として使えません。R-Cabinet にアップロードし、その画像URLか「/フォルダ/ファイル名.jpg」の形で指定してください（jpg・png・gif）`,
        `the photo "${photo}" cannot be used on Rakuten. Upload it to R-Cabinet and give its image URL or "/folder/file.jpg" (jpg, png or gif)`,
      );
    }

    const price = listing.priceIncludingTax;
    if (!Number.isInteger(price) || price < 0 || price > MAX_PRICE) {
      add(
        '通常購入販売価格',
        `価格 ${price} 円（税込）は 0 から ${MAX_PRICE} 円の整数にしてください`,
        `the price of ${price} yen (tax included) must be whole yen from 0 to ${MAX_PRICE}`,
      );
    }

    if (listing.sellableQuantity > MAX_QUANTITY) {
      add(
        '在庫数',
        `販売できる数 ${listing.sellableQuantity} は楽天の上限 ${MAX_QUANTITY} を超えています`,
        `the sellable quantity of ${listing.sellableQuantity} is above Rakuten's maximum of ${MAX_QUANTITY}`,
      );
    }
  }

  return problems;
}

/** Converts the listing description to the HTML RMS shows, or to an empty string when there is none. */
function descriptionCell(listing: ExportListing): string {
  const description = listing.description?.trim() ?? '';
  return description === '' ? '' : descriptionHtml(description);
}

/**
 * Builds the two rows of one listing: the item row, then the row of its one SKU. Both start
 * with the 商品管理番号, which ties the SKU row to the item. Expects a listing that
 * checkRakutenRows accepted.
 */
export function rakutenItemRows(listing: ExportListing): Array<Partial<Record<string, CsvCell>>> {
  const manageNumber = listing.externalCode;
  const title = listing.title.trim();
  const html = descriptionCell(listing);

  const item: Partial<Record<string, CsvCell>> = {
    '商品管理番号（商品URL）': manageNumber,
    // The API adapter uses the manage number as the item number too (itemNumber).
    商品番号: manageNumber,
    商品名: title,
    倉庫指定: ON_SALE,
    ジャンルID: listing.categoryId,
    PC用商品説明文: html,
    スマートフォン用商品説明文: html,
  };
  const locations = listing.photos
    .slice(0, IMAGE_SLOTS)
    .map((photo) => cabinetLocation(photo, listing.shopUrl ?? undefined))
    .filter((location): location is string => location !== null);
  locations.forEach((location, index) => {
    item[`商品画像タイプ${index + 1}`] = 'CABINET';
    item[`商品画像パス${index + 1}`] = location;
    item[`商品画像名（ALT）${index + 1}`] = title;
  });

  const sku: Partial<Record<string, CsvCell>> = {
    '商品管理番号（商品URL）': manageNumber,
    // The same SKU id as the API adapter, so a file upload and an API publish update one SKU.
    SKU管理番号: VARIANT_ID,
    // Ties Rakuten's orders and SKU reports back to the piece.
    システム連携用SKU番号: listing.stockNumber,
    通常購入販売価格: listing.priceIncludingTax,
    在庫数: listing.sellableQuantity,
    カタログIDなしの理由: SHOP_ORIGINAL_GOODS,
  };

  return [item, sku];
}
