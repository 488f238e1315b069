import { Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { useScopedLocations, type LocationPickScope } from '../data/ReferenceData.js';

interface LocationSelectProps {
  value?: number | null;
  onChange?: (value: number | null) => void;
  id?: string;
  /** A location that cannot be chosen, e.g. the source of a transfer. */
  excludeId?: number | null;
  allowClear?: boolean;
  /** Set of locations to offer (see LocationPickScope). The default is those whose stock the user may see. */
  scope?: LocationPickScope;
  placeholder?: string;
  style?: React.CSSProperties;
  'data-testid'?: string;
}

/** Active stock-holding locations the user may pick, searchable by code or name. */
export function LocationSelect({ excludeId, allowClear, placeholder, onChange, scope = 'see', ...rest }: LocationSelectProps) {
  const { t } = useTranslation();
  const locations = useScopedLocations(scope);
  return (
    <Select<number>
      {...rest}
      showSearch={{ optionFilterProp: 'label' }}
      allowClear={allowClear}
      placeholder={placeholder ?? t('common.chooseLocation')}
      onChange={(value) => onChange?.(value ?? null)}
      options={locations
        .filter((l) => l.id !== excludeId)
        .map((l) => ({ value: l.id, label: `${l.code} ${l.name}` }))}
      notFoundContent={t('common.noLocations')}
    />
  );
}
