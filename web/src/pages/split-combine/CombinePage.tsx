import { MergeCellsOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, Form, Input, Row, Typography } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDocumentPost, type FieldNameMapper } from '../../api/hooks.js';
import { useCan } from '../../auth/AuthContext.js';
import { useDefaultLocationId } from '../../data/ReferenceData.js';
import type { StockOperation } from '../../api/types.js';
import type { ItemPickerHandle } from '../../components/ItemPicker.js';
import { LocationSelect } from '../../components/LocationSelect.js';
import { PageTitle } from '../../components/PageTitle.js';
import { StockLinesCard } from '../../components/StockLinesCard.js';
import { totalBookCost, useStockLineDrafts } from '../../components/StockLinesEditor.js';
import { clearErrorsOnChange } from '../../lib/formErrors.js';
import { formatYen } from '../../lib/format.js';
import { ItemFormFields } from '../items/ItemFormFields.js';
import { mapItemField, toItemAttributes, type ItemFormValues } from '../items/itemFormValues.js';
import { OperationResult } from './OperationResult.js';

interface CombineFormValues extends ItemFormValues {
  locationId?: number;
  note?: string;
}

/** The new piece's attributes sit at the top of the form, so "attributes.name" is ['name']. */
const mapCombineField: FieldNameMapper = (path) => (path[0] === 'attributes' ? mapItemField(path.slice(1)) : path);

/** Combine components (a stone and a mounting, a pendant and a chain) into one piece costing their sum. */
export function CombinePage() {
  const { t } = useTranslation();
  const [form] = Form.useForm<CombineFormValues>();
  const defaultLocationId = useDefaultLocationId();
  const locationId = Form.useWatch('locationId', form);
  const drafts = useStockLineDrafts(locationId);
  const pickerRef = useRef<ItemPickerHandle>(null);
  const [result, setResult] = useState<StockOperation>();
  const { post, saving } = useDocumentPost<StockOperation>('/api/combine');
  const { message } = App.useApp();
  const canSeeCost = useCan()('cost.view');
  const totalCost = totalBookCost(drafts.lines);

  const save = async (values: CombineFormValues) => {
    if (drafts.lines.length < 2) {
      void message.error(t('combine.needTwo'));
      pickerRef.current?.focusScan();
      return;
    }
    const { locationId, note, ...attributes } = values;
    const operation = await post(
      {
        locationId,
        note,
        components: drafts.lines.map((line) => ({ itemId: line.item.id, quantity: line.quantity })),
        attributes: toItemAttributes({ ...attributes, cost: 0 }),
      },
      form,
      mapCombineField,
    );
    if (operation) setResult(operation);
  };

  if (result) {
    return (
      <OperationResult
        operation={result}
        onNext={() => {
          setResult(undefined);
          drafts.clear();
          form.resetFields();
        }}
      />
    );
  }

  return (
    <>
      <PageTitle title={t('combine.title')} subtitle={t('combine.lead')} />
      <Form<CombineFormValues> form={form} layout="vertical" onValuesChange={clearErrorsOnChange(form)} initialValues={{ locationId: defaultLocationId, category: 'ring', tracking: 'unique', condition: 'new' }} onFinish={(values) => void save(values)} data-testid="combine-form">
        <Card size="small" style={{ marginBottom: 12 }}>
          <Row gutter={12}>
            <Col xs={24} md={8}>
              <Form.Item name="locationId" label={t('combine.location')} rules={[{ required: true, message: t('common.chooseLocation') }]}>
                <LocationSelect scope="act" onChange={() => drafts.clear()} />
              </Form.Item>
            </Col>
            <Col xs={24} md={16}>
              <Form.Item name="note" label={t('common.notes')}>
                <Input maxLength={1000} />
              </Form.Item>
            </Col>
          </Row>
        </Card>
        <StockLinesCard
          title={t('combine.components')}
          pickerRef={pickerRef}
          locationId={locationId}
          drafts={drafts}
          showCost={canSeeCost}
          footer={totalCost === undefined || !canSeeCost ? undefined : t('combine.totalCost', { cost: formatYen(totalCost) })}
        />
        <Card size="small" title={t('combine.newPiece')} style={{ marginBottom: 12 }}>
          <Typography.Paragraph type="secondary">{t('combine.costNote')}</Typography.Paragraph>
          <ItemFormFields withCostAndSupplier={false} />
        </Card>
        <Button type="primary" htmlType="submit" icon={<MergeCellsOutlined />} loading={saving}>
          {t('combine.submit')}
        </Button>
      </Form>
    </>
  );
}
