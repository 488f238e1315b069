import { describe, expect, it } from 'vitest';
import { MASKED, maskForAudit, SECRET } from './mask.js';

describe('maskForAudit', () => {
  it.each([
    'password',
    'newPassword',
    'password_hash',
    'passphrase',
    'passcode',
    'clientSecret',
    'csrfToken',
    'refresh_token',
    'apiKey',
    'api_key',
    'credentials',
    'sealed_value',
    'privateKey',
    'authorization',
    'cookie',
    'otpSeed',
    'pin',
  ])('replaces the secret %s', (key) => {
    expect(maskForAudit({ [key]: 'x' })).toEqual({ [key]: SECRET });
  });

  it.each(['sellerName', 'seller_address', 'customer', 'buyerPhone', 'shipTo', 'shipping_to', 'birthDate', 'sellerBirthDate', 'anniversaries', 'idDocumentNumber', 'id_check_description'])(
    'masks the personal field %s on any entity',
    (key) => {
      expect(maskForAudit({ [key]: 'Yamada' }, 'purchase')).toEqual({ [key]: MASKED });
    },
  );

  it('keeps ids of personal records', () => {
    expect(maskForAudit({ customerId: 12, sellerIds: [3, 4] }, 'sale')).toEqual({ customerId: 12, sellerIds: [3, 4] });
  });

  it('masks contacts of suppliers', () => {
    const supplier = { name: 'Tanaka Jewels', phone: '03-1234-5678', email: 'a@example.test', address: 'Tokyo', postalCode: '100-0001', nameKana: 'タナカ' };
    expect(maskForAudit(supplier, 'supplier')).toEqual({
      name: 'Tanaka Jewels',
      phone: MASKED,
      email: MASKED,
      address: MASKED,
      postalCode: MASKED,
      nameKana: MASKED,
    });
  });

  it.each(['company', 'location', 'user'])('keeps contacts of a %s', (type) => {
    const entity = { phone: '03-1234-5678', email: 'shop@example.test', address: 'Ginza' };
    expect(maskForAudit(entity, type)).toEqual(entity);
  });

  it('still hides secrets of a user', () => {
    expect(maskForAudit({ email: 'staff@example.test', passwordHash: '$argon2id$...' }, 'user')).toEqual({
      email: 'staff@example.test',
      passwordHash: SECRET,
    });
  });

  it('masks every value of a customer but ids, codes and times', () => {
    const customer = { id: 7, code: 'C-7', name: 'Sato', ringSizes: [9, 11], notes: { text: 'VIP' }, createdAt: '2026-01-01T00:00:00.000Z', consent: true };
    expect(maskForAudit(customer, 'customer')).toEqual({
      id: 7,
      code: 'C-7',
      name: MASKED,
      ringSizes: [MASKED, MASKED],
      notes: { text: MASKED },
      createdAt: '2026-01-01T00:00:00.000Z',
      consent: true,
    });
  });

  it('masks nested and listed values', () => {
    const purchase = { number: 'P-1', lines: [{ itemId: 1 }], secondhandRecords: [{ itemId: 1, sellerName: 'Ito', price: 5000 }] };
    expect(maskForAudit(purchase, 'purchase')).toEqual({
      number: 'P-1',
      lines: [{ itemId: 1 }],
      secondhandRecords: [{ itemId: 1, sellerName: MASKED, price: 5000 }],
    });
  });

  it('stores dates in their JSON form', () => {
    expect(maskForAudit({ at: new Date('2026-05-01T00:00:00.000Z'), gone: undefined })).toEqual({ at: '2026-05-01T00:00:00.000Z' });
  });

  it('keeps null and plain values', () => {
    expect(maskForAudit({ password: null })).toEqual({ password: null });
    expect(maskForAudit('text')).toBe('text');
    expect(maskForAudit(undefined)).toBeUndefined();
  });

  it('keeps ordinary fields', () => {
    const item = { stockNumber: 'R-1', name: 'K18 ring', cost: 50000, tags: ['gift'] };
    expect(maskForAudit(item, 'item')).toEqual(item);
  });
});
