import { Alert, App, Descriptions, Form, Typography } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, newIdempotencyKey } from '../../api/client.js';
import { useFormSubmit } from '../../api/hooks.js';
import { FormDialog } from '../../components/FormDialog.js';
import { clearErrorsOnChange } from '../../lib/formErrors.js';
import { CustomerSearchSelect } from './CustomerSearchSelect.js';
import { customerKana, customerName } from './customerName.js';
import type { Customer, CustomerSummary } from './types.js';

interface MergeResult {
  target: { id: number; code: string };
  source: { id: number; code: string };
  movedSaleCount: number;
  filledFields: string[];
}

/**
 * Renders the dialog that merges a duplicate record into the customer shown. The duplicate's
 * sales move here, empty fields here are filled from it, and it stays as a merged record.
 */
export function MergeDialog({ customer, onClose, onMerged }: { customer: Customer; onClose: () => void; onMerged: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ sourceId: number | null }>();
  const { error, saving, submit } = useFormSubmit(form);
  const { message } = App.useApp();
  const [source, setSource] = useState<CustomerSummary>();
  const key = useRef(newIdempotencyKey());

  const merge = async ({ sourceId }: { sourceId: number | null }) => {
    if (sourceId === null) return;
    let result: MergeResult | undefined;
    const ok = await submit(async () => {
      result = await api.post<MergeResult>(`/api/customers/${customer.id}/merge`, { sourceId }, { idempotencyKey: key.current });
    });
    if (!ok || !result) return;
    void message.success(t('customers.merged', { source: result.source.code, target: result.target.code, count: result.movedSaleCount }));
    onMerged();
  };

  return (
    <FormDialog form={form} title={t('customers.mergeTitle', { code: customer.code })} okText={t('customers.merge')} saving={saving} error={error} onClose={onClose} width={640}>
      <Typography.Paragraph>{t('customers.mergeLead', { code: customer.code })}</Typography.Paragraph>
      <Form form={form} layout="vertical" onValuesChange={clearErrorsOnChange(form)} onFinish={(values) => void merge(values)} data-testid="merge-form">
        <Form.Item name="sourceId" label={t('customers.mergeSource')} rules={[{ required: true, message: t('customers.chooseDuplicate') }]}>
          <CustomerSearchSelect excludeId={customer.id} onChange={(_, picked) => setSource(picked)} data-testid="merge-source" />
        </Form.Item>
      </Form>
      {source && (
        <>
          <Descriptions size="small" column={1} bordered style={{ marginBottom: 12 }}>
            <Descriptions.Item label={t('customers.code')}>{source.code}</Descriptions.Item>
            <Descriptions.Item label={t('customers.name')}>
              {customerName(source, t)} {customerKana(source) && `（${customerKana(source)}）`}
            </Descriptions.Item>
            <Descriptions.Item label={t('common.phone')}>{source.phone ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('customers.birthday')}>{source.birthday ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('customers.lastPurchase')}>{source.lastPurchaseDate ?? '—'}</Descriptions.Item>
          </Descriptions>
          <Alert type="warning" showIcon title={t('customers.mergeWarning', { source: source.code, target: customer.code })} />
        </>
      )}
    </FormDialog>
  );
}
