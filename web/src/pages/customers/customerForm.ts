import { fromBaseUnits, toBaseUnits } from '../../lib/format.js';
import type { FieldNameMapper } from '../../api/hooks.js';
import type { Customer, CustomerFormValues } from './types.js';

// Conversions between the customer form and the API: ring sizes are entered in 号 and
// sent in tenths, and empty list rows are dropped.

/** Converts an existing record to the values of the edit form. */
export function customerToFormValues(customer: Customer): CustomerFormValues {
  return {
    familyName: customer.familyName,
    givenName: customer.givenName,
    familyNameKana: customer.familyNameKana,
    givenNameKana: customer.givenNameKana,
    phone: customer.phone,
    email: customer.email,
    postalCode: customer.postalCode,
    prefecture: customer.prefecture,
    address: customer.address,
    birthday: customer.birthday,
    anniversaries: customer.anniversaries,
    ringSizes: customer.ringSizes.map((size) => ({ finger: size.finger, size: fromBaseUnits(size.sizeTenths, 10) })),
    preferences: customer.preferences,
    consentToContact: customer.consentToContact,
    notes: customer.notes,
    homeLocationId: customer.homeLocationId,
  };
}

/** Builds the request body of a create or an update. */
export function formValuesToBody(values: CustomerFormValues) {
  return {
    familyName: values.familyName ?? '',
    givenName: values.givenName ?? null,
    familyNameKana: values.familyNameKana ?? null,
    givenNameKana: values.givenNameKana ?? null,
    phone: values.phone ?? null,
    email: values.email ?? null,
    postalCode: values.postalCode ?? null,
    prefecture: values.prefecture ?? null,
    address: values.address ?? null,
    birthday: values.birthday ?? null,
    anniversaries: (values.anniversaries ?? []).filter((entry) => entry && (entry.label || entry.date)),
    ringSizes: (values.ringSizes ?? [])
      .filter((entry) => entry && (entry.finger || entry.size != null))
      .map((entry) => ({ finger: entry.finger, sizeTenths: toBaseUnits(entry.size, 10) })),
    preferences: values.preferences ?? null,
    consentToContact: values.consentToContact ?? false,
    notes: values.notes ?? null,
    homeLocationId: values.homeLocationId ?? null,
  };
}

/** Puts the API's "ringSizes.0.sizeTenths" error on the form's size field in 号. */
export const mapCustomerField: FieldNameMapper = (path) => {
  if (path[0] === 'ringSizes' && path[2] === 'sizeTenths') return ['ringSizes', path[1]!, 'size'];
  return path;
};
