import { App, Button, Card, Form, Input, Radio, Select, Skeleton, Switch } from 'antd';
import { useCan } from '../../auth/AuthContext.js';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { useApiQuery, useErrorReporter } from '../../api/hooks.js';
import type { CompanySettings } from '../../api/types.js';
import { LoadError } from '../../components/LoadError.js';
import { PageTitle } from '../../components/PageTitle.js';
import { clearErrorsOnChange, clearFieldErrors } from '../../lib/formErrors.js';

export function CompanyPage() {
  const { t } = useTranslation();
  const { data, error, loading, reload } = useApiQuery<CompanySettings>('/api/company');
  const [form] = Form.useForm<CompanySettings>();
  const [saving, setSaving] = useState(false);
  const reportError = useErrorReporter();
  const { message } = App.useApp();
  // The cipher decodes the cost code on tags, so only users who may see cost get and set it.
  const canSeeCost = useCan()('cost.view');

  useEffect(() => {
    if (data) form.setFieldsValue(data);
  }, [data, form]);

  const save = async (values: CompanySettings) => {
    clearFieldErrors(form);
    setSaving(true);
    try {
      const body = canSeeCost ? { ...values, costCipher: values.costCipher ?? null } : values;
      const saved = await api.put<CompanySettings>('/api/company', body);
      form.setFieldsValue(saved);
      void message.success(t('common.saved'));
    } catch (cause) {
      reportError(cause, form);
    } finally {
      setSaving(false);
    }
  };

  return (
    <>
      <PageTitle title={t('company.title')} />
      {error && <LoadError error={error} onRetry={reload} />}
      {loading && !data ? (
        <Skeleton active />
      ) : (
        <Card style={{ maxWidth: 720 }}>
          <Form<CompanySettings> form={form} layout="vertical" onValuesChange={clearErrorsOnChange(form)} onFinish={(values) => void save(values)} data-testid="company-form">
            <Form.Item name="name" label={t('company.name')} extra={t('company.nameHint')}>
              <Input maxLength={200} />
            </Form.Item>
            <Form.Item name="postalCode" label={t('common.postalCode')}>
              <Input maxLength={10} style={{ maxWidth: 160 }} />
            </Form.Item>
            <Form.Item name="address" label={t('common.address')}>
              <Input maxLength={300} />
            </Form.Item>
            <Form.Item name="phone" label={t('common.phone')}>
              <Input maxLength={30} style={{ maxWidth: 240 }} />
            </Form.Item>
            <Form.Item name="invoiceRegistrationNumber" label={t('common.invoiceRegistrationNumber')} extra={t('common.invoiceRegistrationNumberHint')}>
              <Input maxLength={14} placeholder="T7000012050002" style={{ maxWidth: 240 }} />
            </Form.Item>
            <Form.Item name="defaultTaxRatePercent" label={t('company.defaultTaxRate')} rules={[{ required: true }]}>
              <Select
                style={{ maxWidth: 240 }}
                options={[
                  { value: 10, label: t('tax.standard') },
                  { value: 8, label: t('tax.reduced') },
                ]}
              />
            </Form.Item>
            <Form.Item name="taxRounding" label={t('company.taxRounding')} rules={[{ required: true }]} extra={t('company.taxRoundingHint')}>
              <Radio.Group
                options={[
                  { value: 'down', label: t('rounding.down') },
                  { value: 'half_up', label: t('rounding.half_up') },
                  { value: 'up', label: t('rounding.up') },
                ]}
              />
            </Form.Item>
            <Form.Item name="stockNumberPattern" label={t('company.stockNumberPattern')} rules={[{ required: true }]} extra={t('company.stockNumberPatternHint')}>
              <Input maxLength={60} style={{ maxWidth: 320 }} />
            </Form.Item>
            <Form.Item name="scopedStaffSeeOtherLocations" label={t('company.scopedStaffSeeOtherLocations')} valuePropName="checked" extra={t('company.scopedStaffSeeOtherLocationsHint')}>
              <Switch checkedChildren={t('company.shown')} unCheckedChildren={t('company.hidden')} data-testid="company-see-other-locations" />
            </Form.Item>
            {canSeeCost && (
              <Form.Item name="costCipher" label={t('priceTags.cipher.label')} extra={t('priceTags.cipher.hint')}>
                <Input maxLength={20} placeholder={t('priceTags.cipher.placeholder')} style={{ maxWidth: 240, textTransform: 'uppercase' }} data-testid="company-cost-cipher" />
              </Form.Item>
            )}
            <Button type="primary" htmlType="submit" loading={saving}>
              {t('common.save')}
            </Button>
          </Form>
        </Card>
      )}
    </>
  );
}
