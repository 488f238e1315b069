import { useEffect, useState } from 'react';
import { api, ApiError } from '../../api/client.js';
import { useDebouncedValue } from '../../lib/useDebouncedValue.js';
import type { QuoteOutput, ReturnQuoteOutput, ReturnQuoteRequest, SaleRequest } from './types.js';

type QuoteRequest = Omit<SaleRequest, 'payments' | 'staff'>;

interface ServerFigures<T> {
  /** The server's figures; see keepPrevious for what is shown while new ones are computed. */
  quote: T | undefined;
  /** The server's error for the request as it is, such as a discount above the price. */
  error: ApiError | undefined;
  /** True while the figures on screen are not yet those of the request as it is. */
  pending: boolean;
}

/**
 * Posts `request` to `path` 250 ms after it stops changing and returns the server's answer.
 * A request for older input is aborted when the input changes again, and a null request
 * clears the figures. With `keepPrevious`, the last figures stay on screen while newer ones
 * are computed and after an error; otherwise only figures of the current request are shown.
 */
function useServerFigures<T>(path: string, request: unknown, keepPrevious: boolean): ServerFigures<T> {
  const key = request === null ? null : JSON.stringify(request);
  const settledKey = useDebouncedValue(key, 250);
  const [result, setResult] = useState<{ key: string; quote?: T; error?: ApiError }>();

  useEffect(() => {
    if (settledKey === null) {
      setResult(undefined);
      return;
    }
    const controller = new AbortController();
    api
      .post<T>(path, JSON.parse(settledKey) as unknown, { signal: controller.signal })
      .then((quote) => setResult({ key: settledKey, quote }))
      .catch((cause: unknown) => {
        if (controller.signal.aborted) return;
        const error = cause instanceof ApiError ? cause : new ApiError(0, 'unknown', String(cause), undefined, [], undefined);
        setResult((previous) => ({ key: settledKey, quote: keepPrevious ? previous?.quote : undefined, error }));
      });
    return () => controller.abort();
  }, [path, settledKey, keepPrevious]);

  if (key === null) return { quote: undefined, error: undefined, pending: false };
  const current = result?.key === key;
  return { quote: keepPrevious || current ? result?.quote : undefined, error: current ? result?.error : undefined, pending: !current };
}

/** The cart's figures from the server's tax engine; the last ones stay on screen while the cart changes. */
export function useQuote(request: QuoteRequest | null): ServerFigures<QuoteOutput> {
  return useServerFigures<QuoteOutput>('/api/sales/quote', request, true);
}

/**
 * What the selected lines of a sale give back, from the server's return quote, which runs
 * the rules that record the return. A null request (nothing selected) clears it.
 */
export function useReturnQuote(saleId: number, request: ReturnQuoteRequest | null): ServerFigures<ReturnQuoteOutput> {
  return useServerFigures<ReturnQuoteOutput>(`/api/sales/${saleId}/returns/quote`, request, false);
}
