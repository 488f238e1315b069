import { Checkbox, Form, Table, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { useApiQuery, useFormSubmit } from '../../api/hooks.js';
import { DateField } from '../../components/DateField.js';
import { FormDialog } from '../../components/FormDialog.js';
import { LoadError } from '../../components/LoadError.js';
import { clearErrorsOnChange } from '../../lib/formErrors.js';
import { formatDateTime, formatYen } from '../../lib/format.js';
import { ChannelAccountLabel, useLocale } from '../channels/channelUi.js';
import type { ChannelOrderSummary } from '../channels/types.js';
import { CarrierServiceFields } from './shippingUi.js';
import type { Carrier, ShipmentSummary } from './types.js';

interface FromOrdersValues {
  carrier: Carrier;
  service: string;
  shipDate?: string | null;
  combine: boolean;
}

/**
 * Lists the channel orders waiting for shipment (発送待ち) with a checkbox on each row.
 * NOTE: the list also shows orders whose lines are already in a parcel, because the order
 * summary does not say so. The server rejects those with a message that names the order.
 */
function OrderChooser({ selected, onSelect }: { selected: number[]; onSelect: (ids: number[]) => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { data, error, loading, reload } = useApiQuery<{ orders: ChannelOrderSummary[] }>('/api/channel-orders', { status: 'to_ship', needsParcel: 'true' });

  const columns: TableColumnsType<ChannelOrderSummary> = [
    { title: t('shipping.columns.orderNumber'), dataIndex: 'orderNumber' },
    { title: t('shipping.columns.channel'), key: 'channel', render: (_, row) => <ChannelAccountLabel kind={row.channelKind} name={row.channelAccountName} /> },
    { title: t('shipping.columns.buyer'), dataIndex: 'buyerName' },
    { title: t('shipping.columns.orderedAt'), dataIndex: 'orderedAt', render: (value: string) => formatDateTime(value, locale) },
    { title: t('shipping.columns.total'), dataIndex: 'total', align: 'right', render: (value: number) => formatYen(value) },
  ];

  return (
    <>
      {error && <LoadError error={error} onRetry={reload} />}
      <Table<ChannelOrderSummary>
        rowKey="id"
        size="small"
        loading={loading}
        columns={columns}
        dataSource={data?.orders ?? []}
        rowSelection={{ selectedRowKeys: selected, onChange: (keys) => onSelect(keys as number[]) }}
        pagination={{ pageSize: 50, showSizeChanger: false, hideOnSinglePage: true }}
        scroll={{ x: 'max-content', y: 320 }}
        locale={{ emptyText: t('shipping.fromOrders.empty') }}
        style={{ marginBottom: 16 }}
        data-testid="from-orders-table"
      />
    </>
  );
}

/**
 * Creates shipments from channel orders (注文から出荷を作成). Without `orderIds` the dialog lists
 * the orders waiting for shipment to choose from. With them it creates the shipments of those
 * orders and shows only the carrier, service and shipping date fields.
 */
export function CreateFromOrdersDialog({ orderIds, onClose, onCreated }: { orderIds?: number[]; onClose: () => void; onCreated: (shipments: ShipmentSummary[]) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<FromOrdersValues>();
  const { error, saving, submit } = useFormSubmit(form);
  const [chosen, setChosen] = useState<number[]>([]);
  const [noneChosen, setNoneChosen] = useState(false);
  const ids = orderIds ?? chosen;

  const create = async (values: FromOrdersValues) => {
    if (ids.length === 0) {
      setNoneChosen(true);
      return;
    }
    let created: ShipmentSummary[] = [];
    const succeeded = await submit(async () => {
      const result = await api.post<{ shipments: ShipmentSummary[] }>('/api/shipments/from-orders', {
        orderIds: ids,
        carrier: values.carrier,
        service: values.service,
        shipDate: values.shipDate ?? null,
        combine: values.combine,
      });
      created = result.shipments;
    });
    if (succeeded) onCreated(created);
  };

  const selectOrders = (next: number[]) => {
    setChosen(next);
    setNoneChosen(false);
  };

  return (
    <FormDialog form={form} title={t('shipping.fromOrders.title')} okText={t('shipping.fromOrders.submit')} saving={saving} error={error} onClose={onClose} width={orderIds ? 520 : 880}>
      {orderIds === undefined && (
        <>
          <Typography.Paragraph type="secondary">{t('shipping.fromOrders.lead')}</Typography.Paragraph>
          <OrderChooser selected={chosen} onSelect={selectOrders} />
          {noneChosen && (
            <Typography.Paragraph type="danger" data-testid="from-orders-none">
              {t('shipping.fromOrders.chooseOrders')}
            </Typography.Paragraph>
          )}
        </>
      )}
      <Form<FromOrdersValues>
        form={form}
        name="fromOrders"
        layout="vertical"
        initialValues={{ combine: true }}
        onValuesChange={clearErrorsOnChange(form)}
        onFinish={(values) => void create(values)}
        data-testid="from-orders-form"
      >
        <CarrierServiceFields form={form} withoutCod />
        <Form.Item name="shipDate" label={t('shipping.fields.shipDate')} extra={t('shipping.fromOrders.shipDateHint')}>
          <DateField />
        </Form.Item>
        {(orderIds === undefined || orderIds.length > 1) && (
          <Form.Item name="combine" valuePropName="checked" extra={t('shipping.fromOrders.combineHint')}>
            <Checkbox>{t('shipping.fromOrders.combine')}</Checkbox>
          </Form.Item>
        )}
      </Form>
    </FormDialog>
  );
}
