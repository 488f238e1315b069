import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Col, Descriptions, Flex, Input, Row, Select, Typography } from 'antd';
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
        <Row key={row.key} gutter={[8, 4]} align="middle" style={{ marginBottom: 8 }} data-testid={`${testId}-row-${index}`}>
          <Col xs={24} sm={7}>
            <Select<PaymentMethod>
              aria-label={t('payments.methodOf', { row: index + 1 })}
              value={row.method}
              disabled={disabled}
              style={{ width: '100%' }}
              onChange={(method) => update(index, { method, tendered: method === 'cash' ? row.tendered : null })}
              options={PAYMENT_METHOD_ORDER.map((method) => ({ value: method, label: t(`payments.method.${method}`) }))}
            />
          </Col>
          <Col xs={16} sm={9}>
            <YenInput
              aria-label={t('payments.amountOf', { row: index + 1 })}
              placeholder={t('payments.amount')}
              value={row.amount}
              disabled={disabled}
              onChange={(amount) => update(index, { amount: amount ?? null })}
              data-testid={`${testId}-amount-${index}`}
            />
          </Col>
          <Col xs={8} sm={8}>
            <Flex gap={4}>
              <Button
                disabled={disabled || remaining === undefined || restFor(row) <= 0}
                onClick={() => update(index, { amount: restFor(row) })}
                data-testid={`${testId}-rest-${index}`}
              >
                {t('payments.payRest')}
              </Button>
              <Button
                icon={<DeleteOutlined />}
                aria-label={t('payments.removeRow', { row: index + 1 })}
                disabled={disabled}
                onClick={() => onChange(rows.filter((_, i) => i !== index))}
              />
            </Flex>
          </Col>
          {mode === 'sale' && row.method === 'cash' ? (
            <>
              <Col xs={16} sm={{ span: 9, offset: 7 }}>
                <YenInput
                  aria-label={t('payments.tenderedOf', { row: index + 1 })}
                  placeholder={t('payments.tendered')}
                  value={row.tendered}
                  disabled={disabled}
                  onChange={(tendered) => update(index, { tendered: tendered ?? null })}
                  data-testid={`${testId}-tendered-${index}`}
                />
              </Col>
              <Col xs={8} sm={8}>
                <Typography.Text data-testid={`${testId}-change-${index}`}>{t('payments.changeShort', { amount: formatYen(changeOf(row)) })}</Typography.Text>
              </Col>
            </>
          ) : (
            row.method !== 'cash' && (
              <Col xs={24} sm={{ span: 17, offset: 7 }}>
                <Input
                  aria-label={t('payments.referenceOf', { row: index + 1 })}
                  placeholder={t('payments.reference')}
                  maxLength={100}
                  value={row.reference}
                  disabled={disabled}
                  onChange={(event) => update(index, { reference: event.target.value })}
                />
              </Col>
            )
          )}
        </Row>
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
