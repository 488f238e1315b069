import { DatePicker } from 'antd';
import dayjs from 'dayjs';

interface DateFieldProps {
  value?: string | null;
  onChange?: (value: string | null) => void;
  id?: string;
  placeholder?: string;
  allowClear?: boolean;
  style?: React.CSSProperties;
  'data-testid'?: string;
}

/** A date picker whose form value is a business date string "YYYY-MM-DD", as the API takes it. */
export function DateField({ value, onChange, allowClear = true, ...rest }: DateFieldProps) {
  return (
    <DatePicker
      {...rest}
      allowClear={allowClear}
      format="YYYY-MM-DD"
      value={value ? dayjs(value, 'YYYY-MM-DD') : null}
      onChange={(date) => onChange?.(date ? date.format('YYYY-MM-DD') : null)}
    />
  );
}
