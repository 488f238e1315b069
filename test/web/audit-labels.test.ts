import { describe, expect, it } from 'vitest';
import en from '../../web/src/i18n/en.json' with { type: 'json' };
import ja from '../../web/src/i18n/ja.json' with { type: 'json' };
import { auditActionLabel, auditActionOptions, auditEntityLabel } from '../../web/src/pages/audit/auditLabels.js';

describe('audit labels', () => {
  it('labels actions in both languages', () => {
    expect(auditActionLabel('transfer.send', 'ja')).toBe('移動の発送');
    expect(auditActionLabel('transfer.send', 'en')).toBe('Transfer sent');
  });

  it('leaves fallback actions unlabelled', () => {
    expect(auditActionLabel('http.POST /api/things', 'ja')).toBeUndefined();
  });

  it('labels entity types or keeps the code', () => {
    expect(auditEntityLabel('write_off', 'ja')).toBe('償却');
    expect(auditEntityLabel('something_new', 'en')).toBe('something_new');
  });

  it('offers groups before actions', () => {
    const values = auditActionOptions('ja').map((option) => option.value);
    expect(values.indexOf('transfer.')).toBeLessThan(values.indexOf('transfer.send'));
  });

  it('has the same codes in both languages', () => {
    expect(Object.keys(ja.auditActions).sort()).toEqual(Object.keys(en.auditActions).sort());
    expect(Object.keys(ja.auditEntities).sort()).toEqual(Object.keys(en.auditEntities).sort());
  });
});
