import { InputNumber, type InputNumberProps } from 'antd';
import { parseYenText } from '../lib/measures.js';

// Up to 10 fraction digits are shown, so that a mistyped "1.5" stays on screen for the
// whole-yen check to reject instead of being rounded to 2.
const grouped = new Intl.NumberFormat('ja-JP', { maximumFractionDigits: 10 });

/**
 * Renders a yen input with thousands separators. Full-width digits are accepted too. It
 * neither clamps nor rounds, so pair it with measureRule(t, YEN) on the Form.Item.
 */
export function YenInput(props: Omit<InputNumberProps<number>, 'formatter' | 'parser' | 'precision'>) {
  return (
    <InputNumber<number>
      prefix="¥"
      style={{ width: '100%' }}
      {...props}
      formatter={(value) => (value === undefined || value === null || String(value) === '' ? '' : grouped.format(Number(value)))}
      parser={(text) => parseYenText(text) as number}
    />
  );
}
