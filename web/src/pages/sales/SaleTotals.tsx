import { Descriptions, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatYen } from '../../lib/format.js';
import type { QuoteOutput } from './types.js';

type TotalsFigures = Pick<QuoteOutput, 'subtotal' | 'reductionTotal' | 'total' | 'taxTotal' | 'taxRates' | 'priceBasis' | 'taxRounding'>;

/**
 * Shows the totals of a cart or a sale as the server's tax engine computed them: subtotal,
 * reductions, total, and for each tax rate the tax-included total and the tax in it, as a
 * qualified invoice lists them. Nothing here is computed in the browser.
 */
export function SaleTotals({ figures, testId = 'sale-totals' }: { figures: TotalsFigures; testId?: string }) {
  const { t } = useTranslation();
  return (
    <div data-testid={testId}>
      <Descriptions size="small" column={1} styles={{ content: { justifyContent: 'flex-end' } }}>
        <Descriptions.Item label={t('sales.subtotal')}>
          <span data-testid={`${testId}-subtotal`}>{formatYen(figures.subtotal)}</span>
        </Descriptions.Item>
        {figures.reductionTotal > 0 && (
          <Descriptions.Item label={t('sales.reductionTotal')}>
            <span data-testid={`${testId}-reductions`}>{formatYen(-figures.reductionTotal)}</span>
          </Descriptions.Item>
        )}
        <Descriptions.Item label={<Typography.Text strong>{t('sales.total')}</Typography.Text>}>
          <Typography.Text strong style={{ fontSize: 20 }} data-testid={`${testId}-total`}>
            {formatYen(figures.total)}
          </Typography.Text>
        </Descriptions.Item>
        {figures.taxRates.map((rate) => (
          <Descriptions.Item key={rate.ratePercent} label={t('sales.rateTarget', { rate: rate.ratePercent })}>
            <span data-testid={`${testId}-rate-${rate.ratePercent}`}>
              {t('sales.rateLine', { total: formatYen(rate.total), tax: formatYen(rate.tax) })}
            </span>
          </Descriptions.Item>
        ))}
        <Descriptions.Item label={t('sales.taxTotal')}>
          <span data-testid={`${testId}-tax`}>{formatYen(figures.taxTotal)}</span>
        </Descriptions.Item>
      </Descriptions>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t(figures.priceBasis === 'excluded' ? 'sales.taxNoteExcluded' : 'sales.taxNoteIncluded', { rounding: t(`rounding.${figures.taxRounding}`) })}
      </Typography.Text>
    </div>
  );
}
