import { InputNumber, type InputNumberProps } from 'antd';

const grouped = new Intl.NumberFormat('ja-JP', { maximumFractionDigits: 0 });

/** Renders a whole-yen input with thousands separators. Full-width digits are accepted too. */
export function YenInput(props: Omit<InputNumberProps<number>, 'formatter' | 'parser' | 'precision'>) {
  return (
    <InputNumber<number>
      min={0}
      prefix="¥"
      style={{ width: '100%' }}
      {...props}
      precision={0}
      formatter={(value) => (value === undefined || value === null || String(value) === '' ? '' : grouped.format(Number(value)))}
      parser={(text) => {
        const digits = (text ?? '').normalize('NFKC').replace(/[^\d]/g, '');
        return digits === '' ? (null as unknown as number) : Number(digits);
      }}
    />
  );
}
