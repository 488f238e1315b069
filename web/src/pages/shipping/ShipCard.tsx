import { CarOutlined, EditOutlined } from '@ant-design/icons';
import { App, Button, Card, Descriptions, Form, Input, Space } from 'antd';
import type { FormInstance } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api/client.js';
import { useErrorReporter } from '../../api/hooks.js';
import { DateField } from '../../components/DateField.js';
import { clearErrorsOnChange, clearFieldErrors } from '../../lib/formErrors.js';
import { formatDateTime } from '../../lib/format.js';
import { useLocale } from '../channels/channelUi.js';
import { TrackingLink } from './shippingUi.js';
import { EDITABLE_STATUSES, type ShipmentOutput } from './types.js';

/** Domain errors about the typed number itself, which belong on the tracking number field. */
const TRACKING_NUMBER_ERRORS = ['tracking_check_digit', 'tracking_number_format'];

interface TrackingValues {
  trackingNumber: string;
  shippedOn?: string | null;
}

/**
 * Sends a tracking number and shows a failure on the field it concerns. Validation errors name
 * their fields. A wrong check digit or shape is a domain error, and when it names no field its
 * message, which repeats the number, goes on the tracking number field.
 */
function useTrackingSubmit(form: FormInstance<TrackingValues>) {
  const reportError = useErrorReporter();
  const [saving, setSaving] = useState(false);

  return {
    saving,
    send: async (path: string, body: unknown): Promise<ShipmentOutput | undefined> => {
      clearFieldErrors(form);
      setSaving(true);
      try {
        return await api.post<ShipmentOutput>(path, body);
      } catch (cause) {
        if (cause instanceof ApiError && cause.fields.length === 0 && TRACKING_NUMBER_ERRORS.includes(cause.code)) {
          form.setFields([{ name: 'trackingNumber', errors: [cause.message] }]);
        } else {
          reportError(cause, form);
        }
        return undefined;
      } finally {
        setSaving(false);
      }
    },
  };
}

/**
 * Renders the waybill of a shipment. Before shipping it is the form that records the tracking
 * number and marks the parcel shipped. After, it shows the number with its tracking link and a
 * form that corrects it, which reports the new number to the channels again.
 */
export function ShipCard({ shipment, onChanged }: { shipment: ShipmentOutput; onChanged: (changed: ShipmentOutput) => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { message } = App.useApp();
  const [form] = Form.useForm<TrackingValues>();
  const { saving, send } = useTrackingSubmit(form);
  const [correcting, setCorrecting] = useState(false);
  const editable = EDITABLE_STATUSES.includes(shipment.status);
  const shipped = shipment.status === 'shipped' || shipment.status === 'delivered';

  const ship = async (values: TrackingValues) => {
    const changed = await send(`/api/shipments/${shipment.id}/ship`, { trackingNumber: values.trackingNumber, shippedOn: values.shippedOn ?? undefined });
    if (!changed) return;
    void message.success(t(changed.orders.length > 0 ? 'shipping.ship.doneReported' : 'shipping.ship.done'));
    form.resetFields();
    onChanged(changed);
  };

  const correct = async (values: TrackingValues) => {
    const changed = await send(`/api/shipments/${shipment.id}/tracking`, { trackingNumber: values.trackingNumber });
    if (!changed) return;
    void message.success(t('shipping.ship.corrected'));
    setCorrecting(false);
    form.resetFields();
    onChanged(changed);
  };

  if (editable) {
    return (
      <Card size="small" title={t('shipping.ship.title')} style={{ marginBottom: 16 }}>
        <Form<TrackingValues> form={form} layout="inline" onValuesChange={clearErrorsOnChange(form)} onFinish={(values) => void ship(values)} data-testid="ship-form">
          <Form.Item name="trackingNumber" label={t('shipping.fields.trackingNumber')} rules={[{ required: true, whitespace: true, message: t('shipping.ship.enterNumber') }]}>
            <Input maxLength={40} style={{ width: 220 }} autoComplete="off" inputMode="numeric" data-testid="ship-tracking-number" />
          </Form.Item>
          <Form.Item name="shippedOn" label={t('shipping.fields.shippedOn')} extra={t('shipping.ship.shippedOnHint')}>
            <DateField />
          </Form.Item>
          <Form.Item>
            <Button type="primary" htmlType="submit" icon={<CarOutlined />} loading={saving} data-testid="ship-submit">
              {t('shipping.ship.submit')}
            </Button>
          </Form.Item>
        </Form>
      </Card>
    );
  }

  return (
    <Card size="small" title={t('shipping.ship.title')} style={{ marginBottom: 16 }}>
      <Descriptions size="small" column={{ xs: 1, md: 3 }}>
        <Descriptions.Item label={t('shipping.fields.trackingNumber')}>
          <span data-testid="shipment-tracking">
            <TrackingLink number={shipment.trackingNumber} url={shipment.trackingUrl} />
          </span>
        </Descriptions.Item>
        <Descriptions.Item label={t('shipping.fields.shippedAt')}>{formatDateTime(shipment.shippedAt, locale) || '—'}</Descriptions.Item>
        {shipment.deliveredAt && <Descriptions.Item label={t('shipping.fields.deliveredAt')}>{formatDateTime(shipment.deliveredAt, locale)}</Descriptions.Item>}
        {shipment.returnedAt && <Descriptions.Item label={t('shipping.fields.returnedAt')}>{formatDateTime(shipment.returnedAt, locale)}</Descriptions.Item>}
        {shipment.cancelledAt && <Descriptions.Item label={t('shipping.fields.cancelledAt')}>{formatDateTime(shipment.cancelledAt, locale)}</Descriptions.Item>}
      </Descriptions>
      {shipped && !correcting && (
        <Button size="small" icon={<EditOutlined />} onClick={() => setCorrecting(true)} data-testid="tracking-correct-open">
          {t('shipping.ship.correct')}
        </Button>
      )}
      {shipped && correcting && (
        <Form<TrackingValues>
          form={form}
          layout="inline"
          initialValues={{ trackingNumber: shipment.trackingNumber ?? '' }}
          onValuesChange={clearErrorsOnChange(form)}
          onFinish={(values) => void correct(values)}
          style={{ marginTop: 8 }}
          data-testid="tracking-correct-form"
        >
          <Form.Item name="trackingNumber" label={t('shipping.ship.newNumber')} extra={t('shipping.ship.correctHint')} rules={[{ required: true, whitespace: true, message: t('shipping.ship.enterNumber') }]}>
            <Input maxLength={40} style={{ width: 220 }} autoComplete="off" data-testid="tracking-correct-number" />
          </Form.Item>
          <Form.Item>
            <Space>
              <Button type="primary" htmlType="submit" loading={saving} data-testid="tracking-correct-submit">
                {t('common.save')}
              </Button>
              <Button onClick={() => setCorrecting(false)}>{t('common.cancel')}</Button>
            </Space>
          </Form.Item>
        </Form>
      )}
    </Card>
  );
}
