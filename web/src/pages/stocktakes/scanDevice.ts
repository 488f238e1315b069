// State that a browser tab keeps as one scanning device of a count: its device id, the
// sequence numbers it gives scans, and the scans not yet recorded by the server. The API
// records a (deviceId, clientSequence) pair once, so a scan resent with the same pair after a
// network failure is never counted twice. Everything lives in sessionStorage, which belongs to
// one tab and survives a reload of it.

/** The part of the Web Storage interface used here, so tests can pass a Map-backed fake. */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

const DEVICE_KEY = 'tsunagu.stocktake.deviceId';
const SEQUENCE_KEY = 'tsunagu.stocktake.lastSequence';

/** Maximum length of a code, as the API's scan schema allows. */
export const MAX_CODE_LENGTH = 100;

/** Largest quantity one scan may carry, as the API's scan schema allows. */
export const MAX_SCAN_QUANTITY = 1_000_000;

/** A scan as the API takes it. */
export interface PendingScan {
  deviceId: string;
  clientSequence: number;
  code: string;
  quantity: number;
}

function pendingKey(stocktakeId: number): string {
  return `tsunagu.stocktake.${stocktakeId}.pending`;
}

/** Creates a short random device id such as "web-3f9a2c81d04e". */
export function newDeviceId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(6));
  return `web-${Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('')}`;
}

/** Returns the tab's device id, creating and storing one on first use. */
export function deviceIdOf(storage: KeyValueStorage, createId: () => string = newDeviceId): string {
  const stored = storage.getItem(DEVICE_KEY);
  if (stored) return stored;
  const created = createId();
  storage.setItem(DEVICE_KEY, created);
  return created;
}

/** Replaces the tab's device id, for a tab that found its id in use by another tab. */
export function replaceDeviceId(storage: KeyValueStorage, createId: () => string = newDeviceId): string {
  const created = createId();
  storage.setItem(DEVICE_KEY, created);
  return created;
}

/**
 * Reserves the next sequence number of this device and stores it before the scan is sent,
 * so a reload continues above every number already given out.
 */
export function nextSequence(storage: KeyValueStorage): number {
  const last = Number(storage.getItem(SEQUENCE_KEY));
  const next = Number.isSafeInteger(last) && last > 0 ? last + 1 : 1;
  storage.setItem(SEQUENCE_KEY, String(next));
  return next;
}

function isPendingScan(value: unknown): value is PendingScan {
  if (value === null || typeof value !== 'object') return false;
  const scan = value as Record<string, unknown>;
  return typeof scan.deviceId === 'string' && typeof scan.clientSequence === 'number' && typeof scan.code === 'string' && typeof scan.quantity === 'number';
}

/** Returns the scans of a count that this tab has not had recorded yet; unreadable entries are dropped. */
export function loadPending(storage: KeyValueStorage, stocktakeId: number): PendingScan[] {
  const text = storage.getItem(pendingKey(stocktakeId));
  if (!text) return [];
  try {
    const parsed: unknown = JSON.parse(text);
    return Array.isArray(parsed) ? parsed.filter(isPendingScan) : [];
  } catch {
    return [];
  }
}

export function savePending(storage: KeyValueStorage, stocktakeId: number, scans: readonly PendingScan[]): void {
  storage.setItem(pendingKey(stocktakeId), JSON.stringify(scans));
}

/**
 * Creates the filter for camera reads. A camera reads a tag in view many times a second, so a
 * code passes only when it was not read in the last `windowMs` milliseconds. Every read
 * restarts the window, so a tag held in view is sent once, and again only after it has been
 * out of view for `windowMs`.
 */
export function createReadFilter(windowMs: number): (code: string, now: number) => boolean {
  const lastRead = new Map<string, number>();
  return (code, now) => {
    const previous = lastRead.get(code);
    lastRead.set(code, now);
    return previous === undefined || now - previous >= windowMs;
  };
}

/** Milliseconds to wait before resending after `failures` failed attempts in a row: 2 s doubling up to 30 s. */
export function retryDelay(failures: number): number {
  return Math.min(30_000, 2_000 * 2 ** Math.max(0, failures - 1));
}
