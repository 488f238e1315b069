// The device's own copy of what the counter needs while the network is down: the catalogue
// of the register's location, the queue of sales not sent yet, and the last sync results.
// Everything is in localStorage, so it survives a reload or a closed tab on the same browser.
import type { z } from 'zod';
import type { catalogueOutput, offlineSaleOutput } from '../../../../../src/modules/offline-sales/schemas.js';
import type { SaleRequest } from '../types.js';

export type OfflineCatalogue = z.infer<typeof catalogueOutput>;
export type OfflineCatalogueItem = OfflineCatalogue['items'][number];
export type OfflineSaleResult = z.infer<typeof offlineSaleOutput> & { duplicate: boolean };

/** A sale completed offline, waiting on this device until the server has it. */
export interface QueuedSale {
  clientRef: string;
  registerId: number;
  /** Device time of the sale, ISO UTC. */
  soldAt: string;
  sale: SaleRequest;
  /** Stock numbers and total for the queue list, in yen. */
  stockNumbers: string[];
  total: number;
  /** 'rejected' when the server refused the request itself; it is not sent again by itself. */
  status: 'pending' | 'rejected';
  error?: string;
}

const QUEUE_KEY = 'tsunagu.offline.queue';
const RESULTS_KEY = 'tsunagu.offline.results';
const MAX_RESULTS = 20;
const catalogueKey = (registerId: number) => `tsunagu.offline.catalogue.${registerId}`;

function read<T>(key: string, fallback: T): T {
  try {
    const text = window.localStorage.getItem(key);
    return text === null ? fallback : (JSON.parse(text) as T);
  } catch {
    return fallback;
  }
}

function write(key: string, value: unknown): void {
  window.localStorage.setItem(key, JSON.stringify(value));
}

export function loadCatalogue(registerId: number): OfflineCatalogue | undefined {
  return read<OfflineCatalogue | undefined>(catalogueKey(registerId), undefined);
}

/** Subtracts sold quantities per item from a catalogue, dropping what has none left. */
function withoutSold(catalogue: OfflineCatalogue, lines: ReadonlyArray<{ itemId: number; quantity?: number }>): OfflineCatalogue {
  const sold = new Map<number, number>();
  for (const line of lines) sold.set(line.itemId, (sold.get(line.itemId) ?? 0) + (line.quantity ?? 1));
  const items = catalogue.items.map((item) => ({ ...item, available: item.available - (sold.get(item.itemId) ?? 0) })).filter((item) => item.available > 0);
  return { ...catalogue, items };
}

/**
 * Stores a fresh catalogue less what this device's queue sold, because the server does not
 * know about those sales yet.
 */
export function saveCatalogue(catalogue: OfflineCatalogue): void {
  write(catalogueKey(catalogue.registerId), withoutSold(catalogue, loadQueue().flatMap((entry) => entry.sale.lines)));
}

/** Takes sold quantities out of the stored catalogue, so this device cannot sell a piece twice. */
export function removeSold(registerId: number, lines: ReadonlyArray<{ itemId: number; quantity?: number }>): void {
  const catalogue = loadCatalogue(registerId);
  if (catalogue) write(catalogueKey(registerId), withoutSold(catalogue, lines));
}

/**
 * Finds a scanned code in the catalogue: the stock number first, then a JAN code, folded as
 * the server folds it (full-width digits, the hyphens a Japanese IME types).
 */
export function findInCatalogue(catalogue: OfflineCatalogue, code: string): OfflineCatalogueItem | undefined {
  const normalized = code.normalize('NFKC').trim().replace(/[ー‐‑–—―−]/g, '-');
  return catalogue.items.find((item) => item.stockNumber === normalized) ?? catalogue.items.find((item) => item.janCode === normalized);
}

export function loadQueue(): QueuedSale[] {
  return read<QueuedSale[]>(QUEUE_KEY, []);
}

export function saveQueue(queue: readonly QueuedSale[]): void {
  write(QUEUE_KEY, queue);
}

export function loadResults(): OfflineSaleResult[] {
  return read<OfflineSaleResult[]>(RESULTS_KEY, []);
}

/** Keeps the newest sync results first, at most MAX_RESULTS of them. */
export function addResults(results: readonly OfflineSaleResult[]): OfflineSaleResult[] {
  const kept = [...results, ...loadResults().filter((old) => !results.some((result) => result.clientRef === old.clientRef))].slice(0, MAX_RESULTS);
  write(RESULTS_KEY, kept);
  return kept;
}

/**
 * Creates the client reference of an offline sale, a random UUID. It uses getRandomValues
 * because crypto.randomUUID is missing on plain-http LAN addresses.
 */
export function newClientRef(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  // RFC 4122 version 4: the version nibble is 4 and the variant bits are 10.
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function clearResults(): void {
  window.localStorage.removeItem(RESULTS_KEY);
}
