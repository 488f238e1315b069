import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ReductionRow } from './cart.js';
import { DiscountField } from './DiscountField.js';
import { REDUCTION_KIND_ORDER } from './types.js';

let rowCounter = 0;

/**
 * Edits the discounts, coupons and points on the whole sale, each as yen or a percentage.
 * The server spreads them over the tax rates, and the totals show the result.
 */
export function ReductionsEditor({ rows, onChange, disabled }: { rows: ReductionRow[]; onChange: (rows: ReductionRow[]) => void; disabled?: boolean }) {
  const { t } = useTranslation();
  return (
    <div data-testid="sale-reductions">
      {rows.map((row, index) => (
        <Flex key={row.key} gap={6} align="center" style={{ marginBottom: 6 }}>
          <Typography.Text style={{ width: 88, flex: 'none' }}>{t(`sales.reductionKind.${row.kind}`)}</Typography.Text>
          <div style={{ flex: 1 }}>
            <DiscountField
              label={t('sales.reductionOf', { kind: t(`sales.reductionKind.${row.kind}`) })}
              value={row.discount}
              disabled={disabled}
              onChange={(discount) => onChange(rows.map((other, i) => (i === index ? { ...other, discount } : other)))}
              data-testid={`sale-reduction-${index}`}
            />
          </div>
          <Button icon={<DeleteOutlined />} aria-label={t('sales.removeReduction', { kind: t(`sales.reductionKind.${row.kind}`) })} disabled={disabled} onClick={() => onChange(rows.filter((_, i) => i !== index))} />
        </Flex>
      ))}
      <Flex gap={6} wrap>
        {REDUCTION_KIND_ORDER.map((kind) => (
          <Button
            key={kind}
            size="small"
            icon={<PlusOutlined />}
            disabled={disabled || rows.length >= 10}
            onClick={() => {
              rowCounter += 1;
              onChange([...rows, { key: `reduction-${rowCounter}`, kind, discount: undefined }]);
            }}
            data-testid={`sale-reduction-add-${kind}`}
          >
            {t(`sales.reductionKind.${kind}`)}
          </Button>
        ))}
      </Flex>
    </div>
  );
}
