// Masking of values before they enter the audit trail. The trail keeps what changed, but
// never a secret (passwords, tokens, API keys) and never a customer's or seller's personal
// data, which the trail would otherwise keep beyond its retention period.

export const MASKED = '[masked]';
export const SECRET = '[secret]';

/**
 * Keys whose values are secrets, in camelCase or snake_case. Most parts match anywhere in the
 * key ("passwordHash", "csrfToken"). Short words that occur inside ordinary words (pass, pin,
 * otp) match only at the start or as the whole key.
 */
const SECRET_KEY = /pass(word|phrase|code)|^pass$|secret|token|api_?key|credential|sealed|private_?key|authorization|cookie|^otp|^pin(_?code)?$/i;

/** Keys that name a record rather than hold personal data, such as "customerId". */
const ID_KEY = /(^id$|Id$|_id$|Ids$|_ids$)/;

/**
 * Keys whose values are personal data of customers and sellers, whatever the entity. The
 * name and preference keys of the customer form are listed too, because a refused request's
 * body is recorded without an entity type.
 */
const PERSONAL_KEY = /^(seller|customer|buyer|recipient|orderer|ship_?to|shipping_?to|family_?name|given_?name|preferences$)|birth|anniversar|id_?document|id_?check_?description/i;

/** Contact keys, personal data except on the entity types in BUSINESS_ENTITY_TYPES. */
const CONTACT_KEY = /^(phone|phone_?number|tel|telephone|mobile|fax|email|address|postal_?code|zip_?code|name_?kana|kana)$/i;

/**
 * Keys that keep their value on a personal entity: record ids, timestamps, codes, counts,
 * and an action's reason (typed by staff), export format and missing permission. Screens
 * ask staff to keep personal data out of a reason.
 */
const NEUTRAL_KEY = /(^id$|Id$|_id$|At$|_at$|^code$|Count$|^reason$|^format$|^permission$)/;

/**
 * Entity types whose contact fields are not personal data: the business's own address,
 * its locations' and its staff accounts' emails (the trail must say who acted). Suppliers
 * are absent because a supplier may be a private individual.
 */
const BUSINESS_ENTITY_TYPES = new Set(['company', 'location', 'user']);

/** Entity types whose every text field is personal data. */
const PERSONAL_ENTITY_TYPES = new Set(['customer']);

interface MaskOptions {
  /** Mask every string and number except ids and timestamps, as for a customer record. */
  personalEntity: boolean;
  /** Keep phone, email and address readable. */
  businessEntity: boolean;
}

function maskKey(key: string, value: unknown, options: MaskOptions): unknown {
  if (value === null || value === undefined) return value;
  if (SECRET_KEY.test(key)) return SECRET;
  if (PERSONAL_KEY.test(key) && !ID_KEY.test(key)) return MASKED;
  if (!options.businessEntity && CONTACT_KEY.test(key)) return MASKED;

  // Arrays take the key of the field that contains them, so a customer's list of ring sizes
  // is masked like a single ring size would be.
  if (Array.isArray(value)) return value.map((entry) => maskKey(key, entry, options));
  if (options.personalEntity && (typeof value === 'string' || typeof value === 'number') && !NEUTRAL_KEY.test(key)) {
    return MASKED;
  }
  return maskValue(value, options);
}

function maskValue(value: unknown, options: MaskOptions): unknown {
  if (Array.isArray(value)) return value.map((entry) => maskValue(entry, options));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, maskKey(key, entry, options)]));
  }
  return value;
}

/**
 * Returns a copy of `value` with secrets and personal data replaced by placeholders.
 * The value is first brought to its JSON form (dates become ISO strings, undefined
 * fields disappear), because that form is what the trail stores.
 */
export function maskForAudit(value: unknown, entityType?: string | null): unknown {
  if (value === undefined) return undefined;
  const type = entityType ?? '';
  const json: unknown = JSON.parse(JSON.stringify(value) ?? 'null');
  return maskValue(json, { personalEntity: PERSONAL_ENTITY_TYPES.has(type), businessEntity: BUSINESS_ENTITY_TYPES.has(type) });
}
