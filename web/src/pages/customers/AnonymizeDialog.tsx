import { Alert, App, Form, Input, Typography } from 'antd';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { api, newIdempotencyKey } from '../../api/client.js';
import { useFormSubmit } from '../../api/hooks.js';
import { FormDialog } from '../../components/FormDialog.js';
import { clearErrorsOnChange } from '../../lib/formErrors.js';
import type { Customer } from './types.js';

interface AnonymizeValues {
  confirmation: string;
  reason: string;
}

/**
 * Renders the dialog that deletes a customer's personal data on request. It cannot be
 * undone, so the user types the customer code to confirm.
 */
export function AnonymizeDialog({ customer, onClose, onDone }: { customer: Customer; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<AnonymizeValues>();
  const { error, saving, submit } = useFormSubmit(form);
  const { message } = App.useApp();
  const key = useRef(newIdempotencyKey());

  const anonymize = async ({ reason }: AnonymizeValues) => {
    const ok = await submit(() => api.post(`/api/customers/${customer.id}/anonymize`, { reason }, { idempotencyKey: key.current }));
    if (!ok) return;
    void message.success(t('customers.anonymized', { code: customer.code }));
    onDone();
  };

  return (
    <FormDialog form={form} title={t('customers.anonymizeTitle', { code: customer.code })} okText={t('customers.anonymize')} saving={saving} error={error} onClose={onClose}>
      <Alert type="error" showIcon title={t('customers.anonymizeWarning')} style={{ marginBottom: 12 }} />
      <Typography.Paragraph>{t('customers.anonymizeLead')}</Typography.Paragraph>
      <Form form={form} layout="vertical" onValuesChange={clearErrorsOnChange(form)} onFinish={(values) => void anonymize(values)} data-testid="anonymize-form">
        <Form.Item name="reason" label={t('customers.anonymizeReason')} extra={t('customers.anonymizeReasonHint')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
          <Input.TextArea rows={2} maxLength={500} data-testid="anonymize-reason" />
        </Form.Item>
        <Form.Item
          name="confirmation"
          label={t('customers.anonymizeConfirm', { code: customer.code })}
          rules={[
            {
              validator: async (_, value: string | undefined) => {
                if ((value ?? '').trim().toUpperCase() !== customer.code) throw new Error(t('customers.anonymizeConfirmMismatch', { code: customer.code }));
              },
            },
          ]}
        >
          <Input autoComplete="off" placeholder={customer.code} data-testid="anonymize-confirmation" />
        </Form.Item>
      </Form>
    </FormDialog>
  );
}
