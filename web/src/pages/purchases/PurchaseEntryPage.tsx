import { CopyOutlined, DeleteOutlined, PlusOutlined, SaveOutlined, SettingOutlined } from '@ant-design/icons';
import { App, AutoComplete, Button, Card, Col, Descriptions, Drawer, Form, Input, InputNumber, Result, Row, Select, Space, Switch, Tag, Typography, type FormListFieldData } from 'antd';
import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api/client.js';
import { useApiQuery, useDocumentPost, useErrorReporter, type FieldNameMapper } from '../../api/hooks.js';
import type { CompanySettings, ItemSummary, Purchase } from '../../api/types.js';
import { DateField } from '../../components/DateField.js';
import { LocationSelect } from '../../components/LocationSelect.js';
import { PageTitle } from '../../components/PageTitle.js';
import { QuantityInput } from '../../components/QuantityInput.js';
import { SupplierSelect } from '../../components/SupplierSelect.js';
import { YenInput } from '../../components/YenInput.js';
import { useAttributeLabels } from '../../data/ReferenceData.js';
import { enterBelongsToElement, focusNextField } from '../../lib/entryNavigation.js';
import { computeTax, formatQuantity, formatYen, todayInTokyo, type Locale } from '../../lib/format.js';
import { Link, navigate } from '../../lib/router.js';
import { ItemFormFields } from '../items/ItemFormFields.js';
import { mapItemField, toItemAttributes, type ItemFormValues } from '../items/itemFormValues.js';
import { SellerFields, type SellerValues } from './SellerFields.js';

/** An item already in the catalogue, put on the slip by scanning its code. */
interface ExistingItem {
  id: number;
  stockNumber: string;
  name: string;
  tracking: 'unique' | 'quantity';
  unit: ItemSummary['unit'];
}

interface PurchaseLineValues extends ItemFormValues {
  existing?: ExistingItem;
  /** In the item's base unit; a unique piece is always 1. */
  quantity?: number;
  /** Tax-excluded cost per unit in yen. */
  unitCost?: number | null;
  /** Distinguishing features for the secondhand ledger (scratches, engravings, serial numbers). */
  features?: string;
}

interface PurchaseFormValues {
  supplierId?: number;
  locationId?: number;
  purchasedOn?: string;
  supplierDocumentNumber?: string;
  taxRatePercent?: number;
  isSecondhand?: boolean;
  note?: string;
  seller?: SellerValues;
  lines: PurchaseLineValues[];
}

const blankLine = (previous?: PurchaseLineValues): PurchaseLineValues => ({
  // A new line repeats the previous line's category, since a parcel is often of one kind.
  category: previous?.category ?? 'ring',
  tracking: 'unique',
  condition: previous?.condition ?? 'new',
  quantity: 1,
});

function isBlank(line: PurchaseLineValues): boolean {
  return !line.existing && !line.stockNumber && !line.name && (line.unitCost === undefined || line.unitCost === null);
}

function lineAmount(line: PurchaseLineValues): number {
  return (line.quantity ?? 1) * (line.unitCost ?? 0);
}

/** Builds the request line: more of an existing item by id, or a new item with its attributes. */
function toRequestLine(line: PurchaseLineValues, isSecondhand: boolean) {
  const features = isSecondhand ? line.features : undefined;
  if (line.existing) return { itemId: line.existing.id, quantity: line.quantity ?? 1, unitCost: line.unitCost ?? 0, features };
  const quantity = line.tracking === 'quantity' ? (line.quantity ?? 1) : 1;
  return { item: toItemAttributes({ ...line, cost: line.unitCost ?? 0 }), quantity, unitCost: line.unitCost ?? 0, features };
}

/**
 * The form keeps a new item's attributes on the line itself, so "lines.3.item.name" shows on
 * ['lines', 3, 'name']; errors about an existing item ("lines.3.itemId") show on its stock number.
 */
const mapPurchaseField: FieldNameMapper = (path) => {
  const withoutItem = path[0] === 'lines' && path[2] === 'item' ? [...path.slice(0, 2), ...path.slice(3)] : path;
  const mapped = mapItemField(withoutItem) ?? withoutItem;
  return mapped[0] === 'lines' && mapped[2] === 'itemId' ? [...mapped.slice(0, 2), 'stockNumber'] : mapped;
};

/**
 * Receiving a supplier's slip: header, then one line per piece typed or scanned in a row.
 * Enter moves to the next field, Enter on the last field of the last line opens a new
 * line, Alt+N adds a line anywhere and Ctrl+Enter saves. Totals and tax follow as you type.
 */
export function PurchaseEntryPage() {
  const { t, i18n } = useTranslation();
  const locale: Locale = i18n.language === 'en' ? 'en' : 'ja';
  const [form] = Form.useForm<PurchaseFormValues>();
  const company = useApiQuery<CompanySettings>('/api/company');
  const entryRef = useRef<HTMLDivElement>(null);
  const { post, saving } = useDocumentPost<Purchase>('/api/purchases');
  const [saved, setSaved] = useState<Purchase>();
  const [detailsIndex, setDetailsIndex] = useState<number>();
  const reportError = useErrorReporter();
  const { message } = App.useApp();

  const lines = (Form.useWatch('lines', { form, preserve: true }) ?? []) as PurchaseLineValues[];
  const taxRate = (Form.useWatch('taxRatePercent', form) as number | undefined) ?? 10;
  const isSecondhand = Form.useWatch('isSecondhand', form) as boolean | undefined;
  const rounding = company.data?.taxRounding ?? 'down';
  const subtotal = lines.reduce((sum, line) => sum + lineAmount(line), 0);
  const tax = computeTax(subtotal, taxRate, rounding);
  const pieceCount = lines.filter((line) => !isBlank(line)).length;

  useEffect(() => {
    if (company.data && form.getFieldValue('taxRatePercent') === undefined) form.setFieldValue('taxRatePercent', company.data.defaultTaxRatePercent);
  }, [company.data, form]);

  const focusLine = useCallback((index: number, field = 'stockNumber') => {
    // Runs after React has rendered the new line.
    window.setTimeout(() => {
      const input = entryRef.current?.querySelector<HTMLInputElement>(`[data-line="${index}"] [data-field="${field}"] input, [data-line="${index}"] input[data-field="${field}"]`);
      input?.focus();
    }, 0);
  }, []);

  const addLine = useCallback(() => {
    const current = (form.getFieldValue('lines') ?? []) as PurchaseLineValues[];
    form.setFieldValue('lines', [...current, blankLine(current[current.length - 1])]);
    focusLine(current.length);
  }, [focusLine, form]);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const target = event.target as HTMLElement;
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
    if (enterBelongsToElement(target) || !entryRef.current) return;
    event.preventDefault();
    if (focusNextField(entryRef.current, target)) return;
    addLine();
  };

  /** Enter in the stock number box: a code already in the catalogue turns the line into a restock of that item. */
  const lookUpCode = async (index: number, input: HTMLInputElement) => {
    const line = (form.getFieldValue(['lines', index]) ?? {}) as PurchaseLineValues;
    const code = line.stockNumber?.trim();
    if (!code || line.existing) {
      if (entryRef.current) focusNextField(entryRef.current, input);
      return;
    }
    try {
      const item = await api.get<ItemSummary>('/api/items/lookup', { code });
      const duplicate = ((form.getFieldValue('lines') ?? []) as PurchaseLineValues[]).some((other, i) => i !== index && other.existing?.id === item.id);
      if (item.tracking === 'unique' || duplicate) {
        // A unique piece cannot be received twice, and a repeated item belongs on its first line.
        form.setFields([{ name: ['lines', index, 'stockNumber'], errors: [t(duplicate ? 'purchases.alreadyOnSlip' : 'purchases.uniqueExists', { stockNumber: item.stockNumber })] }]);
        input.select();
        return;
      }
      form.setFieldValue(['lines', index], {
        existing: { id: item.id, stockNumber: item.stockNumber, name: item.name, tracking: item.tracking, unit: item.unit },
        stockNumber: item.stockNumber,
        quantity: line.quantity ?? 1,
        unitCost: line.unitCost ?? item.cost,
      } satisfies PurchaseLineValues);
      focusLine(index, 'quantity');
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) {
        // Not in the catalogue: a new piece whose tag carries this stock number.
        if (entryRef.current) focusNextField(entryRef.current, input);
      } else {
        reportError(error);
      }
    }
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
      <div ref={entryRef} onKeyDown={onKeyDown}>
        <Form<PurchaseFormValues>
          form={form}
          layout="vertical"
          initialValues={{ purchasedOn: todayInTokyo(), isSecondhand: false, lines: [blankLine()] }}
          data-testid="purchase-form"
          requiredMark="optional"
        >
          <Card size="small" style={{ marginBottom: 12 }}>
            <Row gutter={12}>
              <Col xs={24} md={12} lg={6}>
                <Form.Item name="supplierId" label={t('purchases.supplier')} rules={[{ required: true, message: t('common.chooseSupplier') }]}>
                  <SupplierSelect autoFocus data-testid="purchase-supplier" />
                </Form.Item>
              </Col>
              <Col xs={24} md={12} lg={6}>
                <Form.Item name="locationId" label={t('purchases.location')} rules={[{ required: true, message: t('common.chooseLocation') }]}>
                  <LocationSelect data-testid="purchase-location" />
                </Form.Item>
              </Col>
              <Col xs={12} md={6} lg={4}>
                <Form.Item name="purchasedOn" label={t('purchases.date')} rules={[{ required: true, message: t('common.required') }]}>
                  <DateField allowClear={false} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col xs={12} md={6} lg={4}>
                <Form.Item name="supplierDocumentNumber" label={t('purchases.supplierDocumentNumber')}>
                  <Input maxLength={100} />
                </Form.Item>
              </Col>
              <Col xs={12} md={6} lg={2}>
                <Form.Item name="taxRatePercent" label={t('purchases.taxRate')}>
                  <Select
                    options={[
                      { value: 10, label: '10%' },
                      { value: 8, label: '8%' },
                      { value: 0, label: '0%' },
                    ]}
                  />
                </Form.Item>
              </Col>
              <Col xs={12} md={6} lg={2}>
                <Form.Item name="isSecondhand" label={t('purchases.secondhand')} valuePropName="checked">
                  <Switch data-testid="purchase-secondhand" />
                </Form.Item>
              </Col>
            </Row>
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
                      onLookUp={(input) => void lookUpCode(index, input)}
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
            {detailsIndex !== undefined && <ItemFormFields prefix={['lines', detailsIndex]} withCostAndSupplier={false} />}
          </Drawer>
        </Form>
      </div>
    </>
  );
}

interface PurchaseLineRowProps {
  field: FormListFieldData;
  /** Pre-owned lines record distinguishing features for the secondhand ledger. */
  secondhand: boolean;
  index: number;
  locale: Locale;
  onLookUp: (input: HTMLInputElement) => void;
  onDetails: () => void;
  onDuplicate: () => void;
  onRemove: () => void;
}

/** One slip line laid out in a wrapping row, so that it reads on a tablet as on a desktop. */
function PurchaseLineRow({ field, secondhand, index, locale, onLookUp, onDetails, onDuplicate, onRemove }: PurchaseLineRowProps) {
  const { t } = useTranslation();
  const { options } = useAttributeLabels();
  const form = Form.useFormInstance<PurchaseFormValues>();
  const line = (Form.useWatch(['lines', field.name], { form, preserve: true }) ?? {}) as PurchaseLineValues;
  const existing = line.existing;
  const isRing = line.category === 'ring';
  const quantityEditable = existing ? existing.tracking === 'quantity' : line.tracking === 'quantity';
  const unit = existing?.unit ?? (line.tracking === 'quantity' ? (line.unit ?? 'piece') : 'piece');
  const item = (name: string) => [field.name, name];
  const compact = { style: { marginBottom: 0 } };

  return (
    <div data-line={index} data-testid={`purchase-line-${index}`} style={{ display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'flex-end', padding: 8, border: '1px solid #f0f0f0', borderRadius: 6 }}>
      <Typography.Text type="secondary" style={{ width: 24, paddingBottom: 6 }}>
        {index + 1}
      </Typography.Text>
      <Form.Item name={item('stockNumber')} label={t('purchases.stockNumberOrScan')} {...compact} style={{ width: 160, marginBottom: 0 }}>
        <Input
          data-field="stockNumber"
          autoComplete="off"
          placeholder={t('purchases.autoNumber')}
          readOnly={existing !== undefined}
          onKeyDown={(event) => {
            if (event.key !== 'Enter' || event.nativeEvent.isComposing) return;
            event.preventDefault();
            event.stopPropagation();
            onLookUp(event.currentTarget);
          }}
        />
      </Form.Item>
      {existing ? (
        <div style={{ flex: '1 1 300px', paddingBottom: 6 }} data-testid={`purchase-line-${index}-existing`}>
          <Tag color="blue">{t('purchases.restock')}</Tag>
          <Link to={`/items/${existing.id}`}>{existing.stockNumber}</Link> {existing.name}
        </div>
      ) : (
        <>
          <Form.Item name={item('name')} label={t('items.name')} rules={[{ required: true, message: t('common.required') }]} style={{ flex: '1 1 200px', minWidth: 180, marginBottom: 0 }}>
            <Input data-field="name" maxLength={200} />
          </Form.Item>
          <Form.Item name={item('category')} label={t('items.category')} rules={[{ required: true, message: t('common.required') }]} style={{ width: 140, marginBottom: 0 }}>
            <Select showSearch={{ optionFilterProp: 'label' }} options={options('categories')} data-field="category" />
          </Form.Item>
          <Form.Item name={item('metal')} label={t('items.metal')} style={{ width: 120, marginBottom: 0 }}>
            <AutoComplete
              options={options('metals').map((o) => ({ value: o.value }))}
              showSearch={{ filterOption: (input, option) => String(option?.value ?? '').toUpperCase().startsWith(input.toUpperCase()) }}
            />
          </Form.Item>
          <Form.Item name={item('metalWeightG')} label={t('items.metalWeight')} style={{ width: 100, marginBottom: 0 }}>
            <InputNumber<number> min={0} step={0.01} precision={2} suffix="g" style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name={item('mainStoneKind')} label={t('items.mainStoneKind')} style={{ width: 120, marginBottom: 0 }}>
            <Input maxLength={50} />
          </Form.Item>
          <Form.Item name={item('mainStoneCaratCt')} label={t('items.mainStoneCarat')} style={{ width: 100, marginBottom: 0 }}>
            <InputNumber<number> min={0} step={0.001} precision={3} suffix="ct" style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name={item('ringSize')} label={t('items.ringSize')} style={{ width: 84, marginBottom: 0 }}>
            <InputNumber<number> min={1} max={30} step={0.5} precision={1} suffix="号" disabled={!isRing} style={{ width: '100%' }} />
          </Form.Item>
        </>
      )}
      <Form.Item name={item('quantity')} label={t('lines.quantity')} style={{ width: 130, marginBottom: 0 }}>
        {quantityEditable ? (
          <QuantityInput unit={unit} aria-label={t('lines.quantity')} />
        ) : (
          <div style={{ paddingBottom: 6 }} data-field="quantity">
            {formatQuantity(1, 'piece', locale)}
          </div>
        )}
      </Form.Item>
      <Form.Item name={item('unitCost')} label={t('purchases.unitCost')} rules={[{ required: true, message: t('common.required') }]} style={{ width: 130, marginBottom: 0 }}>
        <YenInput data-field="unitCost" />
      </Form.Item>
      {!existing && (
        <Form.Item name={item('retailPrice')} label={t('items.retailPrice')} rules={[{ required: true, message: t('common.required') }]} style={{ width: 130, marginBottom: 0 }}>
          <YenInput data-field="retailPrice" />
        </Form.Item>
      )}
      {secondhand && (
        <Form.Item name={item('features')} label={t('purchases.features')} style={{ flex: '1 1 200px', marginBottom: 0 }}>
          <Input maxLength={500} placeholder={t('purchases.featuresPlaceholder')} />
        </Form.Item>
      )}
      <div style={{ width: 110, textAlign: 'right', paddingBottom: 6 }}>
        <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }}>
          {t('purchases.amount')}
        </Typography.Text>
        {formatYen(lineAmount(line))}
      </div>
      <Space size={0} data-entry-skip style={{ paddingBottom: 2 }}>
        {!existing && <Button type="text" icon={<SettingOutlined />} aria-label={t('purchases.details')} title={t('purchases.details')} onClick={onDetails} />}
        <Button type="text" icon={<CopyOutlined />} aria-label={t('purchases.duplicate')} title={t('purchases.duplicate')} onClick={onDuplicate} />
        <Button type="text" danger icon={<DeleteOutlined />} aria-label={t('purchases.removeLine', { line: index + 1 })} title={t('common.remove')} onClick={onRemove} />
      </Space>
    </div>
  );
}
