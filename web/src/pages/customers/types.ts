// Response shapes of the customer routes. They mirror the zod schemas in
// src/modules/customers/schemas.ts; keep them in step when a route changes.
import type { UpcomingDate } from '../../../../src/modules/customers/upcoming.js';

export interface Anniversary {
  label: string;
  date: string;
}

export interface RingSize {
  finger: string;
  /** Japanese ring size (号) × 10. */
  sizeTenths: number;
}

export interface CustomerRef {
  id: number;
  code: string;
}

export interface Customer {
  id: number;
  code: string;
  familyName: string;
  givenName: string | null;
  familyNameKana: string | null;
  givenNameKana: string | null;
  phone: string | null;
  email: string | null;
  postalCode: string | null;
  prefecture: string | null;
  address: string | null;
  birthday: string | null;
  anniversaries: Anniversary[];
  ringSizes: RingSize[];
  preferences: string | null;
  consentToContact: boolean;
  consentUpdatedAt: string | null;
  notes: string | null;
  homeLocationId: number | null;
  mergedInto: CustomerRef | null;
  anonymizedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface CustomerSummary {
  id: number;
  code: string;
  familyName: string;
  givenName: string | null;
  familyNameKana: string | null;
  givenNameKana: string | null;
  phone: string | null;
  birthday: string | null;
  consentToContact: boolean;
  lastPurchaseDate: string | null;
  mergedIntoId: number | null;
  anonymizedAt: string | null;
}

export interface CustomerList {
  customers: CustomerSummary[];
  total: number;
  page: number;
  pageSize: number;
}

export interface PurchaseLine {
  itemId: number;
  stockNumber: string;
  name: string;
  quantity: number;
  amount: number;
}

export interface Purchase {
  source: 'sale';
  id: number;
  kind: 'sale' | 'return';
  number: string;
  businessDate: string;
  locationId: number | null;
  locationName: string | null;
  status: string;
  total: number;
  taxTotal: number;
  customerId: number;
  lines: PurchaseLine[];
}

export interface CustomerDetail {
  customer: Customer;
  mergedFrom: CustomerRef[];
  purchases: Purchase[];
  purchasesLimitedToScope: boolean;
}

/** One birthday or anniversary in the upcoming list, as the server's customers module shapes it. */
export type { UpcomingDate };

export interface UpcomingDates {
  from: string;
  to: string;
  entries: UpcomingDate[];
}

/** The values of the customer form; the API takes the same shape. */
export interface CustomerFormValues {
  familyName: string;
  givenName?: string | null;
  familyNameKana?: string | null;
  givenNameKana?: string | null;
  phone?: string | null;
  email?: string | null;
  postalCode?: string | null;
  prefecture?: string | null;
  address?: string | null;
  birthday?: string | null;
  anniversaries?: Anniversary[];
  /** On the form the size is in 号 (11.5); the API takes tenths. */
  ringSizes?: Array<{ finger: string; size: number | null }>;
  preferences?: string | null;
  consentToContact?: boolean;
  notes?: string | null;
  homeLocationId?: number | null;
}
