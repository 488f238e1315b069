import { Checkbox, Form, Input, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { useFormSubmit } from '../../api/hooks.js';
import { DateField } from '../../components/DateField.js';
import { FormDialog } from '../../components/FormDialog.js';
import { clearErrorsOnChange } from '../../lib/formErrors.js';
import { AddressFields } from './AddressFields.js';
import { CarrierServiceFields } from './shippingUi.js';
import type { Carrier, ShipmentOutput } from './types.js';

interface FromSaleValues {
  carrier: Carrier;
  service: string;
  shipDate?: string | null;
  gift: boolean;
  giftMessage?: string;
  otherAddress: boolean;
  recipient?: Record<string, string>;
}

/**
 * Arranges delivery of a store sale (配送を手配): one parcel with every line of the sale not yet
 * in a parcel, to the sale's customer or to an address typed here.
 */
export function CreateFromSaleDialog({ saleId, onClose, onCreated }: { saleId: number; onClose: () => void; onCreated: (shipment: ShipmentOutput) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<FromSaleValues>();
  const { error, saving, submit } = useFormSubmit(form);
  const otherAddress = Form.useWatch('otherAddress', form);
  const gift = Form.useWatch('gift', form);

  const create = async (values: FromSaleValues) => {
    let created: ShipmentOutput | undefined;
    const succeeded = await submit(async () => {
      created = await api.post<ShipmentOutput>('/api/shipments', {
        sales: [{ saleId }],
        carrier: values.carrier,
        service: values.service,
        shipDate: values.shipDate ?? null,
        gift: values.gift,
        giftMessage: values.gift ? (values.giftMessage ?? '') : '',
        ...(values.otherAddress && values.recipient ? { recipient: values.recipient } : {}),
      });
    });
    if (succeeded && created) onCreated(created);
  };

  return (
    <FormDialog form={form} title={t('shipping.fromSale.title')} okText={t('shipping.fromSale.submit')} saving={saving} error={error} onClose={onClose} width={720}>
      <Typography.Paragraph type="secondary">{t('shipping.fromSale.lead')}</Typography.Paragraph>
      <Form<FromSaleValues>
        form={form}
        name="fromSale"
        layout="vertical"
        initialValues={{ gift: false, otherAddress: false }}
        onValuesChange={clearErrorsOnChange(form)}
        onFinish={(values) => void create(values)}
        data-testid="from-sale-form"
      >
        <CarrierServiceFields form={form} withoutCod />
        <Form.Item name="shipDate" label={t('shipping.fields.shipDate')}>
          <DateField />
        </Form.Item>
        <Form.Item name="gift" valuePropName="checked">
          <Checkbox>{t('shipping.fields.gift')}</Checkbox>
        </Form.Item>
        {gift && (
          <Form.Item name="giftMessage" label={t('shipping.fields.giftMessage')}>
            <Input.TextArea maxLength={500} rows={3} />
          </Form.Item>
        )}
        <Form.Item name="otherAddress" valuePropName="checked" extra={t('shipping.fromSale.otherAddressHint')}>
          <Checkbox>{t('shipping.fromSale.otherAddress')}</Checkbox>
        </Form.Item>
        {otherAddress && <AddressFields prefix="recipient" recipient />}
      </Form>
    </FormDialog>
  );
}
