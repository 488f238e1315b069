import { InputNumber } from 'antd';
import type { ItemUnit } from '../api/types.js';

/** How many base units make one display unit: grams hold 100 cg, carats 1000 mct. */
export const UNIT_SCALE: Record<ItemUnit, number> = { piece: 1, cm: 1, cg: 100, mct: 1000 };
const UNIT_SUFFIX: Record<ItemUnit, string> = { piece: '', cm: 'cm', cg: 'g', mct: 'ct' };

interface QuantityInputProps {
  unit: ItemUnit;
  /** In base units (pieces, cm, cg, mct), as the API takes it. */
  value?: number;
  onChange?: (value: number | undefined) => void;
  disabled?: boolean;
  /** NOTE: Ant Design clamps a larger typed value to this maximum on blur instead of rejecting it. */
  max?: number;
  'aria-label'?: string;
}

/**
 * A quantity typed in grams or carats for weighed goods and stored in base units. It does
 * not round to whole base units, so pair it with measureRule(t, QUANTITY[unit]) in a form.
 */
export function QuantityInput({ unit, value, onChange, disabled, max, ...rest }: QuantityInputProps) {
  const scale = UNIT_SCALE[unit];
  return (
    <InputNumber<number>
      {...rest}
      max={max === undefined ? undefined : max / scale}
      step={1 / scale}
      disabled={disabled}
      suffix={UNIT_SUFFIX[unit] || undefined}
      value={value === undefined ? undefined : value / scale}
      // Rounding to 6 decimals only removes binary float noise (0.29 × 100), so 0.125 g stays 12.5 cg and fails the check.
      onChange={(next) => onChange?.(next === null ? undefined : Math.round(next * scale * 1e6) / 1e6)}
      style={{ width: 130 }}
    />
  );
}
