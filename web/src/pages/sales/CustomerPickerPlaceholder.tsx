import { Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiQuery } from '../../api/hooks.js';
import { useDebouncedValue } from '../../lib/useDebouncedValue.js';
import type { CustomerChoice } from './types.js';

interface CustomerRow {
  id: number;
  name?: string;
  familyName?: string;
  givenName?: string | null;
}

// TODO: stand-in until web/src/pages/customers/CustomerPicker.tsx exists. It takes the
// same props, so the sales screen switches by changing one import.
export function CustomerPicker({ value, onChange }: { value?: CustomerChoice | null; onChange(c: CustomerChoice | null): void }) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const q = useDebouncedValue(search.trim(), 250);
  const results = useApiQuery<{ customers: CustomerRow[] }>(q ? '/api/customers' : null, { q, pageSize: 20 });
  const nameOf = (row: CustomerRow) => row.name ?? [row.familyName, row.givenName].filter(Boolean).join(' ');
  const options = (results.data?.customers ?? []).map((row) => ({ value: row.id, label: nameOf(row) }));
  if (value && !options.some((option) => option.value === value.id)) options.unshift({ value: value.id, label: value.name });

  return (
    <Select<number>
      style={{ width: '100%' }}
      allowClear
      value={value?.id ?? null}
      placeholder={t('sales.customerSearch')}
      showSearch={{ filterOption: false, onSearch: setSearch, searchValue: search }}
      loading={results.loading}
      options={options}
      onChange={(id) => {
        const option = options.find((candidate) => candidate.value === id);
        onChange(option ? { id: option.value, name: option.label } : null);
      }}
    />
  );
}
