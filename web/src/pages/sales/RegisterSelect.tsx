import { Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { registerLabel } from './registers.js';
import type { RegisterOutput } from './types.js';

interface RegisterSelectProps {
  registers: RegisterOutput[];
  value?: number | null;
  onChange?: (value: number | null) => void;
  allowClear?: boolean;
  loading?: boolean;
  style?: React.CSSProperties;
  'data-testid'?: string;
}

/** Registers grouped by location, searchable by location or register name. */
export function RegisterSelect({ registers, onChange, ...rest }: RegisterSelectProps) {
  const { t } = useTranslation();
  return (
    <Select<number>
      {...rest}
      aria-label={t('registers.register')}
      placeholder={t('registers.choose')}
      showSearch={{ optionFilterProp: 'label' }}
      onChange={(value) => onChange?.(value ?? null)}
      notFoundContent={t('registers.none')}
      options={registers.map((register) => ({ value: register.id, label: registerLabel(register) }))}
    />
  );
}
