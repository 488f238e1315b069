import { useEffect, useState } from 'react';
import { api, ApiError } from '../../api/client.js';
import { useDebouncedValue } from '../../lib/useDebouncedValue.js';
import type { ReturnQuoteOutput, ReturnQuoteRequest, SaleLineOutput } from './types.js';

/** The clerk's choice for one returnable line of the original sale. */
export interface ReturnChoice {
  selected: boolean;
  quantity: number;
  destination: 'stock' | 'write_off';
  /** Location the piece goes back to; null until one is chosen. */
  locationId: number | null;
}

/** Lines that can still come back, each with its first choice: not selected, all of it, back to stock. */
export function initialChoices(lines: SaleLineOutput[], locationId: number | null): Map<number, ReturnChoice> {
  return new Map(
    lines
      .filter((line) => line.returnableQuantity > 0)
      .map((line) => [line.id, { selected: false, quantity: line.returnableQuantity, destination: 'stock', locationId }]),
  );
}

/**
 * What the selected lines give back, from the server's return quote: the same rules that
 * record the return, so the figure shown is the figure refunded. Asked 250 ms after the
 * selection stops changing; a null request (nothing selected) clears it.
 */
export function useReturnQuote(saleId: number, request: ReturnQuoteRequest | null): { quote: ReturnQuoteOutput | undefined; error: ApiError | undefined; pending: boolean } {
  const key = request === null ? null : JSON.stringify(request);
  const settledKey = useDebouncedValue(key, 250);
  const [result, setResult] = useState<{ key: string; quote?: ReturnQuoteOutput; error?: ApiError }>();

  useEffect(() => {
    if (settledKey === null) {
      setResult(undefined);
      return;
    }
    const controller = new AbortController();
    api
      .post<ReturnQuoteOutput>(`/api/sales/${saleId}/returns/quote`, JSON.parse(settledKey) as unknown, { signal: controller.signal })
      .then((quote) => setResult({ key: settledKey, quote }))
      .catch((cause: unknown) => {
        if (controller.signal.aborted) return;
        const error = cause instanceof ApiError ? cause : new ApiError(0, 'unknown', String(cause), undefined, [], undefined);
        setResult({ key: settledKey, error });
      });
    return () => controller.abort();
  }, [saleId, settledKey]);

  if (key === null) return { quote: undefined, error: undefined, pending: false };
  const current = result?.key === key;
  return { quote: current ? result.quote : undefined, error: current ? result.error : undefined, pending: !current };
}
