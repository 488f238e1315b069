import { SearchOutlined, UserAddOutlined } from '@ant-design/icons';
import { Button, Select, Space } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiQuery } from '../../api/hooks.js';
import { useDebouncedValue } from '../../lib/useDebouncedValue.js';
import { CustomerFormModal } from './CustomerFormModal.js';
import { customerKana, customerName } from './customerName.js';
import type { CustomerFormValues, CustomerList } from './types.js';

/** The customer a document is made out to, as the picker reports it. */
export interface PickedCustomer {
  id: number;
  /** "山田 花子". */
  name: string;
}

export interface CustomerPickerProps {
  value?: PickedCustomer | null;
  onChange(customer: PickedCustomer | null): void;
  disabled?: boolean;
  style?: React.CSSProperties;
}

/** Most matches offered while typing; a longer query narrows them. */
const MATCH_LIMIT = 20;

/** Guesses which field a search typed at the counter was: digits are a phone number, kana a reading. */
function initialValuesFrom(search: string): Partial<CustomerFormValues> {
  const text = search.trim();
  if (text === '') return {};
  if (/^[\d\s\-‐−ー()+０-９－]+$/.test(text)) return { phone: text };
  if (/^[\u3041-\u3096\u30A1-\u30FA\u30FC\uFF66-\uFF9F\s]+$/.test(text)) return { familyNameKana: text };
  return { familyName: text };
}

/**
 * Picks a customer for a document, such as a counter sale: type a name, reading or phone
 * number to search, or create a customer in a small dialog without leaving the screen.
 * Needs 'customers.personal_data', like every customer route.
 */
export function CustomerPicker({ value, onChange, disabled, style }: CustomerPickerProps) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [creating, setCreating] = useState(false);
  // The select clears its search text when it loses focus, which clicking the create
  // button does, so the last text typed is kept to start the new record with.
  const lastTyped = useRef('');
  const q = useDebouncedValue(search.trim(), 250);
  const results = useApiQuery<CustomerList>(q ? '/api/customers' : null, { q, pageSize: MATCH_LIMIT });
  const customers = q ? (results.data?.customers ?? []) : [];

  return (
    <Space.Compact style={{ width: '100%', ...style }}>
      <Select<{ value: number; label: string }>
        labelInValue
        allowClear
        disabled={disabled}
        style={{ flex: 1, minWidth: 0 }}
        value={value ? { value: value.id, label: value.name } : null}
        suffixIcon={<SearchOutlined />}
        placeholder={t('customers.pickerPlaceholder')}
        aria-label={t('customers.pickerLabel')}
        showSearch={{
          filterOption: false,
          searchValue: search,
          onSearch: (text) => {
            setSearch(text);
            if (text.trim() !== '') lastTyped.current = text;
          },
        }}
        loading={results.loading}
        notFoundContent={q ? t('customers.pickerNoMatch') : t('customers.pickerTypeToSearch')}
        options={customers.map((customer) => {
          const kana = customerKana(customer);
          const details = [kana, customer.phone, customer.code].filter(Boolean).join('  ');
          return { value: customer.id, label: customerName(customer, t), title: details, details };
        })}
        optionRender={(option) => (
          <div>
            <div>{option.label}</div>
            <div style={{ fontSize: 12, opacity: 0.65 }}>{(option.data as { details: string }).details}</div>
          </div>
        )}
        onChange={(selected) => {
          setSearch('');
          lastTyped.current = '';
          onChange(selected ? { id: selected.value, name: selected.label } : null);
        }}
        data-testid="customer-picker"
      />
      <Button icon={<UserAddOutlined />} disabled={disabled} onClick={() => setCreating(true)} data-testid="customer-picker-create">
        {t('customers.pickerCreate')}
      </Button>
      {creating && (
        <CustomerFormModal
          compact
          initialValues={initialValuesFrom(lastTyped.current)}
          onClose={() => setCreating(false)}
          onSaved={(saved) => {
            setCreating(false);
            setSearch('');
            lastTyped.current = '';
            onChange({ id: saved.id, name: saved.name });
          }}
        />
      )}
    </Space.Compact>
  );
}
