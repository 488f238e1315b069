import { Alert, Form, Input, InputNumber, Radio, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { useFormSubmit } from '../../api/hooks.js';
import { FormDialog } from '../../components/FormDialog.js';
import { ItemPicker, type PickedItem } from '../../components/ItemPicker.js';
import { LocationSelect } from '../../components/LocationSelect.js';
import { formatYen } from '../../lib/format.js';
import type { CancelReason, ChannelOrder, ChannelOrderLine } from './types.js';

const CANCEL_REASONS: CancelReason[] = ['out_of_stock', 'buyer_request', 'other'];

/**
 * Cancels an order on its channel (POST /api/channel-orders/:id/cancel) after the user has
 * read that the channel refunds the buyer.
 */
export function CancelOrderDialog({ order, onClose, onDone }: { order: ChannelOrder; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ reason: CancelReason }>();
  const { error, saving, submit } = useFormSubmit(form);

  const cancel = async (values: { reason: CancelReason }) => {
    const ok = await submit(() => api.post(`/api/channel-orders/${order.id}/cancel`, { reason: values.reason }));
    if (ok) onDone();
  };

  return (
    <FormDialog form={form} title={t('channels.orders.cancelTitle', { number: order.orderNumber })} okText={t('channels.orders.cancelSubmit')} saving={saving} error={error} onClose={onClose}>
      <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={t('channels.orders.cancelLead')} />
      <Form form={form} layout="vertical" onFinish={(values) => void cancel(values)} data-testid="order-cancel-form">
        <Form.Item name="reason" label={t('channels.orders.cancelReason')} rules={[{ required: true, message: t('common.required') }]}>
          <Radio.Group options={CANCEL_REASONS.map((value) => ({ value, label: t(`channels.orders.cancelReasons.${value}`) }))} />
        </Form.Item>
      </Form>
    </FormDialog>
  );
}

/**
 * Resolves a flagged line by assigning another piece to it
 * (POST /api/channel-orders/:id/lines/:lineId/substitute).
 */
export function SubstituteLineDialog({ order, line, onClose, onDone }: { order: ChannelOrder; line: ChannelOrderLine; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const { error, saving, submit } = useFormSubmit(form);
  const [item, setItem] = useState<PickedItem>();
  const [itemMissing, setItemMissing] = useState(false);

  const assign = async () => {
    if (!item) {
      setItemMissing(true);
      return;
    }
    const ok = await submit(() => api.post(`/api/channel-orders/${order.id}/lines/${line.id}/substitute`, { itemId: item.id }));
    if (ok) onDone();
  };

  return (
    <FormDialog form={form} title={t('channels.orders.substituteTitle', { title: line.title })} okText={t('channels.orders.substituteSubmit')} saving={saving} error={error} onClose={onClose} width={680}>
      <Form form={form} layout="vertical" onFinish={() => void assign()} data-testid="order-substitute-form">
        <Typography.Paragraph type="secondary">{t('channels.orders.substituteLead')}</Typography.Paragraph>
        <ItemPicker
          onPick={(picked) => {
            setItem(picked);
            setItemMissing(false);
          }}
        />
        <div style={{ marginTop: 12 }} data-testid="order-substitute-picked">
          {item ? (
            <Typography.Text strong>{t('channels.orders.substitutePicked', { stockNumber: item.stockNumber, name: item.name })}</Typography.Text>
          ) : (
            <Typography.Text type={itemMissing ? 'danger' : 'secondary'}>{t('channels.orders.substituteNone')}</Typography.Text>
          )}
        </div>
      </Form>
    </FormDialog>
  );
}

/**
 * Records a partial refund of a shipped line (POST /api/channel-orders/:id/refunds). The money
 * goes back to the buyer on the channel; tsunagu records it so the sale and a consignor's
 * payable follow.
 */
export function RefundLineDialog({ order, line, onClose, onDone }: { order: ChannelOrder; line: ChannelOrderLine; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ amount: number; reason: string }>();
  const { error, saving, submit } = useFormSubmit(form);

  const refund = async (values: { amount: number; reason: string }) => {
    const ok = await submit(() => api.post(`/api/channel-orders/${order.id}/refunds`, { lineId: line.id, amount: values.amount, reason: values.reason }));
    if (ok) onDone();
  };

  return (
    <FormDialog form={form} title={t('channels.orders.refundTitle', { title: line.title })} okText={t('channels.orders.refundSubmit')} saving={saving} error={error} onClose={onClose}>
      <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('channels.orders.refundLead', { channel: order.channelAccountName })} />
      {line.refundedAmount > 0 && <Typography.Paragraph>{t('channels.orders.refundedSoFar', { amount: formatYen(line.refundedAmount) })}</Typography.Paragraph>}
      <Form form={form} layout="vertical" onFinish={(values) => void refund(values)} data-testid="order-refund-form">
        {/* No min on the input: Ant Design would silently change -100 into 1. A rule reports it instead. */}
        <Form.Item
          name="amount"
          label={t('channels.orders.refundAmount')}
          rules={[
            { required: true, message: t('common.required') },
            { type: 'integer', min: 1, message: t('channels.orders.refundAmountInvalid') },
          ]}
        >
          <InputNumber style={{ width: 200 }} autoFocus />
        </Form.Item>
        <Form.Item name="reason" label={t('channels.orders.refundReason')} rules={[{ required: true, message: t('common.required') }]}>
          <Input maxLength={500} />
        </Form.Item>
      </Form>
    </FormDialog>
  );
}

/**
 * Receives a shipped piece the buyer sent back (POST /api/channel-orders/:id/returns): it goes
 * back into stock at the chosen location. The money is refunded on the channel.
 */
export function ReturnLineDialog({ order, line, onClose, onDone }: { order: ChannelOrder; line: ChannelOrderLine; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ locationId: number; reason: string }>();
  const { error, saving, submit } = useFormSubmit(form);

  const receive = async (values: { locationId: number; reason: string }) => {
    const ok = await submit(() => api.post(`/api/channel-orders/${order.id}/returns`, { lineId: line.id, locationId: values.locationId, reason: values.reason }));
    if (ok) onDone();
  };

  return (
    <FormDialog form={form} title={t('channels.orders.returnTitle', { title: line.title })} okText={t('channels.orders.returnSubmit')} saving={saving} error={error} onClose={onClose}>
      <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('channels.orders.returnLead', { channel: order.channelAccountName })} />
      <Form form={form} layout="vertical" onFinish={(values) => void receive(values)} data-testid="order-return-form">
        <Form.Item name="locationId" label={t('channels.orders.returnLocation')} rules={[{ required: true, message: t('common.required') }]}>
          <LocationSelect scope="act" />
        </Form.Item>
        <Form.Item name="reason" label={t('channels.orders.refundReason')} rules={[{ required: true, message: t('common.required') }]}>
          <Input maxLength={500} />
        </Form.Item>
      </Form>
    </FormDialog>
  );
}
