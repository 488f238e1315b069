import { describe, expect, it } from 'vitest';
import { useSignedInApp } from '../../../test/helpers/app.js';
import { describeEachDatabase } from '../../../test/helpers/database.js';
import { isValidStockNumberPattern } from './pattern.js';

describe('stock number pattern', () => {
  it.each(['{YY}{MM}-{SEQ:5}', 'R{SEQ:6}', '{YYYY}-{MM}{DD}-{SEQ:3}'])('accepts %s', (pattern) => {
    expect(isValidStockNumberPattern(pattern)).toBe(true);
  });
  it.each(['{YY}{MM}', '{SEQ:5}{SEQ:2}', '{SEQ:0}', 'A B{SEQ:3}', '{YYY}{SEQ:3}', '{SEQ:4'])('rejects %s', (pattern) => {
    expect(isValidStockNumberPattern(pattern)).toBe(false);
  });
});

describeEachDatabase('company settings', (database) => {
  const { api: client } = useSignedInApp(database, 'ja');

  const valid = {
    name: '株式会社つなぐ宝飾',
    postalCode: '104-0061',
    address: '東京都中央区銀座 1-1-1',
    invoiceRegistrationNumber: 'Ｔ７００００１２０５０００２',
    taxRounding: 'half_up',
    defaultTaxRatePercent: 10,
    stockNumberPattern: 'R{YY}{MM}-{SEQ:5}',
  };

  it('stores settings with the registration number folded', async () => {
    const response = await client().put('/api/company', valid);
    expect(response.statusCode).toBe(200);
    expect(response.json().invoiceRegistrationNumber).toBe('T7000012050002');
    const read = await client().get('/api/company');
    expect(read.json().taxRounding).toBe('half_up');
    expect(read.json().stockNumberPattern).toBe('R{YY}{MM}-{SEQ:5}');
  });

  it('rejects a registration number with a wrong check digit', async () => {
    const response = await client().put('/api/company', { ...valid, invoiceRegistrationNumber: 'T1000012050002' });
    expect(response.statusCode).toBe(400);
    const field = response.json().error.details.fields[0];
    expect(field.field).toBe('invoiceRegistrationNumber');
    expect(field.message).toContain('チェックデジット');
  });

  it('rejects a registration number of 12 digits', async () => {
    const response = await client().put('/api/company', { ...valid, invoiceRegistrationNumber: 'T700001205000' });
    expect(response.statusCode).toBe(400);
    const field = response.json().error.details.fields[0];
    expect(field.field).toBe('invoiceRegistrationNumber');
    expect(field.message).toContain('13 桁');
  });

  it('rejects an unknown rounding mode', async () => {
    const response = await client().put('/api/company', { ...valid, taxRounding: 'banker' });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details.fields[0].field).toBe('taxRounding');
  });
});
