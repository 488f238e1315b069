import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Col, Divider, Form, Input, InputNumber, Row, Select, Space, Switch, Typography } from 'antd';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { api, newIdempotencyKey } from '../../api/client.js';
import { useFormSubmit } from '../../api/hooks.js';
import { DateField } from '../../components/DateField.js';
import { FormDialog } from '../../components/FormDialog.js';
import { LocationSelect } from '../../components/LocationSelect.js';
import { clearErrorsOnChange } from '../../lib/formErrors.js';
import { ringSizeSuffix, todayInTokyo, type Locale } from '../../lib/format.js';
import { FINGERS, FINGER_LABELS, PREFECTURES } from '../../../../src/modules/customers/reference.js';
import { customerToFormValues, formValuesToBody, mapCustomerField } from './customerForm.js';
import type { Customer, CustomerFormValues, CustomerRef } from './types.js';

export interface SavedCustomer extends CustomerRef {
  /** "山田 花子", as entered. */
  name: string;
}

interface CustomerFormModalProps {
  /** The record to edit, or undefined to create one. */
  customer?: Customer;
  /** Only names, readings, contacts and consent: the quick entry at the counter. */
  compact?: boolean;
  /** Values a new record starts with, such as the name typed into a search. */
  initialValues?: Partial<CustomerFormValues>;
  onClose: () => void;
  onSaved: (saved: SavedCustomer, updated: Customer | undefined) => void;
}

/**
 * Renders the dialog that creates or edits a customer. A create sends an idempotency key
 * that stays the same while the user retries, so a lost response never creates the
 * customer twice.
 */
export function CustomerFormModal({ customer, compact = false, initialValues, onClose, onSaved }: CustomerFormModalProps) {
  const { t, i18n } = useTranslation();
  const locale: Locale = i18n.language === 'en' ? 'en' : 'ja';
  const [form] = Form.useForm<CustomerFormValues>();
  const { error, saving, submit } = useFormSubmit(form, mapCustomerField);
  const { message } = App.useApp();
  const createKey = useRef(newIdempotencyKey());

  const save = async (values: CustomerFormValues) => {
    const body = formValuesToBody(values);
    const name = body.givenName ? `${body.familyName} ${body.givenName}` : body.familyName;
    let saved: SavedCustomer | undefined;
    let updated: Customer | undefined;
    const ok = await submit(async () => {
      if (customer) {
        updated = await api.put<Customer>(`/api/customers/${customer.id}`, body);
        saved = { id: updated.id, code: updated.code, name };
      } else {
        const created = await api.post<CustomerRef>('/api/customers', body, { idempotencyKey: createKey.current });
        saved = { ...created, name };
      }
    });
    if (!ok || !saved) return;
    void message.success(customer ? t('common.saved') : t('customers.created', { code: saved.code }));
    onSaved(saved, updated);
  };

  const prefectureOptions = PREFECTURES.map((prefecture) => ({ value: prefecture.ja, label: locale === 'ja' ? prefecture.ja : prefecture.en }));
  const fingerOptions = FINGERS.map((finger) => ({ value: finger, label: FINGER_LABELS[finger][locale] }));

  return (
    <FormDialog
      form={form}
      title={customer ? t('customers.editTitle', { code: customer.code }) : t('customers.newTitle')}
      saving={saving}
      error={error}
      onClose={onClose}
      width={compact ? 520 : 760}
    >
      <Form<CustomerFormValues>
        form={form}
        layout="vertical"
        initialValues={customer ? customerToFormValues(customer) : { consentToContact: false, anniversaries: [], ringSizes: [], ...initialValues }}
        onValuesChange={clearErrorsOnChange(form)}
        onFinish={(values) => void save(values)}
        data-testid="customer-form"
      >
        <Row gutter={12}>
          <Col xs={24} sm={12}>
            <Form.Item name="familyName" label={t('customers.familyName')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
              <Input maxLength={50} autoFocus autoComplete="off" data-testid="customer-family-name" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="givenName" label={t('customers.givenName')}>
              <Input maxLength={50} autoComplete="off" data-testid="customer-given-name" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="familyNameKana" label={t('customers.familyNameKana')} extra={t('customers.kanaHint')}>
              <Input maxLength={50} autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="givenNameKana" label={t('customers.givenNameKana')}>
              <Input maxLength={50} autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="phone" label={t('common.phone')}>
              <Input maxLength={30} inputMode="tel" placeholder="090-1234-5678" autoComplete="off" data-testid="customer-phone" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="email" label={t('common.email')}>
              <Input maxLength={254} inputMode="email" autoComplete="off" />
            </Form.Item>
          </Col>
        </Row>

        {!compact && (
          <>
            <Row gutter={12}>
              <Col xs={24} sm={8}>
                <Form.Item name="postalCode" label={t('common.postalCode')}>
                  <Input maxLength={8} inputMode="numeric" placeholder="100-0005" autoComplete="off" />
                </Form.Item>
              </Col>
              <Col xs={24} sm={16}>
                <Form.Item name="prefecture" label={t('customers.prefecture')}>
                  <Select allowClear showSearch={{ optionFilterProp: 'label' }} options={prefectureOptions} placeholder={t('customers.choosePrefecture')} data-testid="customer-prefecture" />
                </Form.Item>
              </Col>
            </Row>
            <Form.Item name="address" label={t('common.address')}>
              <Input maxLength={300} autoComplete="off" />
            </Form.Item>
            <Row gutter={12}>
              <Col xs={24} sm={12}>
                <Form.Item name="birthday" label={t('customers.birthday')}>
                  <DateField style={{ width: '100%' }} data-testid="customer-birthday" />
                </Form.Item>
              </Col>
              <Col xs={24} sm={12}>
                <Form.Item name="homeLocationId" label={t('customers.homeLocation')}>
                  <LocationSelect allowClear scope="all" style={{ width: '100%' }} />
                </Form.Item>
              </Col>
            </Row>

            <Divider titlePlacement="start" plain>
              {t('customers.anniversaries')}
            </Divider>
            <Form.List name="anniversaries">
              {(fields, { add, remove }) => (
                <>
                  {fields.map((field) => (
                    <Space key={field.key} align="start" wrap style={{ display: 'flex' }}>
                      <Form.Item name={[field.name, 'label']} rules={[{ required: true, message: t('common.required') }]}>
                        <Input maxLength={50} placeholder={t('customers.anniversaryLabelPlaceholder')} aria-label={t('customers.anniversaryLabel')} />
                      </Form.Item>
                      <Form.Item name={[field.name, 'date']} rules={[{ required: true, message: t('common.required') }]}>
                        <DateField placeholder={todayInTokyo()} />
                      </Form.Item>
                      <Button icon={<DeleteOutlined />} aria-label={t('common.remove')} onClick={() => remove(field.name)} />
                    </Space>
                  ))}
                  <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ label: '', date: null })} data-testid="add-anniversary">
                    {t('customers.addAnniversary')}
                  </Button>
                </>
              )}
            </Form.List>

            <Divider titlePlacement="start" plain>
              {t('customers.ringSizes')}
            </Divider>
            <Form.List name="ringSizes">
              {(fields, { add, remove }) => (
                <>
                  {fields.map((field) => (
                    <Space key={field.key} align="start" wrap style={{ display: 'flex' }}>
                      <Form.Item name={[field.name, 'finger']} rules={[{ required: true, message: t('common.required') }]}>
                        <Select options={fingerOptions} style={{ width: 200 }} placeholder={t('customers.chooseFinger')} aria-label={t('customers.finger')} />
                      </Form.Item>
                      <Form.Item name={[field.name, 'size']} rules={[{ required: true, message: t('common.required') }]}>
                        <InputNumber<number> min={1} max={30} step={0.5} suffix={ringSizeSuffix(locale)} aria-label={t('customers.ringSize')} style={{ width: 140 }} />
                      </Form.Item>
                      <Button icon={<DeleteOutlined />} aria-label={t('common.remove')} onClick={() => remove(field.name)} />
                    </Space>
                  ))}
                  <Button
                    type="dashed"
                    icon={<PlusOutlined />}
                    disabled={fields.length >= FINGERS.length}
                    onClick={() => add({ finger: undefined, size: null })}
                    data-testid="add-ring-size"
                  >
                    {t('customers.addRingSize')}
                  </Button>
                </>
              )}
            </Form.List>
            <Divider />
            <Form.Item name="preferences" label={t('customers.preferences')} extra={t('customers.preferencesHint')}>
              <Input.TextArea rows={2} maxLength={2000} />
            </Form.Item>
            <Form.Item name="notes" label={t('common.notes')}>
              <Input.TextArea rows={3} maxLength={2000} />
            </Form.Item>
          </>
        )}

        <Form.Item name="consentToContact" label={t('customers.consentToContact')} valuePropName="checked" extra={t('customers.consentHint')}>
          <Switch data-testid="customer-consent" />
        </Form.Item>
        {compact && <Typography.Text type="secondary">{t('customers.compactHint')}</Typography.Text>}
      </Form>
    </FormDialog>
  );
}
