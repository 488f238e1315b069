import { Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { useApiQuery } from '../../api/hooks.js';
import type { Consignee } from './types.js';

interface ConsigneeSelectProps {
  value?: number | null;
  onChange?: (value: number | null) => void;
  allowClear?: boolean;
  placeholder?: string;
  style?: React.CSSProperties;
  'data-testid'?: string;
}

/** Active consignees, searchable by code or name. */
export function ConsigneeSelect({ onChange, placeholder, ...rest }: ConsigneeSelectProps) {
  const { t } = useTranslation();
  const { data, loading } = useApiQuery<{ consignees: Consignee[] }>('/api/consignment-out/consignees');
  return (
    <Select<number>
      {...rest}
      loading={loading}
      showSearch={{ optionFilterProp: 'label' }}
      placeholder={placeholder ?? t('consignmentOut.consignees.choose')}
      onChange={(value) => onChange?.(value ?? null)}
      options={(data?.consignees ?? []).map((consignee) => ({ value: consignee.id, label: `${consignee.code} ${consignee.name}` }))}
    />
  );
}
