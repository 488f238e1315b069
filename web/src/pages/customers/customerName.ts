import type { TFunction } from 'i18next';

interface NamedCustomer {
  familyName: string;
  givenName: string | null;
  anonymizedAt?: string | null;
}

/**
 * Returns the name to show: "山田 花子", family name first as Japanese names are written.
 * Anonymised records show a label in the screen language instead of the stored placeholder.
 */
export function customerName(customer: NamedCustomer, t: TFunction): string {
  if (customer.anonymizedAt) return t('customers.anonymizedName');
  return customer.givenName ? `${customer.familyName} ${customer.givenName}` : customer.familyName;
}

/** Returns the reading to show: "ヤマダ ハナコ", or an empty string when none is recorded. */
export function customerKana(customer: { familyNameKana: string | null; givenNameKana: string | null }): string {
  return [customer.familyNameKana, customer.givenNameKana].filter(Boolean).join(' ');
}
