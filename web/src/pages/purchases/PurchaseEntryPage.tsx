import { PlusOutlined, SaveOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, Descriptions, Drawer, Form, Input, Result, Row, Select, Space, Switch, Tag, Typography } from 'antd';
import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api/client.js';
import { useApiQuery, useDocumentPost, useErrorReporter } from '../../api/hooks.js';
import type { CompanySettings, ItemSummary, Purchase, Supplier } from '../../api/types.js';
import { DateField } from '../../components/DateField.js';
import { LocationSelect } from '../../components/LocationSelect.js';
import { PageTitle } from '../../components/PageTitle.js';
import { SupplierSelect } from '../../components/SupplierSelect.js';
import { clearErrorsOnChange } from '../../lib/formErrors.js';
import { enterBelongsToElement, focusNextField, isOpenDropdown } from '../../lib/entryNavigation.js';
import { computeTax, formatYen, todayInTokyo, type Locale } from '../../lib/format.js';
import { Link, navigate, useLeaveGuard } from '../../lib/router.js';
import { useDefaultLocationId } from '../../data/ReferenceData.js';
import { ItemFormFields } from '../items/ItemFormFields.js';
import { PurchaseLineRow } from './PurchaseLineRow.js';
import { blankLine, hasSellerInput, isBlank, lineAmount, mapPurchaseField, toRequestLine, type PurchaseFormValues, type PurchaseLineValues } from './purchaseLines.js';
import { SellerFields, type SellerValues } from './SellerFields.js';

/** Attributes that a slip line shows in its own row. Its details drawer shows the rest. */
const LINE_FIELDS = ['stockNumber', 'name', 'category', 'metal', 'metalWeightG', 'mainStoneKind', 'mainStoneCaratCt', 'ringSize', 'retailPrice'];

/**
 * Receiving a supplier's slip: header, then one line per piece typed or scanned in a row.
 * Enter moves to the next field, Enter on the last field of the last line opens a new
 * line, Alt+N adds a line anywhere and Ctrl+Enter saves. Totals and tax follow as you type.
 */
export function PurchaseEntryPage() {
  const { t, i18n } = useTranslation();
  const locale: Locale = i18n.language === 'en' ? 'en' : 'ja';
  const [form] = Form.useForm<PurchaseFormValues>();
  const defaultLocationId = useDefaultLocationId();
  const company = useApiQuery<CompanySettings>('/api/company');
  const entryRef = useRef<HTMLDivElement>(null);
  const dropdownEnterTarget = useRef<HTMLElement | null>(null);
  const { post, saving } = useDocumentPost<Purchase>('/api/purchases');
  const [saved, setSaved] = useState<Purchase>();
  const [detailsIndex, setDetailsIndex] = useState<number>();
  const reportError = useErrorReporter();
  const { message } = App.useApp();

  const lines = (Form.useWatch('lines', { form, preserve: true }) ?? []) as PurchaseLineValues[];
  const taxRate = (Form.useWatch('taxRatePercent', form) as number | undefined) ?? 10;
  const isSecondhand = Form.useWatch('isSecondhand', form) as boolean | undefined;
  const [supplierKind, setSupplierKind] = useState<Supplier['kind']>();
  const taxRateChosen = useRef(false);
  // A private individual charges no consumption tax: an individual supplier, or a seller of pre-owned goods.
  const fromIndividual = supplierKind === 'individual' || isSecondhand === true;
  const rounding = company.data?.taxRounding ?? 'down';
  const subtotal = lines.reduce((sum, line) => sum + lineAmount(line), 0);
  const tax = computeTax(subtotal, taxRate, rounding);
  const pieceCount = lines.filter((line) => !isBlank(line)).length;

  // A slip or seller typed but not saved would be lost, so leaving the page needs a confirmation.
  const seller = Form.useWatch('seller', { form, preserve: true }) as SellerValues | undefined;
  const unsaved = !saved && (pieceCount > 0 || (isSecondhand === true && hasSellerInput(seller)));
  useLeaveGuard(unsaved ? t('purchases.leaveUnsaved') : null);

  // The tax rate follows the seller until the user picks one: 0% from an individual, else the company default.
  useEffect(() => {
    if (taxRateChosen.current) return;
    if (fromIndividual) form.setFieldValue('taxRatePercent', 0);
    else if (company.data) form.setFieldValue('taxRatePercent', company.data.defaultTaxRatePercent);
  }, [company.data, form, fromIndividual]);

  const focusLine = useCallback((index: number, field = 'stockNumber') => {
    // Runs after React has rendered the new line.
    window.setTimeout(() => {
      const input = entryRef.current?.querySelector<HTMLInputElement>(`[data-line="${index}"] [data-field="${field}"] input`);
      input?.focus();
      input?.select();
    }, 0);
  }, []);

  const addLine = useCallback(() => {
    const current = (form.getFieldValue('lines') ?? []) as PurchaseLineValues[];
    form.setFieldValue('lines', [...current, blankLine(current[current.length - 1])]);
    focusLine(current.length);
  }, [focusLine, form]);

  /**
   * Handles keyboard entry in the capture phase, so that a closed select never receives the
   * Enter that moves past it. A select that received it would open its list instead.
   */
  const onKeyDownCapture = (event: KeyboardEvent<HTMLDivElement>) => {
    const target = event.target as HTMLElement;
    const container = entryRef.current;
    if (!container) return;

    if (event.altKey && (event.key === 'n' || event.key === 'N')) {
      event.preventDefault();
      addLine();
      return;
    }
    if ((event.ctrlKey || event.metaKey) && event.key === 'Enter') {
      event.preventDefault();
      void submit();
      return;
    }
    if (event.key !== 'Enter' || event.shiftKey || event.altKey || event.ctrlKey || event.metaKey || event.nativeEvent.isComposing) return;
    if (enterBelongsToElement(target)) return;
    if (isOpenDropdown(target)) {
      // The dropdown takes this Enter to pick its option; onKeyDown moves on after it has.
      dropdownEnterTarget.current = target;
      return;
    }

    event.preventDefault();
    event.stopPropagation();
    const lineIndex = target.closest('[data-line]')?.getAttribute('data-line');
    if (lineIndex != null && target.closest('[data-field="stockNumber"]') && target instanceof HTMLInputElement) {
      onStockNumberEnter(Number(lineIndex), target);
      return;
    }
    if (!focusNextField(container, target)) addLine();
  };

  /** After an open dropdown has handled its Enter (bubble phase), the focus moves to the next field. */
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const target = dropdownEnterTarget.current;
    dropdownEnterTarget.current = null;
    if (event.key === 'Enter' && target === event.target && entryRef.current) focusNextField(entryRef.current, target);
  };

  /**
   * Moves on from the stock number box at once, so that a scanner's next keys land in the
   * next field, and looks the code up meanwhile. A code already in the catalogue turns the
   * line into more of that item, or is rejected when it belongs to a unique piece.
   */
  const onStockNumberEnter = (index: number, input: HTMLInputElement) => {
    if (entryRef.current) focusNextField(entryRef.current, input);
    const line = (form.getFieldValue(['lines', index]) ?? {}) as PurchaseLineValues;
    const code = line.stockNumber?.trim();
    if (code && !line.existing) void lookUpCode(index, code);
  };

  const lookUpCode = async (index: number, code: string) => {
    let item: ItemSummary;
    try {
      item = await api.get<ItemSummary>('/api/items/lookup', { code });
    } catch (error) {
      // Not found is the usual case: a new piece whose tag carries this stock number.
      if (!(error instanceof ApiError && error.status === 404)) reportError(error);
      return;
    }

    // The line may have been edited or removed while the request ran.
    const line = (form.getFieldValue(['lines', index]) ?? {}) as PurchaseLineValues;
    if (line.stockNumber?.trim() !== code || line.existing) return;

    const duplicate = ((form.getFieldValue('lines') ?? []) as PurchaseLineValues[]).some((other, i) => i !== index && other.existing?.id === item.id);
    if (item.tracking === 'unique' || duplicate) {
      // A unique piece cannot be received twice, and a repeated item belongs on its first line.
      form.setFields([{ name: ['lines', index, 'stockNumber'], errors: [t(duplicate ? 'purchases.alreadyOnSlip' : 'purchases.uniqueExists', { stockNumber: item.stockNumber })] }]);
      return;
    }
    form.setFieldValue(['lines', index], {
      existing: { id: item.id, stockNumber: item.stockNumber, name: item.name, tracking: item.tracking, unit: item.unit },
      stockNumber: item.stockNumber,
      quantity: line.quantity ?? 1,
      unitCost: line.unitCost ?? item.cost,
    } satisfies PurchaseLineValues);
    focusLine(index, 'quantity');
  };

  const submit = async () => {
    const all = (form.getFieldValue('lines') ?? []) as PurchaseLineValues[];
    const kept = all.filter((line) => !isBlank(line));
    if (kept.length !== all.length) form.setFieldValue('lines', kept.length > 0 ? kept : [blankLine()]);
    if (kept.length === 0) {
      void message.error(t('purchases.noLines'));
      focusLine(0);
      return;
    }
    const valid = await form.validateFields().then(
      () => true,
      () => false,
    );
    if (!valid) return;

    const values = form.getFieldsValue(true) as PurchaseFormValues;
    const purchase = await post(
      {
        supplierId: values.supplierId,
        locationId: values.locationId,
        purchasedOn: values.purchasedOn,
        supplierDocumentNumber: values.supplierDocumentNumber,
        taxRatePercent: values.taxRatePercent,
        isSecondhand: values.isSecondhand ?? false,
        note: values.note,
        seller: values.isSecondhand ? values.seller : undefined,
        lines: kept.map((line) => toRequestLine(line, values.isSecondhand ?? false)),
      },
      form,
      mapPurchaseField,
    );
    if (purchase) setSaved(purchase);
  };

  const startNext = () => {
    const { supplierId, locationId, purchasedOn, taxRatePercent } = form.getFieldsValue(true) as PurchaseFormValues;
    form.resetFields();
    form.setFieldsValue({ supplierId, locationId, purchasedOn, taxRatePercent, lines: [blankLine()] });
    setSaved(undefined);
    focusLine(0);
  };

  if (saved) {
    return (
      <Result
        status="success"
        title={t('purchases.savedTitle', { number: saved.number })}
        subTitle={t('purchases.savedSummary', { count: saved.lineCount, total: formatYen(saved.total) })}
        extra={[
          <Button type="primary" key="next" onClick={startNext} autoFocus data-testid="purchase-next">
            {t('purchases.enterNext')}
          </Button>,
          <Button key="open" onClick={() => navigate(`/purchases/${saved.id}`)}>
            {t('purchases.openSlip')}
          </Button>,
          <Button key="items" onClick={() => navigate('/items')}>
            {t('nav.items')}
          </Button>,
        ]}
      >
        <Space wrap>
          {saved.lines.map((line) => (
            <Link key={line.lineNo} to={`/items/${line.itemId}`}>
              <Tag>{line.item.stockNumber}</Tag>
            </Link>
          ))}
        </Space>
      </Result>
    );
  }

  return (
    <>
      <PageTitle title={t('purchases.entryTitle')} subtitle={t('purchases.keyboardHint')} />
      <div ref={entryRef} onKeyDownCapture={onKeyDownCapture} onKeyDown={onKeyDown}>
        <Form<PurchaseFormValues>
          form={form}
          onValuesChange={clearErrorsOnChange(form)}
          layout="vertical"
          initialValues={{ locationId: defaultLocationId, purchasedOn: todayInTokyo(), isSecondhand: false, lines: [blankLine()] }}
          data-testid="purchase-form"
        >
          <Card size="small" style={{ marginBottom: 12 }}>
            <Row gutter={12}>
              <Col xs={24} md={12} xl={6}>
                <Form.Item name="supplierId" label={t('purchases.supplier')} rules={[{ required: true, message: t('common.chooseSupplier') }]}>
                  <SupplierSelect autoFocus data-testid="purchase-supplier" onChange={(_, supplier) => setSupplierKind(supplier?.kind)} />
                </Form.Item>
              </Col>
              <Col xs={24} md={12} xl={5}>
                <Form.Item name="locationId" label={t('purchases.location')} rules={[{ required: true, message: t('common.chooseLocation') }]}>
                  <LocationSelect scope="act" data-testid="purchase-location" />
                </Form.Item>
              </Col>
              <Col xs={12} md={6} xl={4}>
                <Form.Item name="purchasedOn" label={t('purchases.date')} rules={[{ required: true, message: t('common.required') }]}>
                  <DateField allowClear={false} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col xs={12} md={6} xl={4}>
                <Form.Item name="supplierDocumentNumber" label={t('purchases.supplierDocumentNumber')}>
                  <Input maxLength={100} />
                </Form.Item>
              </Col>
              <Col xs={12} md={6} xl={3}>
                <Form.Item name="taxRatePercent" label={t('purchases.taxRate')}>
                  <Select
                    onChange={() => {
                      taxRateChosen.current = true;
                    }}
                    options={[
                      { value: 10, label: '10%' },
                      { value: 8, label: '8%' },
                      { value: 0, label: '0%' },
                    ]}
                  />
                </Form.Item>
              </Col>
              <Col xs={12} md={6} xl={2}>
                <Form.Item name="isSecondhand" label={t('purchases.secondhand')} valuePropName="checked">
                  <Switch data-testid="purchase-secondhand" />
                </Form.Item>
              </Col>
            </Row>
            {fromIndividual && taxRate === 0 && (
              <Typography.Paragraph type="secondary" data-testid="purchase-tax-hint">
                {t('purchases.taxRateIndividual')}
              </Typography.Paragraph>
            )}
            <Form.Item name="note" label={t('common.notes')} style={{ marginBottom: 0 }}>
              <Input maxLength={1000} />
            </Form.Item>
          </Card>

          {isSecondhand && (
            <Card size="small" title={t('purchases.sellerTitle')} style={{ marginBottom: 12 }} extra={<Typography.Text type="secondary">{t('purchases.sellerLead')}</Typography.Text>}>
              <SellerFields />
            </Card>
          )}

          <Card
            size="small"
            title={t('purchases.lines')}
            style={{ marginBottom: 12 }}
            extra={
              <Button icon={<PlusOutlined />} onClick={addLine} data-entry-skip data-testid="purchase-add-line">
                {t('purchases.addLine')}
              </Button>
            }
          >
            <Form.List name="lines">
              {(fields, { remove }) => (
                <Space direction="vertical" style={{ width: '100%' }} size={8}>
                  {fields.map((field, index) => (
                    <PurchaseLineRow
                      key={field.key}
                      secondhand={isSecondhand ?? false}
                      field={field}
                      index={index}
                      locale={locale}
                      onDetails={() => setDetailsIndex(index)}
                      onDuplicate={() => {
                        const current = (form.getFieldValue('lines') ?? []) as PurchaseLineValues[];
                        const source = current[index];
                        if (!source) return;
                        const copy: PurchaseLineValues = source.existing ? blankLine(source) : { ...source, stockNumber: undefined, janCode: undefined };
                        form.setFieldValue('lines', [...current.slice(0, index + 1), copy, ...current.slice(index + 1)]);
                        focusLine(index + 1);
                      }}
                      onRemove={() => {
                        if (fields.length === 1) form.setFieldValue('lines', [blankLine()]);
                        else remove(field.name);
                      }}
                    />
                  ))}
                </Space>
              )}
            </Form.List>
          </Card>

          <Card size="small" style={{ position: 'sticky', bottom: 0, zIndex: 2 }}>
            <Row align="middle" gutter={[16, 8]}>
              <Col flex="auto">
                <Descriptions size="small" column={{ xs: 2, md: 4 }} data-testid="purchase-totals">
                  <Descriptions.Item label={t('purchases.pieces')}>{pieceCount}</Descriptions.Item>
                  <Descriptions.Item label={t('purchases.subtotal')}>
                    <span data-testid="purchase-subtotal">{formatYen(subtotal)}</span>
                  </Descriptions.Item>
                  <Descriptions.Item label={t('purchases.tax', { rate: taxRate })}>
                    <span data-testid="purchase-tax">{formatYen(tax)}</span>
                  </Descriptions.Item>
                  <Descriptions.Item label={t('purchases.total')}>
                    <Typography.Text strong data-testid="purchase-total">
                      {formatYen(subtotal + tax)}
                    </Typography.Text>
                  </Descriptions.Item>
                </Descriptions>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('purchases.taxNote', { rounding: t(`rounding.${rounding}`) })}
                </Typography.Text>
              </Col>
              <Col>
                <Button type="primary" size="large" icon={<SaveOutlined />} loading={saving} onClick={() => void submit()} data-entry-skip data-testid="purchase-save">
                  {t('purchases.save')}
                </Button>
              </Col>
            </Row>
          </Card>

          <Drawer
            open={detailsIndex !== undefined}
            size={720}
            title={t('purchases.lineDetails', { line: (detailsIndex ?? 0) + 1 })}
            onClose={() => setDetailsIndex(undefined)}
            destroyOnHidden
            extra={<Button onClick={() => setDetailsIndex(undefined)}>{t('common.close')}</Button>}
          >
            {detailsIndex !== undefined && <ItemFormFields prefix={['lines', detailsIndex]} withCostAndSupplier={false} exclude={LINE_FIELDS} />}
          </Drawer>
        </Form>
      </div>
    </>
  );
}

