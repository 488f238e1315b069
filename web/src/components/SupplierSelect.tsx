import { Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiQuery } from '../api/hooks.js';
import type { Supplier } from '../api/types.js';
import { useDebouncedValue } from '../lib/useDebouncedValue.js';

interface SupplierSelectProps {
  value?: number | null;
  onChange?: (value: number | null, supplier: Supplier | undefined) => void;
  id?: string;
  allowClear?: boolean;
  style?: React.CSSProperties;
  autoFocus?: boolean;
  'data-testid'?: string;
}

/** Active suppliers, searched on the server by code, name or kana as the user types. */
export function SupplierSelect({ onChange, allowClear, ...rest }: SupplierSelectProps) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const q = useDebouncedValue(search.trim(), 250);
  const { data, loading } = useApiQuery<{ suppliers: Supplier[] }>('/api/suppliers', { q });
  const suppliers = data?.suppliers ?? [];

  return (
    <Select<number>
      {...rest}
      showSearch={{ filterOption: false, onSearch: setSearch }}
      allowClear={allowClear}
      loading={loading}
      placeholder={t('common.chooseSupplier')}
      onChange={(value) => onChange?.(value ?? null, suppliers.find((s) => s.id === value))}
      options={suppliers.map((s) => ({ value: s.id, label: `${s.code} ${s.name}` }))}
      notFoundContent={t('common.noSuppliers')}
    />
  );
}
