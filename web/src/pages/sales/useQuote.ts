import { useEffect, useState } from 'react';
import { api, ApiError } from '../../api/client.js';
import { useDebouncedValue } from '../../lib/useDebouncedValue.js';
import type { QuoteOutput, SaleRequest } from './types.js';

type QuoteRequest = Omit<SaleRequest, 'payments' | 'staff'>;

interface QuoteState {
  /** The last quote the server returned, kept on screen while the next one is computed. */
  quote: QuoteOutput | undefined;
  /** The server's error for the cart as it is, such as a discount above the price. */
  error: ApiError | undefined;
  /** True while the figures on screen are not yet those of the cart as it is. */
  pending: boolean;
}

/**
 * Asks the server's tax engine for the cart's figures 250 ms after the cart stops changing.
 * A quote for an older cart is aborted when the cart changes again. A null request (empty
 * cart) clears the figures.
 */
export function useQuote(request: QuoteRequest | null): QuoteState {
  const key = request === null ? null : JSON.stringify(request);
  const settledKey = useDebouncedValue(key, 250);
  const [result, setResult] = useState<{ key: string; quote?: QuoteOutput; error?: ApiError }>();

  useEffect(() => {
    if (settledKey === null) {
      setResult(undefined);
      return;
    }
    const controller = new AbortController();
    api
      .post<QuoteOutput>('/api/sales/quote', JSON.parse(settledKey) as unknown, { signal: controller.signal })
      .then((quote) => setResult({ key: settledKey, quote }))
      .catch((cause: unknown) => {
        if (controller.signal.aborted) return;
        const error = cause instanceof ApiError ? cause : new ApiError(0, 'unknown', String(cause), undefined, [], undefined);
        setResult((previous) => ({ key: settledKey, quote: previous?.quote, error }));
      });
    return () => controller.abort();
  }, [settledKey]);

  if (key === null) return { quote: undefined, error: undefined, pending: false };
  const current = result?.key === key;
  return { quote: result?.quote, error: current ? result.error : undefined, pending: !current };
}
