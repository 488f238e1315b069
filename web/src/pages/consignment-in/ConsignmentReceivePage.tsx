import { DeleteOutlined, PlusOutlined, SaveOutlined, SettingOutlined } from '@ant-design/icons';
import { Alert, App, AutoComplete, Button, Card, Col, Drawer, Form, Input, InputNumber, Result, Row, Select, Space, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiQuery, useDocumentPost } from '../../api/hooks.js';
import { DateField } from '../../components/DateField.js';
import { PageTitle } from '../../components/PageTitle.js';
import { YenInput } from '../../components/YenInput.js';
import { useAttributeLabels, useDefaultLocationId } from '../../data/ReferenceData.js';
import { clearErrorsOnChange } from '../../lib/formErrors.js';
import { todayInTokyo } from '../../lib/format.js';
import { measureRule, YEN } from '../../lib/measures.js';
import { Link, navigate, useLeaveGuard, useSearchParams } from '../../lib/router.js';
import { ItemFormFields } from '../items/ItemFormFields.js';
import { toItemAttributes, type ItemFormValues } from '../items/itemFormValues.js';
import { mapPurchaseField } from '../purchases/purchaseLines.js';
import type { Agreement, ConsignmentReceipt, Consignor } from './consignmentTypes.js';
import { useAgreementSummary } from './ConsignorDetailPage.js';
import { notFutureRule, percentRule } from './consignmentRules.js';
import { StockroomSelect } from './StockroomSelect.js';

/** One piece on the receiving form: its attributes and the terms set for it alone. */
interface ReceiveLineValues extends ItemFormValues {
  commissionRatePercent?: number | null;
  netAmount?: number | null;
  returnDueOn?: string | null;
}

interface ReceiveFormValues {
  consignorId?: number;
  agreementId?: number;
  locationId?: number;
  receivedOn?: string;
  note?: string;
  lines: ReceiveLineValues[];
}

/** Attributes each line shows in its row; the details drawer shows the rest. */
const LINE_FIELDS = ['stockNumber', 'name', 'category', 'metal', 'retailPrice'];

function blankLine(previous?: ReceiveLineValues): ReceiveLineValues {
  return { category: previous?.category ?? 'ring', tracking: 'unique', condition: previous?.condition ?? 'new' };
}

function isBlank(line: ReceiveLineValues): boolean {
  return !line.stockNumber && !line.name && (line.retailPrice === undefined || line.retailPrice === null);
}

const inLine = { style: { marginBottom: 0 } };

/**
 * Receiving a consignor's pieces: consignor, agreement and location first, then one row per
 * piece with its own terms where they differ from the agreement's.
 */
export function ConsignmentReceivePage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { options } = useAttributeLabels();
  const summary = useAgreementSummary();
  const [params] = useSearchParams();
  const [form] = Form.useForm<ReceiveFormValues>();
  const defaultLocationId = useDefaultLocationId();
  const { post, saving } = useDocumentPost<ConsignmentReceipt>('/api/consignment/receipts');
  const [saved, setSaved] = useState<ConsignmentReceipt>();
  const [detailsIndex, setDetailsIndex] = useState<number>();

  const consignorId = Form.useWatch('consignorId', form) as number | undefined;
  const agreementId = Form.useWatch('agreementId', form) as number | undefined;
  const lines = (Form.useWatch('lines', { form, preserve: true }) ?? []) as ReceiveLineValues[];
  const consignors = useApiQuery<{ consignors: Consignor[] }>('/api/consignment/consignors');
  const agreements = useApiQuery<{ agreements: Agreement[] }>(consignorId ? '/api/consignment/agreements' : null, { consignorId: String(consignorId ?? ''), status: 'active' });
  // The previous consignor's agreements stay in the query's data until the next ones arrive.
  const consignorAgreements = (agreements.data?.agreements ?? []).filter((candidate) => candidate.consignorId === consignorId);
  const agreement = consignorAgreements.find((candidate) => candidate.id === agreementId);
  const pieceCount = lines.filter((line) => !isBlank(line)).length;

  // A consignor with one active agreement gets it chosen, as most consignors have one.
  const onlyAgreementId = consignorAgreements.length === 1 ? consignorAgreements[0]!.id : undefined;
  useEffect(() => {
    if (onlyAgreementId !== undefined && form.getFieldValue('agreementId') === undefined) form.setFieldValue('agreementId', onlyAgreementId);
  }, [onlyAgreementId, form]);
  useLeaveGuard(!saved && pieceCount > 0 ? t('consignment.receive.leaveUnsaved') : null);

  const submit = async () => {
    const all = (form.getFieldValue('lines') ?? []) as ReceiveLineValues[];
    const kept = all.filter((line) => !isBlank(line));
    if (kept.length !== all.length) form.setFieldValue('lines', kept.length > 0 ? kept : [blankLine()]);

    // The whole form is checked before the count of pieces, so every missing field is marked at once.
    const valid = await form.validateFields().then(
      () => true,
      () => false,
    );
    if (kept.length === 0) {
      void message.error(t('consignment.receive.noLines'));
      return;
    }
    if (!valid) return;

    const values = form.getFieldsValue(true) as ReceiveFormValues;
    const receipt = await post(
      {
        consignorId: values.consignorId,
        agreementId: values.agreementId,
        locationId: values.locationId,
        receivedOn: values.receivedOn,
        note: values.note,
        lines: kept.map((line) => ({
          item: toItemAttributes({ ...line, cost: undefined, supplierId: null }),
          commissionRatePercent: line.commissionRatePercent ?? null,
          netAmount: line.netAmount ?? null,
          returnDueOn: line.returnDueOn ?? null,
        })),
      },
      form,
      mapPurchaseField,
    );
    if (receipt) setSaved(receipt);
  };

  const startNext = () => {
    const { consignorId: keptConsignor, agreementId: keptAgreement, locationId, receivedOn } = form.getFieldsValue(true) as ReceiveFormValues;
    form.resetFields();
    form.setFieldsValue({ consignorId: keptConsignor, agreementId: keptAgreement, locationId, receivedOn, lines: [blankLine()] });
    setSaved(undefined);
  };

  if (saved) {
    return (
      <Result
        status="success"
        title={t('consignment.receive.savedTitle', { number: saved.number })}
        subTitle={t('consignment.receive.savedSummary', { count: saved.lineCount, consignor: saved.consignorName })}
        extra={[
          <Button type="primary" key="next" onClick={startNext} autoFocus data-testid="consignment-receive-next">
            {t('consignment.receive.enterNext')}
          </Button>,
          <Button key="items" onClick={() => navigate('/items?ownership=consignment_in')}>
            {t('nav.items')}
          </Button>,
        ]}
      >
        <Space wrap>
          {saved.lines.map((line) => (
            <Link key={line.itemId} to={`/items/${line.itemId}`}>
              <Tag>{line.item.stockNumber}</Tag>
            </Link>
          ))}
        </Space>
      </Result>
    );
  }

  const initialConsignor = Number(params.get('consignorId')) || undefined;

  return (
    <>
      <PageTitle title={t('consignment.receive.title')} />
      <Form<ReceiveFormValues>
        form={form}
        layout="vertical"
        onValuesChange={clearErrorsOnChange(form)}
        initialValues={{ consignorId: initialConsignor, locationId: defaultLocationId, receivedOn: todayInTokyo(), lines: [blankLine()] }}
        data-testid="consignment-receive-form"
      >
        <Card size="small" style={{ marginBottom: 12 }}>
          <Row gutter={12}>
            <Col xs={24} md={12} xl={6}>
              <Form.Item name="consignorId" label={t('consignment.receive.consignor')} rules={[{ required: true, message: t('consignment.receive.chooseConsignor') }]}>
                <Select
                  showSearch={{ optionFilterProp: 'label' }}
                  placeholder={t('consignment.receive.chooseConsignor')}
                  loading={consignors.loading}
                  onChange={() => form.setFieldValue('agreementId', undefined)}
                  options={(consignors.data?.consignors ?? []).map((consignor) => ({ value: consignor.id, label: `${consignor.code} ${consignor.name}` }))}
                  data-testid="consignment-consignor"
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={12} xl={6}>
              <Form.Item name="agreementId" label={t('consignment.receive.agreement')} rules={[{ required: true, message: t('consignment.receive.chooseAgreement') }]}>
                <Select
                  placeholder={t('consignment.receive.chooseAgreement')}
                  loading={agreements.loading}
                  options={consignorAgreements.map((candidate) => ({ value: candidate.id, label: `${candidate.number} ${summary(candidate)}` }))}
                  data-testid="consignment-agreement"
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={12} xl={6}>
              <Form.Item name="locationId" label={t('consignment.receive.location')} rules={[{ required: true, message: t('common.chooseLocation') }]}>
                <StockroomSelect data-testid="consignment-location" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12} xl={6}>
              <Form.Item name="receivedOn" label={t('consignment.receive.date')} rules={[{ required: true, message: t('common.required') }, notFutureRule(t)]}>
                <DateField allowClear={false} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name="note" label={t('common.notes')} style={{ marginBottom: 8 }}>
            <Input maxLength={1000} />
          </Form.Item>
          <Typography.Text type="secondary">{t('consignment.receive.bookCostNote')}</Typography.Text>
          {agreement?.terms === 'net' && <Alert type="info" showIcon style={{ marginTop: 8 }} message={t('consignment.receive.netRequired')} />}
        </Card>

        <Card
          size="small"
          title={t('consignment.receive.lines')}
          style={{ marginBottom: 12 }}
          extra={
            <Button icon={<PlusOutlined />} onClick={() => form.setFieldValue('lines', [...lines, blankLine(lines[lines.length - 1])])} data-testid="consignment-add-line">
              {t('consignment.receive.addLine')}
            </Button>
          }
        >
          <Form.List name="lines">
            {(fields, { remove }) => (
              <Space direction="vertical" style={{ width: '100%' }} size={8}>
                {fields.map((field, index) => (
                  <Row key={field.key} gutter={8} align="bottom" data-testid={`consignment-line-${index}`} style={{ padding: '6px 0', borderBottom: '1px solid #f0f0f0' }}>
                    <Col flex="24px">
                      <Typography.Text type="secondary">{index + 1}</Typography.Text>
                    </Col>
                    <Col xs={12} md={4}>
                      <Form.Item name={[field.name, 'stockNumber']} label={t('items.stockNumber')} {...inLine}>
                        <Input autoComplete="off" maxLength={40} aria-label={t('items.stockNumber')} />
                      </Form.Item>
                    </Col>
                    <Col xs={12} md={5}>
                      <Form.Item name={[field.name, 'name']} label={t('items.name')} rules={[{ required: true, message: t('common.required') }]} {...inLine}>
                        <Input maxLength={200} aria-label={t('items.name')} data-testid={`consignment-line-${index}-name`} />
                      </Form.Item>
                    </Col>
                    <Col xs={12} md={3}>
                      <Form.Item name={[field.name, 'category']} label={t('items.category')} rules={[{ required: true, message: t('common.required') }]} {...inLine}>
                        <Select showSearch={{ optionFilterProp: 'label' }} options={options('categories')} aria-label={t('items.category')} />
                      </Form.Item>
                    </Col>
                    <Col xs={12} md={2}>
                      <Form.Item name={[field.name, 'metal']} label={t('items.metal')} {...inLine}>
                        <AutoComplete aria-label={t('items.metal')} options={options('metals').map((option) => ({ value: option.value }))} />
                      </Form.Item>
                    </Col>
                    <Col xs={12} md={3}>
                      <Form.Item name={[field.name, 'retailPrice']} label={t('items.retailPrice')} rules={[{ required: true, message: t('common.required') }, measureRule(t, YEN)]} {...inLine}>
                        <YenInput aria-label={t('items.retailPrice')} data-testid={`consignment-line-${index}-price`} />
                      </Form.Item>
                    </Col>
                    <Col xs={8} md={2}>
                      <Form.Item
                        name={[field.name, 'commissionRatePercent']}
                        label={t('consignment.receive.rateOverride')}
                        tooltip={t('consignment.receive.rateOverrideHint')}
                        rules={[percentRule(t)]}
                        {...inLine}
                      >
                        <InputNumber<number>
                          suffix="%"
                          style={{ width: '100%' }}
                          placeholder={agreement?.commissionRatePercent != null ? String(agreement.commissionRatePercent) : undefined}
                          disabled={agreement?.terms === 'net'}
                          data-testid={`consignment-line-${index}-rate`}
                        />
                      </Form.Item>
                    </Col>
                    <Col xs={8} md={2}>
                      <Form.Item
                        name={[field.name, 'netAmount']}
                        label={t('consignment.receive.netAmount')}
                        rules={[...(agreement?.terms === 'net' ? [{ required: true, message: t('common.required') }] : []), measureRule(t, YEN)]}
                        {...inLine}
                      >
                        <YenInput aria-label={t('consignment.receive.netAmount')} />
                      </Form.Item>
                    </Col>
                    <Col xs={8} md={2}>
                      <Form.Item name={[field.name, 'returnDueOn']} label={t('consignment.receive.returnDueOn')} {...inLine}>
                        <DateField style={{ width: '100%' }} placeholder={agreement?.returnDueOn ?? undefined} />
                      </Form.Item>
                    </Col>
                    <Col flex="none">
                      <Button type="text" icon={<SettingOutlined />} aria-label={t('consignment.receive.details')} title={t('consignment.receive.details')} onClick={() => setDetailsIndex(index)} />
                      <Button
                        type="text"
                        danger
                        icon={<DeleteOutlined />}
                        aria-label={t('consignment.receive.removeLine', { line: index + 1 })}
                        onClick={() => (fields.length === 1 ? form.setFieldValue('lines', [blankLine()]) : remove(field.name))}
                      />
                    </Col>
                  </Row>
                ))}
              </Space>
            )}
          </Form.List>
        </Card>

        <Card size="small" style={{ position: 'sticky', bottom: 0, zIndex: 2 }}>
          <Row align="middle" justify="space-between">
            <Typography.Text>{t('purchases.pieces')}: {pieceCount}</Typography.Text>
            <Button type="primary" size="large" icon={<SaveOutlined />} loading={saving} onClick={() => void submit()} data-testid="consignment-receive-save">
              {t('consignment.receive.save')}
            </Button>
          </Row>
        </Card>

        <Drawer
          open={detailsIndex !== undefined}
          size={720}
          title={t('consignment.receive.lineDetails', { line: (detailsIndex ?? 0) + 1 })}
          onClose={() => setDetailsIndex(undefined)}
          destroyOnHidden
          extra={<Button onClick={() => setDetailsIndex(undefined)}>{t('common.close')}</Button>}
        >
          {detailsIndex !== undefined && <ItemFormFields prefix={['lines', detailsIndex]} withCostAndSupplier={false} trackingEditable={false} exclude={LINE_FIELDS} />}
        </Drawer>
      </Form>
    </>
  );
}
