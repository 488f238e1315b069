import { CopyOutlined, DeleteOutlined, SettingOutlined } from '@ant-design/icons';
import { AutoComplete, Button, Form, Input, InputNumber, Select, Space, Tag, Typography, type FormListFieldData } from 'antd';
import type { CSSProperties, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { QuantityInput } from '../../components/QuantityInput.js';
import { YenInput } from '../../components/YenInput.js';
import { useAttributeLabels } from '../../data/ReferenceData.js';
import { CARATS, GRAMS, measureRule, QUANTITY, RING_SIZE, YEN } from '../../lib/measures.js';
import { formatQuantity, formatYen, ringSizeSuffix, type Locale } from '../../lib/format.js';
import { Link } from '../../lib/router.js';
import { lineAmount, type PurchaseFormValues, type PurchaseLineValues } from './purchaseLines.js';

/** Renders a small caption over an input. Every line repeats it, so that a wrapped line stays readable. */
function LineField({ field, caption, style, children }: { field: string; caption: string; style: CSSProperties; children: ReactNode }) {
  return (
    <div style={style} data-field={field}>
      <div style={{ fontSize: 12, color: 'rgba(0,0,0,0.55)', whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' }} title={caption}>
        {caption}
      </div>
      {children}
    </div>
  );
}

/**
 * Props of every Form.Item on a line. The field keeps its red outline, and the empty help
 * hides its message there, because a narrow field wraps a message to many lines. LineErrors
 * shows the messages instead.
 */
const inLine = { style: { marginBottom: 0 }, help: '' };

/** Lists the errors of one slip line across its full width, each after the caption of its field. */
function LineErrors({ line, captions }: { line: number; captions: Record<string, string> }) {
  return (
    <Form.Item noStyle shouldUpdate>
      {(form) => {
        const messages = form
          .getFieldsError()
          .filter((entry) => entry.name[0] === 'lines' && entry.name[1] === line && entry.errors.length > 0)
          .flatMap((entry) => entry.errors.map((error) => ({ key: `${String(entry.name[2])}-${error}`, caption: captions[String(entry.name[2])], error })));
        if (messages.length === 0) return null;
        return (
          <ul style={{ flexBasis: '100%', margin: 0, paddingInlineStart: 28, color: '#ff4d4f' }} role="alert" data-testid={`purchase-line-${line}-errors`}>
            {messages.map((message) => (
              <li key={message.key}>{message.caption ? `${message.caption}: ${message.error}` : message.error}</li>
            ))}
          </ul>
        );
      }}
    </Form.Item>
  );
}

interface PurchaseLineRowProps {
  field: FormListFieldData;
  index: number;
  locale: Locale;
  /** Pre-owned lines record distinguishing features for the secondhand ledger. */
  secondhand: boolean;
  onDetails: () => void;
  onDuplicate: () => void;
  onRemove: () => void;
}

/** Renders one slip line as a wrapping row, so that it reads on a tablet as on a desktop. */
export function PurchaseLineRow({ field, index, locale, secondhand, onDetails, onDuplicate, onRemove }: PurchaseLineRowProps) {
  const { t } = useTranslation();
  const { options } = useAttributeLabels();
  const form = Form.useFormInstance<PurchaseFormValues>();
  const line = (Form.useWatch(['lines', field.name], { form, preserve: true }) ?? {}) as PurchaseLineValues;
  const existing = line.existing;
  const quantityEditable = existing ? existing.tracking === 'quantity' : line.tracking === 'quantity';
  const unit = existing?.unit ?? (line.tracking === 'quantity' ? (line.unit ?? 'piece') : 'piece');
  const name = (key: string) => [field.name, key];
  const captions: Record<string, string> = {
    stockNumber: t('purchases.stockNumberOrScan'),
    name: t('items.name'),
    category: t('items.category'),
    metal: t('items.metal'),
    metalWeightG: t('items.metalWeight'),
    mainStoneKind: t('items.mainStoneKind'),
    mainStoneCaratCt: t('items.mainStoneCarat'),
    ringSize: t('items.ringSize'),
    quantity: t('lines.quantity'),
    unitCost: t('purchases.unitCost'),
    retailPrice: t('items.retailPrice'),
    features: t('purchases.features'),
  };

  return (
    <div data-line={index} data-testid={`purchase-line-${index}`} style={{ display: 'flex', flexWrap: 'wrap', gap: '4px 8px', alignItems: 'flex-start', padding: '6px 8px', border: '1px solid #f0f0f0', borderRadius: 6 }}>
      <Typography.Text type="secondary" style={{ width: 20, paddingTop: 22 }}>
        {index + 1}
      </Typography.Text>
      <LineField field="stockNumber" caption={t('purchases.stockNumberOrScan')} style={{ width: 150 }}>
        <Form.Item name={name('stockNumber')} {...inLine}>
          <Input
            aria-label={t('purchases.stockNumberOrScan')}
            autoComplete="off"
            placeholder={t('purchases.autoNumber')}
            readOnly={existing !== undefined}
          />
        </Form.Item>
      </LineField>
      {existing ? (
        <div style={{ flex: '1 1 300px', paddingTop: 24 }} data-testid={`purchase-line-${index}-existing`}>
          <Tag color="blue">{t('purchases.restock')}</Tag>
          <Link to={`/items/${existing.id}`}>{existing.stockNumber}</Link> {existing.name}
        </div>
      ) : (
        <>
          <LineField field="name" caption={`${t('items.name')} *`} style={{ flex: '1 1 180px', minWidth: 160 }}>
            <Form.Item name={name('name')} rules={[{ required: true, message: t('common.required') }]} {...inLine}>
              <Input aria-label={t('items.name')} maxLength={200} />
            </Form.Item>
          </LineField>
          <LineField field="category" caption={`${t('items.category')} *`} style={{ width: 130 }}>
            <Form.Item name={name('category')} rules={[{ required: true, message: t('common.required') }]} {...inLine}>
              <Select aria-label={t('items.category')} showSearch={{ optionFilterProp: 'label' }} options={options('categories')} />
            </Form.Item>
          </LineField>
          <LineField field="metal" caption={t('items.metal')} style={{ width: 110 }}>
            <Form.Item name={name('metal')} {...inLine}>
              <AutoComplete
                aria-label={t('items.metal')}
                options={options('metals').map((o) => ({ value: o.value }))}
                showSearch={{ filterOption: (input, option) => String(option?.value ?? '').toUpperCase().startsWith(input.toUpperCase()) }}
              />
            </Form.Item>
          </LineField>
          <LineField field="metalWeight" caption={t('items.metalWeight')} style={{ width: 90 }}>
            <Form.Item name={name('metalWeightG')} rules={[measureRule(t, GRAMS)]} {...inLine}>
              <InputNumber<number> aria-label={t('items.metalWeight')} step={0.01} suffix="g" style={{ width: '100%' }} />
            </Form.Item>
          </LineField>
          <LineField field="mainStoneKind" caption={t('items.mainStoneKind')} style={{ width: 110 }}>
            <Form.Item name={name('mainStoneKind')} {...inLine}>
              <Input aria-label={t('items.mainStoneKind')} maxLength={50} />
            </Form.Item>
          </LineField>
          <LineField field="mainStoneCarat" caption={t('items.mainStoneCarat')} style={{ width: 96 }}>
            <Form.Item name={name('mainStoneCaratCt')} rules={[measureRule(t, CARATS)]} {...inLine}>
              <InputNumber<number> aria-label={t('items.mainStoneCarat')} step={0.001} suffix="ct" style={{ width: '100%' }} />
            </Form.Item>
          </LineField>
          <LineField field="ringSize" caption={t('items.ringSize')} style={{ width: 80 }}>
            <Form.Item name={name('ringSize')} rules={[measureRule(t, RING_SIZE)]} {...inLine}>
              <InputNumber<number> aria-label={t('items.ringSize')} step={0.5} suffix={ringSizeSuffix(locale)} disabled={line.category !== 'ring'} style={{ width: '100%' }} />
            </Form.Item>
          </LineField>
        </>
      )}
      <LineField field="quantity" caption={t('lines.quantity')} style={{ width: quantityEditable ? 130 : 56 }}>
        <Form.Item name={name('quantity')} rules={[measureRule(t, QUANTITY[unit])]} {...inLine}>
          {quantityEditable ? <QuantityInput unit={unit} aria-label={t('lines.quantity')} /> : <div style={{ paddingTop: 5 }}>{formatQuantity(1, 'piece', locale)}</div>}
        </Form.Item>
      </LineField>
      <LineField field="unitCost" caption={`${t('purchases.unitCost')} *`} style={{ width: 120 }}>
        <Form.Item name={name('unitCost')} rules={[{ required: true, message: t('common.required') }, measureRule(t, YEN)]} {...inLine}>
          <YenInput aria-label={t('purchases.unitCost')} />
        </Form.Item>
      </LineField>
      {!existing && (
        <LineField field="retailPrice" caption={`${t('items.retailPrice')} *`} style={{ width: 120 }}>
          <Form.Item name={name('retailPrice')} rules={[{ required: true, message: t('common.required') }, measureRule(t, YEN)]} {...inLine}>
            <YenInput aria-label={t('items.retailPrice')} />
          </Form.Item>
        </LineField>
      )}
      {secondhand && (
        <LineField field="features" caption={t('purchases.features')} style={{ flex: '1 1 200px' }}>
          <Form.Item name={name('features')} {...inLine}>
            <Input aria-label={t('purchases.features')} maxLength={500} placeholder={t('purchases.featuresPlaceholder')} />
          </Form.Item>
        </LineField>
      )}
      <LineField field="amount" caption={t('purchases.amount')} style={{ width: 100, textAlign: 'right' }}>
        <div style={{ paddingTop: 5 }} data-testid={`purchase-line-${index}-amount`}>
          {formatYen(lineAmount(line))}
        </div>
      </LineField>
      <Space size={0} data-entry-skip style={{ paddingTop: 18 }}>
        {!existing && <Button type="text" icon={<SettingOutlined />} aria-label={t('purchases.details')} title={t('purchases.details')} onClick={onDetails} />}
        <Button type="text" icon={<CopyOutlined />} aria-label={t('purchases.duplicate')} title={t('purchases.duplicate')} onClick={onDuplicate} />
        <Button type="text" danger icon={<DeleteOutlined />} aria-label={t('purchases.removeLine', { line: index + 1 })} title={t('common.remove')} onClick={onRemove} />
      </Space>
      <LineErrors line={field.name} captions={captions} />
    </div>
  );
}
