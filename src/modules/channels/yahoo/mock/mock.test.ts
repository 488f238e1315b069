import { afterEach, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { createYahooMock, startYahooMock, type YahooMock, type YahooMockOptions } from "./index.js";
import { childElement, childElements, childText, parseXmlRoot, textContent } from "./xml.js";
import type { Element } from "domhandler";

const SELLER = "teststore";
const TOKEN = "test-access-token";
const SAMPLES = "/work/shared/data/real/yahoo";
const SIGNATURE = { "X-sws-signature": "c2lnbmF0dXJl", "X-sws-signature-version": "1" };

let mock: YahooMock | undefined;

afterEach(async () => {
  await mock?.close();
  mock = undefined;
});

async function start(options: YahooMockOptions = {}): Promise<YahooMock> {
  mock = createYahooMock({ sellerId: SELLER, accessToken: TOKEN, rateLimit: false, ...options });
  await mock.listen({ host: "127.0.0.1", port: 0 });
  return mock;
}

function api(name: string): string {
  return `${mock!.url()}/ShoppingWebService/V1/${name}`;
}

function postForm(name: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
  return fetch(api(name), {
    method: "POST",
    headers: { Authorization: `Bearer ${TOKEN}`, "Content-Type": "application/x-www-form-urlencoded", ...headers },
    body: new URLSearchParams(fields).toString(),
  });
}

function postXml(name: string, xml: string, headers: Record<string, string> = SIGNATURE) {
  return fetch(api(name), {
    method: "POST",
    headers: { Authorization: `Bearer ${TOKEN}`, "Content-Type": "application/xml; charset=UTF-8", ...headers },
    body: xml,
  });
}

async function xmlOf(response: Response): Promise<Element> {
  const root = parseXmlRoot(await response.text());
  if (!root) throw new Error("response has no XML root");
  return root;
}

function operator(path: string, body?: unknown, method = "POST") {
  return fetch(`${mock!.url()}/__mock/${path}`, {
    method,
    headers: body === undefined ? {} : { "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

/** Lists every element path with its text (for leaves), ignoring whitespace between elements. */
function shape(element: Element, prefix = ""): string[] {
  const path = `${prefix}/${element.name}`;
  const children = childElements(element);
  if (children.length === 0) return [path];
  return children.flatMap((child) => shape(child, path));
}

describe("auth", () => {
  it("rejects a call without a token with 401 and the error XML", async () => {
    await start();
    const response = await fetch(api("getStock"), { method: "POST", body: "seller_id=teststore&item_code=a" });
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toContain("Bearer");
    const root = await xmlOf(response);
    expect(root.name).toBe("Error");
    expect(childText(root, "Code")).toBe("mock-auth-missing");
  });

  it("rejects an unknown and an expired token", async () => {
    let clock = 1_700_000_000_000;
    await start({ now: () => clock, accessTokenTtlSeconds: 60 });
    const unknown = await fetch(api("getStock"), { method: "POST", headers: { Authorization: "Bearer nope" }, body: "seller_id=teststore&item_code=a" });
    expect(unknown.status).toBe(401);
    expect(childText(await xmlOf(unknown), "Code")).toBe("mock-auth-invalid");
    expect((await postForm("getStock", { seller_id: SELLER, item_code: "a" })).status).toBe(200);
    clock += 61_000;
    const expired = await postForm("getStock", { seller_id: SELLER, item_code: "a" });
    expect(expired.status).toBe(401);
    expect(childText(await xmlOf(expired), "Code")).toBe("mock-auth-expired");
  });

  it("issues a new access token for a refresh token with client Basic auth", async () => {
    await start({ clientId: "app", clientSecret: "secret", refreshToken: "refresh-1" });
    const tokenUrl = `${mock!.url()}/yconnect/v2/token`;
    const basic = `Basic ${Buffer.from("app:secret").toString("base64")}`;
    const wrongClient = await fetch(tokenUrl, { method: "POST", headers: { Authorization: `Basic ${Buffer.from("app:bad").toString("base64")}` }, body: "grant_type=refresh_token&refresh_token=refresh-1" });
    expect(wrongClient.status).toBe(401);
    const wrongGrant = await fetch(tokenUrl, { method: "POST", headers: { Authorization: basic }, body: "grant_type=refresh_token&refresh_token=other" });
    expect(wrongGrant.status).toBe(400);
    const ok = await fetch(tokenUrl, { method: "POST", headers: { Authorization: basic, "Content-Type": "application/x-www-form-urlencoded;charset=UTF-8" }, body: "grant_type=refresh_token&refresh_token=refresh-1" });
    expect(ok.status).toBe(200);
    const token = (await ok.json()) as { access_token: string; expires_in: number };
    expect(token.expires_in).toBe(3600);
    await operator("tokens/expire");
    expect((await postForm("getStock", { seller_id: SELLER, item_code: "a" })).status).toBe(401);
    const refreshed = await fetch(tokenUrl, { method: "POST", headers: { Authorization: basic }, body: "grant_type=refresh_token&refresh_token=refresh-1" });
    const next = (await refreshed.json()) as { access_token: string };
    const withNew = await fetch(api("getStock"), { method: "POST", headers: { Authorization: `Bearer ${next.access_token}` }, body: "seller_id=teststore&item_code=a" });
    expect(withNew.status).toBe(200);
  });

  it("requires both signature headers on order APIs but not on stock APIs", async () => {
    await start();
    const body = `<Req><Target><OrderId>${SELLER}-1</OrderId></Target><SellerId>${SELLER}</SellerId></Req>`;
    const missing = await postXml("orderInfo", body, {});
    expect(missing.status).toBe(401);
    expect(childText(await xmlOf(missing), "Code")).toBe("mock-signature-missing");
    const versionOnly = await postXml("orderInfo", body, { "X-sws-signature-version": "1" });
    expect(versionOnly.status).toBe(401);
    const badForm = await postXml("orderInfo", body, { "X-sws-signature": "not base64!", "X-sws-signature-version": "1" });
    expect(childText(await xmlOf(badForm), "Code")).toBe("mock-signature-invalid");
    expect((await postForm("getStock", { seller_id: SELLER, item_code: "a" })).status).toBe(200);
  });

  it("accepts order calls without signature when strict mode is off", async () => {
    await start({ requireSignature: false });
    const response = await postXml("orderInfo", `<Req><Target><OrderId>${SELLER}-1</OrderId></Target><SellerId>${SELLER}</SellerId></Req>`, {});
    expect(childText(await xmlOf(response), "Code")).toBe("mock-order-not-found");
  });

  it("answers a missing seller_id with px-04001", async () => {
    await start();
    const response = await postForm("getStock", { item_code: "a" });
    expect(response.status).toBe(400);
    expect(childText(await xmlOf(response), "Code")).toBe("px-04001");
  });
});

describe("stock", () => {
  it("sets, adds and subtracts stock and reads it back with getStock", async () => {
    await start();
    const set = await postForm("setStock", { seller_id: SELLER, item_code: "ring-01,ring-02:gold", quantity: "5,2" });
    expect(set.headers.get("content-type")).toContain("text/xml");
    const setRoot = await xmlOf(set);
    expect(setRoot.attribs).toMatchObject({ totalResultsReturned: "2", ok: "2", ng: "0" });
    expect(childElements(setRoot, "Result").map((r) => [childText(r, "ItemCode"), childText(r, "SubCode"), childText(r, "Quantity")])).toEqual([
      ["ring-01", "", "5"],
      ["ring-02", "gold", "2"],
    ]);
    // URLSearchParams encodes `+` as `%2B`, which is what the real API requires for "add".
    await postForm("setStock", { seller_id: SELLER, item_code: "ring-01,ring-02:gold", quantity: "+3,-2" });
    const get = await xmlOf(await postForm("getStock", { seller_id: SELLER, item_code: "ring-01,ring-02:gold,unknown" }));
    const results = childElements(get, "Result");
    expect(results.map((r) => childText(r, "Quantity"))).toEqual(["8", "0", ""]);
    expect(childText(results[0]!, "Status")).toBe("1");
    expect(childText(results[0]!, "UpdateTime")).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+09:00$/);
    expect(get.attribs).toMatchObject({ ok: "2", ng: "1" });
  });

  it("reads an unencoded + as an absolute quantity, as the real API does", async () => {
    await start();
    await postForm("setStock", { seller_id: SELLER, item_code: "a", quantity: "4" });
    const response = await fetch(api("setStock"), {
      method: "POST",
      headers: { Authorization: `Bearer ${TOKEN}`, "Content-Type": "application/x-www-form-urlencoded" },
      body: "seller_id=teststore&item_code=a&quantity=+1",
    });
    expect(childText(childElement(await xmlOf(response), "Result")!, "Quantity")).toBe("1");
  });

  it("returns the same element layout as the real setStock and getStock samples", async () => {
    await start();
    const set = await xmlOf(await postForm("setStock", { seller_id: SELLER, item_code: "test1234", quantity: "6" }));
    const realSet = parseXmlRoot(readFileSync(`${SAMPLES}/setStock-response-200.xml`, "utf8"))!;
    expect(shape(set)).toEqual(shape(realSet));
    expect(Object.keys(set.attribs)).toEqual(Object.keys(realSet.attribs));
    const get = await xmlOf(await postForm("getStock", { seller_id: SELLER, item_code: "test1234" }));
    const realGet = parseXmlRoot(readFileSync(`${SAMPLES}/getStock-response-200.xml`, "utf8"))!;
    expect(shape(get)).toEqual(shape(realGet));
  });

  it("rejects more than 1000 codes, mismatched counts, INI and bad formats", async () => {
    await start();
    const codes = Array.from({ length: 1001 }, (_, i) => `c${i}`);
    const tooMany = await postForm("setStock", { seller_id: SELLER, item_code: codes.join(","), quantity: codes.map(() => "1").join(",") });
    expect(tooMany.status).toBe(400);
    const max = await postForm("setStock", { seller_id: SELLER, item_code: codes.slice(0, 1000).join(","), quantity: codes.slice(0, 1000).map(() => "1").join(",") });
    expect((await xmlOf(max)).attribs.ok).toBe("1000");
    const mismatch = await postForm("setStock", { seller_id: SELLER, item_code: "a,b", quantity: "1" });
    expect(mismatch.status).toBe(400);
    const ini = await xmlOf(await postForm("setStock", { seller_id: SELLER, item_code: "a", quantity: "INI" }));
    expect(ini.attribs.ng).toBe("1");
    expect(childText(childElement(ini, "Result")!, "ErrorCode")).toBe("st-02104");
    const tooLarge = await postForm("setStock", { seller_id: SELLER, item_code: "a", quantity: "1234567890" });
    expect(tooLarge.status).toBe(400);
    const badCode = await postForm("setStock", { seller_id: SELLER, item_code: "ring_01", quantity: "1" });
    expect(childText(await xmlOf(badCode), "Code")).toBe("ed-00002");
  });
});

describe("items and publishing", () => {
  it("edits an item, shows it as editing until published, and deletes it", async () => {
    await start();
    const edit = await postForm("editItem", { seller_id: SELLER, item_code: "test1234", name: "test_item", price: "5678", path: "test_category" });
    const realEdit = parseXmlRoot(readFileSync(`${SAMPLES}/editItem-response-200.xml`, "utf8"))!;
    expect(shape(await xmlOf(edit))).toEqual(shape(realEdit));
    const item = await xmlOf(await fetch(`${api("getItem")}?seller_id=${SELLER}&item_code=test1234`, { headers: { Authorization: `Bearer ${TOKEN}` } }));
    const realItem = parseXmlRoot(readFileSync(`${SAMPLES}/getItem-response-200.xml`, "utf8"))!;
    expect(shape(item)).toEqual(shape(realItem));
    const result = childElement(item, "Result")!;
    expect(childText(result, "Name")).toBe("test_item");
    expect(childText(result, "EditingFlag")).toBe("1");

    const publish = await xmlOf(await postForm("reservePublish", { seller_id: SELLER, mode: "1" }));
    expect(shape(publish)).toEqual(shape(parseXmlRoot(readFileSync(`${SAMPLES}/reservePublish-response-200.xml`, "utf8"))!));
    const after = await xmlOf(await fetch(`${api("getItem")}?seller_id=${SELLER}&item_code=test1234`, { headers: { Authorization: `Bearer ${TOKEN}` } }));
    expect(childText(childElement(after, "Result")!, "EditingFlag")).toBe("0");

    expect((await postForm("deleteItem", { seller_id: SELLER, item_code: "test1234" })).status).toBe(200);
    const gone = await fetch(`${api("getItem")}?seller_id=${SELLER}&item_code=test1234`, { headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(gone.status).toBe(400);
    const error = await xmlOf(gone);
    const realError = parseXmlRoot(readFileSync(`${SAMPLES}/getItem-response-400-unknown-item-code.xml`, "utf8"))!;
    expect(shape(error)).toEqual(shape(realError));
    expect(childText(error, "Code")).toBe(childText(realError, "Code"));
    expect(childText(error, "Message")).toBe(childText(realError, "Message"));
  });

  it("reserves a publish in the future, reports it, and cancels it", async () => {
    let clock = Date.UTC(2026, 0, 1, 0, 0, 0); // 09:00 JST
    await start({ now: () => clock, accessTokenTtlSeconds: 86_400 });
    await postForm("editItem", { seller_id: SELLER, item_code: "a", name: "A" });
    const reserve = await xmlOf(await postForm("reservePublish", { seller_id: SELLER, mode: "1", reserve_time: "202601011000" }));
    expect(childText(reserve, "ReserveTime")).toBe("2026-01-01T10:00:00+09:00");
    const check = await xmlOf(await postForm("reservePublish", { seller_id: SELLER, mode: "3" }));
    expect(childText(check, "ReserveTime")).toBe("2026-01-01T10:00:00+09:00");
    clock += 3600_000;
    const state = (await (await operator("state", undefined, "GET")).json()) as { items: Array<{ editing: boolean }> };
    expect(state.items[0]!.editing).toBe(false);
    const tooFar = await postForm("reservePublish", { seller_id: SELLER, mode: "1", reserve_time: "202601201000" });
    expect(tooFar.status).toBe(400);
    await postForm("reservePublish", { seller_id: SELLER, mode: "2" });
    expect(childText(await xmlOf(await postForm("reservePublish", { seller_id: SELLER, mode: "3" })), "ReserveTime")).toBe("");
  });
});

function orderListXml(options: { result?: number; start?: number; sort?: string; condition?: string; field?: string }) {
  return `<Req><Search>${options.result ? `<Result>${options.result}</Result>` : ""}${options.start ? `<Start>${options.start}</Start>` : ""}${options.sort ? `<Sort>${options.sort}</Sort>` : ""}<Condition>${options.condition ?? "<OrderTimeFrom>20260101000000</OrderTimeFrom><OrderTimeTo>20261231235959</OrderTimeTo>"}</Condition><Field>${options.field ?? "OrderId,OrderTime,OrderStatus"}</Field></Search><SellerId>${SELLER}</SellerId></Req>`;
}

describe("orders", () => {
  it("places shopper orders against stock", async () => {
    await start();
    await postForm("setStock", { seller_id: SELLER, item_code: "ring-01", quantity: "1" });
    const first = await operator("orders", { lines: [{ itemCode: "ring-01", quantity: 1, unitPrice: 120000 }] });
    expect(first.status).toBe(201);
    expect(((await first.json()) as { orderId: string }).orderId).toBe(`${SELLER}-10000001`);
    const soldOut = await operator("orders", { lines: [{ itemCode: "ring-01" }] });
    expect(soldOut.status).toBe(409);
    const forced = await operator("orders", { lines: [{ itemCode: "ring-01" }], force: true });
    expect(await forced.json()).toMatchObject({ oversold: true });
    const state = (await (await operator("state", undefined, "GET")).json()) as { stock: Array<{ quantity: number }>; orders: unknown[] };
    expect(state.stock[0]!.quantity).toBe(-1);
    expect(state.orders).toHaveLength(2);
  });

  it("cancels a shopper order and restores stock", async () => {
    await start();
    await postForm("setStock", { seller_id: SELLER, item_code: "ring-01", quantity: "1" });
    await operator("orders", { lines: [{ itemCode: "ring-01" }] });
    const orderId = `${SELLER}-10000001`;
    const cancel = await operator(`orders/${orderId}/cancel`, { cancelReason: 110 });
    expect(cancel.status).toBe(200);
    const stock = await xmlOf(await postForm("getStock", { seller_id: SELLER, item_code: "ring-01" }));
    expect(childText(childElement(stock, "Result")!, "Quantity")).toBe("1");
    const info = await xmlOf(await postXml("orderInfo", `<Req><Target><OrderId>${orderId}</OrderId><Field>OrderStatus,CancelReason</Field></Target><SellerId>${SELLER}</SellerId></Req>`));
    const order = childElement(childElement(info, "Result")!, "OrderInfo")!;
    expect(childText(order, "OrderStatus")).toBe("4");
    expect(childText(order, "CancelReason")).toBe("110");
    expect((await operator(`orders/${orderId}/cancel`, {})).status).toBe(409);
    expect((await operator(`orders/${SELLER}-99/cancel`, {})).status).toBe(404);
  });

  it("pages orderList with Start and Result, sorts, and filters by status", async () => {
    await start();
    await postForm("setStock", { seller_id: SELLER, item_code: "a", quantity: "100" });
    for (let day = 1; day <= 5; day++) {
      await operator("orders", { lines: [{ itemCode: "a" }], orderTime: `2026-03-0${day}T12:00:00+09:00` });
    }
    const page1 = await xmlOf(await postXml("orderList", orderListXml({ result: 2, start: 1 })));
    const search1 = childElement(childElement(page1, "Result")!, "Search")!;
    expect(childText(search1, "TotalCount")).toBe("5");
    expect(childElements(search1, "OrderInfo").map((o) => childText(o, "OrderId"))).toEqual([`${SELLER}-10000001`, `${SELLER}-10000002`]);
    expect(shape(childElements(search1, "OrderInfo")[0]!)).toEqual(["/OrderInfo/OrderId", "/OrderInfo/OrderTime", "/OrderInfo/OrderStatus"]);
    const page3 = await xmlOf(await postXml("orderList", orderListXml({ result: 2, start: 5 })));
    expect(childElements(childElement(childElement(page3, "Result")!, "Search")!, "OrderInfo").map((o) => childText(o, "OrderTime"))).toEqual(["2026-03-05T12:00:00+09:00"]);
    expect(page3.attribs).toMatchObject({ totalResultsAvailable: "5", totalResultsReturned: "1", firstResultPosition: "5" });
    const descending = await xmlOf(await postXml("orderList", orderListXml({ sort: "-order_time", result: 1 })));
    expect(childText(childElement(childElement(childElement(descending, "Result")!, "Search")!, "OrderInfo")!, "OrderId")).toBe(`${SELLER}-10000005`);
    const window = await xmlOf(await postXml("orderList", orderListXml({ condition: "<OrderTimeFrom>20260302000000</OrderTimeFrom><OrderTimeTo>20260303235959</OrderTimeTo>" })));
    expect(childText(childElement(childElement(window, "Result")!, "Search")!, "TotalCount")).toBe("2");
  });

  it("rejects invalid orderList requests", async () => {
    await start();
    const noField = await postXml("orderList", `<Req><Search><Condition><OrderId>x-1</OrderId></Condition></Search><SellerId>${SELLER}</SellerId></Req>`);
    expect(noField.status).toBe(400);
    const noCondition = await postXml("orderList", orderListXml({ condition: "<IsSeen>false</IsSeen>" }));
    expect(childText(await xmlOf(noCondition), "Message")).toContain("OrderTimeFrom");
    const onlyFrom = await postXml("orderList", orderListXml({ condition: "<OrderTimeFrom>20260101000000</OrderTimeFrom>" }));
    expect(onlyFrom.status).toBe(400);
    const unknownField = await postXml("orderList", orderListXml({ field: "OrderId,Nope" }));
    expect(childText(await xmlOf(unknownField), "Message")).toContain("Nope");
    const notReq = await postXml("orderList", "<Foo/>");
    expect(childText(await xmlOf(notReq), "Code")).toBe("mock-xml-invalid");
  });

  it("serves orderInfo with the grouping of the published order structure", async () => {
    // No recorded order-API response exists. This XML, from a third-party test that mirrors the
    // real structure, is the only published order shape, so the mock is compared against it.
    const published = `<ResultSet totalResultsAvailable="1"><Result><Status>OK</Status>
<OrderInfo><Detail><Discount>0</Discount><PayCharge>0</PayCharge><ShipCharge>0</ShipCharge><TotalPrice>698</TotalPrice><UsePoint>0</UsePoint></Detail>
<LastUpdateTime>2026-08-06T17:32:06+09:00</LastUpdateTime>
<Item><LineId>1</LineId><Title>…</Title><Quantity>2</Quantity><ItemId>abc</ItemId></Item>
<OrderId>b-faith01-10285999</OrderId><OrderStatus>2</OrderStatus><OrderTime>2026-08-06T17:16:34+09:00</OrderTime>
<Pay><PayStatus>1</PayStatus></Pay><Ship><ShipStatus>1</ShipStatus></Ship></OrderInfo></Result></ResultSet>`;
    await start({ sellerId: "b-faith01" });
    await fetch(api("setStock"), { method: "POST", headers: { Authorization: `Bearer ${TOKEN}` }, body: "seller_id=b-faith01&item_code=abc&quantity=5" });
    mock!.state.nextOrderNumber = 10285999;
    await operator("orders", { lines: [{ itemCode: "abc", quantity: 2, unitPrice: 349, title: "…" }], orderTime: "2026-08-06T17:16:34+09:00", fields: { PayStatus: 1 } });
    const fields = "OrderId,OrderStatus,OrderTime,LastUpdateTime,PayStatus,ShipStatus,Discount,PayCharge,ShipCharge,TotalPrice,UsePoint,LineId,Title,Quantity,ItemId";
    const response = await postXml("orderInfo", `<Req><Target><OrderId>b-faith01-10285999</OrderId><Field>${fields}</Field></Target><SellerId>b-faith01</SellerId></Req>`);
    expect(response.status).toBe(200);
    const root = await xmlOf(response);
    const expected = parseXmlRoot(published)!;
    const ours = childElement(childElement(root, "Result")!, "OrderInfo")!;
    const theirs = childElement(childElement(expected, "Result")!, "OrderInfo")!;
    // Compare each leaf's path and value, ignoring sibling order (the published sample is alphabetical)
    // and LastUpdateTime's value, which is the time of the call.
    const leaves = (element: Element) =>
      shape(element)
        .map((path) => {
          const names = path.split("/").slice(2);
          let node: Element = element;
          for (const name of names) node = childElement(node, name)!;
          return path.endsWith("LastUpdateTime") ? path : `${path}=${textContent(node).trim()}`;
        })
        .sort();
    const ourLeaves = leaves(ours).filter((leaf) => !leaf.startsWith("/OrderInfo/Seller"));
    expect(ourLeaves).toEqual(leaves(theirs));
    expect(childText(childElement(root, "Result")!, "Status")).toBe("OK");
  });

  it("changes order and ship status with the documented rules", async () => {
    await start();
    await postForm("setStock", { seller_id: SELLER, item_code: "a", quantity: "3" });
    await operator("orders", { lines: [{ itemCode: "a" }] });
    await operator("orders", { lines: [{ itemCode: "a" }] });
    const id1 = `${SELLER}-10000001`;
    const id2 = `${SELLER}-10000002`;
    const ship = await postXml(
      "orderShipStatusChange",
      `<Req><Target><OrderId>${id1}</OrderId><IsPointFix>true</IsPointFix></Target><Order><Ship><ShipStatus>3</ShipStatus><ShipMethod>postage3</ShipMethod><ShipCompanyCode>1001</ShipCompanyCode><ShipInvoiceNumber1>123456789012</ShipInvoiceNumber1><ShipDate>20260105</ShipDate></Ship></Order><SellerId>${SELLER}</SellerId></Req>`,
    );
    expect(childText(childElement(await xmlOf(ship), "Result")!, "Status")).toBe("OK");
    const badMethod = await postXml("orderShipStatusChange", `<Req><Target><OrderId>${id1}</OrderId></Target><Order><Ship><ShipStatus>3</ShipStatus><ShipMethod>postage15</ShipMethod></Ship></Order><SellerId>${SELLER}</SellerId></Req>`);
    expect(badMethod.status).toBe(400);
    const noPointFix = await postXml("orderStatusChange", `<Req><Target><OrderId>${id1}</OrderId></Target><Order><OrderStatus>5</OrderStatus></Order><SellerId>${SELLER}</SellerId></Req>`);
    expect(childText(await xmlOf(noPointFix), "Message")).toContain("IsPointFix");
    const complete = await postXml("orderStatusChange", `<Req><Target><OrderId>${id1}</OrderId><IsPointFix>true</IsPointFix></Target><Order><OrderStatus>5</OrderStatus></Order><SellerId>${SELLER}</SellerId></Req>`);
    expect(complete.status).toBe(200);
    const cancelNoReason = await postXml("orderStatusChange", `<Req><Target><OrderId>${id2}</OrderId></Target><Order><OrderStatus>4</OrderStatus></Order><SellerId>${SELLER}</SellerId></Req>`);
    expect(cancelNoReason.status).toBe(400);
    const cancel = await postXml("orderStatusChange", `<Req><Target><OrderId>${id2}</OrderId></Target><Order><OrderStatus>4</OrderStatus><CancelReason>210</CancelReason></Order><SellerId>${SELLER}</SellerId></Req>`);
    expect(cancel.status).toBe(200);
    const again = await postXml("orderStatusChange", `<Req><Target><OrderId>${id2}</OrderId></Target><Order><OrderStatus>2</OrderStatus></Order><SellerId>${SELLER}</SellerId></Req>`);
    expect(childText(await xmlOf(again), "Code")).toBe("mock-order-status-final");

    const info = await xmlOf(await postXml("orderInfo", `<Req><Target><OrderId>${id1}</OrderId><Field>OrderStatus,ShipStatus,ShipDate,ShipInvoiceNumber1</Field></Target><SellerId>${SELLER}</SellerId></Req>`));
    const order = childElement(childElement(info, "Result")!, "OrderInfo")!;
    expect(childText(order, "OrderStatus")).toBe("5");
    expect(childText(childElement(order, "Ship")!, "ShipStatus")).toBe("3");
    expect(childText(childElement(order, "Ship")!, "ShipDate")).toBe("2026-01-05");
    const list = await xmlOf(await postXml("orderList", orderListXml({ condition: `<OrderId>${id2}</OrderId>`, field: "OrderId,OrderStatus,CancelReason" })));
    const listed = childElement(childElement(childElement(list, "Result")!, "Search")!, "OrderInfo")!;
    expect([childText(listed, "OrderStatus"), childText(listed, "CancelReason")]).toEqual(["4", "210"]);
  });
});

describe("rate limit", () => {
  it("allows one call per second per API path and rejects the burst", async () => {
    let clock = 1_700_000_000_000;
    await start({ now: () => clock, rateLimit: { requests: 1, windowMs: 1000, lockoutMs: 5000 } });
    expect((await postForm("getStock", { seller_id: SELLER, item_code: "a" })).status).toBe(200);
    expect((await postForm("setStock", { seller_id: SELLER, item_code: "a", quantity: "1" })).status).toBe(200);
    const burst = await postForm("getStock", { seller_id: SELLER, item_code: "a" });
    expect(burst.status).toBe(429);
    expect(childText(await xmlOf(burst), "Code")).toBe("mock-rate-limited");
    clock += 1500;
    expect((await postForm("getStock", { seller_id: SELLER, item_code: "a" })).status).toBe(429);
    clock += 5000;
    expect((await postForm("getStock", { seller_id: SELLER, item_code: "a" })).status).toBe(200);
  });
});

describe("faults", () => {
  async function getStockStatus() {
    return (await postForm("getStock", { seller_id: SELLER, item_code: "a" })).status;
  }

  it("adds latency", async () => {
    await start();
    await operator("faults", { kind: "latency", ms: 200, count: 1 });
    const started = performance.now();
    expect(await getStockStatus()).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(190);
  });

  it("answers 5xx for the next N requests, then recovers", async () => {
    await start();
    await operator("faults", { kind: "error", status: 502, count: 2 });
    expect([await getStockStatus(), await getStockStatus(), await getStockStatus()]).toEqual([502, 502, 200]);
  });

  it("answers 5xx with a probability", async () => {
    const draws = [0.9, 0.1];
    await start({ random: () => draws.shift() ?? 0.9 });
    await operator("faults", { kind: "error", probability: 0.5 });
    expect([await getStockStatus(), await getStockStatus(), await getStockStatus()]).toEqual([200, 503, 200]);
  });

  it("holds the request open for a timeout", async () => {
    await start();
    await operator("faults", { kind: "timeout", count: 1 });
    const held = fetch(api("getStock"), {
      method: "POST",
      headers: { Authorization: `Bearer ${TOKEN}` },
      body: "seller_id=teststore&item_code=a",
      signal: AbortSignal.timeout(300),
    });
    await expect(held).rejects.toThrow(/abort|timeout/i);
    expect(await getStockStatus()).toBe(200);
  });

  it("refuses with a rate-limit answer", async () => {
    await start();
    await operator("faults", { kind: "rateLimit", count: 1 });
    expect([await getStockStatus(), await getStockStatus()]).toEqual([429, 200]);
  });

  it("returns a malformed body", async () => {
    await start();
    await operator("faults", { kind: "malformed", count: 1 });
    const response = await postForm("getStock", { seller_id: SELLER, item_code: "a" });
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).not.toContain("</ResultSet>");
  });

  it("drops the connection", async () => {
    await start();
    await operator("faults", { kind: "drop", count: 1 });
    await expect(postForm("getStock", { seller_id: SELLER, item_code: "a" })).rejects.toThrow();
    expect(await getStockStatus()).toBe(200);
  });

  it("limits a fault to one API", async () => {
    await start();
    await operator("faults", { kind: "error", api: "setStock", count: 1 });
    expect(await getStockStatus()).toBe(200);
    expect((await postForm("setStock", { seller_id: SELLER, item_code: "a", quantity: "1" })).status).toBe(503);
    expect((await postForm("setStock", { seller_id: SELLER, item_code: "a", quantity: "1" })).status).toBe(200);
  });

  it("rejects an unknown fault kind and clears faults", async () => {
    await start();
    expect((await operator("faults", { kind: "gremlins" })).status).toBe(400);
    await operator("faults", { kind: "error" });
    await operator("faults", undefined, "DELETE");
    expect(await getStockStatus()).toBe(200);
  });
});

describe("standalone start", () => {
  it("listens on 127.0.0.1 with the documented rate limit", async () => {
    const started = await startYahooMock({ port: 0, sellerId: SELLER, accessToken: TOKEN });
    mock = started.mock;
    expect(started.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await postForm("getStock", { seller_id: SELLER, item_code: "a" })).status).toBe(200);
    expect((await postForm("getStock", { seller_id: SELLER, item_code: "a" })).status).toBe(429);
  });
});
