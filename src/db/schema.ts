import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

// Table types for Kysely. Conventions shared by every table:
// - money is integer yen; metal weight integer centigrams (0.01 g); carat integer
//   milli-carats (0.001 ct); lengths integer millimetres;
// - timestamps are ISO-8601 UTC text ("2026-12-04T10:00:00.000Z"), business dates are
//   "YYYY-MM-DD" in Asia/Tokyo;
// - flags are integers 0/1 so that SQLite and PostgreSQL behave the same.

export interface CompanySettingsTable {
  id: number;
  name: string;
  postal_code: string | null;
  address: string | null;
  phone: string | null;
  invoice_registration_number: string | null;
  tax_rounding: 'down' | 'half_up' | 'up';
  default_tax_rate_percent: number;
  stock_number_pattern: string;
  /** 1 when users limited to some locations may still see stock levels at the others. */
  scoped_staff_see_other_locations: Generated<number>;
  /** Price tag cost cipher: 10 different capital letters for the digits 0 to 9; null prints no cost code. */
  cost_cipher: string | null;
  updated_at: string;
}

export interface UsersTable {
  id: Generated<number>;
  email: string;
  display_name: string;
  password_hash: string;
  locale: 'ja' | 'en';
  is_owner: number;
  /** Code of the user's role in the roles table. */
  role_code: Generated<string>;
  is_active: number;
  created_at: string;
  last_login_at: string | null;
  /** 1 when the user may act at every location; 0 limits them to user_locations. */
  all_locations: Generated<number>;
  /** Location preselected in the user's forms. */
  default_location_id: number | null;
  password_changed_at: string | null;
}

export interface UserLocationsTable {
  user_id: number;
  location_id: number;
}

export interface RolesTable {
  code: string;
  name_ja: string;
  name_en: string;
  /** JSON array of permission codes. */
  permissions: string;
  is_builtin: number;
  created_at: string;
  updated_at: string;
}

export interface SessionsTable {
  /** SHA-256 of the cookie token, so a database leak exposes no usable session. */
  id: string;
  user_id: number;
  csrf_token: string;
  created_at: string;
  expires_at: string;
  last_seen_at: string;
}

export interface LoginFailuresTable {
  id: Generated<number>;
  email: string;
  ip: string;
  failed_at: string;
}

export type LocationKind = 'store' | 'warehouse' | 'exhibition' | 'partner' | 'transit';

export interface LocationsTable {
  id: Generated<number>;
  code: string;
  name: string;
  kind: LocationKind;
  postal_code: string | null;
  address: string | null;
  phone: string | null;
  starts_on: string | null;
  ends_on: string | null;
  is_active: number;
  created_at: string;
  updated_at: string;
}

export interface SuppliersTable {
  id: Generated<number>;
  code: string;
  name: string;
  name_kana: string | null;
  kind: 'business' | 'individual';
  postal_code: string | null;
  address: string | null;
  phone: string | null;
  email: string | null;
  invoice_registration_number: string | null;
  notes: string | null;
  is_active: number;
  created_at: string;
  updated_at: string;
}

export type ItemTracking = 'unique' | 'quantity';
export type ItemUnit = 'piece' | 'cm' | 'mct' | 'cg';
export type ItemStatus =
  | 'in_stock'
  | 'sold'
  | 'written_off'
  | 'returned_to_supplier'
  | 'consumed'
  | 'out_of_stock'
  | 'returned_to_consignor';

export interface ItemsTable {
  id: Generated<number>;
  stock_number: string;
  jan_code: string | null;
  tracking: ItemTracking;
  unit: ItemUnit;
  status: ItemStatus;
  name: string;
  category: string;
  brand: string | null;
  metal: string | null;
  metal_weight_cg: number | null;
  main_stone_kind: string | null;
  main_stone_carat_mct: number | null;
  main_stone_shape: string | null;
  main_stone_color: string | null;
  main_stone_clarity: string | null;
  main_stone_cut: string | null;
  side_stones_carat_mct: number | null;
  ring_size_tenths: number | null;
  length_mm: number | null;
  condition: 'new' | 'pre_owned';
  condition_grade: string | null;
  certificate_kind: 'grading_report' | 'identification_report' | null;
  certificate_issuer: string | null;
  certificate_number: string | null;
  /** Book cost per unit in yen, tax-excluded. */
  cost: number;
  /** Consumer price per unit in yen, tax-included (総額表示). */
  retail_price: number;
  tax_rate_percent: number;
  description: string | null;
  /** JSON array of strings. */
  tags: string;
  supplier_id: number | null;
  ownership: 'own' | 'consignment_in';
  /** 1 when the piece stays sellable on the channels while at an exhibition or a partner. */
  keep_listed_away: Generated<number>;
  /** Whether retail_price includes consumption tax ('included', 総額表示) or not. */
  price_basis: Generated<'included' | 'excluded'>;
  /** Stable key of the row an import created this item from, so a re-import adds nothing. */
  source_key: string | null;
  /** NFKC-folded, lower-cased text of the searchable fields. */
  search_text: string;
  created_at: string;
  updated_at: string;
  created_by: number | null;
}

export interface ItemPhotosTable {
  id: Generated<number>;
  item_id: number;
  position: number;
  url: string;
  alt_text: string | null;
}

export interface StockBalancesTable {
  item_id: number;
  location_id: number;
  quantity: number;
  /** Copy of items.tracking = 'unique' so that a CHECK can hold a piece to 0 or 1. */
  is_unique: number;
  /** Part of quantity held for an order or a sale in progress; never above quantity. */
  reserved_quantity: Generated<number>;
  updated_at: string;
}

export type MovementKind =
  | 'purchase_receipt'
  | 'supplier_return'
  | 'transfer_send'
  | 'transfer_receive'
  | 'transfer_cancel'
  | 'write_off'
  | 'split_consume'
  | 'split_produce'
  | 'combine_consume'
  | 'combine_produce'
  | 'import'
  | 'adjustment'
  | 'sale'
  | 'sale_return'
  | 'sale_void'
  | 'channel_sale'
  | 'consignment_in_receipt'
  | 'consignment_in_return'
  | 'consignment_out_send'
  | 'consignment_out_return'
  | 'consignment_out_sale'
  | 'exhibition_carry_out'
  | 'exhibition_check_in'
  | 'stocktake_adjustment';

export interface StockMovementsTable {
  id: Generated<number>;
  item_id: number;
  kind: MovementKind;
  from_location_id: number | null;
  to_location_id: number | null;
  /** Always positive, in the item's unit; direction comes from the locations. */
  quantity: number;
  /** Book cost of the moved quantity, in yen. */
  cost_amount: number;
  reason: string | null;
  document_type: string | null;
  document_id: number | null;
  user_id: number | null;
  occurred_at: string;
  recorded_at: string;
}

export interface ItemLineageTable {
  id: Generated<number>;
  operation_id: number;
  parent_item_id: number;
  child_item_id: number;
  allocated_cost: number;
}

export interface StockOperationsTable {
  id: Generated<number>;
  number: string;
  kind: 'split' | 'combine';
  location_id: number;
  allocation_method: 'ratio' | 'amount' | 'sum';
  note: string | null;
  created_by: number | null;
  created_at: string;
}

export interface PurchasesTable {
  id: Generated<number>;
  number: string;
  supplier_id: number;
  location_id: number;
  purchased_on: string;
  supplier_document_number: string | null;
  is_secondhand: number;
  tax_rate_percent: number;
  subtotal: number;
  tax_amount: number;
  total: number;
  note: string | null;
  created_by: number | null;
  created_at: string;
}

export interface PurchaseLinesTable {
  id: Generated<number>;
  purchase_id: number;
  line_no: number;
  item_id: number;
  quantity: number;
  unit_cost: number;
  amount: number;
}

export interface SecondhandRecordsTable {
  id: Generated<number>;
  purchase_id: number;
  item_id: number;
  acquired_on: string;
  item_description: string;
  quantity: number;
  price: number;
  seller_name: string;
  seller_address: string;
  seller_occupation: string | null;
  seller_birth_date: string | null;
  /** Age in years at the purchase, recorded when the birth date was not. */
  seller_age: number | null;
  id_check_method: string;
  /** What was checked when id_check_method is 'other'. */
  id_check_description: string | null;
  id_document_number: string | null;
  checked_by: number | null;
  created_at: string;
}

export interface SupplierReturnsTable {
  id: Generated<number>;
  number: string;
  supplier_id: number;
  location_id: number;
  returned_on: string;
  reason: string | null;
  total_cost: number;
  created_by: number | null;
  created_at: string;
}

export interface SupplierReturnLinesTable {
  id: Generated<number>;
  supplier_return_id: number;
  item_id: number;
  quantity: number;
  cost_amount: number;
}

export interface TransfersTable {
  id: Generated<number>;
  number: string;
  from_location_id: number;
  to_location_id: number;
  status: 'in_transit' | 'received' | 'cancelled';
  note: string | null;
  sent_at: string;
  sent_by: number | null;
  received_at: string | null;
  received_by: number | null;
}

export interface TransferLinesTable {
  id: Generated<number>;
  transfer_id: number;
  item_id: number;
  quantity: number;
  received_quantity: number;
}

export interface WriteOffsTable {
  id: Generated<number>;
  number: string;
  location_id: number;
  reason: 'damage' | 'loss' | 'theft' | 'other';
  note: string | null;
  written_off_on: string;
  total_cost: number;
  created_by: number | null;
  created_at: string;
}

export interface WriteOffLinesTable {
  id: Generated<number>;
  write_off_id: number;
  item_id: number;
  quantity: number;
  cost_amount: number;
}

/** One recorded action; the table is append-only (database triggers reject changes). */
export interface AuditEventsTable {
  id: Generated<number>;
  occurred_at: string;
  /** Null for actions without a signed-in user, such as a failed sign-in. */
  user_id: number | null;
  /** The user's email at the time, kept so the trail stays readable if the account changes. */
  user_email: string | null;
  ip: string | null;
  request_id: string | null;
  /** Dotted action code, e.g. "transfer.send" or "user.update". */
  action: string;
  outcome: 'success' | 'denied';
  entity_type: string | null;
  entity_id: string | null;
  location_id: number | null;
  /** JSON of the entity before the change, with personal data and secrets masked. */
  before_json: string | null;
  after_json: string | null;
  /** JSON of anything else worth keeping, such as the error code of a denied request. */
  detail_json: string | null;
}

export interface InstanceSecretsTable {
  name: string;
  /** Value sealed with the instance key; see shared/secrets.ts. */
  sealed_value: string;
  updated_at: string;
}

export interface DocumentSequencesTable {
  name: string;
  next_value: number;
}

export interface IdempotencyKeysTable {
  key: string;
  user_id: number | null;
  request_hash: string;
  response_status: number;
  response_body: string;
  created_at: string;
}

export interface ImportsTable {
  id: Generated<number>;
  format: string;
  encoding: string;
  file_name: string | null;
  file_sha256: string;
  row_count: number;
  created_count: number;
  skipped_count: number;
  error_count: number;
  created_by: number | null;
  created_at: string;
}

export interface StockReservationsTable {
  id: Generated<number>;
  item_id: number;
  location_id: number;
  quantity: number;
  /** Holder type of the reservation: 'channel_order', 'sale' and so on. */
  holder_type: string;
  holder_ref: string;
  status: 'active' | 'consumed' | 'released';
  created_by: number | null;
  created_at: string;
  ended_at: string | null;
}

export interface OutboxEventsTable {
  id: Generated<number>;
  /** Dotted topic, e.g. "item.sold". */
  topic: string;
  aggregate_type: string;
  aggregate_id: string;
  payload_json: string;
  created_at: string;
  /** Not to be processed before this time (ISO UTC); moved on after a failed attempt. */
  available_at: string;
  attempts: Generated<number>;
  locked_by: string | null;
  locked_until: string | null;
  processed_at: string | null;
  last_error: string | null;
  /** Queue the event belongs to: "channel:<account id>" for one account's calls, null for the rest. */
  lane: string | null;
}

export interface RegistersTable {
  id: Generated<number>;
  location_id: number;
  code: string;
  name: string;
  is_active: Generated<number>;
  created_at: string;
}

export interface CustomersTable {
  id: Generated<number>;
  code: string;
  family_name: string;
  given_name: string | null;
  family_name_kana: string | null;
  given_name_kana: string | null;
  phone: string | null;
  /** The phone number's digits only, for search. */
  phone_digits: string | null;
  email: string | null;
  postal_code: string | null;
  prefecture: string | null;
  address: string | null;
  /** YYYY-MM-DD. */
  birthday: string | null;
  /** MM-DD of the birthday, for the upcoming birthdays list. */
  birthday_md: string | null;
  /** JSON array of { label, date } with date YYYY-MM-DD. */
  anniversaries_json: Generated<string>;
  /** JSON array of { finger, sizeTenths } in Japanese ring sizes (号) times ten. */
  ring_sizes_json: Generated<string>;
  preferences: string | null;
  consent_to_contact: Generated<number>;
  consent_updated_at: string | null;
  notes: string | null;
  home_location_id: number | null;
  /** Normalised names, kana and phone digits for search (see src/shared/text.ts). */
  search_text: string;
  /** Set when this record was merged into another; the row stays for history. */
  merged_into_id: number | null;
  anonymized_at: string | null;
  created_by: number | null;
  created_at: string;
  updated_at: string;
}

export type SaleKind = 'sale' | 'return';
export type PaymentMethod = 'cash' | 'card' | 'electronic_money' | 'qr' | 'bank_transfer' | 'store_credit';

export interface SalesTable {
  id: Generated<number>;
  number: string;
  kind: SaleKind;
  original_sale_id: number | null;
  location_id: number;
  register_id: number;
  customer_id: number | null;
  status: 'completed' | 'voided';
  business_date: string;
  sold_at: string;
  price_basis: 'included' | 'excluded';
  tax_rounding: 'down' | 'half_up' | 'up';
  /** Tax-included (or on the document's basis) sum of lines after line discounts, in yen. */
  subtotal: number;
  reduction_total: number;
  /** Amount the customer pays (or gets back on a return), tax included. */
  total: number;
  tax_total: number;
  /** JSON array of the document reductions as entered ({ kind, discount }). */
  reductions_json: Generated<string>;
  note: string | null;
  /** On a return: why the customer returned it. */
  reason: string | null;
  /** The company's registration number (T + 13 digits) at the time of the sale. */
  invoice_registration_number: string | null;
  receipt_print_count: Generated<number>;
  voided_at: string | null;
  voided_by: number | null;
  void_reason: string | null;
  created_by: number | null;
  created_at: string;
}

export interface SaleLinesTable {
  id: Generated<number>;
  sale_id: number;
  line_no: number;
  item_id: number;
  original_line_id: number | null;
  quantity: number;
  unit_price: number;
  price_basis: 'included' | 'excluded';
  tax_rate_percent: number;
  /** JSON of the line discount as entered ({ yen } or { percent }), or null. */
  discount_json: string | null;
  gross_amount: number;
  line_discount: number;
  amount: number;
  allocated_reduction: number;
  final_amount: number;
  /** Book cost of the quantity, in yen. */
  cost_amount: number;
  return_location_id: number | null;
}

export interface SaleTaxRatesTable {
  sale_id: number;
  rate_percent: number;
  amount: number;
  total: number;
  net: number;
  tax: number;
}

export interface SalePaymentsTable {
  id: Generated<number>;
  sale_id: number;
  method: PaymentMethod;
  /** Applied to the sale (or refunded on a return), in yen. */
  amount: number;
  /** Cash handed over, for change; null for other methods. */
  tendered: number | null;
  change_given: number | null;
  reference: string | null;
}

/** A partial refund (一部返金) of a sale line: the customer keeps the piece and gets part of the price back. */
export interface SaleRefundsTable {
  id: Generated<number>;
  /** RF-<year>-<serial>. */
  number: string;
  sale_id: number;
  sale_line_id: number;
  /** Register whose drawer or terminal paid the refund, and its location. */
  register_id: number;
  location_id: number;
  business_date: string;
  /** Yen, tax included, positive. */
  amount: number;
  tax_rate_percent: number;
  /** Consumption tax contained in amount, with the sale's rounding. */
  tax: number;
  method: PaymentMethod;
  reference: string | null;
  reason: string;
  created_by: number | null;
  created_at: string;
}

export interface SaleStaffTable {
  sale_id: number;
  user_id: number;
  share_percent: number;
}

export interface RegisterClosingsTable {
  id: Generated<number>;
  register_id: number;
  business_date: string;
  /** Change fund in the drawer at opening, in yen. */
  float_amount: number;
  expected_cash: number;
  counted_cash: number;
  /** counted_cash - expected_cash: negative when cash is short. */
  difference: number;
  /** JSON of the day's totals per payment method, sales and returns. */
  totals_json: string;
  note: string | null;
  closed_by: number | null;
  closed_at: string;
}

export type ChannelKind = 'rakuten' | 'yahoo' | 'own_site';

export interface ChannelAccountsTable {
  id: Generated<number>;
  kind: ChannelKind;
  name: string;
  /** JSON of the account's settings that are not secret (seller id, API base URL). */
  settings_json: string;
  /** The credentials as one JSON object, sealed with the instance key (src/shared/secrets.ts). */
  sealed_credentials: string;
  /** 'paused' after repeated failures or by hand; channel work waits until resumed. */
  status: Generated<'active' | 'paused'>;
  paused_reason: string | null;
  /** Failures in a row since the last success. */
  failure_count: Generated<number>;
  last_error: string | null;
  /** Who paused it: a person, or the hub after repeated failures (lifted when the channel responds again). */
  paused_by: 'user' | 'failures' | null;
  created_by: number | null;
  created_at: string;
  updated_at: string;
}

export type ListingState = 'draft' | 'publishing' | 'live' | 'withdrawing' | 'withdrawn' | 'error';

export type ChannelOrderStatus = 'new' | 'to_confirm' | 'to_ship' | 'shipped' | 'cancelled';

export interface ChannelOrdersTable {
  id: Generated<number>;
  channel_account_id: number;
  /** The channel's order number; unique per account, so an order is imported once. */
  order_number: string;
  status: ChannelOrderStatus;
  /** The channel's version or change stamp last imported. */
  version: string;
  /** 1 when a person must look at the order (collision, unknown line, totals mismatch). */
  flagged: Generated<number>;
  flag_code: string | null;
  /** JSON of the flag's parameters, worded in the user's language when shown. */
  flag_json: string | null;
  flag_resolved_at: string | null;
  flag_resolved_by: number | null;
  ordered_at: string;
  buyer_name: string;
  buyer_json: string;
  delivery_json: string | null;
  /** JSON of the totals as the channel gave them. */
  totals_json: string;
  /** Yen the buyer pays. */
  total: number;
  totals_check_json: string;
  /** The channel's payload, untouched. */
  raw_json: string;
  confirmed_at: string | null;
  cancelled_at: string | null;
  imported_at: string;
  updated_at: string;
}

export type ChannelOrderLineState = 'reserved' | 'unmatched' | 'short' | 'released' | 'sold';

export interface ChannelOrderLinesTable {
  id: Generated<number>;
  order_id: number;
  line_key: string;
  external_code: string | null;
  variant_code: string | null;
  title: string;
  unit_price: number;
  quantity: number;
  tax_included: number;
  tax_rate: string | null;
  item_id: number | null;
  state: ChannelOrderLineState;
  reservation_id: number | null;
  problem_code: string | null;
  problem_json: string | null;
  /** When the line left stock as sold (the order shipped). */
  sold_at: string | null;
  /** Yen refunded to the buyer on this line, tax included. */
  refunded_amount: Generated<number>;
  /** When the buyer's return of the shipped piece was received; the line stays 'sold'. */
  returned_at: string | null;
  return_location_id: number | null;
  return_reason: string | null;
}

export interface ChannelOrderRefundsTable {
  id: Generated<number>;
  order_id: number;
  line_id: number;
  /** Yen, tax included, positive. */
  amount: number;
  reason: string;
  refunded_on: string;
  created_by: number | null;
  created_at: string;
}

// ---- Consignment in (受託) ----

export type ConsignorKind = 'dealer' | 'maker' | 'individual';
export type Bearer = 'consignor' | 'shop';

export interface ConsignorsTable {
  id: Generated<number>;
  code: string;
  name: string;
  name_kana: string | null;
  kind: ConsignorKind;
  postal_code: string | null;
  address: string | null;
  phone: string | null;
  email: string | null;
  invoice_registration_number: string | null;
  bank_account: string | null;
  /** How an individual's identity was checked (same codes as secondhand sellers). */
  id_check_method: string | null;
  id_document_number: string | null;
  id_checked_on: string | null;
  id_checked_by: number | null;
  notes: string | null;
  is_active: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface ConsignmentInAgreementsTable {
  id: Generated<number>;
  number: string;
  consignor_id: number;
  /** 'commission': the consignor gets the selling price less commission_rate_bp; 'net': an agreed amount per piece. */
  terms: 'commission' | 'net';
  /** Basis points: 2000 = 20 %. */
  commission_rate_bp: number | null;
  discount_bearer: Bearer;
  fee_bearer: Bearer;
  /** Payment or mall fee rate deducted when the consignor bears fees, basis points. */
  fee_rate_bp: Generated<number>;
  shipping_bearer: Bearer;
  /** Yen deducted per shipped channel order when the consignor bears shipping. */
  shipping_cost: Generated<number>;
  settlement_cycle: Generated<'monthly'>;
  /** Day of the month a settlement period closes; 31 = the last day. */
  closing_day: Generated<number>;
  starts_on: string;
  return_due_on: string | null;
  status: Generated<'active' | 'ended'>;
  note: string | null;
  created_by: number | null;
  created_at: string;
  updated_at: string;
}

export interface ConsignmentInReceiptsTable {
  id: Generated<number>;
  number: string;
  consignor_id: number;
  agreement_id: number;
  location_id: number;
  received_on: string;
  note: string | null;
  created_by: number | null;
  created_at: string;
}

export interface ConsignedItemsTable {
  item_id: number;
  consignor_id: number;
  agreement_id: number;
  receipt_id: number;
  /** Terms the piece was received on (copied from the agreement, or set for the piece). */
  terms: 'commission' | 'net';
  commission_rate_bp: number | null;
  /** Yen owed on sale under 'net' terms, tax included. */
  net_amount: number | null;
  return_due_on: string | null;
  status: Generated<'held' | 'sold' | 'returned'>;
  returned_on: string | null;
  return_id: number | null;
  created_at: string;
  updated_at: string;
}

/** Append-only: a correction is a new entry. Amounts are yen, tax included, signed. */
export interface ConsignmentPayablesTable {
  id: Generated<number>;
  consignor_id: number;
  item_id: number;
  agreement_id: number;
  source_type: string;
  source_id: number;
  source_line_id: number;
  /** The line that sold the piece ('sale_line:<id>', 'channel_order_line:<id>'), shared by its corrections. */
  sold_line_key: string;
  business_date: string;
  list_amount: Generated<number>;
  discount_amount: Generated<number>;
  refund_amount: Generated<number>;
  sold_amount: Generated<number>;
  commission_amount: Generated<number>;
  fee_amount: Generated<number>;
  shipping_amount: Generated<number>;
  /** What this entry adds to the amount owed to the consignor. */
  amount: Generated<number>;
  /** Set once, by the settlement statement that took the entry. */
  statement_id: number | null;
  note: string | null;
  created_at: string;
}

export interface ConsignmentStatementsTable {
  id: Generated<number>;
  number: string;
  consignor_id: number;
  period_from: string;
  period_to: string;
  status: 'issued' | 'paid';
  sales_total: Generated<number>;
  commission_total: Generated<number>;
  deductions_total: Generated<number>;
  adjustments_total: Generated<number>;
  amount_owed: Generated<number>;
  issued_by: number | null;
  issued_at: string;
  paid_on: string | null;
  paid_by: number | null;
  paid_reference: string | null;
}

export interface ConsignmentReturnsTable {
  id: Generated<number>;
  number: string;
  consignor_id: number;
  location_id: number;
  returned_on: string;
  note: string | null;
  created_by: number | null;
  created_at: string;
}

export interface ConsignmentReturnLinesTable {
  id: Generated<number>;
  return_id: number;
  item_id: number;
  quantity: number;
}

// ---- Consignment out (委託) ----

export interface ConsigneesTable {
  id: Generated<number>;
  code: string;
  name: string;
  name_kana: string | null;
  kind: 'partner_shop' | 'department_store' | 'other';
  /** The consignee's location (kind 'partner'). */
  location_id: number;
  postal_code: string | null;
  address: string | null;
  phone: string | null;
  email: string | null;
  contact_person: string | null;
  invoice_registration_number: string | null;
  notes: string | null;
  is_active: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface ConsignmentOutAgreementsTable {
  id: Generated<number>;
  number: string;
  consignee_id: number;
  /** 'rate': the consignee keeps rate_bp of the selling price; 'net': we receive the line's net_amount. */
  terms: 'rate' | 'net';
  rate_bp: number | null;
  reporting_cycle: Generated<'weekly' | 'semimonthly' | 'monthly'>;
  return_due_days: Generated<number>;
  starts_on: string;
  status: Generated<'active' | 'ended'>;
  note: string | null;
  created_by: number | null;
  created_at: string;
  updated_at: string;
}

export interface ConsignmentOutNotesTable {
  id: Generated<number>;
  number: string;
  consignee_id: number;
  agreement_id: number;
  from_location_id: number;
  to_location_id: number;
  sent_on: string;
  return_due_on: string;
  keep_listed: Generated<number>;
  note: string | null;
  created_by: number | null;
  created_at: string;
}

export interface ConsignmentOutLinesTable {
  id: Generated<number>;
  note_id: number;
  item_id: number;
  quantity: number;
  retail_price: number;
  net_amount: number | null;
  status: Generated<'out' | 'sold' | 'returned'>;
  closed_on: string | null;
  report_line_id: number | null;
}

export interface ConsignmentOutReportsTable {
  id: Generated<number>;
  number: string;
  consignee_id: number;
  reported_on: string;
  period_from: string | null;
  period_to: string | null;
  source: 'manual' | 'csv';
  file_sha256: string | null;
  sales_total: Generated<number>;
  commission_total: Generated<number>;
  receivable_total: Generated<number>;
  note: string | null;
  created_by: number | null;
  created_at: string;
}

export interface ConsignmentOutReportLinesTable {
  id: Generated<number>;
  report_id: number;
  out_line_id: number;
  item_id: number;
  outcome: 'sold' | 'returned';
  sold_on: string | null;
  /** Tax-included price the consignee sold at. */
  sale_price: Generated<number>;
  tax_rate_percent: number | null;
  commission_amount: Generated<number>;
  /** What the consignee owes us for the line. */
  receivable_amount: Generated<number>;
  cost_amount: Generated<number>;
}

// ---- Exhibitions (展示会) ----

export type ExhibitionStatus = 'planned' | 'open' | 'checking_in' | 'closed';
export type ExhibitionItemState = 'out' | 'sold' | 'returned' | 'missing' | 'written_off';

export interface ExhibitionsTable {
  id: Generated<number>;
  location_id: number;
  name: string;
  venue: string | null;
  starts_on: string;
  ends_on: string;
  home_location_id: number;
  withdraw_from_channels: Generated<number>;
  status: Generated<ExhibitionStatus>;
  note: string | null;
  created_by: number | null;
  created_at: string;
  updated_at: string;
  closed_at: string | null;
  closed_by: number | null;
}

export interface ExhibitionStaffTable {
  exhibition_id: number;
  user_id: number;
}

export interface ExhibitionItemsTable {
  id: Generated<number>;
  exhibition_id: number;
  item_id: number;
  quantity: Generated<number>;
  from_location_id: number;
  keep_listed: Generated<number>;
  carried_out_at: string;
  carried_out_by: number | null;
  state: Generated<ExhibitionItemState>;
  checked_in_at: string | null;
  checked_in_by: number | null;
  returned_to_location_id: number | null;
  resolution_note: string | null;
  resolved_at: string | null;
  resolved_by: number | null;
}

export interface OfflineSalesTable {
  id: Generated<number>;
  client_ref: string;
  register_id: number;
  sold_at_device: string;
  received_at: string;
  outcome: 'recorded' | 'conflict';
  sale_id: number | null;
  conflict_code: string | null;
  conflict_json: string | null;
  payload_json: string;
  resolved_at: string | null;
  resolved_by: number | null;
  resolution_note: string | null;
  created_by: number | null;
}

export interface ChannelOrderHistoryTable {
  id: Generated<number>;
  order_id: number;
  at: string;
  action: string;
  detail_json: Generated<string>;
}

export interface ChannelSyncStateTable {
  channel_account_id: number;
  orders_polled_until: string | null;
  last_order_poll_at: string | null;
  last_success_at: string | null;
  last_reconcile_at: string | null;
  poll_locked_by: string | null;
  poll_locked_until: string | null;
  lane_locked_by: string | null;
  lane_locked_until: string | null;
}

export interface ChannelStockCorrectionsTable {
  id: Generated<number>;
  channel_account_id: number;
  item_id: number;
  external_code: string;
  channel_quantity: number | null;
  expected_quantity: number;
  at: string;
}

export interface ChannelListingsTable {
  id: Generated<number>;
  item_id: number;
  channel_account_id: number;
  state: ListingState;
  title: string;
  description: string | null;
  /** Price shown on the channel, in yen, on price_basis. */
  price: number;
  price_basis: 'included' | 'excluded';
  /** Rakuten genre id, Yahoo product category and so on. */
  category_id: string | null;
  /** JSON array of photo references (URLs or item photo ids). */
  photos_json: Generated<string>;
  /** The channel's key of the listing: Rakuten manageNumber, Yahoo item code, own-site SKU. */
  external_code: string;
  /** Stable code of the last error, worded in the user's language when shown. */
  last_error_code: string | null;
  /** JSON of the last error's parameters and the channel's own message. */
  last_error_json: string | null;
  published_at: string | null;
  withdrawn_at: string | null;
  /** 'stock' when withdrawn because nothing was left to sell, so it comes back with stock; 'user' by hand. */
  withdrawn_by: 'stock' | 'user' | null;
  created_by: number | null;
  created_at: string;
  updated_at: string;
}

export type StocktakeStatus = 'counting' | 'posted' | 'cancelled';

export interface StocktakesTable {
  id: Generated<number>;
  number: string;
  location_id: number;
  /** Null when the count covers every category at the location. */
  category: string | null;
  status: StocktakeStatus;
  /** "<location id>:<category or *>" while counting, null afterwards (one open count each). */
  open_key: string | null;
  /** Highest stock_movements.id at the start; later movements happened during the count. */
  start_movement_id: number;
  note: string | null;
  started_by: number | null;
  started_at: string;
  closed_by: number | null;
  closed_at: string | null;
  write_off_id: number | null;
  /** JSON variance summary frozen at posting. */
  summary_json: string | null;
}

/** Book stock at the location when the count started. */
export interface StocktakeSnapshotLinesTable {
  stocktake_id: number;
  item_id: number;
  quantity: number;
}

export interface StocktakeScansTable {
  id: Generated<number>;
  stocktake_id: number;
  device_id: string;
  client_sequence: number;
  code: string;
  /** Null for a code that matched no item. */
  item_id: number | null;
  quantity: number;
  /** Highest stock_movements.id when the scan was recorded. */
  movement_mark: number;
  scanned_by: number | null;
  scanned_at: string;
  voided_at: string | null;
}

/** The last price tag printed for a piece, one row per piece, replaced on every print. */
export interface ItemTagPrintsTable {
  item_id: number;
  /** Tax-included retail price in yen that the tag shows. */
  price_including_tax: number;
  /** Name of the tag template. */
  template: string;
  printed_at: string;
  /** Null for a print from the command line. */
  printed_by: number | null;
}

/** A tag template of the shop's own, stored as the JSON of a checked definition. */
export interface TagTemplatesTable {
  id: Generated<number>;
  name: string;
  definition: string;
  updated_by: number | null;
  created_at: string;
  updated_at: string;
}

export interface ShipmentsTable {
  id: Generated<number>;
  number: string;
  status: 'to_ship' | 'picking' | 'packed' | 'shipped' | 'delivered' | 'returned' | 'cancelled';
  carrier: 'yamato' | 'sagawa' | 'japanpost' | null;
  service: string;
  cool: Generated<'none' | 'chilled' | 'frozen'>;
  ship_date: string | null;
  delivery_date: string | null;
  delivery_time: string | null;
  /** JSON of the Recipient in src/modules/shipping/types.ts. */
  recipient_json: string;
  location_id: number | null;
  item_name: string | null;
  gift: Generated<number>;
  gift_message: string | null;
  cod_amount: number | null;
  tracking_number: string | null;
  notes: string | null;
  exported_at: string | null;
  shipped_at: string | null;
  delivered_at: string | null;
  returned_at: string | null;
  cancelled_at: string | null;
  created_by: number | null;
  created_at: string;
  updated_at: string;
}

export interface ShipmentLinesTable {
  id: Generated<number>;
  shipment_id: number;
  channel_order_id: number | null;
  channel_order_line_id: number | null;
  sale_id: number | null;
  sale_line_id: number | null;
  item_id: number | null;
  title: string;
  quantity: number;
  unit_price: number;
  live: Generated<number>;
}

export interface ShipmentReportsTable {
  id: Generated<number>;
  shipment_id: number;
  channel_order_id: number;
  status: 'pending' | 'accepted' | 'failed' | 'not_supported';
  carrier: string | null;
  tracking_number: string | null;
  shipped_on: string | null;
  attempts: Generated<number>;
  last_error_json: string | null;
  channel_reference: string | null;
  accepted_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface ShipmentHistoryTable {
  id: Generated<number>;
  shipment_id: number;
  at: string;
  action: string;
  user_id: number | null;
  detail_json: Generated<string>;
}

export interface ShippingSettingsTable {
  id: number;
  settings_json: string;
  updated_by: number | null;
  updated_at: string;
}

export type SalesChannel = 'store' | 'exhibition' | 'partner' | 'rakuten' | 'yahoo' | 'own_site';

export interface SalesFactsTable {
  id: Generated<number>;
  source_key: string;
  line_key: string;
  kind: 'sale' | 'return' | 'refund';
  document_number: string;
  business_date: string;
  location_id: number;
  channel: SalesChannel;
  channel_account_id: number | null;
  item_id: number;
  category: string;
  metal: string;
  brand: string;
  supplier: string;
  consigned: number;
  quantity: number;
  sales_incl: number;
  sales_excl: number;
  tax: number;
  discount: number;
  cost: number;
  tickets: number;
  unit_price_incl: number;
  days_in_stock: number | null;
}

export interface SalesFactCreditsTable {
  source_key: string;
  line_key: string;
  user_id: number;
  business_date: string;
  location_id: number;
  channel: SalesChannel;
  share_percent: number;
  quantity_share: number;
  sales_incl: number;
  sales_excl: number;
  cost: number;
  returns_incl: number;
  tickets_share: number;
}

export interface SalesDailyTable {
  business_date: string;
  location_id: number;
  channel: SalesChannel;
  dimension: '' | 'category' | 'metal' | 'brand' | 'supplier';
  dimension_value: string;
  quantity: number;
  returned_quantity: number;
  sales_incl: number;
  sales_excl: number;
  tax: number;
  discount: number;
  cost: number;
  returns_incl: number;
  tickets: number;
  lines: number;
}

export interface SalesDailyStaffTable {
  business_date: string;
  user_id: number;
  location_id: number;
  channel: SalesChannel;
  quantity_share: number;
  sales_incl: number;
  sales_excl: number;
  cost: number;
  returns_incl: number;
  tickets_share: number;
}

export interface SalesTargetsTable {
  id: Generated<number>;
  month: string;
  scope: 'company' | 'location' | 'channel' | 'staff';
  scope_ref: string;
  amount: number;
  updated_by: number | null;
  updated_at: string;
}

export interface AnalyticsSettingsTable {
  id: number;
  fiscal_year_start_month: Generated<number>;
  aging_threshold_days: Generated<number>;
  target_tax_basis: Generated<'included' | 'excluded'>;
  updated_by: number | null;
  updated_at: string;
  facts_built_at: string | null;
}

export interface PhotoStudioPhotosTable {
  id: Generated<number>;
  file_name: string;
  category: Generated<string>;
  item_id: number | null;
  status: 'queued' | 'processing' | 'done' | 'failed' | 'accepted';
  preset: string;
  adjustments_json: string;
  learned_json: string;
  mask_strokes_json: Generated<string>;
  auto_json: string | null;
  compliance_json: string | null;
  error_code: string | null;
  error_message_ja: string | null;
  error_message_en: string | null;
  width: number | null;
  height: number | null;
  version: Generated<number>;
  created_by: number | null;
  created_at: string;
  updated_at: string;
  accepted_by: number | null;
  accepted_at: string | null;
}

export interface PhotoStudioAdjustmentLogTable {
  id: Generated<number>;
  photo_id: number;
  category: string;
  adjustments_json: string;
  learned_json: string;
  user_id: number | null;
  accepted_at: string;
}

export interface PhotoStudioLookResetsTable {
  id: Generated<number>;
  category: string | null;
  last_log_id: number;
  reset_by: number | null;
  reset_at: string;
}

export interface PhotoStudioPresetsTable {
  /** Preset id such as 'shop-square-1500'; photos store it in photo_studio_photos.preset. */
  id: string;
  /** The PhotoPreset as parseShopPreset returned it, defaults filled in. */
  preset_json: string;
  created_by: number | null;
  created_at: string;
  updated_by: number | null;
  updated_at: string;
}

export interface Database {
  company_settings: CompanySettingsTable;
  users: UsersTable;
  user_locations: UserLocationsTable;
  roles: RolesTable;
  sessions: SessionsTable;
  login_failures: LoginFailuresTable;
  locations: LocationsTable;
  suppliers: SuppliersTable;
  items: ItemsTable;
  item_photos: ItemPhotosTable;
  stock_balances: StockBalancesTable;
  stock_movements: StockMovementsTable;
  item_lineage: ItemLineageTable;
  stock_operations: StockOperationsTable;
  purchases: PurchasesTable;
  purchase_lines: PurchaseLinesTable;
  secondhand_records: SecondhandRecordsTable;
  supplier_returns: SupplierReturnsTable;
  supplier_return_lines: SupplierReturnLinesTable;
  transfers: TransfersTable;
  transfer_lines: TransferLinesTable;
  write_offs: WriteOffsTable;
  write_off_lines: WriteOffLinesTable;
  document_sequences: DocumentSequencesTable;
  idempotency_keys: IdempotencyKeysTable;
  imports: ImportsTable;
  audit_events: AuditEventsTable;
  instance_secrets: InstanceSecretsTable;
  stock_reservations: StockReservationsTable;
  outbox_events: OutboxEventsTable;
  registers: RegistersTable;
  customers: CustomersTable;
  sales: SalesTable;
  sale_lines: SaleLinesTable;
  sale_tax_rates: SaleTaxRatesTable;
  sale_payments: SalePaymentsTable;
  sale_staff: SaleStaffTable;
  sale_refunds: SaleRefundsTable;
  register_closings: RegisterClosingsTable;
  channel_accounts: ChannelAccountsTable;
  channel_listings: ChannelListingsTable;
  channel_orders: ChannelOrdersTable;
  channel_order_lines: ChannelOrderLinesTable;
  channel_order_history: ChannelOrderHistoryTable;
  channel_sync_state: ChannelSyncStateTable;
  channel_stock_corrections: ChannelStockCorrectionsTable;
  channel_order_refunds: ChannelOrderRefundsTable;
  consignors: ConsignorsTable;
  consignment_in_agreements: ConsignmentInAgreementsTable;
  consignment_in_receipts: ConsignmentInReceiptsTable;
  consigned_items: ConsignedItemsTable;
  consignment_payables: ConsignmentPayablesTable;
  consignment_statements: ConsignmentStatementsTable;
  consignment_returns: ConsignmentReturnsTable;
  consignment_return_lines: ConsignmentReturnLinesTable;
  consignees: ConsigneesTable;
  consignment_out_agreements: ConsignmentOutAgreementsTable;
  consignment_out_notes: ConsignmentOutNotesTable;
  consignment_out_lines: ConsignmentOutLinesTable;
  consignment_out_reports: ConsignmentOutReportsTable;
  consignment_out_report_lines: ConsignmentOutReportLinesTable;
  exhibitions: ExhibitionsTable;
  exhibition_staff: ExhibitionStaffTable;
  exhibition_items: ExhibitionItemsTable;
  offline_sales: OfflineSalesTable;
  stocktakes: StocktakesTable;
  stocktake_snapshot_lines: StocktakeSnapshotLinesTable;
  stocktake_scans: StocktakeScansTable;
  item_tag_prints: ItemTagPrintsTable;
  tag_templates: TagTemplatesTable;
  shipments: ShipmentsTable;
  shipment_lines: ShipmentLinesTable;
  shipment_reports: ShipmentReportsTable;
  shipment_history: ShipmentHistoryTable;
  shipping_settings: ShippingSettingsTable;
  sales_facts: SalesFactsTable;
  sales_fact_credits: SalesFactCreditsTable;
  sales_daily: SalesDailyTable;
  sales_daily_staff: SalesDailyStaffTable;
  sales_targets: SalesTargetsTable;
  analytics_settings: AnalyticsSettingsTable;
  photo_studio_photos: PhotoStudioPhotosTable;
  photo_studio_adjustment_log: PhotoStudioAdjustmentLogTable;
  photo_studio_look_resets: PhotoStudioLookResetsTable;
  photo_studio_presets: PhotoStudioPresetsTable;
}

export type AuditEvent = Selectable<AuditEventsTable>;
export type Item = Selectable<ItemsTable>;
export type Customer = Selectable<CustomersTable>;
export type Sale = Selectable<SalesTable>;
export type SaleLine = Selectable<SaleLinesTable>;
export type NewItem = Insertable<ItemsTable>;
export type ItemUpdate = Updateable<ItemsTable>;
export type Location = Selectable<LocationsTable>;
export type Supplier = Selectable<SuppliersTable>;
export type User = Selectable<UsersTable>;
export type StockMovement = Selectable<StockMovementsTable>;
