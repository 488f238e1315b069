import { useEffect } from 'react';
import { useApiQuery, type QueryState } from '../../api/hooks.js';
import { PENDING_STATUSES, type Photo, type PhotoList } from './types.js';

/** Interval of the list's reloads while the server still processes a photo. */
export const POLL_INTERVAL_MS = 1500;

/** Returns whether any photo is still queued or being processed. */
export function anyPending(photos: readonly Photo[] | undefined): boolean {
  return (photos ?? []).some((photo) => PENDING_STATUSES.includes(photo.status));
}

/**
 * Reloads a query every POLL_INTERVAL_MS while `active` is true, and stops when it turns
 * false or the screen closes.
 */
export function usePolling(state: Pick<QueryState<unknown>, 'reload'>, active: boolean): void {
  const { reload } = state;
  useEffect(() => {
    if (!active) return;
    const timer = window.setInterval(reload, POLL_INTERVAL_MS);
    return () => window.clearInterval(timer);
  }, [active, reload]);
}

/** Loads the studio's most recent photos and reloads them while any of them is queued or processing. */
export function usePhotoList(status: string | undefined, keepPolling: boolean): QueryState<PhotoList> {
  const list = useApiQuery<PhotoList>('/api/photo-studio/photos', { status, limit: 100 });
  usePolling(list, keepPolling || anyPending(list.data?.photos));
  return list;
}
