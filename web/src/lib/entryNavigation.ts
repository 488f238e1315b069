// Enter-to-next-field data entry, as counter staff and barcode scanners expect: Enter moves
// to the next input instead of submitting, and a scanner's trailing Enter lands the next
// scan in the next field.

const ENTRY_SELECTOR = [
  'input:not([type=hidden]):not([type=checkbox]):not([type=radio]):not([disabled]):not([readonly])',
  'button[role=switch]:not([disabled])',
].join(',');

/** Inputs of the container in document order that take part in Enter navigation. */
export function entryFields(container: HTMLElement): HTMLElement[] {
  return [...container.querySelectorAll<HTMLElement>(ENTRY_SELECTOR)].filter(
    (element) => !element.closest('[data-entry-skip]') && element.tabIndex >= 0 && element.offsetParent !== null,
  );
}

/** Focuses the field after `from`; returns false when `from` is the last one. */
export function focusNextField(container: HTMLElement, from: Element): boolean {
  const fields = entryFields(container);
  const index = fields.findIndex((field) => field === from || field.contains(from));
  const next = fields[index + 1];
  if (index < 0 || !next) return false;
  next.focus();
  if (next instanceof HTMLInputElement) next.select();
  return true;
}

/**
 * Checks whether Enter on this element does its own work: a text area starts a new line and
 * a button presses. A switch is a button too, but there Enter moves on and Space toggles.
 */
export function enterBelongsToElement(target: HTMLElement): boolean {
  if (target.getAttribute('role') === 'switch') return false;
  return target instanceof HTMLTextAreaElement || target instanceof HTMLButtonElement;
}

/** Checks whether the element is a select or autocomplete with its option list open, where Enter picks an option. */
export function isOpenDropdown(target: HTMLElement): boolean {
  return target.getAttribute('aria-expanded') === 'true';
}
