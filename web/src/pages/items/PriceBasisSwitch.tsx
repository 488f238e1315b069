import { Segmented } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ItemAttributes } from '../../api/types.js';

export type PriceBasis = NonNullable<ItemAttributes['priceBasis']>;

interface PriceBasisSwitchProps {
  /** Undefined shows 税込, the basis the server gives a new item that is sent without one. */
  value?: PriceBasis;
  onChange?: (value: PriceBasis) => void;
}

/** Renders the 税込/税抜 switch for a retail price input, as a Form.Item control. */
export function PriceBasisSwitch({ value, onChange }: PriceBasisSwitchProps) {
  const { t } = useTranslation();
  return (
    <Segmented<PriceBasis>
      aria-label={t('items.priceBasis')}
      value={value ?? 'included'}
      onChange={(next) => onChange?.(next)}
      options={[
        { value: 'included', label: t('items.priceIncluded') },
        { value: 'excluded', label: t('items.priceExcluded') },
      ]}
      data-testid="item-price-basis-switch"
    />
  );
}

/** Returns the translation key that labels a retail price on its basis: 上代（税込） or 上代（税抜）. */
export function retailPriceLabelKey(basis: PriceBasis | undefined): string {
  return basis === 'excluded' ? 'items.retailPriceExcluded' : 'items.retailPrice';
}
