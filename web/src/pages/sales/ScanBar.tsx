import { BarcodeOutlined, SearchOutlined } from '@ant-design/icons';
import { Flex, Input, Select, type InputRef } from 'antd';
import { forwardRef, useImperativeHandle, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api/client.js';
import { useApiQuery, useErrorReporter } from '../../api/hooks.js';
import type { ItemSearchResult } from '../../api/types.js';
import { formatYen } from '../../lib/format.js';
import { useDebouncedValue } from '../../lib/useDebouncedValue.js';
import type { ScanOutput } from './types.js';

export interface ScanBarHandle {
  focus: () => void;
}

interface ScanBarProps {
  registerId: number | undefined;
  /** Location of the register; the search offers only items in stock there. */
  locationId: number | undefined;
  /** Puts the piece in the cart, or returns why it cannot go there. */
  onScanned: (item: ScanOutput) => string | undefined;
  /** Looks a code up; by default the server's scan route. The offline mode passes its own. */
  lookUpItem?: (code: string, registerId: number) => Promise<ScanOutput>;
  disabled?: boolean;
}

/**
 * Renders the scan box and the item search of the sales screen. A USB scanner types the tag's code
 * and Enter. The box empties at once and stays enabled, so that a second tag scanned while
 * the first is looked up is not lost. Lookups run one after another in scan order.
 */
export const ScanBar = forwardRef<ScanBarHandle, ScanBarProps>(function ScanBar({ registerId, locationId, onScanned, lookUpItem, disabled }, ref) {
  const { t } = useTranslation();
  const reportError = useErrorReporter();
  const inputRef = useRef<InputRef>(null);
  const queue = useRef<Promise<void>>(Promise.resolve());
  // A queued lookup finishes after later renders, so it calls the newest handler, which reads the newest cart.
  const onScannedRef = useRef(onScanned);
  onScannedRef.current = onScanned;
  const lookUpRef = useRef(lookUpItem);
  lookUpRef.current = lookUpItem;
  const [code, setCode] = useState('');
  const [pending, setPending] = useState(0);
  const [scanError, setScanError] = useState<string>();
  const [search, setSearch] = useState('');
  const q = useDebouncedValue(search.trim(), 250);
  const results = useApiQuery<ItemSearchResult>(q && locationId ? '/api/items' : null, { q, locationId, status: 'in_stock', pageSize: 20, sort: 'stockNumber', order: 'asc' });

  useImperativeHandle(ref, () => ({ focus: () => inputRef.current?.focus() }));

  const lookUp = (scanned: string) => {
    if (!registerId) {
      setScanError(t('registers.chooseFirst'));
      return;
    }
    setPending((count) => count + 1);
    queue.current = queue.current.then(async () => {
      try {
        const item = lookUpRef.current ? await lookUpRef.current(scanned, registerId) : await api.get<ScanOutput>('/api/sales/scan', { code: scanned, registerId });
        setScanError(onScannedRef.current(item));
      } catch (error) {
        // An unknown tag is an everyday event at the counter, so it shows beside the box
        // instead of in a notification. The server's message names the code.
        if (error instanceof ApiError && error.status >= 400 && error.status < 500) setScanError(error.message);
        else reportError(error);
      } finally {
        setPending((count) => count - 1);
        inputRef.current?.focus();
      }
    });
  };

  return (
    // Aligned to the top: a scan error under the scan box must not stretch the search box.
    <Flex gap={8} wrap align="flex-start">
      <div style={{ flex: '1 1 280px' }}>
        <Input
          ref={inputRef}
          size="large"
          autoFocus
          prefix={<BarcodeOutlined />}
          placeholder={t('picker.scanPlaceholder')}
          aria-label={t('picker.scanLabel')}
          value={code}
          disabled={disabled}
          status={scanError ? 'error' : undefined}
          onChange={(event) => setCode(event.target.value)}
          onPressEnter={(event) => {
            event.preventDefault();
            const scanned = code.trim();
            setCode('');
            if (scanned) lookUp(scanned);
          }}
          suffix={pending > 0 ? <span style={{ fontSize: 12, opacity: 0.6 }}>{t('sales.lookingUp')}</span> : undefined}
          autoComplete="off"
          data-testid="scan-input"
        />
        {scanError && (
          <div role="alert" style={{ color: '#ff4d4f', marginTop: 4 }} data-testid="scan-error">
            {scanError}
          </div>
        )}
      </div>
      <Select<number>
        size="large"
        style={{ flex: '1 1 280px' }}
        disabled={disabled || !locationId}
        value={null}
        suffixIcon={<SearchOutlined />}
        placeholder={t('picker.searchPlaceholder')}
        aria-label={t('picker.searchLabel')}
        showSearch={{ filterOption: false, onSearch: setSearch, searchValue: search }}
        loading={results.loading}
        notFoundContent={q ? t('picker.noMatch') : t('picker.typeToSearch')}
        options={(results.data?.items ?? []).map((item) => ({
          value: item.id,
          label: `${item.stockNumber}  ${item.name}  ${formatYen(item.retailPrice)}`,
        }))}
        onChange={(id) => {
          const item = results.data?.items.find((candidate) => candidate.id === id);
          setSearch('');
          if (item) lookUp(item.stockNumber);
        }}
        data-testid="item-search"
      />
    </Flex>
  );
});
