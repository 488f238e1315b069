import type { Executor, Tx } from '../../db/database.js';
import { nowIso } from '../../db/database.js';
import type { Customer } from '../../db/schema.js';
import type { LocationScope } from '../access/scope.js';
import { nextSequenceValue } from '../sequences/service.js';
import { customerErrors } from './errors.js';
import { mergedRecordIds, purchaseHistory } from './queries.js';
import { buildCustomerSearchText, mergeFill, monthDayOf, phoneDigits, type Anniversary, type RingSize } from './rules.js';
import type { CustomerInput, CustomerOutput, PurchaseOutput } from './schemas.js';

/** Name of the document sequence that numbers customers C000001, C000002, ... */
const CUSTOMER_SEQUENCE = 'customer';

/**
 * Name stored in place of an anonymised customer's name. family_name cannot be null, and
 * the screens show their own label for anonymised records.
 */
export const ANONYMIZED_NAME = '削除済み';

export function formatCustomerCode(value: number): string {
  return `C${String(value).padStart(6, '0')}`;
}

export function toCustomerOutput(row: Customer, mergedInto: { id: number; code: string } | null): CustomerOutput {
  return {
    id: row.id,
    code: row.code,
    familyName: row.family_name,
    givenName: row.given_name,
    familyNameKana: row.family_name_kana,
    givenNameKana: row.given_name_kana,
    phone: row.phone,
    email: row.email,
    postalCode: row.postal_code,
    prefecture: row.prefecture,
    address: row.address,
    birthday: row.birthday,
    anniversaries: JSON.parse(row.anniversaries_json) as Anniversary[],
    ringSizes: JSON.parse(row.ring_sizes_json) as RingSize[],
    preferences: row.preferences,
    consentToContact: row.consent_to_contact === 1,
    consentUpdatedAt: row.consent_updated_at,
    notes: row.notes,
    homeLocationId: row.home_location_id,
    mergedInto,
    anonymizedAt: row.anonymized_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Loads a customer row; `field` names the request field in the not-found error. */
export async function getCustomerRow(db: Executor, id: number, field?: string): Promise<Customer> {
  const row = await db.selectFrom('customers').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw customerErrors.customer_not_found({ id }, field === undefined ? undefined : { field });
  return row;
}

async function codeOf(db: Executor, id: number): Promise<string> {
  return (await getCustomerRow(db, id)).code;
}

/** Loads a customer in its API shape, with the record it was merged into. */
export async function getCustomer(db: Executor, id: number): Promise<CustomerOutput> {
  const row = await getCustomerRow(db, id);
  const mergedInto = row.merged_into_id === null ? null : { id: row.merged_into_id, code: await codeOf(db, row.merged_into_id) };
  return toCustomerOutput(row, mergedInto);
}

export interface CustomerDetail {
  customer: CustomerOutput;
  mergedFrom: Array<{ id: number; code: string }>;
  purchases: PurchaseOutput[];
  purchasesLimitedToScope: boolean;
}

/**
 * Loads a customer with the records merged into it and the purchase history of all of them.
 * Sales move to the target when records merge, so the merged records' ids only find
 * documents attached to them later (for example by a screen opened before the merge).
 */
export async function getCustomerDetail(db: Executor, id: number, scope: LocationScope): Promise<CustomerDetail> {
  const customer = await getCustomer(db, id);
  const mergedIds = await mergedRecordIds(db, id);
  const mergedFrom =
    mergedIds.length === 0
      ? []
      : await db.selectFrom('customers').select(['id', 'code']).where('id', 'in', mergedIds).orderBy('id').execute();
  const purchases = await purchaseHistory(db, { customerIds: [id, ...mergedIds], scope });
  return { customer, mergedFrom, purchases, purchasesLimitedToScope: !scope.all };
}

async function assertLocationExists(db: Executor, locationId: number | null | undefined): Promise<void> {
  if (locationId === null || locationId === undefined) return;
  const location = await db.selectFrom('locations').select('id').where('id', '=', locationId).executeTakeFirst();
  if (!location) throw customerErrors.home_location_not_found({ id: locationId }, { field: 'homeLocationId' });
}

/** Columns from a validated input, search text excluded. */
function toColumns(input: CustomerInput) {
  return {
    family_name: input.familyName,
    given_name: input.givenName ?? null,
    family_name_kana: input.familyNameKana ?? null,
    given_name_kana: input.givenNameKana ?? null,
    phone: input.phone ?? null,
    phone_digits: phoneDigits(input.phone),
    email: input.email ?? null,
    postal_code: input.postalCode ?? null,
    prefecture: input.prefecture ?? null,
    address: input.address ?? null,
    birthday: input.birthday ?? null,
    birthday_md: input.birthday ? monthDayOf(input.birthday) : null,
    anniversaries_json: JSON.stringify(input.anniversaries),
    ring_sizes_json: JSON.stringify(input.ringSizes),
    preferences: input.preferences ?? null,
    consent_to_contact: input.consentToContact ? 1 : 0,
    notes: input.notes ?? null,
    home_location_id: input.homeLocationId ?? null,
  };
}

export async function createCustomer(trx: Tx, input: CustomerInput, userId: number | null): Promise<CustomerOutput> {
  await assertLocationExists(trx, input.homeLocationId);
  const code = formatCustomerCode(await nextSequenceValue(trx, CUSTOMER_SEQUENCE));
  const columns = toColumns(input);
  const now = nowIso();
  const row = await trx
    .insertInto('customers')
    .values({
      ...columns,
      code,
      search_text: buildCustomerSearchText({ ...columns, code }),
      consent_updated_at: now,
      created_by: userId,
      created_at: now,
      updated_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toCustomerOutput(row, null);
}

/** Throws the error that explains why a merged or anonymised record cannot be edited. */
async function assertEditable(db: Executor, row: Customer): Promise<void> {
  if (row.anonymized_at !== null) throw customerErrors.customer_anonymized({ code: row.code });
  if (row.merged_into_id !== null) {
    throw customerErrors.customer_merged({ code: row.code, targetCode: await codeOf(db, row.merged_into_id) });
  }
}

/**
 * Replaces a customer's fields. Merged and anonymised records are refused; the update's
 * own condition repeats that check, so a merge or an anonymisation committed in between
 * is not overwritten.
 */
export async function updateCustomer(trx: Tx, id: number, input: CustomerInput): Promise<{ before: CustomerOutput; after: CustomerOutput }> {
  const current = await getCustomerRow(trx, id);
  await assertEditable(trx, current);
  await assertLocationExists(trx, input.homeLocationId);

  const columns = toColumns(input);
  const now = nowIso();
  const consentChanged = columns.consent_to_contact !== current.consent_to_contact;
  const row = await trx
    .updateTable('customers')
    .set({
      ...columns,
      search_text: buildCustomerSearchText({ ...columns, code: current.code }),
      consent_updated_at: consentChanged ? now : current.consent_updated_at,
      updated_at: now,
    })
    .where('id', '=', id)
    .where('merged_into_id', 'is', null)
    .where('anonymized_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
  if (!row) {
    await assertEditable(trx, await getCustomerRow(trx, id));
    throw new Error(`customer ${id} could not be updated although it is editable`);
  }
  return { before: toCustomerOutput(current, null), after: toCustomerOutput(row, null) };
}

/** Throws the error that explains why a record cannot take part in a merge. */
async function assertMergeable(db: Executor, row: Customer, field: string | undefined): Promise<void> {
  const details = field === undefined ? undefined : { field };
  if (row.anonymized_at !== null) throw customerErrors.merge_anonymized({ code: row.code }, details);
  if (row.merged_into_id !== null) {
    throw customerErrors.merge_already_merged({ code: row.code, targetCode: await codeOf(db, row.merged_into_id) }, details);
  }
}

export interface MergeResult {
  target: { before: CustomerOutput; after: CustomerOutput };
  source: { before: CustomerOutput; after: CustomerOutput };
  movedSaleCount: number;
  /** Records merged into the source earlier, now pointing at the target. */
  repointedCount: number;
  filledFields: string[];
}

/**
 * Merges a duplicate (source) into the record that stays (target). The source's sales move
 * to the target, and the target's empty fields are filled from the source (see mergeFill).
 * The source stays as a row with merged_into_id set, so its history and its audit events
 * still resolve. Records merged into the source before now point at the target, so every
 * merged record is one step from the record it resolves to.
 */
export async function mergeCustomers(trx: Tx, targetId: number, sourceId: number): Promise<MergeResult> {
  if (targetId === sourceId) throw customerErrors.merge_into_self({}, { field: 'sourceId' });

  // Both rows are claimed first, in id order, with an update that holds only while neither
  // is merged nor anonymised. On PostgreSQL this locks them until commit, so a concurrent
  // merge or anonymisation waits, re-checks the condition and fails; SQLite runs one write
  // transaction at a time.
  const claims = [
    { id: targetId, field: undefined },
    { id: sourceId, field: 'sourceId' },
  ].sort((a, b) => a.id - b.id);
  for (const { id, field } of claims) {
    const row = await getCustomerRow(trx, id, field);
    await assertMergeable(trx, row, field);
    const claimed = await trx
      .updateTable('customers')
      .set({ updated_at: row.updated_at })
      .where('id', '=', id)
      .where('merged_into_id', 'is', null)
      .where('anonymized_at', 'is', null)
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) {
      await assertMergeable(trx, await getCustomerRow(trx, id), field);
      throw new Error(`customer ${id} could not be claimed for a merge although it is mergeable`);
    }
  }

  const target = await getCustomerRow(trx, targetId);
  const source = await getCustomerRow(trx, sourceId);
  const now = nowIso();

  const { fill, changed } = mergeFill(target, source);
  const filledTarget = { ...target, ...fill };
  const targetAfter = await trx
    .updateTable('customers')
    .set({ ...fill, search_text: buildCustomerSearchText(filledTarget), updated_at: now })
    .where('id', '=', targetId)
    .returningAll()
    .executeTakeFirstOrThrow();

  const moved = await trx.updateTable('sales').set({ customer_id: targetId }).where('customer_id', '=', sourceId).executeTakeFirst();
  const repointed = await trx
    .updateTable('customers')
    .set({ merged_into_id: targetId, updated_at: now })
    .where('merged_into_id', '=', sourceId)
    .executeTakeFirst();
  const sourceAfter = await trx
    .updateTable('customers')
    .set({ merged_into_id: targetId, updated_at: now })
    .where('id', '=', sourceId)
    .returningAll()
    .executeTakeFirstOrThrow();

  const targetRef = { id: targetId, code: target.code };
  return {
    target: { before: toCustomerOutput(target, null), after: toCustomerOutput(targetAfter, null) },
    source: { before: toCustomerOutput(source, null), after: toCustomerOutput(sourceAfter, targetRef) },
    movedSaleCount: Number(moved.numUpdatedRows),
    repointedCount: Number(repointed.numUpdatedRows),
    filledFields: changed,
  };
}

/** Columns of an anonymised record: every personal field cleared, the name replaced. */
function anonymizedColumns(row: Customer, now: string) {
  return {
    family_name: ANONYMIZED_NAME,
    given_name: null,
    family_name_kana: null,
    given_name_kana: null,
    phone: null,
    phone_digits: null,
    email: null,
    postal_code: null,
    prefecture: null,
    address: null,
    birthday: null,
    birthday_md: null,
    anniversaries_json: '[]',
    ring_sizes_json: '[]',
    preferences: null,
    consent_to_contact: 0,
    consent_updated_at: now,
    notes: null,
    search_text: buildCustomerSearchText({
      code: row.code,
      family_name: ANONYMIZED_NAME,
      given_name: null,
      family_name_kana: null,
      given_name_kana: null,
      email: null,
      phone_digits: null,
    }),
    anonymized_at: now,
    updated_at: now,
  };
}

export interface AnonymizeResult {
  id: number;
  code: string;
  anonymizedAt: string;
  mergedRecordCount: number;
}

/**
 * Deletes a customer's personal data on request: names, readings, contacts, address,
 * birthday, anniversaries, ring sizes, preferences and notes are cleared, and the code,
 * the home location and the timestamps stay. Records merged into the customer are the same
 * person and are anonymised with it. Sales keep their customer_id and amounts, so sales
 * figures do not change. The record can no longer be edited or merged.
 */
export async function anonymizeCustomer(trx: Tx, id: number): Promise<AnonymizeResult> {
  const row = await getCustomerRow(trx, id);
  if (row.anonymized_at !== null) throw customerErrors.already_anonymized({ code: row.code });

  const now = nowIso();
  const updated = await trx
    .updateTable('customers')
    .set(anonymizedColumns(row, now))
    .where('id', '=', id)
    .where('anonymized_at', 'is', null)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1) throw customerErrors.already_anonymized({ code: row.code });

  const merged = await trx
    .selectFrom('customers')
    .selectAll()
    .where('merged_into_id', '=', id)
    .where('anonymized_at', 'is', null)
    .execute();
  for (const record of merged) {
    await trx.updateTable('customers').set(anonymizedColumns(record, now)).where('id', '=', record.id).execute();
  }
  return { id, code: row.code, anonymizedAt: now, mergedRecordCount: merged.length };
}

/**
 * Returns the id a customer id resolves to: itself, or the record it was merged into.
 * Callers that attach a customer to a new document, such as a sale, should store this id.
 */
export async function resolveCustomerId(db: Executor, id: number): Promise<number> {
  const row = await getCustomerRow(db, id);
  return row.merged_into_id ?? row.id;
}
