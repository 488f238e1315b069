import { SwapOutlined } from '@ant-design/icons';
import { Alert, Button, Checkbox, Col, Descriptions, Divider, Input, InputNumber, Modal, Row, Select, Space, Table, Typography, type TableColumnsType, type ButtonProps } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, newIdempotencyKey } from '../../api/client.js';
import { LocationSelect } from '../../components/LocationSelect.js';
import { formatYen } from '../../lib/format.js';
import { newPaymentRow, paymentProblem, toPaymentInputs, type PaymentRow } from './payments.js';
import { PaymentsEditor, usePaymentProblemText } from './PaymentsEditor.js';
import { rememberedRegisterId, useSellingRegisters } from './registers.js';
import { RegisterSelect } from './RegisterSelect.js';
import { initialChoices, type ReturnChoice } from './returns.js';
import { useReturnQuote } from './useQuote.js';
import type { ReturnRequest, SaleLineOutput, SaleOutput } from './types.js';

interface ReturnDialogProps {
  sale: SaleOutput;
  open: boolean;
  onClose: () => void;
  /** Called with the return document; `exchange` is true when a new sale follows. */
  onReturned: (returned: SaleOutput, exchange: boolean) => void;
}

/**
 * Records a return (返品) against a sale: the lines and quantities that come back, where
 * each goes (back to stock at a location, or written off when damaged), the reason, and
 * how the money goes back. An exchange is this return followed by a new sale.
 */
export function ReturnDialog({ sale, open, onClose, onReturned }: ReturnDialogProps) {
  const { t } = useTranslation();
  const problemText = usePaymentProblemText();
  const registers = useSellingRegisters();
  const returnable = useMemo(() => sale.lines.filter((line) => line.returnableQuantity > 0), [sale.lines]);
  const [choices, setChoices] = useState(() => initialChoices(sale.lines, sale.locationId));
  const [registerId, setRegisterId] = useState<number | null>(null);
  const [reason, setReason] = useState('');
  const [note, setNote] = useState('');
  const refundMethod = sale.payments[0]?.method ?? 'cash';
  const [refunds, setRefunds] = useState<PaymentRow[]>([]);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string>();
  const idempotencyKey = useRef<string | undefined>(undefined);
  const selectedCount = [...choices.values()].filter((choice) => choice.selected).length;
  const selectedLines = returnable.flatMap((line) => {
    const choice = choices.get(line.id);
    return choice?.selected ? [{ line, choice }] : [];
  });
  const returned = useReturnQuote(
    sale.id,
    selectedLines.length === 0 || registerId === null
      ? null
      : { registerId, lines: selectedLines.map(({ line, choice }) => ({ originalLineId: line.id, quantity: choice.quantity })) },
  );
  const refundTotal = returned.quote?.total ?? 0;

  // The register defaults to the one this browser uses, else the sale's own register.
  useEffect(() => {
    if (registerId !== null || registers.registers.length === 0) return;
    const remembered = rememberedRegisterId();
    setRegisterId(registers.registers.some((register) => register.id === remembered) ? (remembered ?? null) : sale.registerId);
  }, [registerId, registers.registers, sale.registerId]);

  // A single refund row follows the selection, so the common case needs no typing.
  useEffect(() => {
    setRefunds((rows) => {
      if (rows.length > 1) return rows;
      if (refundTotal === 0) return [];
      const row = rows[0] ?? newPaymentRow(refundMethod);
      return [{ ...row, amount: refundTotal }];
    });
  }, [refundTotal, refundMethod]);

  const choose = (lineId: number, patch: Partial<ReturnChoice>) => {
    setChoices((current) => {
      const next = new Map(current);
      const choice = next.get(lineId);
      if (choice) next.set(lineId, { ...choice, ...patch });
      return next;
    });
    setError(undefined);
  };

  const submit = async (exchange: boolean) => {
    const selected = selectedLines;
    if (selected.length === 0) return setError(t('sales.returnChooseLines'));
    if (selected.some(({ choice }) => choice.destination === 'stock' && choice.locationId === null)) return setError(t('sales.returnChooseLocation'));
    if (!reason.trim()) return setError(t('sales.returnReasonRequired'));
    if (!registerId) return setError(t('registers.chooseFirst'));
    if (returned.error) return setError(returned.error.message);
    if (returned.pending || !returned.quote) return setError(t('sales.returnQuotePending'));
    const problem = paymentProblem(refunds, refundTotal);
    if (problem) return setError(problemText(problem, 'refund'));

    const body: ReturnRequest = {
      registerId,
      lines: selected.map(({ line, choice }) => ({
        originalLineId: line.id,
        quantity: choice.quantity,
        destination: choice.destination,
        ...(choice.destination === 'stock' && choice.locationId !== null ? { locationId: choice.locationId } : {}),
      })),
      refunds: toPaymentInputs(refunds, false),
      reason: reason.trim(),
      ...(note.trim() ? { note: note.trim() } : {}),
    };
    idempotencyKey.current ??= newIdempotencyKey();
    setSaving(true);
    setError(undefined);
    try {
      const returned = await api.post<SaleOutput>(`/api/sales/${sale.id}/returns`, body, { idempotencyKey: idempotencyKey.current });
      idempotencyKey.current = undefined;
      onReturned(returned, exchange);
    } catch (cause) {
      setError(cause instanceof ApiError || cause instanceof Error ? cause.message : String(cause));
    } finally {
      setSaving(false);
    }
  };

  const columns: TableColumnsType<SaleLineOutput> = [
    {
      title: '',
      key: 'select',
      width: 40,
      render: (_, line) => (
        <Checkbox
          aria-label={t('sales.returnLineOf', { stockNumber: line.stockNumber })}
          checked={choices.get(line.id)?.selected ?? false}
          onChange={(event) => choose(line.id, { selected: event.target.checked })}
          data-testid={`return-select-${line.stockNumber}`}
        />
      ),
    },
    {
      title: t('sales.item'),
      key: 'item',
      render: (_, line) => (
        <div>
          <Typography.Text strong>{line.stockNumber}</Typography.Text>
          <div>{line.itemName}</div>
        </div>
      ),
    },
    {
      title: t('sales.quantity'),
      key: 'quantity',
      width: 100,
      render: (_, line) =>
        line.returnableQuantity === 1 && line.quantity === 1 ? (
          1
        ) : (
          <InputNumber<number>
            aria-label={t('sales.quantityOf', { stockNumber: line.stockNumber })}
            min={1}
            max={line.returnableQuantity}
            precision={0}
            value={choices.get(line.id)?.quantity}
            onChange={(quantity) => choose(line.id, { quantity: quantity ?? 1 })}
            style={{ width: 80 }}
          />
        ),
    },
    { title: t('sales.paidForLine'), dataIndex: 'finalAmount', align: 'right', render: (value: number) => formatYen(value) },
    {
      title: t('sales.returnDestination'),
      key: 'destination',
      render: (_, line) => {
        const choice = choices.get(line.id);
        return (
          <Space.Compact style={{ minWidth: 300 }}>
            <Select<'stock' | 'write_off'>
              aria-label={t('sales.returnDestinationOf', { stockNumber: line.stockNumber })}
              value={choice?.destination}
              style={{ width: 130 }}
              onChange={(destination) => choose(line.id, { destination })}
              options={[
                { value: 'stock', label: t('sales.destinationStock') },
                { value: 'write_off', label: t('sales.destinationWriteOff') },
              ]}
              data-testid={`return-destination-${line.stockNumber}`}
            />
            {choice?.destination === 'stock' && (
              <LocationSelect scope="act" value={choice.locationId} onChange={(locationId) => choose(line.id, { locationId })} style={{ width: 180 }} />
            )}
          </Space.Compact>
        );
      },
    },
  ];

  return (
    <Modal
      open={open}
      width={960}
      title={t('sales.returnTitle', { number: sale.number })}
      onCancel={onClose}
      okText={t('sales.returnSubmit')}
      okButtonProps={{ loading: saving, disabled: selectedCount === 0, 'data-testid': 'return-submit' } as ButtonProps}
      cancelText={t('common.cancel')}
      onOk={() => void submit(false)}
      footer={(_, { OkBtn, CancelBtn }) => (
        <Space wrap>
          <CancelBtn />
          <Button icon={<SwapOutlined />} disabled={saving || selectedCount === 0} onClick={() => void submit(true)} data-testid="return-exchange">
            {t('sales.returnAndExchange')}
          </Button>
          <OkBtn />
        </Space>
      )}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('sales.returnLead')}</Typography.Paragraph>
      <Table<SaleLineOutput> rowKey="id" size="small" pagination={false} columns={columns} dataSource={returnable} scroll={{ x: 'max-content' }} data-testid="return-lines" />
      <Row gutter={[12, 8]} style={{ marginTop: 12 }}>
        <Col xs={24} md={8}>
          <Typography.Text type="secondary">{t('sales.returnRegister')}</Typography.Text>
          <RegisterSelect registers={registers.registers} value={registerId} onChange={setRegisterId} style={{ width: '100%' }} />
        </Col>
        <Col xs={24} md={16}>
          <Typography.Text type="secondary">{t('sales.returnReason')}</Typography.Text>
          <Input maxLength={500} aria-label={t('sales.returnReason')} value={reason} onChange={(event) => setReason(event.target.value)} data-testid="return-reason" />
        </Col>
        <Col span={24}>
          <Input maxLength={1000} aria-label={t('sales.note')} placeholder={t('sales.note')} value={note} onChange={(event) => setNote(event.target.value)} />
        </Col>
      </Row>
      <Descriptions size="small" column={1} style={{ marginTop: 12 }}>
        <Descriptions.Item label={t('sales.refundTotal')}>
          <Typography.Text strong data-testid="return-total">
            {returned.quote ? formatYen(returned.quote.total) : '—'}
          </Typography.Text>
        </Descriptions.Item>
        {returned.quote?.taxRates.map((rate) => (
          <Descriptions.Item key={rate.ratePercent} label={t('sales.returnTaxOfRate', { rate: rate.ratePercent })}>
            {formatYen(rate.tax)}
          </Descriptions.Item>
        ))}
      </Descriptions>
      {returned.error && <Alert type="error" showIcon style={{ marginTop: 12 }} title={returned.error.message} />}
      <Divider titlePlacement="start" plain style={{ margin: '12px 0 8px' }}>
        {t('payments.refundsTitle')}
      </Divider>
      <PaymentsEditor rows={refunds} onChange={setRefunds} total={returned.quote ? refundTotal : undefined} mode="refund" disabled={saving} testId="return-refunds" />
      <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
        {t('sales.exchangeHint')}
      </Typography.Paragraph>
      {error && <Alert type="error" showIcon role="alert" style={{ marginTop: 12 }} title={error} data-testid="return-error" />}
    </Modal>
  );
}
