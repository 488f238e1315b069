import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Descriptions, Flex, Input, Select, Typography } from 'antd';
import type { CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import { YenInput } from '../../components/YenInput.js';
import { formatYen } from '../../lib/format.js';
import { changeOf, newPaymentRow, paidTotal, paymentProblem, type PaymentProblem, type PaymentRow } from './payments.js';
import { PAYMENT_METHOD_ORDER, type PaymentMethod } from './types.js';

interface PaymentsEditorProps {
  rows: PaymentRow[];
  onChange: (rows: PaymentRow[]) => void;
  /** Total the rows must add up to; undefined while the server has not computed it. */
  total: number | undefined;
  /** 'sale' takes cash handed over and shows change; 'refund' pays money back. */
  mode: 'sale' | 'refund';
  disabled?: boolean;
  testId: string;
}

/**
 * One payment row: method, amount, "pay the rest" and remove, with the cash handed over or
 * the reference under the amount. The method column grows to 160 px, which fits the longest
 * method names (クレジットカード, Electronic money) in full. On narrow screens it shrinks first.
 */
const ROW_GRID: CSSProperties = {
  display: 'grid',
  gridTemplateColumns: 'minmax(112px, 160px) minmax(96px, 1fr) auto auto',
  gap: '4px 6px',
  alignItems: 'center',
  marginBottom: 8,
};

/** Returns a function that words a payment problem in the screen language. */
export function usePaymentProblemText() {
  const { t } = useTranslation();
  return (problem: PaymentProblem, mode: 'sale' | 'refund'): string => {
    switch (problem.code) {
      case 'none':
        return t(mode === 'sale' ? 'payments.addOne' : 'payments.addRefund');
      case 'amountMissing':
        return t('payments.amountMissing', { row: problem.row });
      case 'tenderedShort':
        return t('payments.tenderedShort', { row: problem.row });
      case 'remaining':
        return t('payments.remainingHint', { amount: formatYen(problem.amount) });
      case 'over':
        return t(mode === 'sale' ? 'payments.overHint' : 'payments.refundOverHint', { amount: formatYen(problem.amount) });
    }
  };
}

/**
 * Payment rows (several methods may share one sale) with the amount still to pay. A button
 * per method adds a row for the rest in one click, and each row can take the rest too.
 * Cash rows of a sale take the amount handed over and show the change.
 */
export function PaymentsEditor({ rows, onChange, total, mode, disabled, testId }: PaymentsEditorProps) {
  const { t } = useTranslation();
  const problemText = usePaymentProblemText();
  const paid = paidTotal(rows);
  const remaining = total === undefined ? undefined : total - paid;
  const change = rows.reduce((sum, row) => sum + changeOf(row), 0);
  const problem = total === undefined ? undefined : paymentProblem(rows, total);

  const update = (index: number, patch: Partial<PaymentRow>) => onChange(rows.map((row, i) => (i === index ? { ...row, ...patch } : row)));
  const add = (method: PaymentMethod) => onChange([...rows, newPaymentRow(method, remaining !== undefined && remaining > 0 ? remaining : null)]);
  const restFor = (row: PaymentRow) => (remaining ?? 0) + (row.amount ?? 0);

  return (
    <div data-testid={testId}>
      <Flex gap={6} wrap style={{ marginBottom: 8 }}>
        {PAYMENT_METHOD_ORDER.map((method) => (
          <Button key={method} size="small" icon={<PlusOutlined />} disabled={disabled} onClick={() => add(method)} data-testid={`${testId}-add-${method}`}>
            {t(`payments.method.${method}`)}
          </Button>
        ))}
      </Flex>

      {rows.map((row, index) => (
        <div key={row.key} style={ROW_GRID} data-testid={`${testId}-row-${index}`}>
          <Select<PaymentMethod>
            aria-label={t('payments.methodOf', { row: index + 1 })}
            value={row.method}
            disabled={disabled}
            style={{ width: '100%' }}
            popupMatchSelectWidth={false}
            onChange={(method) => update(index, { method, tendered: method === 'cash' ? row.tendered : null })}
            options={PAYMENT_METHOD_ORDER.map((method) => ({ value: method, label: t(`payments.method.${method}`) }))}
            data-testid={`${testId}-method-${index}`}
          />
          <YenInput
            aria-label={t('payments.amountOf', { row: index + 1 })}
            placeholder={t('payments.amount')}
            value={row.amount}
            disabled={disabled}
            onChange={(amount) => update(index, { amount: amount ?? null })}
            data-testid={`${testId}-amount-${index}`}
          />
          <Button disabled={disabled || remaining === undefined || restFor(row) <= 0} onClick={() => update(index, { amount: restFor(row) })} data-testid={`${testId}-rest-${index}`}>
            {t('payments.payRest')}
          </Button>
          <Button icon={<DeleteOutlined />} aria-label={t('payments.removeRow', { row: index + 1 })} disabled={disabled} onClick={() => onChange(rows.filter((_, i) => i !== index))} />
          {mode === 'sale' && row.method === 'cash' && (
            <>
              <div style={{ gridColumn: '2' }}>
                <YenInput
                  aria-label={t('payments.tenderedOf', { row: index + 1 })}
                  placeholder={t('payments.tendered')}
                  value={row.tendered}
                  disabled={disabled}
                  onChange={(tendered) => update(index, { tendered: tendered ?? null })}
                  data-testid={`${testId}-tendered-${index}`}
                />
              </div>
              <Typography.Text style={{ gridColumn: '3 / span 2' }} data-testid={`${testId}-change-${index}`}>
                {t('payments.changeShort', { amount: formatYen(changeOf(row)) })}
              </Typography.Text>
            </>
          )}
          {row.method !== 'cash' && (
            <Input
              aria-label={t('payments.referenceOf', { row: index + 1 })}
              placeholder={t('payments.reference')}
              maxLength={100}
              value={row.reference}
              disabled={disabled}
              onChange={(event) => update(index, { reference: event.target.value })}
              style={{ gridColumn: '2 / span 3' }}
            />
          )}
        </div>
      ))}

      <Descriptions size="small" column={mode === 'sale' ? 3 : 2} style={{ marginTop: 4 }}>
        <Descriptions.Item label={t(mode === 'sale' ? 'payments.paid' : 'payments.refunded')}>
          <span data-testid={`${testId}-paid`}>{formatYen(paid)}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('payments.remaining')}>
          <Typography.Text strong type={remaining !== undefined && remaining !== 0 ? 'danger' : undefined} data-testid={`${testId}-remaining`}>
            {remaining === undefined ? '—' : formatYen(remaining)}
          </Typography.Text>
        </Descriptions.Item>
        {mode === 'sale' && (
          <Descriptions.Item label={t('payments.change')}>
            <Typography.Text strong data-testid={`${testId}-change`}>
              {formatYen(change)}
            </Typography.Text>
          </Descriptions.Item>
        )}
      </Descriptions>
      {problem && rows.length > 0 && <Alert type="warning" showIcon title={problemText(problem, mode)} style={{ marginTop: 4 }} data-testid={`${testId}-problem`} />}
    </div>
  );
}
