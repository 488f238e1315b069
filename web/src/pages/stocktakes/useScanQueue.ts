import { useCallback, useEffect, useRef, useState } from 'react';
import { api, ApiError } from '../../api/client.js';
import {
  deviceIdOf,
  loadPending,
  nextSequence,
  replaceDeviceId,
  retryDelay,
  savePending,
  type PendingScan,
} from './scanDevice.js';
import type { ScanResult } from './types.js';

/** Scans per request; the API accepts up to 500. */
const BATCH_SIZE = 100;

/** Scans kept in the on-screen list; older ones drop off the end. */
const LIST_LENGTH = 200;

const DEVICE_CHANNEL = 'tsunagu-stocktake-devices';

export type ScanState = 'sending' | 'waiting' | 'recorded' | 'rejected';

/** One scan in the running list, newest first. */
export interface ScanEntry extends PendingScan {
  state: ScanState;
  result?: ScanResult;
  /** The server's message for a rejected scan. */
  error?: string;
}

interface ScanQueue {
  deviceId: string;
  entries: ScanEntry[];
  /** Scans waiting to be resent after a failed attempt. */
  waiting: number;
  /** Adds a scan to the queue and sends it. */
  scan: (code: string, quantity: number) => void;
  /** Resends the waiting scans now instead of at the next retry. */
  resendNow: () => void;
}

/**
 * Gives a tab's device id a check against a duplicated tab, which starts with a copy of the
 * original's sessionStorage and so with the same id and sequence. A tab announces its id on a
 * BroadcastChannel, and a tab already using that id replies, so the newcomer takes a new id.
 */
function useDeviceId(): string {
  const [deviceId, setDeviceId] = useState(() => deviceIdOf(window.sessionStorage));

  useEffect(() => {
    if (typeof BroadcastChannel === 'undefined') return;
    const channel = new BroadcastChannel(DEVICE_CHANNEL);
    let current = deviceId;
    channel.onmessage = (event: MessageEvent<{ type: string; deviceId: string }>) => {
      if (event.data.deviceId !== current) return;
      if (event.data.type === 'hello') channel.postMessage({ type: 'taken', deviceId: current });
      if (event.data.type === 'taken') {
        current = replaceDeviceId(window.sessionStorage);
        setDeviceId(current);
      }
    };
    channel.postMessage({ type: 'hello', deviceId: current });
    return () => channel.close();
    // Runs once per tab: a replaced id needs no new announcement, as it is random.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  return deviceId;
}

function sameScan(a: Pick<PendingScan, 'deviceId' | 'clientSequence'>, b: Pick<PendingScan, 'deviceId' | 'clientSequence'>): boolean {
  return a.deviceId === b.deviceId && a.clientSequence === b.clientSequence;
}

/** Returns true for a failure worth retrying: the server was unreachable or returned a 5xx status. */
function isTransient(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 0 || error.status >= 500);
}

/**
 * Sends the scans of one count in order, in batches. A scan is stored in sessionStorage before
 * it is sent and removed once the server has recorded it. Scans that fail to send for lack of
 * a connection or a server error are resent with the same (deviceId, clientSequence), after a
 * growing delay, when the browser comes back online, or on the next visit of the page. A scan
 * the server rejects (4xx) is shown with its message and not resent.
 */
export function useScanQueue(stocktakeId: number, onRecorded: () => void, onRejected: (error: unknown) => void): ScanQueue {
  const deviceId = useDeviceId();
  const [entries, setEntries] = useState<ScanEntry[]>(() =>
    loadPending(window.sessionStorage, stocktakeId).reverse().map((scan) => ({ ...scan, state: 'waiting' as const })),
  );
  const queue = useRef<PendingScan[]>(loadPending(window.sessionStorage, stocktakeId));
  const sending = useRef(false);
  const failures = useRef(0);
  const retryTimer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const mounted = useRef(true);
  const callbacks = useRef({ onRecorded, onRejected });
  callbacks.current = { onRecorded, onRejected };

  const update = useCallback((batch: readonly PendingScan[], change: (entry: ScanEntry) => ScanEntry) => {
    setEntries((list) => list.map((entry) => (batch.some((scan) => sameScan(scan, entry)) ? change(entry) : entry)));
  }, []);

  const dequeue = useCallback(
    (batch: readonly PendingScan[]) => {
      queue.current = queue.current.filter((scan) => !batch.some((sent) => sameScan(sent, scan)));
      savePending(window.sessionStorage, stocktakeId, queue.current);
    },
    [stocktakeId],
  );

  const flush = useCallback(async () => {
    if (sending.current) return;
    sending.current = true;
    clearTimeout(retryTimer.current);
    try {
      while (queue.current.length > 0 && mounted.current) {
        const batch = queue.current.slice(0, BATCH_SIZE);
        update(batch, (entry) => ({ ...entry, state: 'sending' }));
        try {
          const { results } = await api.post<{ results: ScanResult[] }>(`/api/stocktakes/${stocktakeId}/scans`, { scans: batch });
          failures.current = 0;
          dequeue(batch);
          setEntries((list) =>
            list.map((entry) => {
              const result = results.find((candidate) => sameScan(candidate, entry));
              return result ? { ...entry, state: 'recorded', result } : entry;
            }),
          );
          callbacks.current.onRecorded();
        } catch (error) {
          if (isTransient(error)) {
            failures.current += 1;
            // Scans added while this request ran wait for the same retry.
            update(queue.current, (entry) => ({ ...entry, state: 'waiting' }));
            retryTimer.current = setTimeout(() => void flush(), retryDelay(failures.current));
            return;
          }
          // The whole batch failed, e.g. because the count was posted meanwhile, so none of it is resent.
          dequeue(batch);
          const message = error instanceof Error ? error.message : String(error);
          update(batch, (entry) => ({ ...entry, state: 'rejected', error: message }));
          callbacks.current.onRejected(error);
        }
      }
    } finally {
      sending.current = false;
    }
  }, [dequeue, stocktakeId, update]);

  const scan = useCallback(
    (code: string, quantity: number) => {
      const pending: PendingScan = { deviceId, clientSequence: nextSequence(window.sessionStorage), code, quantity };
      queue.current = [...queue.current, pending];
      savePending(window.sessionStorage, stocktakeId, queue.current);
      setEntries((list) => [{ ...pending, state: 'sending' as const }, ...list].slice(0, LIST_LENGTH));
      void flush();
    },
    [deviceId, flush, stocktakeId],
  );

  const resendNow = useCallback(() => {
    failures.current = 0;
    void flush();
  }, [flush]);

  // Scans left from an earlier visit go out at once; a returning connection resends at once.
  useEffect(() => {
    mounted.current = true;
    void flush();
    const online = () => resendNow();
    window.addEventListener('online', online);
    return () => {
      mounted.current = false;
      window.removeEventListener('online', online);
      clearTimeout(retryTimer.current);
    };
  }, [flush, resendNow]);

  const waiting = entries.filter((entry) => entry.state === 'waiting').length;
  return { deviceId, entries, waiting, scan, resendNow };
}
