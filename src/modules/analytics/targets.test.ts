import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import { beforeAll, expect, it } from 'vitest';
import { signIn, useSignedInApp } from '../../../test/helpers/app.js';
import { describeEachDatabase } from '../../../test/helpers/database.js';
import { createTestLocation, uniqueCode } from '../../../test/helpers/factories.js';
import { createUser } from '../auth/service.js';
import { parseAmountCell, parseMonthCell } from './target-csv.js';

// The target grid, its save, the CSV template and the CSV import: every bad row named with
// its row, column and value in the user's language, and all-or-nothing saving.

const MONTH = '2031-05';
const toBase64 = (bytes: Buffer) => bytes.toString('base64');

it('reads amounts and months as Excel users type them', () => {
  expect(parseAmountCell('¥1,200,000')).toBe(1_200_000);
  expect(parseAmountCell('１２０万')).toBeUndefined();
  expect(parseAmountCell('１，２００，０００円')).toBe(1_200_000);
  expect(parseAmountCell('￥500')).toBe(500);
  expect(parseAmountCell(' ')).toBeNull();
  expect(parseAmountCell('-5')).toBeUndefined();
  expect(parseAmountCell('1.5')).toBeUndefined();
  expect(parseMonthCell('2031-05')).toBe('2031-05');
  expect(parseMonthCell('2031/5/1')).toBe('2031-05');
  expect(parseMonthCell('2031年5月')).toBe('2031-05');
  expect(parseMonthCell('2031-13')).toBeNull();
  expect(parseMonthCell('May-31')).toBeNull();
});

describeEachDatabase('sales targets', (database) => {
  const signedIn = useSignedInApp(database, 'en');
  const api = () => signedIn.api();
  const ids = { a: 0, b: 0, seller: 0 };
  const codes = { a: '', b: '' };
  let sellerEmail = '';

  beforeAll(async () => {
    const db = database().db;
    codes.a = uniqueCode('TA');
    codes.b = uniqueCode('TB');
    ids.a = (await createTestLocation(db, { code: codes.a, name: 'Target store A' })).id;
    ids.b = (await createTestLocation(db, { code: codes.b, name: 'Target store B' })).id;
    sellerEmail = `seller-${uniqueCode().toLowerCase()}@example.test`;
    ids.seller = (await createUser(db, { email: sellerEmail, password: 'correct horse battery', locale: 'ja', isOwner: false, role: 'sales', displayName: 'Seller Tanaka' })).id;
  });

  it('lists every subject of the month with no amount yet', async () => {
    const response = await api().get(`/api/analytics/targets?month=${MONTH}`);
    expect(response.statusCode, response.body).toBe(200);
    const grid = response.json();
    expect(grid).toMatchObject({ month: MONTH, taxBasis: 'included' });
    expect(grid.rows[0]).toEqual({ scope: 'company', scopeRef: '', name: 'Company', amount: null, actual: 0, achievement: null, forecast: null });
    const refs = grid.rows.map((row: { scope: string; scopeRef: string }) => `${row.scope}:${row.scopeRef}`);
    expect(refs).toContain(`location:${ids.a}`);
    expect(refs).toContain(`staff:${ids.seller}`);
    expect(grid.rows.filter((row: { scope: string }) => row.scope === 'channel').map((row: { scopeRef: string }) => row.scopeRef)).toEqual(['store', 'exhibition', 'partner', 'rakuten', 'yahoo', 'own_site']);
  });

  it('saves, changes and removes targets, with an audit event', async () => {
    const db = database().db;
    const first = await api().put('/api/analytics/targets', {
      month: MONTH,
      targets: [
        { scope: 'company', scopeRef: '', amount: 5_000_000 },
        { scope: 'location', scopeRef: String(ids.a), amount: 2_000_000 },
        { scope: 'staff', scopeRef: String(ids.seller), amount: 800_000 },
      ],
    });
    expect(first.statusCode, first.body).toBe(200);
    const row = (scope: string, ref: string) => first.json().rows.find((candidate: { scope: string; scopeRef: string }) => candidate.scope === scope && candidate.scopeRef === ref);
    expect(row('location', String(ids.a)).amount).toBe(2_000_000);
    expect(row('staff', String(ids.seller)).amount).toBe(800_000);

    const second = await api().put('/api/analytics/targets', {
      month: MONTH,
      targets: [
        { scope: 'location', scopeRef: String(ids.a), amount: null },
        { scope: 'staff', scopeRef: String(ids.seller), amount: 800_000 },
      ],
    });
    expect(second.statusCode, second.body).toBe(200);
    const stored = await db.selectFrom('sales_targets').select(['scope', 'scope_ref', 'amount']).where('month', '=', MONTH).orderBy('scope').execute();
    expect(stored.map((target) => [target.scope, target.scope_ref, Number(target.amount)])).toEqual([
      ['company', '', 5_000_000],
      ['staff', String(ids.seller), 800_000],
    ]);

    const audit = await db.selectFrom('audit_events').select(['entity_type', 'entity_id', 'detail_json']).where('action', '=', 'sales_target.save').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ entity_type: 'sales_target', entity_id: MONTH });
    // Only the removal changed anything in the second save.
    expect(JSON.parse(audit.detail_json!)).toEqual({ month: MONTH, changed: [{ scope: 'location', scopeRef: String(ids.a), before: 2_000_000, after: null }] });
  });

  it('rejects an unknown subject naming the row, in both languages', async () => {
    const body = { month: MONTH, targets: [{ scope: 'company', scopeRef: '', amount: 1 }, { scope: 'location', scopeRef: '999999', amount: 1_000 }] };
    const en = await api().put('/api/analytics/targets', body);
    expect(en.statusCode).toBe(400);
    expect(en.json().error).toMatchObject({ code: 'target_location_unknown', details: { field: 'targets.1.scopeRef' } });
    expect(en.json().error.message).toContain('Row 2: location "999999" was not found');

    const ja = await signIn(signedIn.app(), database(), 'ja');
    const jaResponse = await ja.put('/api/analytics/targets', { month: MONTH, targets: [{ scope: 'channel', scopeRef: 'mercari', amount: 1 }] });
    expect(jaResponse.statusCode).toBe(400);
    expect(jaResponse.json().error.message).toContain('1 行目: チャネル「mercari」はありません');

    const negative = await api().put('/api/analytics/targets', { month: '2031-5', targets: [{ scope: 'company', scopeRef: '', amount: -1 }] });
    expect(negative.statusCode).toBe(400);
    const fields = negative.json().error.details.fields.map((field: { field: string }) => field.field);
    expect(fields).toEqual(expect.arrayContaining(['month', 'targets.0.amount']));
  });

  it('lets a store manager set targets only for their store', async () => {
    const manager = await signIn(signedIn.app(), database(), 'en', { role: 'manager', locationIds: [ids.a] });
    const own = await manager.put('/api/analytics/targets', { month: MONTH, targets: [{ scope: 'location', scopeRef: String(ids.a), amount: 100 }] });
    expect(own.statusCode, own.body).toBe(200);
    expect(own.json().rows.filter((row: { scope: string }) => row.scope === 'location').map((row: { scopeRef: string }) => row.scopeRef)).toEqual([String(ids.a)]);
    const other = await manager.put('/api/analytics/targets', { month: MONTH, targets: [{ scope: 'location', scopeRef: String(ids.b), amount: 100 }] });
    expect(other.statusCode).toBe(403);
    expect(other.json().error.details).toEqual({ field: 'targets.0.scopeRef' });
  });

  it('writes a template that imports back unchanged', async () => {
    const template = await api().get(`/api/analytics/targets/template.csv?month=${MONTH}`);
    expect(template.statusCode, template.body).toBe(200);
    expect([...template.rawPayload.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const records = parse(template.rawPayload.subarray(3).toString('utf8')) as string[][];
    expect(records[0]).toEqual(['month', 'scope', 'code', 'name', 'amount']);
    expect(records).toContainEqual([MONTH, 'company', '', 'Company', '5000000']);
    expect(records).toContainEqual([MONTH, 'location', codes.b, 'Target store B', '']);
    expect(records).toContainEqual([MONTH, 'staff', sellerEmail, 'Seller Tanaka', '800000']);
    expect(records).toContainEqual([MONTH, 'channel', 'rakuten', 'Rakuten Ichiba', '']);

    const preview = await api().post('/api/analytics/targets/import', { fileName: 'targets.csv', contentBase64: toBase64(template.rawPayload), apply: false });
    expect(preview.statusCode, preview.body).toBe(200);
    expect(preview.json().errors).toEqual([]);
    expect(preview.json().applied).toBe(false);
  });

  it('imports a CP932 file all or nothing, naming every bad row', async () => {
    const db = database().db;
    const lines = [
      'month,scope,code,name,amount',
      `${MONTH},拠点,${codes.b},店舗B,"￥１，５００，０００"`,
      `2031/6/1,staff,${sellerEmail},田中,"900,000円"`,
      `${MONTH},channel,楽天市場,,300000`,
      `2031-13,location,NOPE,,abc`,
      `${MONTH},team,x,,1`,
      `${MONTH},location,${codes.b},重複,1`,
    ];
    const bytes = iconv.encode(lines.join('\r\n'), 'cp932');

    const rejected = await api().post('/api/analytics/targets/import', { fileName: 'targets.csv', contentBase64: toBase64(bytes), apply: true });
    expect(rejected.statusCode).toBe(422);
    expect(rejected.json().applied).toBe(false);
    expect(rejected.json().errors.map((issue: { row: number; column: string; value: string }) => [issue.row, issue.column, issue.value])).toEqual([
      [5, 'month', '2031-13'],
      [5, 'amount', 'abc'],
      [5, 'code', 'NOPE'],
      [6, 'scope', 'team'],
      [7, 'code', codes.b],
    ]);
    expect(rejected.json().errors[3].message).toContain('Use one of company, location, channel, staff');
    expect(rejected.json().errors[4].message).toContain('Row 7: this is the same target as row 2');
    expect(await db.selectFrom('sales_targets').select('id').where('scope', '=', 'channel').where('month', '=', MONTH).execute()).toHaveLength(0);

    const ja = await signIn(signedIn.app(), database(), 'ja');
    const jaPreview = await ja.post('/api/analytics/targets/import', { contentBase64: toBase64(bytes), apply: false });
    expect(jaPreview.statusCode).toBe(200);
    expect(jaPreview.json().errors[0].message).toContain('年-月');

    const good = iconv.encode(lines.slice(0, 4).join('\r\n'), 'cp932');
    const applied = await api().post('/api/analytics/targets/import', { fileName: 'targets.csv', contentBase64: toBase64(good), apply: true });
    expect(applied.statusCode, applied.body).toBe(200);
    expect(applied.json().rows.map((row: { row: number; month: string; scope: string; scopeRef: string; amount: number }) => [row.row, row.month, row.scope, row.scopeRef, row.amount])).toEqual([
      [2, MONTH, 'location', String(ids.b), 1_500_000],
      [3, '2031-06', 'staff', String(ids.seller), 900_000],
      [4, MONTH, 'channel', 'rakuten', 300_000],
    ]);
    const stored = await db.selectFrom('sales_targets').select(['month', 'scope', 'scope_ref', 'amount']).where('month', 'in', [MONTH, '2031-06']).where('scope', 'in', ['channel', 'location', 'staff']).execute();
    const sorted = (rows: unknown[][]) => rows.map((row) => JSON.stringify(row)).sort();
    expect(sorted(stored.map((target) => [target.month, target.scope, target.scope_ref, Number(target.amount)]))).toEqual(
      sorted([
        [MONTH, 'channel', 'rakuten', 300_000],
        [MONTH, 'location', String(ids.a), 100],
        [MONTH, 'location', String(ids.b), 1_500_000],
        [MONTH, 'staff', String(ids.seller), 800_000],
        ['2031-06', 'staff', String(ids.seller), 900_000],
      ]),
    );
    const audit = await db.selectFrom('audit_events').select(['entity_type', 'detail_json']).where('action', '=', 'sales_target.import').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(audit.entity_type).toBe('sales_target');
    expect(JSON.parse(audit.detail_json!)).toMatchObject({ fileName: 'targets.csv', rowCount: 3 });
  });

  it('rejects a file without the needed columns', async () => {
    const response = await api().post('/api/analytics/targets/import', { contentBase64: toBase64(Buffer.from('month,amount\r\n2031-05,1\r\n')), apply: false });
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({ code: 'target_csv_header' });
    expect(response.json().error.message).toContain('scope, code');
  });
});
