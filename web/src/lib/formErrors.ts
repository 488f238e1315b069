// Field errors on Ant Design forms: removing the ones a later change or save has made stale.
import type { FormInstance } from 'antd';

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype;
}

/** Name paths of every field and field group that a changed-values object (Form onValuesChange) touches. */
export function changedNamePaths(changed: unknown, prefix: Array<string | number> = []): Array<Array<string | number>> {
  const paths: Array<Array<string | number>> = prefix.length > 0 ? [prefix] : [];
  if (Array.isArray(changed)) {
    // A Form.List change arrives as a sparse array holding only the changed line.
    changed.forEach((value, index) => paths.push(...changedNamePaths(value, [...prefix, index])));
  } else if (isPlainObject(changed)) {
    for (const [key, value] of Object.entries(changed)) paths.push(...changedNamePaths(value, [...prefix, key]));
  }
  return paths;
}

/** Removes every error shown on the form, so that errors from an earlier save do not outlive it. */
export function clearFieldErrors(form: FormInstance): void {
  const stale = form.getFieldsError().filter((entry) => entry.errors.length > 0);
  if (stale.length > 0) form.setFields(stale.map((entry) => ({ name: entry.name, errors: [] })));
}

/**
 * Returns an onValuesChange handler that removes the error of each field the user changes.
 * Ant Design re-checks only fields with rules, so a server error on a field without rules
 * would otherwise stay after the user corrected the value.
 */
export function clearErrorsOnChange(form: FormInstance) {
  return (changed: unknown) => {
    const cleared = changedNamePaths(changed).filter((name) => form.getFieldError(name).length > 0);
    if (cleared.length > 0) form.setFields(cleared.map((name) => ({ name, errors: [] })));
  };
}
