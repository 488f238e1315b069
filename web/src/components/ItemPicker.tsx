import { BarcodeOutlined, SearchOutlined } from '@ant-design/icons';
import { Flex, Input, Select, type InputRef } from 'antd';
import { forwardRef, useImperativeHandle, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../api/client.js';
import { useApiQuery, useErrorReporter } from '../api/hooks.js';
import type { ItemBalance, ItemSearchResult, ItemSummary } from '../api/types.js';
import { formatYen } from '../lib/format.js';
import { useDebouncedValue } from '../lib/useDebouncedValue.js';

/** The fields of an item that the stock documents need. */
export type PickedItem = Pick<ItemSummary, 'id' | 'stockNumber' | 'name' | 'tracking' | 'unit' | 'cost' | 'retailPrice' | 'status'> & {
  balances: ItemBalance[];
};

export interface ItemPickerHandle {
  focusScan: () => void;
}

interface ItemPickerProps {
  /** Search only items with stock at this location. */
  locationId?: number | null;
  onPick: (item: PickedItem) => void;
  disabled?: boolean;
}

/**
 * Two ways to put an item on a slip: scan (or type) the stock number or JAN code on the
 * tag and press Enter, or search by name. Scanners type the code and press Enter, so the
 * scan box keeps the focus for the next tag.
 */
export const ItemPicker = forwardRef<ItemPickerHandle, ItemPickerProps>(function ItemPicker({ locationId, onPick, disabled }, ref) {
  const { t } = useTranslation();
  const reportError = useErrorReporter();
  const scanRef = useRef<InputRef>(null);
  const [code, setCode] = useState('');
  const [looking, setLooking] = useState(false);
  const [scanError, setScanError] = useState<string>();
  const [search, setSearch] = useState('');
  const q = useDebouncedValue(search.trim(), 250);
  const results = useApiQuery<ItemSearchResult>(q ? '/api/items' : null, { q, locationId, status: 'in_stock', pageSize: 20, sort: 'stockNumber', order: 'asc' });

  useImperativeHandle(ref, () => ({ focusScan: () => scanRef.current?.focus() }));

  const lookUp = async () => {
    const scanned = code.trim();
    if (!scanned) return;
    setLooking(true);
    setScanError(undefined);
    try {
      const item = await api.get<PickedItem>('/api/items/lookup', { code: scanned });
      onPick(item);
      setCode('');
    } catch (error) {
      // A tag that is not found is an everyday event at the counter, so it is shown beside
      // the box instead of in a notification.
      if (error instanceof ApiError && error.status < 500 && error.status !== 0) setScanError(error.message);
      else reportError(error);
    } finally {
      setLooking(false);
      scanRef.current?.focus();
    }
  };

  return (
    <Flex gap={8} wrap>
      <div style={{ flex: '1 1 260px' }}>
        <Input
          ref={scanRef}
          prefix={<BarcodeOutlined />}
          placeholder={t('picker.scanPlaceholder')}
          aria-label={t('picker.scanLabel')}
          value={code}
          disabled={disabled || looking}
          status={scanError ? 'error' : undefined}
          onChange={(event) => {
            setCode(event.target.value);
            setScanError(undefined);
          }}
          onPressEnter={(event) => {
            event.preventDefault();
            void lookUp();
          }}
          data-testid="scan-input"
          autoComplete="off"
        />
        {scanError && (
          <div role="alert" style={{ color: '#ff4d4f', fontSize: 12, marginTop: 4 }} data-testid="scan-error">
            {scanError}
          </div>
        )}
      </div>
      <Select<number>
        style={{ flex: '1 1 320px' }}
        disabled={disabled}
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
          if (item) onPick(item);
          setSearch('');
        }}
        data-testid="item-search"
      />
    </Flex>
  );
});
