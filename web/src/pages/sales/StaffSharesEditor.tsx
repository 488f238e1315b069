import { DeleteOutlined, UserAddOutlined } from '@ant-design/icons';
import { Button, Flex, InputNumber, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { StaffMember } from './types.js';

export interface StaffShareRow {
  userId: number | null;
  sharePercent: number | null;
}

export type StaffProblem = 'staffMissing' | 'staffTwice' | 'sharesNot100';

/** Checks the shares: each row names a different person, and the whole percentages add up to 100. */
export function staffProblem(rows: StaffShareRow[]): StaffProblem | undefined {
  if (rows.some((row) => row.userId === null)) return 'staffMissing';
  if (new Set(rows.map((row) => row.userId)).size !== rows.length) return 'staffTwice';
  const sum = rows.reduce((total, row) => total + (row.sharePercent ?? 0), 0);
  if (sum !== 100 || rows.some((row) => !Number.isInteger(row.sharePercent) || (row.sharePercent ?? 0) < 1)) return 'sharesNot100';
  return undefined;
}

/** Splits 100 % evenly over `count` people in whole percent, and gives the remainder to the first. */
function evenShares(count: number): number[] {
  const base = Math.floor(100 / count);
  return Array.from({ length: count }, (_, index) => (index === 0 ? 100 - base * (count - 1) : base));
}

interface StaffSharesEditorProps {
  rows: StaffShareRow[];
  onChange: (rows: StaffShareRow[]) => void;
  staff: StaffMember[];
  disabled?: boolean;
}

/**
 * Edits the staff members credited with the sale and their shares. Adding a person splits
 * the sale evenly again. The clerk may then change the percentages, which must add up to 100.
 */
export function StaffSharesEditor({ rows, onChange, staff, disabled }: StaffSharesEditorProps) {
  const { t } = useTranslation();
  const problem = staffProblem(rows);
  const update = (index: number, patch: Partial<StaffShareRow>) => onChange(rows.map((row, i) => (i === index ? { ...row, ...patch } : row)));
  const resplit = (next: StaffShareRow[]) => {
    const shares = evenShares(next.length);
    onChange(next.map((row, index) => ({ ...row, sharePercent: shares[index] ?? null })));
  };

  return (
    <div data-testid="sale-staff">
      {rows.map((row, index) => (
        <Flex key={index} gap={6} style={{ marginBottom: 6 }}>
          <Select<number>
            aria-label={t('sales.staffOf', { row: index + 1 })}
            style={{ flex: 1, minWidth: 0 }}
            value={row.userId}
            disabled={disabled}
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('sales.chooseStaff')}
            onChange={(userId) => update(index, { userId })}
            options={staff.map((member) => ({ value: member.id, label: member.displayName }))}
          />
          {rows.length > 1 && (
            <>
              <InputNumber<number>
                aria-label={t('sales.shareOf', { row: index + 1 })}
                min={1}
                max={100}
                precision={0}
                suffix="%"
                value={row.sharePercent}
                disabled={disabled}
                style={{ width: 96 }}
                onChange={(sharePercent) => update(index, { sharePercent })}
              />
              <Button icon={<DeleteOutlined />} aria-label={t('sales.removeStaff', { row: index + 1 })} disabled={disabled} onClick={() => resplit(rows.filter((_, i) => i !== index))} />
            </>
          )}
        </Flex>
      ))}
      <Button size="small" icon={<UserAddOutlined />} disabled={disabled || rows.length >= 10} onClick={() => resplit([...rows, { userId: null, sharePercent: null }])} data-testid="sale-staff-add">
        {t('sales.addStaff')}
      </Button>
      {problem && (
        <Typography.Paragraph type="danger" style={{ margin: '4px 0 0' }} data-testid="sale-staff-problem">
          {t(`sales.${problem}`)}
        </Typography.Paragraph>
      )}
    </div>
  );
}
