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
  max?: number;
  'aria-label'?: string;
}

/** A quantity typed in grams or carats for weighed goods and stored in base units. */
export function QuantityInput({ unit, value, onChange, disabled, max, ...rest }: QuantityInputProps) {
  const scale = UNIT_SCALE[unit];
  const digits = Math.log10(scale);
  return (
    <InputNumber<number>
      {...rest}
      min={1 / scale}
      max={max === undefined ? undefined : max / scale}
      step={1 / scale}
      precision={digits}
      disabled={disabled}
      suffix={UNIT_SUFFIX[unit] || undefined}
      value={value === undefined ? undefined : value / scale}
      onChange={(next) => onChange?.(next === null ? undefined : Math.round(next * scale))}
      style={{ width: 130 }}
    />
  );
}
