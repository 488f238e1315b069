import { Alert, App, Form, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { useApiQuery, useFormSubmit } from '../../api/hooks.js';
import { FormDialog } from '../../components/FormDialog.js';
import { formatYen } from '../../lib/format.js';
import { clearErrorsOnChange } from '../../lib/formErrors.js';
import type { DuePeriods, SettlementConsignor, StatementSummary } from './statementTypes.js';

interface IssueValues {
  consignorId: number;
  periodTo: string;
}

/** Renders the dialog that issues a statement: choose a consignor, then one of the periods due. */
export function IssueStatementDialog({ initialConsignorId, onClose, onIssued }: { initialConsignorId?: number; onClose: () => void; onIssued: (statement: StatementSummary) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<IssueValues>();
  const { error, saving, submit } = useFormSubmit(form);
  const consignorId = Form.useWatch('consignorId', form) ?? initialConsignorId;
  const periodTo = Form.useWatch('periodTo', form);
  const consignors = useApiQuery<{ consignors: SettlementConsignor[] }>('/api/consignment/statements/consignors');
  const due = useApiQuery<DuePeriods>(consignorId ? '/api/consignment/statements/due' : null, { consignorId });
  const periods = due.data && due.data.consignorId === consignorId ? due.data.periods : [];
  const running = periods.find((period) => period.to === periodTo)?.running ?? false;

  const issue = async (values: IssueValues) => {
    let issued: StatementSummary | undefined;
    const ok = await submit(async () => {
      issued = await api.post<StatementSummary>('/api/consignment/statements', values);
    });
    if (!ok || !issued) return;
    void message.success(t('settlement.issued', { number: issued.number, amount: formatYen(issued.amountOwed) }));
    onIssued(issued);
  };

  return (
    <FormDialog form={form} title={t('settlement.issueTitle')} okText={t('settlement.issueOk')} saving={saving} error={error} onClose={onClose}>
      <Form
        form={form}
        layout="vertical"
        initialValues={{ consignorId: initialConsignorId }}
        onValuesChange={(changed: Partial<IssueValues>) => {
          clearErrorsOnChange(form)(changed);
          if ('consignorId' in changed) form.setFieldValue('periodTo', undefined);
        }}
        onFinish={(values) => void issue(values)}
        data-testid="issue-statement-form"
      >
        <Form.Item name="consignorId" label={t('settlement.consignor')} rules={[{ required: true, message: t('common.required') }]}>
          <Select
            showSearch
            optionFilterProp="label"
            placeholder={t('settlement.consignorPlaceholder')}
            loading={consignors.loading}
            options={(consignors.data?.consignors ?? []).map((consignor) => ({
              value: consignor.id,
              label: `${consignor.code} ${consignor.name}`,
            }))}
            data-testid="issue-consignor"
          />
        </Form.Item>
        {due.data && due.data.consignorId === consignorId && (
          <Typography.Paragraph type="secondary" data-testid="issue-due-summary">
            {t('settlement.closingDay', { day: due.data.closingDay === 31 ? t('settlement.monthEnd') : t('settlement.dayOfMonth', { day: due.data.closingDay }) })}
            {' / '}
            {t('settlement.openSummary', { count: due.data.openEntries, amount: formatYen(due.data.openAmount) })}
            {due.data.previousPeriodTo && (
              <>
                {' / '}
                {t('settlement.previous', { date: due.data.previousPeriodTo })}
              </>
            )}
          </Typography.Paragraph>
        )}
        <Form.Item name="periodTo" label={t('settlement.period')} rules={[{ required: true, message: t('common.required') }]}>
          <Select
            disabled={!consignorId}
            loading={due.loading}
            notFoundContent={t('settlement.noPeriods')}
            options={periods.map((period) => ({
              value: period.to,
              label: `${t('settlement.periodOption', { from: period.from, to: period.to })}${period.running ? t('settlement.periodRunning') : ''}`,
            }))}
            data-testid="issue-period"
          />
        </Form.Item>
        {running && <Alert type="warning" showIcon title={t('settlement.runningWarning')} />}
      </Form>
    </FormDialog>
  );
}
