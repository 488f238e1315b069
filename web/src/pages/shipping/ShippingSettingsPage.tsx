import { SaveOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Form, Input, Row, Select, Skeleton } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { useApiQuery, useFormSubmit } from '../../api/hooks.js';
import { useCan } from '../../auth/AuthContext.js';
import { FormErrorAlert } from '../../components/FormErrorAlert.js';
import { LoadError } from '../../components/LoadError.js';
import { PageTitle } from '../../components/PageTitle.js';
import { clearErrorsOnChange } from '../../lib/formErrors.js';
import { AddressFields } from './AddressFields.js';
import type { ShippingSettings, ShippingSettingsResponse } from './types.js';

/** Values of a shop that has saved no settings yet: Yamato's usual freight number and no codes. */
const EMPTY_SETTINGS: Partial<ShippingSettings> = { handling: [], yamato: { customerCode: null, classCode: null, freightNumber: '01' }, sagawa: { customerCode: null } };

/**
 * Edits the sender (ご依頼主) and carrier contract codes that the waybill files and documents use
 * (配送設定). Shipping staff without 'settings.change' see them read-only.
 */
export function ShippingSettingsPage() {
  const { t } = useTranslation();
  const canEdit = useCan()('settings.change');
  const { message } = App.useApp();
  const { data, error, reload } = useApiQuery<ShippingSettingsResponse>('/api/shipping/settings');
  const [form] = Form.useForm<ShippingSettings>();
  const { error: saveError, saving, submit } = useFormSubmit(form);

  if (error) return <LoadError error={error} onRetry={reload} />;
  if (!data) return <Skeleton active />;

  const save = async (values: ShippingSettings) => {
    const succeeded = await submit(() => api.put<ShippingSettingsResponse>('/api/shipping/settings', values));
    if (succeeded) void message.success(t('common.saved'));
  };

  return (
    <>
      <PageTitle
        title={t('shipping.settings.title')}
        subtitle={t('shipping.settings.lead')}
        extra={
          canEdit && (
            <Button type="primary" icon={<SaveOutlined />} loading={saving} onClick={() => form.submit()} data-testid="shipping-settings-save">
              {t('common.save')}
            </Button>
          )
        }
      />
      {!canEdit && <Alert type="info" showIcon style={{ marginBottom: 16 }} message={t('shipping.settings.readOnly')} data-testid="shipping-settings-read-only" />}
      <FormErrorAlert error={saveError} />
      <Form<ShippingSettings>
        form={form}
        layout="vertical"
        disabled={!canEdit}
        initialValues={data.settings ?? EMPTY_SETTINGS}
        onValuesChange={clearErrorsOnChange(form)}
        onFinish={(values) => void save(values)}
        data-testid="shipping-settings-form"
      >
        <Card size="small" title={t('shipping.settings.sender')} style={{ marginBottom: 16 }}>
          <AddressFields prefix="sender" recipient={false} />
        </Card>
        <Card size="small" title={t('shipping.settings.waybill')} style={{ marginBottom: 16 }}>
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item name="defaultItemName" label={t('shipping.fields.defaultItemName')} extra={t('shipping.settings.defaultItemNameHint')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
                <Input maxLength={50} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="handling" label={t('shipping.fields.handling')} extra={t('shipping.settings.handlingHint')}>
                <Select mode="tags" maxCount={2} options={['精密機器', 'ワレ物注意', '下積厳禁', '天地無用', 'ナマモノ'].map((value) => ({ value, label: value }))} />
              </Form.Item>
            </Col>
          </Row>
        </Card>
        <Card size="small" title={t('shipping.settings.yamato')} style={{ marginBottom: 16 }}>
          <Row gutter={16}>
            <Col xs={24} md={8}>
              <Form.Item name={['yamato', 'customerCode']} label={t('shipping.fields.yamato.customerCode')} extra={t('shipping.settings.yamatoCustomerCodeHint')}>
                <Input maxLength={12} inputMode="numeric" />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name={['yamato', 'classCode']} label={t('shipping.fields.yamato.classCode')} extra={t('shipping.settings.yamatoClassCodeHint')}>
                <Input maxLength={3} inputMode="numeric" />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name={['yamato', 'freightNumber']} label={t('shipping.fields.yamato.freightNumber')} extra={t('shipping.settings.yamatoFreightNumberHint')} rules={[{ required: true, message: t('common.required') }]}>
                <Input maxLength={2} inputMode="numeric" />
              </Form.Item>
            </Col>
          </Row>
        </Card>
        <Card size="small" title={t('shipping.settings.sagawa')} style={{ marginBottom: 16 }}>
          <Form.Item name={['sagawa', 'customerCode']} label={t('shipping.fields.sagawa.customerCode')} extra={t('shipping.settings.sagawaCustomerCodeHint')}>
            <Input maxLength={12} inputMode="numeric" style={{ maxWidth: 240 }} />
          </Form.Item>
        </Card>
      </Form>
      {!data.smtpConfigured && <Card size="small">{t('shipping.settings.noSmtp')}</Card>}
    </>
  );
}
