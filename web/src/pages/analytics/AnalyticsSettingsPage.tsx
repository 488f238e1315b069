import { SaveOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Form, InputNumber, Radio, Select, Skeleton } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AnalyticsSettings } from '../../../../src/modules/analytics/settings.js';
import { api } from '../../api/client.js';
import { useApiQuery, useFormSubmit } from '../../api/hooks.js';
import { useCan } from '../../auth/AuthContext.js';
import { FormErrorAlert } from '../../components/FormErrorAlert.js';
import { LoadError } from '../../components/LoadError.js';
import { PageTitle } from '../../components/PageTitle.js';
import { clearErrorsOnChange } from '../../lib/formErrors.js';
import { monthLabel } from './periods.js';

const MONTHS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];

/**
 * 分析設定: the month the fiscal year starts, the days after which a piece counts as aging,
 * and whether targets compare with tax-included or tax-excluded sales. Read-only without
 * 'targets.manage'.
 */
export function AnalyticsSettingsPage() {
  const { t, i18n } = useTranslation();
  const canEdit = useCan()('targets.manage');
  const { message } = App.useApp();
  const { data, error, reload } = useApiQuery<AnalyticsSettings>('/api/analytics/settings');
  const [form] = Form.useForm<AnalyticsSettings>();
  const { error: saveError, saving, submit } = useFormSubmit(form);

  if (error) return <LoadError error={error} onRetry={reload} />;
  if (!data) return <Skeleton active />;

  const save = async (values: AnalyticsSettings) => {
    const succeeded = await submit(() => api.put<AnalyticsSettings>('/api/analytics/settings', values));
    if (succeeded) {
      void message.success(t('common.saved'));
      reload();
    }
  };

  return (
    <>
      <PageTitle
        title={t('analytics.settings.title')}
        subtitle={t('analytics.settings.lead')}
        extra={
          canEdit && (
            <Button type="primary" icon={<SaveOutlined />} loading={saving} onClick={() => form.submit()} data-testid="analytics-settings-save">
              {t('common.save')}
            </Button>
          )
        }
      />
      {!canEdit && <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('analytics.settings.readOnly')} data-testid="analytics-settings-read-only" />}
      <FormErrorAlert error={saveError} />
      <Card size="small" style={{ maxWidth: 640 }}>
        <Form<AnalyticsSettings>
          form={form}
          layout="vertical"
          disabled={!canEdit}
          initialValues={data}
          onValuesChange={clearErrorsOnChange(form)}
          onFinish={(values) => void save(values)}
          data-testid="analytics-settings-form"
        >
          <Form.Item name="fiscalYearStartMonth" label={t('analytics.settings.fiscalYearStartMonth')} extra={t('analytics.settings.fiscalYearStartMonthHint')} rules={[{ required: true, message: t('common.required') }]}>
            <Select style={{ maxWidth: 200 }} options={MONTHS.map((month) => ({ value: month, label: monthLabel(month, i18n.language === 'en' ? 'en' : 'ja') }))} />
          </Form.Item>
          <Form.Item name="agingThresholdDays" label={t('analytics.settings.agingThresholdDays')} extra={t('analytics.settings.agingThresholdDaysHint')} rules={[{ required: true, message: t('common.required') }]}>
            <InputNumber<number> style={{ maxWidth: 200 }} suffix={t('analytics.settings.days')} />
          </Form.Item>
          <Form.Item name="targetTaxBasis" label={t('analytics.settings.targetTaxBasis')} extra={t('analytics.settings.targetTaxBasisHint')} rules={[{ required: true, message: t('common.required') }]}>
            <Radio.Group
              options={[
                { value: 'included', label: t('analytics.settings.taxIncluded') },
                { value: 'excluded', label: t('analytics.settings.taxExcluded') },
              ]}
            />
          </Form.Item>
        </Form>
      </Card>
    </>
  );
}
