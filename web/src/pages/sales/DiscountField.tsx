import { InputNumber, Select, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Discount } from './types.js';

type DiscountUnit = 'yen' | 'percent';

interface DiscountFieldProps {
  value: Discount | undefined;
  onChange: (value: Discount | undefined) => void;
  /** Accessible name of the amount box, e.g. 「R-001 の値引」. */
  label: string;
  placeholder?: string;
  disabled?: boolean;
  'data-testid'?: string;
}

function unitOf(value: Discount | undefined): DiscountUnit {
  return value && 'percent' in value ? 'percent' : 'yen';
}

/**
 * Renders a discount entry in yen or as a percentage. An empty or zero amount means no
 * discount. The server computes what the discount takes off, and this field only carries
 * what was typed.
 */
export function DiscountField({ value, onChange, label, placeholder, disabled, ...rest }: DiscountFieldProps) {
  const { t } = useTranslation();
  // The unit is kept while the amount is empty, so that choosing % before typing sticks.
  const [chosenUnit, setChosenUnit] = useState<DiscountUnit>(unitOf(value));
  const unit = value ? unitOf(value) : chosenUnit;
  let amount: number | null = null;
  if (value) amount = 'percent' in value ? value.percent : value.yen;

  const emit = (nextAmount: number | null, nextUnit: DiscountUnit) => {
    if (nextAmount === null || !(nextAmount > 0)) onChange(undefined);
    else onChange(nextUnit === 'percent' ? { percent: nextAmount } : { yen: nextAmount });
  };

  return (
    <Space.Compact style={{ width: '100%' }} data-testid={rest['data-testid']}>
      <InputNumber<number>
        aria-label={label}
        placeholder={placeholder}
        min={0}
        max={unit === 'percent' ? 100 : undefined}
        // Yen are whole; a percentage takes two decimals, which the server checks again.
        precision={unit === 'percent' ? undefined : 0}
        value={amount}
        disabled={disabled}
        onChange={(next) => emit(next, unit)}
        style={{ width: '100%' }}
        data-testid={rest['data-testid'] ? `${rest['data-testid']}-amount` : undefined}
      />
      <Select<DiscountUnit>
        aria-label={t('sales.discountUnit')}
        value={unit}
        disabled={disabled}
        style={{ width: 72 }}
        onChange={(nextUnit) => {
          setChosenUnit(nextUnit);
          emit(amount, nextUnit);
        }}
        options={[
          { value: 'yen', label: t('sales.unitYen') },
          { value: 'percent', label: '%' },
        ]}
        data-testid={rest['data-testid'] ? `${rest['data-testid']}-unit` : undefined}
      />
    </Space.Compact>
  );
}
