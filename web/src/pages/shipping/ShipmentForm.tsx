import { SaveOutlined } from '@ant-design/icons';
import { App, Button, Card, Checkbox, Col, Form, Input, Row, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { useFormSubmit } from '../../api/hooks.js';
import { DateField } from '../../components/DateField.js';
import { FormErrorAlert } from '../../components/FormErrorAlert.js';
import { YenInput } from '../../components/YenInput.js';
import { clearErrorsOnChange } from '../../lib/formErrors.js';
import { AddressFields } from './AddressFields.js';
import { CarrierServiceFields } from './shippingUi.js';
import { COD_SERVICES, COOL_TYPES, DELIVERY_TIMES, EDITABLE_STATUSES, type CarrierService, type ShipmentOutput } from './types.js';

type ShipmentValues = Pick<
  ShipmentOutput,
  'recipient' | 'carrier' | 'service' | 'cool' | 'shipDate' | 'deliveryDate' | 'deliveryTime' | 'itemName' | 'gift' | 'giftMessage' | 'codAmount' | 'notes'
>;

function valuesOf(shipment: ShipmentOutput): ShipmentValues {
  const { recipient, carrier, service, cool, shipDate, deliveryDate, deliveryTime, itemName, gift, giftMessage, codAmount, notes } = shipment;
  return { recipient, carrier, service, cool, shipDate, deliveryDate, deliveryTime, itemName, gift, giftMessage, codAmount, notes };
}

/**
 * Edits the recipient and delivery of a shipment (お届け先・配送), editable until the parcel leaves
 * the shop. The fields are named as PATCH /api/shipments/:id names them, so the server's field
 * errors show under them.
 */
export function ShipmentForm({ shipment, onSaved }: { shipment: ShipmentOutput; onSaved: (saved: ShipmentOutput) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<ShipmentValues>();
  const { error, saving, submit } = useFormSubmit(form);
  const editable = EDITABLE_STATUSES.includes(shipment.status);
  const service = Form.useWatch<string | undefined>('service', form);
  const gift = Form.useWatch<boolean | undefined>('gift', form);
  const collects = service !== undefined && COD_SERVICES.includes(service as CarrierService);

  const save = async (values: ShipmentValues) => {
    let saved: ShipmentOutput | undefined;
    const succeeded = await submit(async () => {
      saved = await api.patch<ShipmentOutput>(`/api/shipments/${shipment.id}`, {
        ...values,
        // The schema takes no null carrier; a shipment without one keeps it unset.
        carrier: values.carrier ?? undefined,
        giftMessage: values.gift ? values.giftMessage : null,
        codAmount: collects ? values.codAmount : null,
      });
    });
    if (succeeded && saved) {
      void message.success(t('common.saved'));
      onSaved(saved);
    }
  };

  return (
    <Card
      size="small"
      title={t('shipping.detail.recipientAndDelivery')}
      style={{ marginBottom: 16 }}
      extra={
        editable && (
          <Button type="primary" icon={<SaveOutlined />} loading={saving} onClick={() => form.submit()} data-testid="shipment-save">
            {t('common.save')}
          </Button>
        )
      }
    >
      <FormErrorAlert error={error} />
      <Form<ShipmentValues>
        form={form}
        name="shipment"
        layout="vertical"
        initialValues={valuesOf(shipment)}
        disabled={!editable}
        onValuesChange={clearErrorsOnChange(form)}
        onFinish={(values) => void save(values)}
        data-testid="shipment-form"
      >
        <AddressFields prefix="recipient" recipient disabled={!editable} />
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <CarrierServiceFields form={form} disabled={!editable} />
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="cool" label={t('shipping.fields.cool')}>
              <Select options={COOL_TYPES.map((value) => ({ value, label: t(`shipping.cool.${value}`) }))} />
            </Form.Item>
            <Form.Item name="shipDate" label={t('shipping.fields.shipDate')}>
              <DateField />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="deliveryDate" label={t('shipping.fields.deliveryDate')}>
              <DateField />
            </Form.Item>
            <Form.Item name="deliveryTime" label={t('shipping.fields.deliveryTime')}>
              <Select allowClear placeholder={t('shipping.noDeliveryTime')} options={DELIVERY_TIMES.map((value) => ({ value, label: t(`shipping.deliveryTimes.${value}`) }))} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="itemName" label={t('shipping.fields.itemName')} extra={t('shipping.detail.itemNameHint')}>
              <Input maxLength={50} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="codAmount" label={t('shipping.fields.codAmount')} extra={collects ? t('shipping.detail.codHint') : t('shipping.detail.codNotCollect')}>
              <YenInput disabled={!editable || !collects} min={1} max={300_000} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="gift" valuePropName="checked" label={t('shipping.fields.gift')}>
              <Checkbox>{t('shipping.detail.giftWrap')}</Checkbox>
            </Form.Item>
          </Col>
          {gift && (
            <Col xs={24}>
              <Form.Item name="giftMessage" label={t('shipping.fields.giftMessage')}>
                <Input.TextArea rows={3} maxLength={500} showCount />
              </Form.Item>
            </Col>
          )}
          <Col xs={24}>
            <Form.Item name="notes" label={t('shipping.fields.notes')}>
              <Input.TextArea rows={2} maxLength={1000} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Card>
  );
}
