import { App, Form, Input, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { useFormSubmit } from '../../api/hooks.js';
import { DateField } from '../../components/DateField.js';
import { FormDialog } from '../../components/FormDialog.js';
import { formatYen } from '../../lib/format.js';
import { clearErrorsOnChange } from '../../lib/formErrors.js';
import type { StatementSummary } from './statementTypes.js';

interface PayValues {
  paidOn: string;
  reference?: string;
}

/** Renders the dialog that records the payment of a statement, which can be done once. */
export function PayStatementDialog({ statement, onClose, onPaid }: { statement: StatementSummary; onClose: () => void; onPaid: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<PayValues>();
  const { error, saving, submit } = useFormSubmit(form);

  const pay = async (values: PayValues) => {
    const ok = await submit(() => api.post(`/api/consignment/statements/${statement.id}/pay`, values));
    if (!ok) return;
    void message.success(t('settlement.paid', { number: statement.number }));
    onPaid();
  };

  return (
    <FormDialog form={form} title={t('settlement.payTitle', { number: statement.number })} okText={t('settlement.pay')} saving={saving} error={error} onClose={onClose}>
      <Typography.Paragraph>{t('settlement.payLead', { consignor: statement.consignorName, amount: formatYen(statement.amountOwed) })}</Typography.Paragraph>
      <Form
        form={form}
        layout="vertical"
        initialValues={{ paidOn: dayjs().format('YYYY-MM-DD') }}
        onValuesChange={clearErrorsOnChange(form)}
        onFinish={(values) => void pay(values)}
        data-testid="pay-statement-form"
      >
        <Form.Item name="paidOn" label={t('settlement.paidOn')} rules={[{ required: true, message: t('common.required') }]}>
          <DateField allowClear={false} data-testid="pay-paid-on" />
        </Form.Item>
        <Form.Item name="reference" label={t('settlement.reference')} extra={t('settlement.referenceHint')}>
          <Input maxLength={200} data-testid="pay-reference" />
        </Form.Item>
      </Form>
    </FormDialog>
  );
}
