import { describe, expect, it } from 'vitest';
import { fieldErrorsOf } from '../../web/src/api/fieldErrors.js';
import { auditJson, changedKeys } from '../../web/src/pages/audit/auditValues.js';

describe('audit values', () => {
  it('auditJson pretty-prints objects', () => {
    expect(auditJson({ name: 'リング', retailPrice: 198000 })).toBe('{\n  "name": "リング",\n  "retailPrice": 198000\n}');
  });

  it('auditJson parses JSON text', () => {
    expect(auditJson('{"a":1}')).toBe('{\n  "a": 1\n}');
  });

  it('auditJson keeps other text and markup as text', () => {
    expect(auditJson('<img src=x onerror=alert(1)>')).toBe('<img src=x onerror=alert(1)>');
    expect(auditJson({ name: '<b>x</b>' })).toContain('"<b>x</b>"');
  });

  it('auditJson shows nothing for null', () => {
    expect(auditJson(null)).toBe('');
    expect(auditJson(undefined)).toBe('');
  });

  it('changedKeys lists differing keys', () => {
    expect(changedKeys({ name: 'a', price: 1, tags: ['x'] }, { name: 'a', price: 2, tags: ['y'], note: 'n' })).toEqual(['note', 'price', 'tags']);
  });

  it('changedKeys needs objects on both sides', () => {
    expect(changedKeys(null, { name: 'a' })).toEqual([]);
    expect(changedKeys('{"a":1}', '{"a":2}')).toEqual(['a']);
  });
});

describe('API field errors', () => {
  it('read the validation list', () => {
    const fields = [{ field: 'email', message: 'invalid' }];
    expect(fieldErrorsOf({ message: 'bad', details: { fields } })).toEqual(fields);
  });

  it('read a single named field', () => {
    expect(fieldErrorsOf({ message: 'The email is taken.', details: { field: 'email' } })).toEqual([{ field: 'email', message: 'The email is taken.' }]);
  });

  it('are empty without details', () => {
    expect(fieldErrorsOf({ message: 'Not allowed.' })).toEqual([]);
    expect(fieldErrorsOf({ message: 'x', details: { field: '' } })).toEqual([]);
  });
});
