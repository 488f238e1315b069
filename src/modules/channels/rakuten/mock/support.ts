// Shared helpers of the Rakuten RMS mock: clock formatting, byte lengths and error bodies.

/** One entry of the Items/Inventory error body. */
export interface RmsError {
  code: string;
  message: string;
  metadata?: { propertyPath: string };
}

/** One entry of the order API's MessageModelList. */
export interface RmsMessage {
  messageType: 'INFO' | 'WARNING' | 'ERROR';
  messageCode: string;
  message: string;
  [extra: string]: unknown;
}

export class ErrorList {
  readonly errors: RmsError[] = [];
  add(code: string, message: string, propertyPath?: string): void {
    this.errors.push(propertyPath === undefined ? { code, message } : { code, message, metadata: { propertyPath } });
  }
  get empty(): boolean {
    return this.errors.length === 0;
  }
}

export const byteLength = (s: string): number => Buffer.byteLength(s, 'utf8');

/** `a-z A-Z 0-9 - _`. */
export const IDENTIFIER = /^[A-Za-z0-9_-]+$/;

const JST_OFFSET_MS = 9 * 60 * 60 * 1000;

function jstParts(d: Date): string {
  // Shift to JST wall-clock time, then read it through the UTC getters.
  return new Date(d.getTime() + JST_OFFSET_MS).toISOString().slice(0, 19);
}

/** Item/inventory timestamps: ISO 8601 with `+09:00`. */
export const jstIso = (d: Date): string => `${jstParts(d)}+09:00`;
/** Order timestamps: `+0900` without a colon (as in the published samples). */
export const jstOrder = (d: Date): string => `${jstParts(d)}+0900`;
/** `YYYYMMDD` in JST, as used inside order numbers. */
export const jstCompactDate = (d: Date): string => jstParts(d).slice(0, 10).replaceAll('-', '');

/** searchOrder datetimes: `YYYY-MM-DDThh:mm:ss+0900`. Returns null when malformed. */
export function parseOrderDatetime(value: unknown): Date | null {
  if (typeof value !== 'string' || value.length > 25) return null;
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})([+-])(\d{2})(\d{2})$/.exec(value);
  if (!m) return null;
  const d = new Date(`${m[1]}${m[2]}${m[3]}:${m[4]}`);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** Accepts both `+0900` and `+09:00` when reading stored order datetimes [conflict]. */
export function parseAnyDatetime(value: unknown): Date | null {
  if (typeof value !== 'string') return null;
  const fixed = value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  const d = new Date(fixed);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** `YYYY-MM-DD` that names a real calendar day. */
export function isCalendarDate(value: unknown): boolean {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

export const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);
