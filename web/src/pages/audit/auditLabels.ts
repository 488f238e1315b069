import en from '../../i18n/en.json' with { type: 'json' };
import ja from '../../i18n/ja.json' with { type: 'json' };
import type { Locale } from '../../lib/format.js';

// Labels of audit action codes and entity types. Codes contain dots ("transfer.send"),
// which i18next would read as nesting, so the maps are read directly from the locale files.

const TABLES = { ja, en } as const;

type LabelMap = Record<string, string>;

function table(locale: Locale, name: 'auditActions' | 'auditActionGroups' | 'auditEntities'): LabelMap {
  return TABLES[locale][name] as LabelMap;
}

/** Returns the label of an action code, or undefined for a code without one (the fallback's http.*). */
export function auditActionLabel(code: string, locale: Locale): string | undefined {
  return table(locale, 'auditActions')[code];
}

/** Returns the label of an entity type, or the type itself when it has none. */
export function auditEntityLabel(type: string, locale: Locale): string {
  return table(locale, 'auditEntities')[type] ?? type;
}

/** Options for the action filter: each group prefix ("transfer.") first, then every action. */
export function auditActionOptions(locale: Locale): Array<{ value: string; label: string }> {
  const groups = Object.entries(table(locale, 'auditActionGroups')).map(([value, label]) => ({ value, label }));
  const actions = Object.entries(table(locale, 'auditActions')).map(([value, label]) => ({ value, label }));
  return [...groups, ...actions];
}

/** Entity types for the entity filter, labelled. */
export function auditEntityOptions(locale: Locale): Array<{ value: string; label: string }> {
  return Object.entries(table(locale, 'auditEntities')).map(([value, label]) => ({ value, label }));
}
