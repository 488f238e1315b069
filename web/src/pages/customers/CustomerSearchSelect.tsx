import { SearchOutlined } from '@ant-design/icons';
import { Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiQuery } from '../../api/hooks.js';
import { useDebouncedValue } from '../../lib/useDebouncedValue.js';
import { customerKana, customerName } from './customerName.js';
import type { CustomerList, CustomerSummary } from './types.js';

interface CustomerSearchSelectProps {
  value?: number | null;
  onChange?: (id: number | null, customer: CustomerSummary | undefined) => void;
  /** A record that cannot be chosen, such as the merge target itself. */
  excludeId?: number;
  id?: string;
  'data-testid'?: string;
}

/** Active customers searched on the server as the user types, for a form field holding a customer id. */
export function CustomerSearchSelect({ value, onChange, excludeId, ...rest }: CustomerSearchSelectProps) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const q = useDebouncedValue(search.trim(), 250);
  const { data, loading } = useApiQuery<CustomerList>(q ? '/api/customers' : null, { q, pageSize: 20 });
  const [chosen, setChosen] = useState<CustomerSummary>();
  const matches = (q ? (data?.customers ?? []) : []).filter((customer) => customer.id !== excludeId);
  // The chosen record stays an option after the search changes, so its label stays visible.
  const options = chosen && !matches.some((customer) => customer.id === chosen.id) ? [chosen, ...matches] : matches;

  return (
    <Select<number>
      {...rest}
      value={value ?? null}
      allowClear
      suffixIcon={<SearchOutlined />}
      placeholder={t('customers.pickerPlaceholder')}
      showSearch={{ filterOption: false, onSearch: setSearch, searchValue: search }}
      loading={loading}
      notFoundContent={q ? t('customers.pickerNoMatch') : t('customers.pickerTypeToSearch')}
      options={options.map((customer) => ({
        value: customer.id,
        label: [customer.code, customerName(customer, t), customerKana(customer), customer.phone].filter(Boolean).join('  '),
      }))}
      onChange={(id) => {
        const customer = options.find((candidate) => candidate.id === id);
        setChosen(customer);
        onChange?.(id ?? null, customer);
      }}
    />
  );
}
