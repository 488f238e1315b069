import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { AutoComplete, Button, Col, Divider, Form, Input, InputNumber, Row, Select, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { useCan } from '../../auth/AuthContext.js';
import { SupplierSelect } from '../../components/SupplierSelect.js';
import { YenInput } from '../../components/YenInput.js';
import { useAttributeLabels } from '../../data/ReferenceData.js';
import { ringSizeSuffix } from '../../lib/format.js';
import { CARATS, CENTIMETRES, GRAMS, measureRule, RING_SIZE, YEN } from '../../lib/measures.js';
import { PriceBasisSwitch, retailPriceLabelKey, type PriceBasis } from './PriceBasisSwitch.js';

type NamePrefix = Array<string | number>;

/** Fields under each divider, so that a divider whose fields are all excluded is left out. */
const METAL_FIELDS = ['metal', 'metalWeightG'];
const STONES_FIELDS = ['mainStoneKind', 'mainStoneCaratCt', 'mainStoneShape', 'mainStoneColor', 'mainStoneClarity', 'mainStoneCut', 'sideStonesCaratCt'];
const SIZES_FIELDS = ['ringSize', 'lengthCm'];
const CERTIFICATE_FIELDS = ['certificateKind', 'certificateIssuer', 'certificateNumber'];

interface ItemFormFieldsProps {
  /** Name path of the item inside the form, e.g. ['lines', 2] on a purchase slip. */
  prefix?: NamePrefix;
  /** Whether tracking and unit can be chosen (only before the item has movements). */
  trackingEditable?: boolean;
  /** Purchase lines take cost and supplier from the slip, so those fields are left out. */
  withCostAndSupplier?: boolean;
  withPhotos?: boolean;
  /** Fields shown elsewhere on the screen (a slip line's own inputs), left out here. */
  exclude?: string[];
}

/** Renders every attribute of an item, grouped as a jeweller reads a tag: piece, metal, stones, sizes, papers, price. */
export function ItemFormFields({ prefix = [], trackingEditable = true, withCostAndSupplier = true, withPhotos = true, exclude = [] }: ItemFormFieldsProps) {
  const { t, i18n } = useTranslation();
  const { options } = useAttributeLabels();
  const form = Form.useFormInstance();
  const name = (field: string): NamePrefix => [...prefix, field];
  const isShown = (field: string) => !exclude.includes(field);
  const category = Form.useWatch(name('category'), form) as string | undefined;
  const tracking = Form.useWatch(name('tracking'), form) as string | undefined;
  const condition = Form.useWatch(name('condition'), form) as string | undefined;
  const stoneKind = Form.useWatch(name('mainStoneKind'), form) as string | undefined;
  const priceBasis = Form.useWatch(name('priceBasis'), form) as PriceBasis | undefined;
  // Without 'cost.view' the cost input is left out, and toItemAttributes then leaves cost out of the request.
  const canSeeCost = useCan()('cost.view');
  const isDiamond = stoneKind !== undefined && stoneKind !== null && /diamond|ダイヤ/i.test(stoneKind);

  return (
    <>
      <Row gutter={12}>
        {isShown('stockNumber') && (
          <Col xs={24} sm={12}>
            <Form.Item name={name('stockNumber')} label={t('items.stockNumber')} extra={t('items.stockNumberHint')}>
              <Input maxLength={40} autoComplete="off" />
            </Form.Item>
          </Col>
        )}
        {isShown('janCode') && (
          <Col xs={24} sm={12}>
            <Form.Item name={name('janCode')} label={t('items.janCode')}>
              <Input maxLength={13} inputMode="numeric" autoComplete="off" />
            </Form.Item>
          </Col>
        )}
        {isShown('name') && (
          <Col xs={24} sm={16}>
            <Form.Item name={name('name')} label={t('items.name')} rules={[{ required: true, message: t('common.required') }]}>
              <Input maxLength={200} />
            </Form.Item>
          </Col>
        )}
        {isShown('category') && (
          <Col xs={24} sm={8}>
            <Form.Item name={name('category')} label={t('items.category')} rules={[{ required: true, message: t('common.required') }]}>
              <Select options={options('categories')} showSearch={{ optionFilterProp: 'label' }} />
            </Form.Item>
          </Col>
        )}
        {isShown('brand') && (
          <Col xs={24} sm={8}>
            <Form.Item name={name('brand')} label={t('items.brand')}>
              <Input maxLength={100} />
            </Form.Item>
          </Col>
        )}
        {isShown('condition') && (
          <Col xs={12} sm={8}>
            <Form.Item name={name('condition')} label={t('items.condition')}>
              <Select options={options('conditions')} />
            </Form.Item>
          </Col>
        )}
        {isShown('conditionGrade') && (
          <Col xs={12} sm={8}>
            <Form.Item name={name('conditionGrade')} label={t('items.conditionGrade')}>
              <Select allowClear disabled={condition !== 'pre_owned'} options={options('grades')} />
            </Form.Item>
          </Col>
        )}
        {trackingEditable && (
          <>
            {isShown('tracking') && (
              <Col xs={12} sm={8}>
                <Form.Item name={name('tracking')} label={t('items.tracking')}>
                  <Select options={options('trackings')} />
                </Form.Item>
              </Col>
            )}
            {isShown('unit') && (
              <Col xs={12} sm={8}>
                <Form.Item name={name('unit')} label={t('items.unit')}>
                  <Select disabled={tracking !== 'quantity'} options={options('units')} />
                </Form.Item>
              </Col>
            )}
          </>
        )}
      </Row>

      {METAL_FIELDS.some(isShown) && (
        <Divider titlePlacement="start" plain>
          {t('items.sectionMetal')}
        </Divider>
      )}
      <Row gutter={12}>
        {isShown('metal') && (
          <Col xs={12} sm={8}>
            <Form.Item name={name('metal')} label={t('items.metal')} extra={t('items.metalHint')}>
              <AutoComplete options={options('metals').map((o) => ({ value: o.value, label: o.label }))} showSearch={{ filterOption: (input, option) => String(option?.value ?? '').toUpperCase().includes(input.toUpperCase()) }} />
            </Form.Item>
          </Col>
        )}
        {isShown('metalWeightG') && (
          <Col xs={12} sm={8}>
            <Form.Item name={name('metalWeightG')} label={t('items.metalWeight')} rules={[measureRule(t, GRAMS)]}>
              <InputNumber<number> step={0.01} suffix="g" style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        )}
      </Row>

      {STONES_FIELDS.some(isShown) && (
        <Divider titlePlacement="start" plain>
          {t('items.sectionStones')}
        </Divider>
      )}
      <Row gutter={12}>
        {isShown('mainStoneKind') && (
          <Col xs={12} sm={8}>
            <Form.Item name={name('mainStoneKind')} label={t('items.mainStoneKind')}>
              <Input maxLength={50} />
            </Form.Item>
          </Col>
        )}
        {isShown('mainStoneCaratCt') && (
          <Col xs={12} sm={8}>
            <Form.Item name={name('mainStoneCaratCt')} label={t('items.mainStoneCarat')} rules={[measureRule(t, CARATS)]}>
              <InputNumber<number> step={0.001} suffix="ct" style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        )}
        {isShown('mainStoneShape') && (
          <Col xs={12} sm={8}>
            <Form.Item name={name('mainStoneShape')} label={t('items.mainStoneShape')}>
              <Select allowClear options={options('shapes')} />
            </Form.Item>
          </Col>
        )}
        {isShown('mainStoneColor') && (
          <Col xs={12} sm={8}>
            <Form.Item name={name('mainStoneColor')} label={t('items.mainStoneColor')}>
              <Input maxLength={30} />
            </Form.Item>
          </Col>
        )}
        {isShown('mainStoneClarity') && (
          <Col xs={12} sm={8}>
            <Form.Item name={name('mainStoneClarity')} label={t('items.mainStoneClarity')}>
              <Select allowClear disabled={!isDiamond} options={options('clarities')} />
            </Form.Item>
          </Col>
        )}
        {isShown('mainStoneCut') && (
          <Col xs={12} sm={8}>
            <Form.Item name={name('mainStoneCut')} label={t('items.mainStoneCut')}>
              <Select allowClear disabled={!isDiamond} options={options('cuts')} />
            </Form.Item>
          </Col>
        )}
        {isShown('sideStonesCaratCt') && (
          <Col xs={12} sm={8}>
            <Form.Item name={name('sideStonesCaratCt')} label={t('items.sideStonesCarat')} rules={[measureRule(t, CARATS)]}>
              <InputNumber<number> step={0.001} suffix="ct" style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        )}
      </Row>

      {SIZES_FIELDS.some(isShown) && (
        <Divider titlePlacement="start" plain>
          {t('items.sectionSizes')}
        </Divider>
      )}
      <Row gutter={12}>
        {isShown('ringSize') && (
          <Col xs={12} sm={8}>
            <Form.Item name={name('ringSize')} label={t('items.ringSize')} extra={category === 'ring' ? undefined : t('items.ringSizeOnlyRings')} rules={[measureRule(t, RING_SIZE)]}>
              <InputNumber<number> step={0.5} suffix={ringSizeSuffix(i18n.language === 'en' ? 'en' : 'ja')} disabled={category !== 'ring'} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        )}
        {isShown('lengthCm') && (
          <Col xs={12} sm={8}>
            <Form.Item name={name('lengthCm')} label={t('items.length')} rules={[measureRule(t, CENTIMETRES)]}>
              <InputNumber<number> step={0.1} suffix="cm" style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        )}
      </Row>

      {CERTIFICATE_FIELDS.some(isShown) && (
        <Divider titlePlacement="start" plain>
          {t('items.sectionCertificate')}
        </Divider>
      )}
      <Row gutter={12}>
        {isShown('certificateKind') && (
          <Col xs={24} sm={8}>
            <Form.Item name={name('certificateKind')} label={t('items.certificateKind')}>
              <Select allowClear options={options('certificateKinds')} />
            </Form.Item>
          </Col>
        )}
        {isShown('certificateIssuer') && (
          <Col xs={12} sm={8}>
            <Form.Item name={name('certificateIssuer')} label={t('items.certificateIssuer')}>
              <Input maxLength={100} />
            </Form.Item>
          </Col>
        )}
        {isShown('certificateNumber') && (
          <Col xs={12} sm={8}>
            <Form.Item name={name('certificateNumber')} label={t('items.certificateNumber')}>
              <Input maxLength={100} />
            </Form.Item>
          </Col>
        )}
      </Row>

      <Divider titlePlacement="start" plain>
        {t('items.sectionPrice')}
      </Divider>
      <Row gutter={12}>
        {withCostAndSupplier && canSeeCost && isShown('cost') && (
          <Col xs={12} sm={8}>
            <Form.Item name={name('cost')} label={t('items.cost')} rules={[{ required: true, message: t('common.required') }, measureRule(t, YEN)]}>
              <YenInput />
            </Form.Item>
          </Col>
        )}
        {isShown('retailPrice') && (
          <Col xs={24} sm={12}>
            {/* The inner items have noStyle, so their errors show under this one's label. */}
            <Form.Item label={t(retailPriceLabelKey(priceBasis))} required extra={priceBasis === 'excluded' ? t('items.priceExcludedHint') : undefined}>
              <div style={{ display: 'flex', gap: 8 }}>
                <div style={{ flex: 1, minWidth: 0 }}>
                  <Form.Item name={name('retailPrice')} noStyle rules={[{ required: true, message: t('common.required') }, measureRule(t, YEN)]}>
                    <YenInput aria-label={t(retailPriceLabelKey(priceBasis))} />
                  </Form.Item>
                </div>
                <Form.Item name={name('priceBasis')} noStyle>
                  <PriceBasisSwitch />
                </Form.Item>
              </div>
            </Form.Item>
          </Col>
        )}
        {isShown('taxRatePercent') && (
          <Col xs={12} sm={8}>
            <Form.Item name={name('taxRatePercent')} label={t('items.taxRate')}>
              <Select
                options={[
                  { value: 10, label: t('tax.standard') },
                  { value: 8, label: t('tax.reduced') },
                  { value: 0, label: t('tax.exempt') },
                ]}
              />
            </Form.Item>
          </Col>
        )}
        {withCostAndSupplier && isShown('supplierId') && (
          <Col xs={24} sm={12}>
            <Form.Item name={name('supplierId')} label={t('items.supplier')}>
              <SupplierSelect allowClear />
            </Form.Item>
          </Col>
        )}
      </Row>

      <Form.Item name={name('description')} label={t('items.description')}>
        <Input.TextArea rows={3} maxLength={5000} />
      </Form.Item>
      <Form.Item name={name('tags')} label={t('items.tags')} extra={t('items.tagsHint')}>
        <Select mode="tags" tokenSeparators={[',', '、']} open={false} suffixIcon={null} />
      </Form.Item>

      {withPhotos && (
        <Form.List name={name('photos')}>
          {(fields, { add, remove }) => (
            <Form.Item label={t('items.photos')} extra={t('items.photosHint')}>
              {fields.map((field) => (
                <Space key={field.key} align="baseline" style={{ display: 'flex' }}>
                  <Form.Item name={[field.name, 'url']} rules={[{ required: true, message: t('common.required') }]} style={{ marginBottom: 8, width: 320 }}>
                    <Input placeholder={t('items.photoUrl')} maxLength={2000} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'altText']} style={{ marginBottom: 8, width: 200 }}>
                    <Input placeholder={t('items.photoAlt')} maxLength={200} />
                  </Form.Item>
                  <Button type="text" danger icon={<DeleteOutlined />} aria-label={t('common.remove')} onClick={() => remove(field.name)} />
                </Space>
              ))}
              <Button icon={<PlusOutlined />} onClick={() => add({ url: '' })}>
                {t('items.addPhoto')}
              </Button>
            </Form.Item>
          )}
        </Form.List>
      )}
    </>
  );
}
