import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../../api/client.js';
import type { ScanOutput } from '../types.js';
import {
  addResults,
  clearResults as clearStoredResults,
  findInCatalogue,
  loadCatalogue,
  loadQueue,
  loadResults,
  removeSold,
  saveCatalogue,
  saveQueue,
  type OfflineCatalogue,
  type OfflineSaleResult,
  type QueuedSale,
} from './storage.js';

/** Seconds between attempts to reach the server while offline or while sales wait to be sent. */
const RETRY_SECONDS = 15;

export interface OfflineMode {
  /** True when the browser reports no network or the last request could not reach the server. */
  offline: boolean;
  catalogue: OfflineCatalogue | undefined;
  queue: QueuedSale[];
  /** The newest sync results first. */
  results: OfflineSaleResult[];
  syncing: boolean;
  /** Called when a request failed for lack of network, to switch to offline mode at once. */
  reportNetworkError: () => void;
  /** Looks a scanned code up in the stored catalogue, throwing an ApiError the scan box shows. */
  lookUp: (code: string) => ScanOutput;
  /** Puts a sale completed offline in the queue and takes its pieces out of the catalogue. */
  enqueue: (entry: QueuedSale) => void;
  /** Drops a rejected sale from the queue after a person has dealt with it. */
  discard: (clientRef: string) => void;
  clearResults: () => void;
  syncNow: () => Promise<void>;
}

function isNetworkError(error: unknown): boolean {
  return error instanceof ApiError && error.status === 0;
}

/**
 * Keeps the counter selling when the network drops. While online, it refreshes the
 * register's catalogue on the device. While offline, scans use that catalogue and completed
 * sales wait in a queue. When the network is back ('online' event, or a retry every
 * RETRY_SECONDS seconds), the queue is sent to the server one sale per request, so a sale
 * the server rejects does not hold back the others.
 */
export function useOfflineMode(registerId: number | undefined): OfflineMode {
  const { t } = useTranslation();
  const [browserOnline, setBrowserOnline] = useState(() => navigator.onLine);
  const [networkDown, setNetworkDown] = useState(false);
  const [catalogue, setCatalogue] = useState<OfflineCatalogue | undefined>();
  const [queue, setQueue] = useState<QueuedSale[]>(loadQueue);
  const [results, setResults] = useState<OfflineSaleResult[]>(loadResults);
  const [syncing, setSyncing] = useState(false);
  const syncingRef = useRef(false);
  const offline = !browserOnline || networkDown;

  const refreshCatalogue = useCallback(async (): Promise<boolean> => {
    if (registerId === undefined) return false;
    try {
      const fresh = await api.get<OfflineCatalogue>('/api/offline-sales/catalogue', { registerId });
      saveCatalogue(fresh);
      setCatalogue(loadCatalogue(registerId));
      setNetworkDown(false);
      return true;
    } catch (error) {
      if (isNetworkError(error)) setNetworkDown(true);
      return false;
    }
  }, [registerId]);

  const syncNow = useCallback(async () => {
    if (syncingRef.current) return;
    const pending = loadQueue().filter((entry) => entry.status === 'pending');
    if (pending.length === 0) return;
    syncingRef.current = true;
    setSyncing(true);

    try {
      for (const entry of pending) {
        try {
          const { results: sent } = await api.post<{ results: OfflineSaleResult[] }>('/api/offline-sales', {
            sales: [{ clientRef: entry.clientRef, registerId: entry.registerId, soldAt: entry.soldAt, sale: entry.sale }],
          });
          saveQueue(loadQueue().filter((queued) => queued.clientRef !== entry.clientRef));
          setResults(addResults(sent));
          setNetworkDown(false);
        } catch (error) {
          if (isNetworkError(error)) {
            setNetworkDown(true);
            break;
          }
          // The server rejected the request itself (a device clock far off, a register
          // removed). Sending it again changes nothing, so it waits for a person.
          if (error instanceof ApiError && error.status >= 400 && error.status < 500 && error.status !== 401) {
            const message = [error.message, ...error.fields.map((field) => field.message)].join(' ');
            saveQueue(loadQueue().map((queued) => (queued.clientRef === entry.clientRef ? { ...queued, status: 'rejected', error: message } : queued)));
            continue;
          }
          // A server failure or an ended session: try again on the next round.
          break;
        }
      }
    } finally {
      setQueue(loadQueue());
      syncingRef.current = false;
      setSyncing(false);
    }
  }, []);

  // The stored catalogue is used at once, then replaced by the server's fresh one.
  useEffect(() => {
    setCatalogue(registerId === undefined ? undefined : loadCatalogue(registerId));
    void refreshCatalogue();
  }, [registerId, refreshCatalogue]);

  useEffect(() => {
    const goOnline = () => {
      setBrowserOnline(true);
      void refreshCatalogue().then((reached) => (reached ? syncNow() : undefined));
    };
    const goOffline = () => setBrowserOnline(false);
    window.addEventListener('online', goOnline);
    window.addEventListener('offline', goOffline);
    return () => {
      window.removeEventListener('online', goOnline);
      window.removeEventListener('offline', goOffline);
    };
  }, [refreshCatalogue, syncNow]);

  // The 'online' event is not enough: a network can be up while the server is unreachable.
  useEffect(() => {
    const timer = window.setInterval(() => {
      if (!navigator.onLine) return;
      if (!networkDown && loadQueue().every((entry) => entry.status !== 'pending')) return;
      void refreshCatalogue().then((reached) => (reached ? syncNow() : undefined));
    }, RETRY_SECONDS * 1000);
    return () => window.clearInterval(timer);
  }, [networkDown, refreshCatalogue, syncNow]);

  // Sales left in the queue by an earlier visit are sent as soon as the screen is open and online.
  useEffect(() => {
    if (navigator.onLine) void syncNow();
  }, [syncNow]);

  const lookUp = useCallback(
    (code: string): ScanOutput => {
      if (!catalogue) throw new ApiError(409, 'offline_no_catalogue', t('offline.noCatalogue'), undefined, [], undefined);
      const item = findInCatalogue(catalogue, code);
      if (!item) throw new ApiError(404, 'offline_item_not_found', t('offline.notInCatalogue', { code: code.trim() }), undefined, [], undefined);
      return {
        itemId: item.itemId,
        stockNumber: item.stockNumber,
        name: item.name,
        tracking: item.tracking,
        unit: item.unit,
        retailPrice: item.retailPrice,
        priceBasis: item.priceBasis,
        taxRatePercent: item.taxRatePercent,
        status: 'in_stock',
        available: item.available,
      };
    },
    [catalogue, t],
  );

  const enqueue = useCallback((entry: QueuedSale) => {
    saveQueue([...loadQueue(), entry]);
    removeSold(entry.registerId, entry.sale.lines);
    setQueue(loadQueue());
    setCatalogue(loadCatalogue(entry.registerId));
  }, []);

  const discard = useCallback((clientRef: string) => {
    saveQueue(loadQueue().filter((entry) => entry.clientRef !== clientRef));
    setQueue(loadQueue());
  }, []);

  const clearResults = useCallback(() => {
    clearStoredResults();
    setResults([]);
  }, []);

  const reportNetworkError = useCallback(() => setNetworkDown(true), []);

  return { offline, catalogue, queue, results, syncing, reportNetworkError, lookUp, enqueue, discard, clearResults, syncNow };
}
