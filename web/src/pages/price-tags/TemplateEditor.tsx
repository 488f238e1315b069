import { DeleteOutlined, FilePdfOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Form, Input, InputNumber, Modal, Row, Select, Space, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import { useFormSubmit } from '../../api/hooks.js';
import { api, downloadPostedFile } from '../../api/client.js';
import { FormErrorAlert } from '../../components/FormErrorAlert.js';

// The editor of one of the shop's own tag templates: the label and page sizes, the sheet
// layout, each field's box and the barcode area, all in millimetres from the label's top left.
// The form's names follow the API's definition, so the server's errors land on their inputs.

export const TAG_FIELDS = ['stockNumber', 'price', 'metal', 'weight', 'carat', 'size', 'brand', 'shortName', 'costCode', 'location'] as const;

/** A template as the API stores it; lengths in millimetres, font sizes in points. */
export interface TemplateDefinition {
  name: string;
  description: { ja: string; en: string };
  pageWidthMm: number;
  pageHeightMm: number;
  labelWidthMm: number;
  labelHeightMm: number;
  sheet: { columns: number; rows: number; marginTopMm: number; marginLeftMm: number; gapXMm: number; gapYMm: number } | null;
  dpi: number;
  fields: Array<{ field: (typeof TAG_FIELDS)[number]; xMm: number; yMm: number; widthMm: number; fontSizePt: number; bold: boolean }>;
  barcode: { kind: 'code128' | 'ean13' | 'qr'; xMm: number; yMm: number; widthMm: number; heightMm: number; maxModuleMm: number } | null;
}

/** The form's values: the definition with switches for the optional sheet and barcode. */
type EditorValues = Omit<TemplateDefinition, 'sheet' | 'barcode'> & {
  hasSheet: boolean;
  sheet?: NonNullable<TemplateDefinition['sheet']>;
  hasBarcode: boolean;
  barcode?: NonNullable<TemplateDefinition['barcode']>;
};

function toValues(definition: TemplateDefinition): EditorValues {
  return { ...definition, hasSheet: definition.sheet !== null, sheet: definition.sheet ?? undefined, hasBarcode: definition.barcode !== null, barcode: definition.barcode ?? undefined };
}

/** Builds the definition; a roll or single tag prints one label per page of the label's size. */
function toDefinition(values: EditorValues): TemplateDefinition {
  const { hasSheet, hasBarcode, sheet, barcode, ...rest } = values;
  return {
    ...rest,
    pageWidthMm: hasSheet ? rest.pageWidthMm : rest.labelWidthMm,
    pageHeightMm: hasSheet ? rest.pageHeightMm : rest.labelHeightMm,
    sheet: hasSheet && sheet ? sheet : null,
    barcode: hasBarcode && barcode ? barcode : null,
    fields: rest.fields.map((layout) => ({ ...layout, bold: layout.bold ?? false })),
  };
}

/** Renders a number input in millimetres (or another unit), in steps of `step` (a tenth by default). */
function Length({ name, label, unit = 'mm', min = 0, step = 0.1 }: { name: Array<string | number>; label: string; unit?: string; min?: number; step?: number }) {
  const testId = `template-${name.filter((part) => typeof part === 'string').join('-')}`;
  const { t } = useTranslation();
  return (
    <Form.Item name={name} label={label} rules={[{ required: true, message: t('common.required') }]}>
      <InputNumber min={min} max={500} step={step} precision={step >= 1 ? 0 : undefined} suffix={unit} style={{ width: '100%' }} data-testid={testId} />
    </Form.Item>
  );
}

export interface TemplateEditorProps {
  definition: TemplateDefinition;
  /** True when the template is stored already: its name is then fixed. */
  existing: boolean;
  onClose: () => void;
  onSaved: () => void;
}

export function TemplateEditor({ definition, existing, onClose, onSaved }: TemplateEditorProps) {
  const { t } = useTranslation();
  const [form] = Form.useForm<EditorValues>();
  const { error, saving, submit } = useFormSubmit(form);
  const preview = useFormSubmit(form);
  const hasSheet = Form.useWatch('hasSheet', form);
  const hasBarcode = Form.useWatch('hasBarcode', form);

  const save = async () => {
    const values = await form.validateFields();
    const body = toDefinition(values);
    if (await submit(() => api.put(`/api/price-tags/templates/${encodeURIComponent(body.name)}`, body))) onSaved();
  };

  const showPreview = async () => {
    const values = await form.validateFields();
    await preview.submit(() => downloadPostedFile('/api/price-tags/templates/preview', toDefinition(values), 'tag-preview.pdf'));
  };

  return (
    <Modal
      open
      width={900}
      title={existing ? t('tagTemplates.editTitle', { name: definition.name }) : t('tagTemplates.newTitle')}
      onCancel={onClose}
      footer={
        <Space>
          <Button icon={<FilePdfOutlined />} loading={preview.saving} onClick={showPreview} data-testid="template-preview">
            {t('tagTemplates.preview')}
          </Button>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={saving} onClick={save} data-testid="template-save">
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      <Form form={form} layout="vertical" initialValues={toValues(definition)} data-testid="template-form">
        <FormErrorAlert error={error ?? preview.error} />
        <Row gutter={12}>
          <Col xs={24} md={8}>
            <Form.Item name="name" label={t('tagTemplates.name')} extra={t('tagTemplates.nameHint')} rules={[{ required: true, pattern: /^[a-z0-9][a-z0-9-]{1,39}$/, message: t('tagTemplates.nameHint') }]}>
              <Input disabled={existing} maxLength={40} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name={['description', 'ja']} label={t('tagTemplates.descriptionJa')} rules={[{ required: true, message: t('common.required') }]}>
              <Input maxLength={100} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name={['description', 'en']} label={t('tagTemplates.descriptionEn')} rules={[{ required: true, message: t('common.required') }]}>
              <Input maxLength={100} />
            </Form.Item>
          </Col>
        </Row>

        <Row gutter={12}>
          <Col xs={12} md={6}>
            <Length name={['labelWidthMm']} label={t('tagTemplates.labelWidth')} min={1} />
          </Col>
          <Col xs={12} md={6}>
            <Length name={['labelHeightMm']} label={t('tagTemplates.labelHeight')} min={1} />
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="dpi" label={t('tagTemplates.dpi')} extra={t('tagTemplates.dpiHint')} rules={[{ required: true, message: t('common.required') }]}>
              <Select options={[203, 300, 600].map((dpi) => ({ value: dpi, label: `${dpi} dpi` }))} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="hasSheet" label={t('tagTemplates.sheet')} valuePropName="checked" extra={t('tagTemplates.sheetHint')}>
              <Switch data-testid="template-has-sheet" />
            </Form.Item>
          </Col>
        </Row>

        {hasSheet && (
          <Row gutter={12}>
            <Col xs={12} md={4}>
              <Length name={['pageWidthMm']} label={t('tagTemplates.pageWidth')} min={1} />
            </Col>
            <Col xs={12} md={4}>
              <Length name={['pageHeightMm']} label={t('tagTemplates.pageHeight')} min={1} />
            </Col>
            <Col xs={12} md={4}>
              <Length name={['sheet', 'columns']} label={t('tagTemplates.columns')} unit="" min={1} step={1} />
            </Col>
            <Col xs={12} md={4}>
              <Length name={['sheet', 'rows']} label={t('tagTemplates.rows')} unit="" min={1} step={1} />
            </Col>
            <Col xs={12} md={2}>
              <Length name={['sheet', 'marginTopMm']} label={t('tagTemplates.marginTop')} />
            </Col>
            <Col xs={12} md={2}>
              <Length name={['sheet', 'marginLeftMm']} label={t('tagTemplates.marginLeft')} />
            </Col>
            <Col xs={12} md={2}>
              <Length name={['sheet', 'gapXMm']} label={t('tagTemplates.gapX')} />
            </Col>
            <Col xs={12} md={2}>
              <Length name={['sheet', 'gapYMm']} label={t('tagTemplates.gapY')} />
            </Col>
          </Row>
        )}

        <Card size="small" title={t('tagTemplates.fields')} style={{ marginBottom: 12 }}>
          <Alert type="info" showIcon style={{ marginBottom: 8 }} title={t('tagTemplates.fieldsHint')} />
          <Form.List name="fields">
            {(rows, { add, remove }) => (
              <>
                {rows.map((row) => (
                  <Row gutter={8} key={row.key} align="bottom" data-testid="template-field-row">
                    <Col xs={24} md={6}>
                      <Form.Item name={[row.name, 'field']} label={t('tagTemplates.field')} rules={[{ required: true, message: t('common.required') }]}>
                        <Select options={TAG_FIELDS.map((field) => ({ value: field, label: t(`tagTemplates.fieldNames.${field}`) }))} />
                      </Form.Item>
                    </Col>
                    <Col xs={6} md={3}>
                      <Length name={[row.name, 'xMm']} label="X" />
                    </Col>
                    <Col xs={6} md={3}>
                      <Length name={[row.name, 'yMm']} label="Y" />
                    </Col>
                    <Col xs={6} md={4}>
                      <Length name={[row.name, 'widthMm']} label={t('tagTemplates.width')} min={0.1} />
                    </Col>
                    <Col xs={6} md={3}>
                      <Length name={[row.name, 'fontSizePt']} label={t('tagTemplates.fontSize')} unit="pt" min={4} />
                    </Col>
                    <Col xs={12} md={3}>
                      <Form.Item name={[row.name, 'bold']} label={t('tagTemplates.bold')} valuePropName="checked">
                        <Switch />
                      </Form.Item>
                    </Col>
                    <Col xs={12} md={2}>
                      <Form.Item>
                        <Button icon={<DeleteOutlined />} aria-label={t('tagTemplates.removeField')} onClick={() => remove(row.name)} />
                      </Form.Item>
                    </Col>
                  </Row>
                ))}
                <Button icon={<PlusOutlined />} onClick={() => add({ field: 'shortName', xMm: 1, yMm: 1, widthMm: 10, fontSizePt: 6, bold: false })}>
                  {t('tagTemplates.addField')}
                </Button>
              </>
            )}
          </Form.List>
        </Card>

        <Card size="small" title={t('tagTemplates.barcode')}>
          <Form.Item name="hasBarcode" valuePropName="checked" label={t('tagTemplates.printBarcode')}>
            <Switch />
          </Form.Item>
          {hasBarcode && (
            <Row gutter={8}>
              <Col xs={24} md={6}>
                <Form.Item name={['barcode', 'kind']} label={t('tagTemplates.barcodeKind')} rules={[{ required: true, message: t('common.required') }]}>
                  <Select
                    options={[
                      { value: 'code128', label: 'Code 128' },
                      { value: 'ean13', label: 'JAN (EAN-13)' },
                      { value: 'qr', label: 'QR' },
                    ]}
                  />
                </Form.Item>
              </Col>
              <Col xs={6} md={3}>
                <Length name={['barcode', 'xMm']} label="X" />
              </Col>
              <Col xs={6} md={3}>
                <Length name={['barcode', 'yMm']} label="Y" />
              </Col>
              <Col xs={6} md={4}>
                <Length name={['barcode', 'widthMm']} label={t('tagTemplates.width')} min={0.1} />
              </Col>
              <Col xs={6} md={4}>
                <Length name={['barcode', 'heightMm']} label={t('tagTemplates.height')} min={0.1} />
              </Col>
              <Col xs={12} md={4}>
                <Length name={['barcode', 'maxModuleMm']} label={t('tagTemplates.maxModule')} min={0.01} />
              </Col>
            </Row>
          )}
        </Card>
      </Form>
    </Modal>
  );
}
