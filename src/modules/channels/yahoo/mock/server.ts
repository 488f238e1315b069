// A local mock of the Yahoo!ショッピング store APIs (stock, item, publish and order APIs).
// It follows the project's Yahoo API spec (section numbers below refer to it) and the real
// response samples recorded in 2017. State lives in memory. Operator endpoints under /__mock/
// place orders, return state and inject faults, and are not part of the real API.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { randomBytes } from "node:crypto";
import type { Element } from "domhandler";
import {
  childElement,
  childElements,
  childText,
  parseXmlRoot,
  serializeXml,
  xmlText,
  type XmlElement,
} from "./xml.js";

export const YAHOO_API_PREFIX = "/ShoppingWebService/V1/";
export const YAHOO_TOKEN_PATH = "/yconnect/v2/token";

export interface YahooMockOptions {
  /** Store account (`seller_id` / `<SellerId>`) the mock serves. */
  sellerId?: string;
  /** OAuth application id and secret accepted by the token endpoint (Basic auth). */
  clientId?: string;
  clientSecret?: string;
  /** Access and refresh tokens valid from the start, so tests need no token call. */
  accessToken?: string;
  refreshToken?: string;
  /** Lifetime of access tokens in seconds; Yahoo issues one-hour tokens. */
  accessTokenTtlSeconds?: number;
  /** Require `X-sws-signature` and `X-sws-signature-version` on order APIs (spec §1 "strict" mode). */
  requireSignature?: boolean;
  /** Requests allowed per API path per window; `false` turns the limit off. Spec §1: about 1 per second. */
  rateLimit?: { requests: number; windowMs: number; lockoutMs: number } | false;
  /** Clock in milliseconds since the epoch; tests pass a fake one to expire tokens. */
  now?: () => number;
  /** Random source in [0, 1) for probabilistic faults. */
  random?: () => number;
}

export interface StockRecord {
  itemCode: string;
  subCode: string;
  quantity: number;
  allowOverdraft: number;
  updateTime: string;
}

export interface ItemRecord {
  itemCode: string;
  /** Fields as sent to editItem (form names such as `name`, `price`, `path`). */
  fields: Record<string, string>;
  editing: boolean;
  published: boolean;
  updateTime: string;
}

export interface OrderLine {
  LineId: number;
  ItemId: string;
  SubCode: string;
  Title: string;
  UnitPrice: number;
  Quantity: number;
  [field: string]: string | number;
}

export interface OrderRecord {
  /** Order-level fields by their Yahoo field name (OrderId, OrderStatus, PayStatus, ShipStatus, TotalPrice, …). */
  fields: Record<string, string | number>;
  lines: OrderLine[];
  /** OrderTime in epoch milliseconds, for filtering and sorting. */
  orderTimeMs: number;
  /** True when the operator forced the order past the available stock (collision tests). */
  oversold: boolean;
}

/**
 * A fault injected into API calls. `count` limits it to the next N matching calls (unlimited when
 * absent), and `api` limits it to one API such as `setStock` (every API when absent).
 */
export type YahooFault = { count?: number; api?: string } & (
  | { kind: "latency"; ms: number }
  | { kind: "error"; status?: number; probability?: number }
  | { kind: "timeout" }
  | { kind: "rateLimit" }
  | { kind: "malformed" }
  | { kind: "drop" }
);

export interface YahooMock {
  readonly server: Server;
  listen(options: { host: string; port: number }): Promise<AddressInfo>;
  close(): Promise<void>;
  /** Base URL after listen, e.g. `http://127.0.0.1:41234`. */
  url(): string;
  readonly state: YahooMockState;
}

export interface YahooMockState {
  stock: Map<string, StockRecord>;
  items: Map<string, ItemRecord>;
  orders: Map<string, OrderRecord>;
  reservedPublishTime: number | null;
  accessTokens: Map<string, number>;
  refreshTokens: Set<string>;
  faults: YahooFault[];
  nextOrderNumber: number;
}

/** A rejected request, sent back as the spec §5 `<Error>` body with its status and headers. */
class MockApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

const ORDER_APIS = new Set(["orderList", "orderInfo", "orderStatusChange", "orderShipStatusChange"]);
const MAX_CODES_PER_CALL = 1000;
const QUANTITY_LIMIT = 999_999_999;
const ITEM_CODE_PART = /^[A-Za-z0-9-]{1,99}$/;
const ORDER_ID_PATTERN = /^[a-zA-Z0-9-]{1,50}$/;
const CANCEL_REASONS = new Set([100, 110, 120, 130, 140, 150, 160, 170, 180, 200, 210, 220, 230]);
const SHIP_METHOD_PATTERN = /^postage([1-9]|1[0-46])$/;

// Groups of orderInfo fields in the response (spec §4.2, after a third-party test that mirrors the
// real structure). NOTE: only OrderId/OrderStatus/OrderTime/LastUpdateTime (top), Detail totals, Pay/PayStatus and
// Ship/ShipStatus are confirmed; the group of every other field is an assumption.
const PAY_FIELDS = [
  "PayStatus", "PayMethod", "PayMethodName", "PayDate",
  "BillFirstName", "BillLastName", "BillFirstNameKana", "BillLastNameKana", "BillZipCode",
  "BillPrefecture", "BillCity", "BillAddress1", "BillAddress2", "BillPhoneNumber", "BillMailAddress",
];
const SHIP_FIELDS = [
  "ShipStatus", "ShipMethod", "ShipMethodName", "ShipRequestDate", "ShipRequestTime", "ShipNotes",
  "ShipCompanyCode", "ShipInvoiceNumber1", "ShipInvoiceNumber2", "ShipInvoiceNumberEmptyReason",
  "ShipUrl", "ShipDate", "ArrivalDate", "ShipFirstName", "ShipLastName", "ShipFirstNameKana",
  "ShipLastNameKana", "ShipZipCode", "ShipPrefecture", "ShipCity", "ShipAddress1", "ShipAddress2",
  "ShipPhoneNumber", "NeedGiftWrap", "GiftWrapType", "GiftWrapMessage",
];
const DETAIL_FIELDS = [
  "PayCharge", "ShipCharge", "GiftWrapCharge", "Discount", "Adjustments", "SettleAmount",
  "UsePoint", "TotalPrice", "TotalMallCouponDiscount",
];
const ITEM_FIELDS = [
  "LineId", "ItemId", "SubCode", "SubCodeOption", "ItemOption", "Title", "UnitPrice", "Quantity",
  "Jan", "ItemTaxRatio", "OriginalPrice",
];
const TOP_FIELDS = [
  "OrderId", "OrderTime", "LastUpdateTime", "OrderStatus", "IsSeen", "CancelReason",
  "BuyerComments", "SellerComments", "DeviceType", "StoreStatus", "IsActive",
];
const ORDER_LIST_FIELDS = new Set([...TOP_FIELDS, ...PAY_FIELDS, ...SHIP_FIELDS, ...DETAIL_FIELDS]);
const ORDER_INFO_FIELDS = new Set([...ORDER_LIST_FIELDS, ...ITEM_FIELDS]);

/** Formats a time as ISO 8601 in Japan time (`2017-05-11T19:37:45+09:00`), as Yahoo responses do. */
export function formatJst(epochMs: number): string {
  const jst = new Date(epochMs + 9 * 3600_000).toISOString().slice(0, 19);
  return `${jst}+09:00`;
}

/** Parses `YYYYMMDDHHmmss` (Japan time) into epoch milliseconds, or undefined when malformed. */
function parseCompactJst(value: string): number | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(value);
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s] = match.map(Number) as number[];
  return Date.UTC(y!, mo! - 1, d!, h!, mi!, s!) - 9 * 3600_000;
}

function stockKey(itemCode: string, subCode: string): string {
  return subCode === "" ? itemCode : `${itemCode}:${subCode}`;
}

export function createYahooMock(options: YahooMockOptions = {}): YahooMock {
  const sellerId = options.sellerId ?? "tsunagu-mock";
  const clientId = options.clientId ?? "mock-client-id";
  const clientSecret = options.clientSecret ?? "mock-client-secret";
  const ttlMs = (options.accessTokenTtlSeconds ?? 3600) * 1000;
  const requireSignature = options.requireSignature ?? true;
  const rateLimit = options.rateLimit === undefined ? { requests: 1, windowMs: 1000, lockoutMs: 0 } : options.rateLimit;
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;

  const state: YahooMockState = {
    stock: new Map(),
    items: new Map(),
    orders: new Map(),
    reservedPublishTime: null,
    accessTokens: new Map(),
    refreshTokens: new Set(),
    faults: [],
    nextOrderNumber: 10000001,
  };
  state.accessTokens.set(options.accessToken ?? "mock-access-token", now() + ttlMs);
  state.refreshTokens.add(options.refreshToken ?? "mock-refresh-token");

  // Accepted request times per API path, for the per-URL rate limit; `lockedUntil` per path.
  const requestTimes = new Map<string, number[]>();
  const lockedUntil = new Map<string, number>();
  // Requests held open by the timeout fault; released (destroyed) on close.
  const heldResponses = new Set<ServerResponse>();
  let baseUrl = "";

  // ---------- helpers ----------

  function sendXml(response: ServerResponse, status: number, root: XmlElement, headers: Record<string, string> = {}) {
    const body = serializeXml(root);
    response.writeHead(status, { "Content-Type": "application/xml; charset=UTF-8", ...headers });
    response.end(body);
  }

  function sendError(response: ServerResponse, error: MockApiError) {
    sendXml(
      response,
      error.status,
      { name: "Error", children: [xmlText("Message", error.message, true), xmlText("Detail", ""), xmlText("Code", error.code)] },
      error.headers,
    );
  }

  function sendJson(response: ServerResponse, status: number, value: unknown) {
    response.writeHead(status, { "Content-Type": "application/json; charset=UTF-8" });
    response.end(JSON.stringify(value));
  }

  function readBody(request: IncomingMessage): Promise<string> {
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
      request.on("error", reject);
    });
  }

  function authenticate(request: IncomingMessage) {
    const header = request.headers.authorization ?? "";
    const match = /^Bearer\s+(\S+)$/.exec(header);
    // NOTE: the spec does not document the status, header or body for a bad token. The mock follows
    // RFC 6750 (401 with WWW-Authenticate) and puts mock-specific codes in the spec §5 error body.
    if (!match) {
      throw new MockApiError(401, "mock-auth-missing", "アクセストークンが指定されていません。", {
        "WWW-Authenticate": 'Bearer error="invalid_request"',
      });
    }
    const expiresAt = state.accessTokens.get(match[1]!);
    if (expiresAt === undefined) {
      throw new MockApiError(401, "mock-auth-invalid", "アクセストークンが不正です。", {
        "WWW-Authenticate": 'Bearer error="invalid_token"',
      });
    }
    if (expiresAt <= now()) {
      throw new MockApiError(401, "mock-auth-expired", "アクセストークンの有効期限が切れています。", {
        "WWW-Authenticate": 'Bearer error="invalid_token", error_description="expired"',
      });
    }
  }

  // Spec §1: the signature is base64(RSA-encrypt("<sellerId>:<unixTime>")) with a key version.
  // The mock checks presence and form only, and decrypts nothing (spec §1 mock guidance).
  function checkSignature(request: IncomingMessage) {
    const signature = request.headers["x-sws-signature"];
    const version = request.headers["x-sws-signature-version"];
    if (typeof signature !== "string" || signature === "" || typeof version !== "string" || version === "") {
      throw new MockApiError(401, "mock-signature-missing", "公開鍵認証の署名ヘッダー（X-sws-signature, X-sws-signature-version）がありません。");
    }
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(signature) || !/^\d+$/.test(version)) {
      throw new MockApiError(401, "mock-signature-invalid", "公開鍵認証の署名ヘッダーの形式が不正です。");
    }
  }

  function rateLimitError(): MockApiError {
    // NOTE: the spec says only that bursts lock the client out; status 429 and the code are assumptions.
    return new MockApiError(429, "mock-rate-limited", "アクセスが集中しています。しばらくしてから再度お試しください。");
  }

  function checkRateLimit(path: string) {
    if (rateLimit === false) return;
    const time = now();
    if ((lockedUntil.get(path) ?? 0) > time) throw rateLimitError();
    const recent = (requestTimes.get(path) ?? []).filter((t) => t > time - rateLimit.windowMs);
    if (recent.length >= rateLimit.requests) {
      requestTimes.set(path, recent);
      if (rateLimit.lockoutMs > 0) lockedUntil.set(path, time + rateLimit.lockoutMs);
      throw rateLimitError();
    }
    recent.push(time);
    requestTimes.set(path, recent);
  }

  function requireSeller(value: string | undefined) {
    if (value === undefined || value === "") {
      throw new MockApiError(400, "px-04001", '"seller_id" is not specified');
    }
    if (value !== sellerId) {
      // NOTE: the real code for another store's id is not documented.
      throw new MockApiError(403, "mock-seller-mismatch", "指定されたストアアカウントにアクセスする権限がありません。");
    }
  }

  function parameterError(message: string): MockApiError {
    // NOTE: ed-00002 is listed on the setStock page but its meaning was not readable (spec §2.1);
    // the mock uses it for every malformed parameter.
    return new MockApiError(400, "ed-00002", message);
  }

  /** Splits `item_code` into [itemCode, subCode] pairs, enforcing the spec §2.1 limits. */
  function parseItemCodes(raw: string | null): Array<[string, string]> {
    if (raw === null || raw === "") throw parameterError("item_code が指定されていません。");
    const codes = raw.split(",");
    if (codes.length > MAX_CODES_PER_CALL) {
      throw parameterError(`item_code は1回に${MAX_CODES_PER_CALL}件まで指定できます（${codes.length}件指定されました）。`);
    }
    return codes.map((code) => {
      const [itemCode = "", subCode = "", ...rest] = code.split(":");
      if (rest.length > 0 || !ITEM_CODE_PART.test(itemCode) || (subCode !== "" && !ITEM_CODE_PART.test(subCode))) {
        throw parameterError(`item_code の形式が不正です: ${code}`);
      }
      return [itemCode, subCode];
    });
  }

  function applyDuePublish() {
    if (state.reservedPublishTime !== null && state.reservedPublishTime <= now()) {
      for (const item of state.items.values()) {
        if (item.editing) {
          item.editing = false;
          item.published = true;
        }
      }
      state.reservedPublishTime = null;
    }
  }

  // ---------- stock and item APIs ----------

  function setStock(form: URLSearchParams): XmlElement {
    requireSeller(form.get("seller_id") ?? undefined);
    const codes = parseItemCodes(form.get("item_code"));
    const quantities = (form.get("quantity") ?? "").split(",");
    if (form.get("quantity") === null || quantities.length !== codes.length) {
      throw parameterError("quantity の件数が item_code の件数と一致しません。");
    }
    const allowOverdraftRaw = form.get("allow_overdraft");
    if (allowOverdraftRaw !== null && allowOverdraftRaw !== "0" && allowOverdraftRaw !== "1") {
      throw parameterError("allow_overdraft は 0 または 1 を指定してください。");
    }
    const results: XmlElement[] = [];
    let ok = 0;
    let ng = 0;
    codes.forEach(([itemCode, subCode], index) => {
      // A literal `+` in a form body decodes to a space, so an unencoded "+5" arrives as " 5" and
      // is read as an absolute value, as spec §2.1 warns.
      const quantityText = quantities[index]!.trim();
      const children = [xmlText("ItemCode", itemCode), xmlText("SubCode", subCode)];
      if (quantityText === "INI") {
        ng += 1;
        results.push({ name: "Result", children: [...children, xmlText("ErrorCode", "st-02104")] });
        return;
      }
      const match = /^([+-]?)(\d{1,9})$/.exec(quantityText);
      if (!match) throw parameterError(`quantity の形式が不正です: ${quantities[index]}`);
      const key = stockKey(itemCode, subCode);
      const existing = state.stock.get(key);
      const amount = Number(match[2]);
      const current = existing?.quantity ?? 0;
      let next = amount;
      if (match[1] === "+") next = current + amount;
      if (match[1] === "-") next = current - amount;
      if (next < 0 || next > QUANTITY_LIMIT) {
        // NOTE: Yahoo's reaction to a result outside the range is not documented; the mock
        // reports the code as failed and leaves its stock unchanged.
        ng += 1;
        results.push({ name: "Result", children: [...children, xmlText("ErrorCode", "mock-quantity-out-of-range")] });
        return;
      }
      // Unknown codes are not an error: the stock waits for the item to be registered (spec §2.1).
      state.stock.set(key, {
        itemCode,
        subCode,
        quantity: next,
        allowOverdraft: allowOverdraftRaw === null ? (existing?.allowOverdraft ?? 0) : Number(allowOverdraftRaw),
        updateTime: formatJst(now()),
      });
      ok += 1;
      results.push({ name: "Result", children: [...children, xmlText("Quantity", next)] });
    });
    return {
      name: "ResultSet",
      attributes: { totalResultsAvailable: codes.length, totalResultsReturned: codes.length, firstResultPosition: 1, ok, ng },
      children: results,
    };
  }

  function getStock(form: URLSearchParams): XmlElement {
    requireSeller(form.get("seller_id") ?? undefined);
    const codes = parseItemCodes(form.get("item_code"));
    const results = codes.map(([itemCode, subCode]): XmlElement => {
      const record = state.stock.get(stockKey(itemCode, subCode));
      const item = state.items.get(itemCode);
      // NOTE: the meaning of Status is undocumented; the real sample shows 1 for a known code.
      return {
        name: "Result",
        children: [
          xmlText("ItemCode", itemCode),
          xmlText("SubCode", subCode),
          xmlText("Status", record ? 1 : 0),
          xmlText("Quantity", record?.quantity ?? ""),
          xmlText("AllowOverdraft", record?.allowOverdraft ?? 0),
          xmlText("IsPublished", item?.published ? 1 : 0),
          xmlText("UpdateTime", record?.updateTime ?? ""),
        ],
      };
    });
    const ok = codes.filter(([itemCode, subCode]) => state.stock.has(stockKey(itemCode, subCode))).length;
    return {
      name: "ResultSet",
      attributes: { totalResultsAvailable: codes.length, totalResultsReturned: codes.length, firstResultPosition: 1, ok, ng: codes.length - ok },
      children: results,
    };
  }

  function editItem(form: URLSearchParams): XmlElement {
    requireSeller(form.get("seller_id") ?? undefined);
    const itemCode = form.get("item_code") ?? "";
    if (!ITEM_CODE_PART.test(itemCode)) throw parameterError(`item_code の形式が不正です: ${itemCode}`);
    const existing = state.items.get(itemCode);
    const fields: Record<string, string> = { ...(existing?.fields ?? {}) };
    for (const [key, value] of form) {
      if (key !== "seller_id" && key !== "item_code") fields[key] = value;
    }
    if (existing === undefined && (fields.name ?? "") === "") throw parameterError("name が指定されていません。");
    if (fields.price !== undefined && !/^\d{1,9}$/.test(fields.price)) throw parameterError(`price の形式が不正です: ${fields.price}`);
    state.items.set(itemCode, { itemCode, fields, editing: true, published: existing?.published ?? false, updateTime: formatJst(now()) });
    return { name: "ResultSet", children: [{ name: "Result", children: [xmlText("Status", "OK"), { name: "Warning", children: [] }] }] };
  }

  function itemNotFound(): MockApiError {
    return new MockApiError(400, "it-05002", "指定された商品コードは存在しません。");
  }

  function deleteItem(form: URLSearchParams): XmlElement {
    requireSeller(form.get("seller_id") ?? undefined);
    const itemCode = form.get("item_code") ?? "";
    if (!state.items.delete(itemCode)) throw itemNotFound();
    return { name: "ResultSet", children: [{ name: "Result", children: [xmlText("Status", "OK")] }] };
  }

  function getItem(query: URLSearchParams): XmlElement {
    requireSeller(query.get("seller_id") ?? undefined);
    const itemCode = query.get("item_code") ?? "";
    const item = state.items.get(itemCode);
    if (item === undefined) throw itemNotFound();
    const f = (name: string) => item.fields[name] ?? "";
    const stock = state.stock.get(itemCode);
    const plain = (name: string, field: string, fallback = "") => xmlText(name, item.fields[field] ?? fallback);
    const cdata = (name: string, field: string) => xmlText(name, f(field), true);
    const children: XmlElement[] = [
      xmlText("ItemCode", itemCode),
      { name: "PathList", children: [{ name: "Path", attributes: { origFlag: 1 }, text: f("path"), cdata: true }] },
      cdata("Name", "name"),
      plain("ProductCategory", "product_category"),
      plain("OriginalPrice", "original_price"),
      plain("OriginalPriceEvidence", "original_price_evidence"),
      plain("Price", "price"),
      plain("SalePrice", "sale_price"),
      xmlText("Quantity", stock?.quantity ?? ""),
      cdata("Headline", "headline"),
      cdata("Caption", "caption"),
      cdata("Abstract", "abstract"),
      cdata("Explanation", "explanation"),
      cdata("Additional1", "additional1"),
      cdata("Additional2", "additional2"),
      cdata("Additional3", "additional3"),
      cdata("SpAdditional", "sp_additional"),
      plain("RelevantLinks", "relevant_links"),
      plain("CartRelatedItems", "cart_related_items"),
      plain("ShipWeight", "ship_weight"),
      plain("Taxable", "taxable", "1"),
      plain("ReleaseDate", "release_date"),
      plain("PointCode", "point_code"),
      cdata("MetaKey", "meta_key"),
      cdata("MetaDesc", "meta_desc"),
      { name: "HiddenPage", children: [xmlText("HiddenFlag", "0"), xmlText("Id", ""), xmlText("Password", "")] },
      plain("Display", "display", "1"),
      xmlText("TemplateId", "IT03"),
      xmlText("TemplateName", "商品ページ3"),
      plain("SalePeriodStart", "sale_period_start"),
      plain("SalePeriodEnd", "sale_period_end"),
      plain("SaleLimit", "sale_limit"),
      plain("PrRate", "pr_rate"),
      plain("SpCode", "sp_code"),
      plain("BrandCode", "brand_code"),
      plain("YahooProductCode", "yahoo_product_code"),
      plain("ProductCode", "product_code"),
      plain("Jan", "jan"),
      plain("Delivery", "delivery", "0"),
      plain("LeadTimeInStock", "lead_time_instock"),
      plain("LeadTimeOutStock", "lead_time_outstock"),
      plain("Image", "image"),
      ...[1, 2, 3, 4, 5].map((n) => plain(`LibImage${n}`, `lib_image${n}`)),
      plain("AstkCode", "astk_code", "0"),
      plain("Condition", "condition", "0"),
      ...[1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((n) => plain(`Spec${n}`, `spec${n}`)),
      xmlText("ShowStock", "2"),
      xmlText("UpdateTime", item.updateTime),
      xmlText("EditingFlag", item.editing ? 1 : 0),
    ];
    return { name: "ResultSet", attributes: { totalResultsReturned: 1 }, children: [{ name: "Result", children }] };
  }

  function reservePublish(form: URLSearchParams): XmlElement {
    requireSeller(form.get("seller_id") ?? undefined);
    const mode = form.get("mode") ?? "1";
    if (mode === "2") {
      state.reservedPublishTime = null;
      return { name: "ResultSet", children: [xmlText("Status", "OK")] };
    }
    if (mode === "3") {
      return {
        name: "ResultSet",
        children: [xmlText("Status", "OK"), xmlText("ReserveTime", state.reservedPublishTime === null ? "" : formatJst(state.reservedPublishTime))],
      };
    }
    if (mode !== "1") throw parameterError(`mode は 1, 2, 3 のいずれかを指定してください: ${mode}`);
    const raw = form.get("reserve_time");
    let time = now();
    if (raw !== null && raw !== "") {
      const parsed = parseCompactJst(`${raw}00`);
      if (parsed === undefined) throw parameterError(`reserve_time は YYYYMMDDHHmm 形式で指定してください: ${raw}`);
      if (parsed > now() + 7 * 24 * 3600_000) throw parameterError("reserve_time は7日以内を指定してください。");
      time = Math.max(parsed, now());
    }
    state.reservedPublishTime = time;
    const reported = formatJst(time);
    applyDuePublish();
    return { name: "ResultSet", children: [xmlText("Status", "OK"), xmlText("ReserveTime", reported)] };
  }

  // ---------- order APIs ----------

  function parseReq(body: string): Element {
    const root = parseXmlRoot(body);
    if (root === undefined || root.name !== "Req") {
      throw new MockApiError(400, "mock-xml-invalid", "リクエストのXMLが不正です（ルート要素 Req が必要です）。");
    }
    requireSeller(childText(root, "SellerId"));
    return root;
  }

  function parseFieldList(raw: string | undefined, allowed: Set<string>): string[] {
    if (raw === undefined || raw === "") throw parameterError("Field が指定されていません。");
    const fields = raw.split(",").map((field) => field.trim()).filter((field) => field !== "");
    const unknown = fields.filter((field) => !allowed.has(field));
    if (unknown.length > 0) throw parameterError(`Field に指定できない項目があります: ${unknown.join(",")}`);
    return fields;
  }

  function findOrder(orderId: string | undefined): OrderRecord {
    if (orderId === undefined || orderId === "") throw parameterError("OrderId が指定されていません。");
    if (!ORDER_ID_PATTERN.test(orderId)) throw parameterError(`OrderId の形式が不正です: ${orderId}`);
    const order = state.orders.get(orderId);
    // NOTE: the real code for an unknown order id was not readable in the spec.
    if (order === undefined) throw new MockApiError(400, "mock-order-not-found", `指定された注文は存在しません: ${orderId}`);
    return order;
  }

  function resultOk(children: XmlElement[] = []): XmlElement {
    return {
      name: "ResultSet",
      attributes: { totalResultsAvailable: 1, totalResultsReturned: 1, firstResultPosition: 1 },
      children: [{ name: "Result", children: [xmlText("Status", "OK"), ...children] }],
    };
  }

  function orderList(body: string): XmlElement {
    const root = parseReq(body);
    const search = childElement(root, "Search");
    if (search === undefined) throw parameterError("Search が指定されていません。");
    const limitText = childText(search, "Result") ?? "10";
    const startText = childText(search, "Start") ?? "1";
    if (!/^\d+$/.test(limitText) || Number(limitText) < 1) throw parameterError(`Result の値が不正です: ${limitText}`);
    if (!/^\d+$/.test(startText) || Number(startText) < 1) throw parameterError(`Start の値が不正です: ${startText}`);
    const sort = childText(search, "Sort") ?? "+order_time";
    if (sort !== "+order_time" && sort !== "-order_time") throw parameterError(`Sort の値が不正です: ${sort}`);
    const fields = parseFieldList(childText(search, "Field"), ORDER_LIST_FIELDS);
    const condition = childElement(search, "Condition");
    const conditionValue = (name: string) => (condition === undefined ? undefined : childText(condition, name));
    const orderIds = conditionValue("OrderId");
    const from = conditionValue("OrderTimeFrom");
    const to = conditionValue("OrderTimeTo");
    const exactTime = conditionValue("OrderTime");
    if (!orderIds && !exactTime && !(from && to)) {
      throw parameterError("Condition には OrderId、OrderTime、または OrderTimeFrom と OrderTimeTo の両方を指定してください。");
    }
    const parseTime = (name: string, value: string | undefined) => {
      if (value === undefined) return undefined;
      const parsed = parseCompactJst(value);
      if (parsed === undefined) throw parameterError(`${name} は YYYYMMDDHHmmss 形式で指定してください: ${value}`);
      return parsed;
    };
    const fromMs = parseTime("OrderTimeFrom", from);
    const toMs = parseTime("OrderTimeTo", to);
    const exactMs = parseTime("OrderTime", exactTime);
    const idSet = orderIds ? new Set(orderIds.split(",")) : undefined;
    const equalsFilters = ["IsSeen", "OrderStatus", "ShipStatus", "PayStatus", "StoreStatus", "DeviceType", "IsActive"]
      .map((name) => [name, conditionValue(name)] as const)
      .filter((entry): entry is readonly [string, string] => entry[1] !== undefined && entry[1] !== "");

    const matches = [...state.orders.values()].filter((order) => {
      const time = order.orderTimeMs;
      if (idSet && !idSet.has(String(order.fields.OrderId))) return false;
      if (fromMs !== undefined && time < fromMs) return false;
      if (toMs !== undefined && time > toMs) return false;
      if (exactMs !== undefined && Math.floor(time / 1000) !== Math.floor(exactMs / 1000)) return false;
      return equalsFilters.every(([name, value]) => String(order.fields[name] ?? "") === value);
    });
    matches.sort((a, b) => (a.orderTimeMs - b.orderTimeMs) * (sort === "+order_time" ? 1 : -1));
    const start = Number(startText);
    const page = matches.slice(start - 1, start - 1 + Number(limitText));
    const orderInfos = page.map((order): XmlElement => ({
      name: "OrderInfo",
      children: fields.map((field) => xmlText(field, order.fields[field] ?? "")),
    }));
    return {
      name: "ResultSet",
      attributes: { totalResultsAvailable: matches.length, totalResultsReturned: page.length, firstResultPosition: start },
      children: [{ name: "Result", children: [xmlText("Status", "OK"), { name: "Search", children: [xmlText("TotalCount", matches.length), ...orderInfos] }] }],
    };
  }

  function orderInfo(body: string): XmlElement {
    const root = parseReq(body);
    const target = childElement(root, "Target");
    if (target === undefined) throw parameterError("Target が指定されていません。");
    const order = findOrder(childText(target, "OrderId"));
    // NOTE: whether Field is required for orderInfo is unverified; the mock returns every field when absent.
    const fieldText = childText(target, "Field");
    const fields = new Set(fieldText ? parseFieldList(fieldText, ORDER_INFO_FIELDS) : ORDER_INFO_FIELDS);
    const pick = (names: string[], source: Record<string, string | number>) =>
      names.filter((name) => fields.has(name)).map((name) => xmlText(name, source[name] ?? ""));
    const children: XmlElement[] = [...pick(TOP_FIELDS, order.fields)];
    const groups: Array<[string, string[]]> = [["Pay", PAY_FIELDS], ["Ship", SHIP_FIELDS], ["Detail", DETAIL_FIELDS]];
    for (const [group, names] of groups) {
      const groupChildren = pick(names, order.fields);
      if (groupChildren.length > 0) children.push({ name: group, children: groupChildren });
    }
    if (ITEM_FIELDS.some((name) => fields.has(name))) {
      for (const line of order.lines) children.push({ name: "Item", children: pick(ITEM_FIELDS, line) });
    }
    children.push({ name: "Seller", children: [xmlText("SellerId", sellerId)] });
    return {
      name: "ResultSet",
      attributes: { totalResultsAvailable: 1, totalResultsReturned: 1, firstResultPosition: 1 },
      children: [{ name: "Result", children: [xmlText("Status", "OK"), { name: "OrderInfo", children }] }],
    };
  }

  function touch(order: OrderRecord) {
    order.fields.LastUpdateTime = formatJst(now());
  }

  function orderStatusChange(body: string): XmlElement {
    const root = parseReq(body);
    const target = childElement(root, "Target");
    const orderElement = childElement(root, "Order");
    if (target === undefined || orderElement === undefined) throw parameterError("Target と Order を指定してください。");
    const order = findOrder(childText(target, "OrderId"));
    const statusText = childText(orderElement, "OrderStatus") ?? "";
    if (!/^[1-5]$/.test(statusText)) throw parameterError(`OrderStatus の値が不正です: ${statusText}`);
    const status = Number(statusText);
    const current = Number(order.fields.OrderStatus);
    if (current === 4 || current === 5) {
      // NOTE: the spec does not say whether a cancelled or completed order can change again; the mock rejects it.
      throw new MockApiError(400, "mock-order-status-final", `キャンセル済みまたは完了済みの注文のステータスは変更できません: ${order.fields.OrderId}`);
    }
    if (status === 5 && childText(target, "IsPointFix") !== "true") {
      throw parameterError("OrderStatus を 5（完了）にするには IsPointFix に true を指定してください。");
    }
    if (status === 4) {
      const reason = Number(childText(orderElement, "CancelReason") ?? "");
      if (!CANCEL_REASONS.has(reason)) throw parameterError("キャンセル時は CancelReason に有効なコードを指定してください。");
      order.fields.CancelReason = reason;
    }
    order.fields.OrderStatus = status;
    touch(order);
    return resultOk();
  }

  function orderShipStatusChange(body: string): XmlElement {
    const root = parseReq(body);
    const target = childElement(root, "Target");
    const ship = childElement(childElement(root, "Order") ?? root, "Ship");
    if (target === undefined || ship === undefined) throw parameterError("Target と Order/Ship を指定してください。");
    const order = findOrder(childText(target, "OrderId"));
    const statusText = childText(ship, "ShipStatus") ?? "";
    if (!/^[0-4]$/.test(statusText)) throw parameterError(`ShipStatus の値が不正です: ${statusText}`);
    const updates: Record<string, string | number> = { ShipStatus: Number(statusText) };
    const method = childText(ship, "ShipMethod");
    if (method !== undefined && method !== "") {
      if (!SHIP_METHOD_PATTERN.test(method)) throw parameterError(`ShipMethod の値が不正です: ${method}`);
      updates.ShipMethod = method;
    }
    for (const name of ["ShipNotes", "ShipCompanyCode", "ShipInvoiceNumber1", "ShipInvoiceNumber2", "ShipInvoiceNumberEmptyReason", "ShipUrl"]) {
      const value = childText(ship, name);
      if (value !== undefined) updates[name] = value;
    }
    if (typeof updates.ShipUrl === "string" && updates.ShipUrl.length > 100) throw parameterError("ShipUrl は100文字以内で指定してください。");
    // Requests send dates as YYYYMMDD; responses return YYYY-MM-DD (spec §4.2).
    for (const name of ["ShipDate", "ArrivalDate"]) {
      const value = childText(ship, name);
      if (value === undefined || value === "") continue;
      const match = /^(\d{4})(\d{2})(\d{2})$/.exec(value);
      if (!match) throw parameterError(`${name} は YYYYMMDD 形式で指定してください: ${value}`);
      updates[name] = `${match[1]}-${match[2]}-${match[3]}`;
    }
    Object.assign(order.fields, updates);
    touch(order);
    return resultOk();
  }

  // ---------- operator endpoints ----------

  interface PlaceOrderInput {
    lines: Array<{ itemCode: string; subCode?: string; quantity?: number; unitPrice?: number; title?: string }>;
    force?: boolean;
    orderTime?: string;
    fields?: Record<string, string | number>;
  }

  /** Places an order as a shopper would: checks and decrements stock, then records the order. */
  function placeOrder(input: PlaceOrderInput): { status: number; body: unknown } {
    if (!Array.isArray(input.lines) || input.lines.length === 0) {
      return { status: 400, body: { error: "lines must list at least one { itemCode, quantity }" } };
    }
    const short: string[] = [];
    for (const line of input.lines) {
      if (typeof line?.itemCode !== "string" || line.itemCode === "") return { status: 400, body: { error: "every line needs an itemCode" } };
      const quantity = line.quantity ?? 1;
      if (!Number.isInteger(quantity) || quantity < 1) return { status: 400, body: { error: `quantity must be a positive integer for ${line.itemCode}` } };
      const record = state.stock.get(stockKey(line.itemCode, line.subCode ?? ""));
      if (!record || (record.quantity < quantity && record.allowOverdraft !== 1)) short.push(stockKey(line.itemCode, line.subCode ?? ""));
    }
    if (short.length > 0 && !input.force) {
      return { status: 409, body: { error: "out of stock", items: short } };
    }
    const orderTimeMs = input.orderTime ? Date.parse(input.orderTime) : now();
    if (Number.isNaN(orderTimeMs)) return { status: 400, body: { error: `orderTime is not a date: ${input.orderTime}` } };
    const orderId = `${sellerId}-${state.nextOrderNumber++}`;
    const lines: OrderLine[] = input.lines.map((line, index) => {
      const quantity = line.quantity ?? 1;
      const key = stockKey(line.itemCode, line.subCode ?? "");
      const record = state.stock.get(key);
      if (record) {
        // Forced or overdraft orders may take stock below zero, which is what an oversell looks like.
        record.quantity -= quantity;
        record.updateTime = formatJst(now());
      } else {
        state.stock.set(key, { itemCode: line.itemCode, subCode: line.subCode ?? "", quantity: -quantity, allowOverdraft: 0, updateTime: formatJst(now()) });
      }
      const item = state.items.get(line.itemCode);
      return {
        LineId: index + 1,
        ItemId: line.itemCode,
        SubCode: line.subCode ?? "",
        Title: line.title ?? item?.fields.name ?? line.itemCode,
        UnitPrice: line.unitPrice ?? Number(item?.fields.price ?? 0),
        Quantity: quantity,
      };
    });
    const itemTotal = lines.reduce((sum, line) => sum + line.UnitPrice * line.Quantity, 0);
    const fields: Record<string, string | number> = {
      OrderId: orderId,
      OrderTime: formatJst(orderTimeMs),
      LastUpdateTime: formatJst(now()),
      OrderStatus: 2,
      IsSeen: "false",
      DeviceType: 1,
      PayStatus: 0,
      PayMethod: "payment_a1",
      ShipStatus: 1,
      PayCharge: 0,
      ShipCharge: 0,
      GiftWrapCharge: 0,
      Discount: 0,
      Adjustments: 0,
      UsePoint: 0,
      TotalPrice: itemTotal,
      SettleAmount: itemTotal,
      TotalMallCouponDiscount: 0,
      // A made-up shopper, so that an order placed without addresses can still be shipped.
      BillLastName: "山田",
      BillFirstName: "花子",
      BillLastNameKana: "ヤマダ",
      BillFirstNameKana: "ハナコ",
      BillZipCode: "150-0001",
      BillPrefecture: "東京都",
      BillCity: "渋谷区",
      BillAddress1: "神宮前1-2-3",
      BillAddress2: "",
      BillPhoneNumber: "03-1111-2222",
      BillMailAddress: "shopper@example.invalid",
      ShipLastName: "山田",
      ShipFirstName: "花子",
      ShipLastNameKana: "ヤマダ",
      ShipFirstNameKana: "ハナコ",
      ShipZipCode: "150-0001",
      ShipPrefecture: "東京都",
      ShipCity: "渋谷区",
      ShipAddress1: "神宮前1-2-3",
      ShipAddress2: "",
      ShipPhoneNumber: "03-1111-2222",
      ...input.fields,
    };
    state.orders.set(orderId, { fields, lines, orderTimeMs, oversold: short.length > 0 });
    return { status: 201, body: { orderId, oversold: short.length > 0 } };
  }

  /**
   * Cancels an order as the shopper or Yahoo would (outside the store's API calls) and puts its
   * quantities back into stock. NOTE: whether Yahoo restores stock on every cancellation is unverified.
   */
  function cancelOrderAsShopper(orderId: string, reason: unknown): { status: number; body: unknown } {
    const order = state.orders.get(orderId);
    if (order === undefined) return { status: 404, body: { error: `order not found: ${orderId}` } };
    const cancelReason = reason === undefined ? 100 : Number(reason);
    if (!CANCEL_REASONS.has(cancelReason)) return { status: 400, body: { error: `cancelReason must be one of ${[...CANCEL_REASONS].join(", ")}` } };
    if (Number(order.fields.OrderStatus) === 4) return { status: 409, body: { error: `order already cancelled: ${orderId}` } };
    for (const line of order.lines) {
      const record = state.stock.get(stockKey(line.ItemId, line.SubCode));
      if (record) {
        record.quantity += line.Quantity;
        record.updateTime = formatJst(now());
      }
    }
    order.fields.OrderStatus = 4;
    order.fields.CancelReason = cancelReason;
    touch(order);
    return { status: 200, body: { orderId, orderStatus: 4 } };
  }

  function snapshot() {
    applyDuePublish();
    return {
      sellerId,
      stock: [...state.stock.values()],
      items: [...state.items.values()],
      orders: [...state.orders.values()].map((order) => ({ fields: order.fields, lines: order.lines, oversold: order.oversold })),
      reservedPublishTime: state.reservedPublishTime === null ? null : formatJst(state.reservedPublishTime),
      faults: state.faults,
    };
  }

  function parseFault(value: unknown): YahooFault | string {
    if (typeof value !== "object" || value === null) return "body must be a JSON object";
    const fault = value as Record<string, unknown>;
    const count = fault.count;
    if (count !== undefined && (!Number.isInteger(count) || (count as number) < 1)) return "count must be a positive integer";
    if (fault.api !== undefined && typeof fault.api !== "string") return "api must be an API name such as setStock";
    switch (fault.kind) {
      case "latency":
        if (!Number.isInteger(fault.ms) || (fault.ms as number) < 0) return "latency needs ms (a non-negative integer)";
        return fault as YahooFault;
      case "error":
        if (fault.status !== undefined && (!Number.isInteger(fault.status) || (fault.status as number) < 500 || (fault.status as number) > 599)) return "status must be 500–599";
        if (fault.probability !== undefined && (typeof fault.probability !== "number" || fault.probability < 0 || fault.probability > 1)) return "probability must be between 0 and 1";
        return fault as YahooFault;
      case "timeout":
      case "rateLimit":
      case "malformed":
      case "drop":
        return fault as YahooFault;
      default:
        return "kind must be latency, error, timeout, rateLimit, malformed or drop";
    }
  }

  async function handleOperator(request: IncomingMessage, response: ServerResponse, path: string) {
    const body = await readBody(request);
    let json: unknown = undefined;
    if (body !== "") {
      try {
        json = JSON.parse(body);
      } catch {
        return sendJson(response, 400, { error: "body is not JSON" });
      }
    }
    if (request.method === "GET" && path === "/__mock/state") return sendJson(response, 200, snapshot());
    if (request.method === "POST" && path === "/__mock/orders") {
      const result = placeOrder((json ?? {}) as PlaceOrderInput);
      return sendJson(response, result.status, result.body);
    }
    const cancelMatch = /^\/__mock\/orders\/([^/]+)\/cancel$/.exec(path);
    if (request.method === "POST" && cancelMatch) {
      const result = cancelOrderAsShopper(decodeURIComponent(cancelMatch[1]!), (json as { cancelReason?: unknown } | undefined)?.cancelReason);
      return sendJson(response, result.status, result.body);
    }
    if (request.method === "POST" && path === "/__mock/faults") {
      const fault = parseFault(json);
      if (typeof fault === "string") return sendJson(response, 400, { error: fault });
      state.faults.push(fault);
      return sendJson(response, 201, { faults: state.faults });
    }
    if (request.method === "DELETE" && path === "/__mock/faults") {
      state.faults = [];
      return sendJson(response, 200, { faults: [] });
    }
    if (request.method === "POST" && path === "/__mock/tokens/expire") {
      for (const token of state.accessTokens.keys()) state.accessTokens.set(token, now());
      return sendJson(response, 200, { expired: state.accessTokens.size });
    }
    return sendJson(response, 404, { error: `no operator endpoint ${request.method} ${path}` });
  }

  // ---------- token endpoint ----------

  async function handleToken(request: IncomingMessage, response: ServerResponse) {
    const form = new URLSearchParams(await readBody(request));
    const expected = `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString("base64")}`;
    if (request.headers.authorization !== expected) {
      return sendJson(response, 401, { error: "invalid_client", error_description: "client authentication failed" });
    }
    if (form.get("grant_type") !== "refresh_token") {
      // NOTE: the authorization_code grant (spec §1) needs a browser consent step; the mock does not offer it.
      return sendJson(response, 400, { error: "unsupported_grant_type" });
    }
    const refreshToken = form.get("refresh_token") ?? "";
    if (!state.refreshTokens.has(refreshToken)) {
      return sendJson(response, 400, { error: "invalid_grant", error_description: "invalid refresh token" });
    }
    const accessToken = randomBytes(24).toString("base64url");
    state.accessTokens.set(accessToken, now() + ttlMs);
    // NOTE: the spec does not say whether Yahoo rotates refresh tokens; the mock returns the same one.
    return sendJson(response, 200, { access_token: accessToken, token_type: "Bearer", expires_in: ttlMs / 1000, refresh_token: refreshToken });
  }

  // ---------- faults ----------

  /** Takes the first fault whose turn it is, counting down `count` and removing spent faults. */
  function takeFault(api: string): YahooFault | undefined {
    const index = state.faults.findIndex(
      (fault) =>
        (fault.api === undefined || fault.api === api) &&
        (fault.kind !== "error" || fault.probability === undefined || random() < fault.probability),
    );
    if (index < 0) return undefined;
    const fault = state.faults[index]!;
    if (fault.count !== undefined) {
      fault.count -= 1;
      if (fault.count <= 0) state.faults.splice(index, 1);
    }
    return fault;
  }

  // ---------- dispatch ----------

  async function handleApi(request: IncomingMessage, response: ServerResponse, api: string, url: URL) {
    const fault = takeFault(api);
    if (fault?.kind === "drop") {
      request.socket.destroy();
      return;
    }
    if (fault?.kind === "timeout") {
      heldResponses.add(response);
      response.on("close", () => heldResponses.delete(response));
      return;
    }
    if (fault?.kind === "latency") await new Promise((resolve) => setTimeout(resolve, fault.ms));
    if (fault?.kind === "error") {
      return sendError(response, new MockApiError(fault.status ?? 503, "mock-server-error", "システムエラーが発生しました。"));
    }
    if (fault?.kind === "rateLimit") return sendError(response, rateLimitError());
    if (fault?.kind === "malformed") {
      response.writeHead(200, { "Content-Type": "application/xml; charset=UTF-8" });
      response.end('<?xml version="1.0" encoding="UTF-8"?>\n<ResultSet><Result><Status>OK</Sta');
      return;
    }

    const body = await readBody(request);
    try {
      authenticate(request);
      checkRateLimit(url.pathname);
      applyDuePublish();
      if (ORDER_APIS.has(api) && requireSignature) checkSignature(request);
      const isGet = request.method === "GET";
      if (api === "getItem") {
        if (!isGet) throw new MockApiError(405, "mock-method-not-allowed", "getItem は GET で呼び出してください。");
        return sendXml(response, 200, getItem(url.searchParams));
      }
      if (request.method !== "POST") throw new MockApiError(405, "mock-method-not-allowed", `${api} は POST で呼び出してください。`);
      const form = new URLSearchParams(body);
      switch (api) {
        case "setStock":
          return sendXml(response, 200, setStock(form), { "Content-Type": "text/xml; charset=UTF-8" });
        case "getStock":
          return sendXml(response, 200, getStock(form));
        case "editItem":
          return sendXml(response, 200, editItem(form));
        case "deleteItem":
          return sendXml(response, 200, deleteItem(form));
        case "reservePublish":
          return sendXml(response, 200, reservePublish(form));
        case "orderList":
          return sendXml(response, 200, orderList(body));
        case "orderInfo":
          return sendXml(response, 200, orderInfo(body));
        case "orderStatusChange":
          return sendXml(response, 200, orderStatusChange(body));
        case "orderShipStatusChange":
          return sendXml(response, 200, orderShipStatusChange(body));
        default:
          throw new MockApiError(404, "mock-unknown-api", `この API はモックにありません: ${api}`);
      }
    } catch (error) {
      if (error instanceof MockApiError) return sendError(response, error);
      throw error;
    }
  }

  const server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    const handle = async () => {
      if (url.pathname.startsWith("/__mock/")) return handleOperator(request, response, url.pathname);
      if (url.pathname === YAHOO_TOKEN_PATH && request.method === "POST") return handleToken(request, response);
      if (url.pathname.startsWith(YAHOO_API_PREFIX)) return handleApi(request, response, url.pathname.slice(YAHOO_API_PREFIX.length), url);
      return sendJson(response, 404, { error: `not found: ${url.pathname}` });
    };
    handle().catch((error: unknown) => {
      if (!response.headersSent) sendJson(response, 500, { error: error instanceof Error ? error.message : String(error) });
      else response.destroy();
    });
  });

  return {
    server,
    state,
    url: () => baseUrl,
    listen: ({ host, port }) =>
      new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(port, host, () => {
          server.off("error", reject);
          const address = server.address() as AddressInfo;
          baseUrl = `http://${address.address}:${address.port}`;
          resolve(address);
        });
      }),
    close: () =>
      new Promise((resolve, reject) => {
        for (const response of heldResponses) response.destroy();
        heldResponses.clear();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
