// Response shapes of the API routes the screens use. They mirror the zod output schemas in
// src/modules/*/schemas.ts and routes.ts; keep them in step when a route changes.

import type { Permission } from '../auth/permissions.js';
import type { Locale } from '../lib/format.js';

/** Locations the signed-in user may act at, as the session returns them. */
export interface LocationScope {
  /** True when the user may act at every location. */
  all: boolean;
  /** The user's locations when `all` is false, and empty otherwise. */
  locationIds: number[];
  /** True when stock levels at other locations may be shown. */
  seesOtherLocations: boolean;
}

export interface SessionUser {
  id: number;
  email: string;
  displayName: string;
  locale: Locale;
  isOwner: boolean;
  /** Code of the user's role. */
  role: string;
  /** Permissions of the role. Unknown codes from a newer server are kept as strings. */
  permissions: Array<Permission | (string & {})>;
  scope: LocationScope;
  defaultLocationId: number | null;
}

export interface SessionResponse {
  user: SessionUser;
  csrfToken: string;
}

export type LocationKind = 'store' | 'warehouse' | 'exhibition' | 'partner' | 'transit';

export interface Location {
  id: number;
  code: string;
  name: string;
  kind: LocationKind;
  postalCode: string | null;
  address: string | null;
  phone: string | null;
  startsOn: string | null;
  endsOn: string | null;
  isActive: boolean;
}

export type TaxRounding = 'down' | 'half_up' | 'up';

export interface CompanySettings {
  name: string;
  postalCode: string | null;
  address: string | null;
  phone: string | null;
  invoiceRegistrationNumber: string | null;
  taxRounding: TaxRounding;
  defaultTaxRatePercent: number;
  stockNumberPattern: string;
  /** Whether staff limited to some locations may see stock levels at the other locations. */
  scopedStaffSeeOtherLocations: boolean;
  /** Price tag cost cipher; absent for users without 'cost.view'. */
  costCipher?: string | null;
}

export interface Supplier {
  id: number;
  code: string;
  name: string;
  nameKana: string | null;
  kind: 'business' | 'individual';
  postalCode: string | null;
  address: string | null;
  phone: string | null;
  email: string | null;
  invoiceRegistrationNumber: string | null;
  notes: string | null;
  isActive: boolean;
}

export type ItemUnit = 'piece' | 'cm' | 'mct' | 'cg';
export type ItemStatus = 'in_stock' | 'sold' | 'written_off' | 'returned_to_supplier' | 'consumed' | 'out_of_stock' | 'returned_to_consignor';

/** Item attributes in the API's base units (yen, cg, mct, mm, tenths of 号). */
export interface ItemAttributes {
  stockNumber?: string;
  janCode?: string | null;
  tracking?: 'unique' | 'quantity';
  unit?: ItemUnit;
  name: string;
  category: string;
  brand?: string | null;
  metal?: string | null;
  metalWeightCg?: number | null;
  mainStoneKind?: string | null;
  mainStoneCaratMct?: number | null;
  mainStoneShape?: string | null;
  mainStoneColor?: string | null;
  mainStoneClarity?: string | null;
  mainStoneCut?: string | null;
  sideStonesCaratMct?: number | null;
  ringSizeTenths?: number | null;
  lengthMm?: number | null;
  condition?: 'new' | 'pre_owned';
  conditionGrade?: string | null;
  certificateKind?: string | null;
  certificateIssuer?: string | null;
  certificateNumber?: string | null;
  /**
   * Cost per base unit in yen. Left out of a request by a user without 'cost.view', and
   * left out of every response to such a user.
   */
  cost?: number;
  /** In yen, on priceBasis. */
  retailPrice: number;
  /** Whether retailPrice includes consumption tax (税込) or not (税抜). A new item defaults to included. */
  priceBasis?: 'included' | 'excluded';
  taxRatePercent?: number;
  description?: string | null;
  tags?: string[];
  supplierId?: number | null;
  photos?: Array<{ url: string; altText?: string | null }>;
}

export interface Item extends Required<Omit<ItemAttributes, 'photos' | 'cost'>> {
  id: number;
  /** Absent for users without 'cost.view'. */
  cost?: number;
  stockNumber: string;
  status: ItemStatus;
  ownership: 'own' | 'consignment_in';
  sourceKey: string | null;
  createdAt: string;
  updatedAt: string;
  createdBy: number | null;
}

export interface ItemBalance {
  locationId: number;
  locationCode: string;
  locationName: string;
  locationKind: LocationKind;
  /** In the item's unit. */
  quantity: number;
}

export interface ItemSummary extends Item {
  /** Retail price in yen with tax at the item's rate, rounded by the company's mode on the server. */
  retailPriceIncludingTax: number;
  balances: ItemBalance[];
  onHand: number;
  thumbnailUrl: string | null;
}

export interface ItemLineage {
  operationId: number;
  operationNumber: string;
  operationKind: 'split' | 'combine';
  itemId: number;
  stockNumber: string;
  name: string;
  /** Absent for users without 'cost.view'. */
  allocatedCost?: number;
}

export interface ItemDetail extends Item {
  /** Retail price in yen with tax at the item's rate, rounded by the company's mode on the server. */
  retailPriceIncludingTax: number;
  photos: Array<{ id: number; position: number; url: string; altText: string | null }>;
  balances: ItemBalance[];
  onHand: number;
  supplier: { id: number; code: string; name: string } | null;
  lineage: { parents: ItemLineage[]; children: ItemLineage[] };
  /** True when the item's stock is at the user's locations, so they may change it with items.edit. */
  atUsersLocations: boolean;
}

export interface ItemSearchResult {
  items: ItemSummary[];
  total: number;
  page: number;
  pageSize: number;
}

interface LocationReference {
  id: number;
  code: string;
  name: string;
}

export interface ItemHistoryEntry {
  movementId: number;
  kind: string;
  occurredAt: string;
  recordedAt: string;
  quantity: number;
  /** Absent for users without 'cost.view'. */
  costAmount?: number;
  reason: string | null;
  fromLocation: LocationReference | null;
  toLocation: LocationReference | null;
  user: { id: number; displayName: string } | null;
  document: { type: string; id: number | null; number: string | null } | null;
}

export interface LabelledOption {
  code: string;
  ja: string;
  en: string;
}

export interface ItemAttributeLists {
  categories: LabelledOption[];
  metals: LabelledOption[];
  shapes: LabelledOption[];
  clarities: LabelledOption[];
  cuts: LabelledOption[];
  conditions: LabelledOption[];
  grades: LabelledOption[];
  certificateKinds: LabelledOption[];
  trackings: LabelledOption[];
  units: LabelledOption[];
  statuses: LabelledOption[];
  movementKinds: LabelledOption[];
  taxRatesPercent: number[];
  ringSize: { minTenths: number; maxTenths: number; stepTenths: number };
}

/** A moved line as stock documents return it. */
export interface StockLine {
  itemId: number;
  stockNumber: string;
  itemName: string;
  unit: ItemUnit;
  quantity: number;
  /** Book cost of the line in yen, absent for users without 'cost.view'. */
  costAmount?: number;
}

export type TransferStatus = 'in_transit' | 'received' | 'cancelled';

export interface TransferSummary {
  id: number;
  number: string;
  fromLocationId: number;
  fromLocationName: string;
  toLocationId: number;
  toLocationName: string;
  status: TransferStatus;
  note: string | null;
  sentAt: string;
  sentBy: number | null;
  receivedAt: string | null;
  receivedBy: number | null;
}

export interface Transfer extends TransferSummary {
  lines: Array<{ itemId: number; stockNumber: string; itemName: string; unit: ItemUnit; quantity: number; receivedQuantity: number }>;
}

export interface Page {
  total: number;
  page: number;
  pageSize: number;
}

export type WriteOffReason = 'damage' | 'loss' | 'theft' | 'other';

export interface WriteOffSummary {
  id: number;
  number: string;
  locationId: number;
  locationName: string;
  reason: WriteOffReason;
  note: string | null;
  writtenOffOn: string;
  /** Absent for users without 'cost.view'. */
  totalCost?: number;
  createdBy: number | null;
  createdAt: string;
}

export interface WriteOff extends WriteOffSummary {
  lines: StockLine[];
}

export interface PurchaseSummary {
  id: number;
  number: string;
  supplierId: number;
  supplierName: string;
  locationId: number;
  locationName: string;
  purchasedOn: string;
  supplierDocumentNumber: string | null;
  isSecondhand: boolean;
  taxRatePercent: number;
  /** Tax-excluded total of the lines, in yen. */
  subtotal: number;
  taxAmount: number;
  total: number;
  note: string | null;
  lineCount: number;
  createdBy: number | null;
  createdAt: string;
}

export type IdCheckMethod = 'driving_licence' | 'my_number_card' | 'passport' | 'residence_card' | 'health_insurance_card' | 'other';

export interface SecondhandEntry {
  id: number;
  purchaseId: number;
  purchaseNumber: string;
  itemId: number;
  stockNumber: string;
  acquiredOn: string;
  itemDescription: string;
  quantity: number;
  /** Price paid to the seller in yen. The law requires it in the ledger, so every user gets it. */
  price: number;
  sellerName: string;
  sellerAddress: string;
  sellerOccupation: string | null;
  sellerBirthDate: string | null;
  sellerAge: number | null;
  idCheckMethod: IdCheckMethod;
  idCheckDescription: string | null;
  idDocumentNumber: string | null;
  checkedBy: number | null;
  checkedByName: string | null;
}

export interface PurchaseLine {
  lineNo: number;
  itemId: number;
  quantity: number;
  /** Absent for users without 'cost.view'. */
  unitCost?: number;
  amount: number;
  item: Item;
}

export interface Purchase extends PurchaseSummary {
  lines: PurchaseLine[];
  secondhandRecords: SecondhandEntry[];
}

export interface StockOperation {
  id: number;
  number: string;
  kind: 'split' | 'combine';
  locationId: number;
  locationName: string;
  allocationMethod: 'ratio' | 'amount' | 'sum';
  note: string | null;
  createdBy: number | null;
  createdAt: string;
  consumed: StockLine[];
  produced: StockLine[];
}

export interface SupplierReturnSummary {
  id: number;
  number: string;
  supplierId: number;
  supplierName: string;
  locationId: number;
  locationName: string;
  returnedOn: string;
  reason: string | null;
  /** Book cost of everything returned in yen, absent for users without 'cost.view'. */
  totalCost?: number;
  createdBy: number | null;
  createdAt: string;
}

export interface SupplierReturn extends SupplierReturnSummary {
  lines: StockLine[];
}

/** A role with its permissions, as GET /api/roles returns it. */
export interface Role {
  code: string;
  nameJa: string;
  nameEn: string;
  permissions: string[];
  /** Built-in roles are defined by the product and cannot be changed or deleted. */
  isBuiltin: boolean;
  userCount: number;
}

export interface PermissionInfo {
  code: string;
  labelJa: string;
  labelEn: string;
}

export interface RolesResponse {
  roles: Role[];
  permissions: PermissionInfo[];
}

/** A staff account as GET /api/users returns it. */
export interface UserAccount {
  id: number;
  email: string;
  displayName: string;
  locale: Locale;
  role: string;
  isOwner: boolean;
  isActive: boolean;
  /** True when the user may act at every location. locationIds is then empty. */
  allLocations: boolean;
  locationIds: number[];
  defaultLocationId: number | null;
  createdAt: string;
  lastLoginAt: string | null;
}

export type AuditOutcome = 'success' | 'denied';

/** One entry of the audit trail. before, after and detail are JSON values, masked by the server. */
export interface AuditEvent {
  id: number;
  occurredAt: string;
  userId: number | null;
  userEmail: string | null;
  ip: string | null;
  requestId: string | null;
  action: string;
  outcome: AuditOutcome | (string & {});
  entityType: string | null;
  entityId: string | null;
  locationId: number | null;
  before: unknown;
  after: unknown;
  detail: unknown;
}

export interface AuditEventPage extends Page {
  events: AuditEvent[];
}
