import { Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { useScopedLocations } from '../../data/ReferenceData.js';

interface StockroomSelectProps {
  value?: number | null;
  onChange?: (value: number | null) => void;
  id?: string;
  'data-testid'?: string;
}

/**
 * Offers the active stores and warehouses where the user may act. Consigned pieces are taken
 * in, given back and sent out only there: the API rejects a partner or exhibition location,
 * because the pieces at one are already away from the shop.
 */
export function StockroomSelect({ onChange, ...rest }: StockroomSelectProps) {
  const { t } = useTranslation();
  const locations = useScopedLocations('act').filter((location) => location.kind === 'store' || location.kind === 'warehouse');
  return (
    <Select<number>
      {...rest}
      showSearch={{ optionFilterProp: 'label' }}
      placeholder={t('common.chooseLocation')}
      onChange={(value) => onChange?.(value ?? null)}
      options={locations.map((location) => ({ value: location.id, label: `${location.code} ${location.name}` }))}
      notFoundContent={t('common.noLocations')}
    />
  );
}
