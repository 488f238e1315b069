import { App, Form, Input, InputNumber, Select, Space, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { useFormSubmit } from '../../api/hooks.js';
import { FormDialog } from '../../components/FormDialog.js';
import { clearErrorsOnChange } from '../../lib/formErrors.js';
import { presetFieldToFormName, presetToValues, valuesToPresetBody, type ShopPresetValues } from './shopPresetForm.js';
import type { PresetSummary } from './types.js';

interface ShopPresetDialogProps {
  /** The shop preset to edit, or undefined to add one. */
  preset: PresetSummary | undefined;
  onClose: () => void;
  onSaved: (preset: PresetSummary) => void;
}

const PERCENT = { min: 0, max: 100, step: 1, style: { width: '100%' } } as const;

/**
 * Adds or edits a shop preset: names, size, format, byte limit, background and the layout
 * rules. The server checks every field, and its errors appear under the field they name.
 */
export function ShopPresetDialog({ preset, onClose, onSaved }: ShopPresetDialogProps) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<ShopPresetValues>();
  const { error, saving, submit } = useFormSubmit(form, presetFieldToFormName);
  const fillEnabled = Form.useWatch('fillEnabled', form);
  const locale = i18n.language === 'en' ? 'en' : 'ja';

  const save = async (values: ShopPresetValues) => {
    let saved: PresetSummary | undefined;
    const succeeded = await submit(async () => {
      const id = values.id.trim();
      saved = await api.put<PresetSummary>(`/api/photo-studio/presets/${encodeURIComponent(id)}`, valuesToPresetBody(values, preset));
    });
    if (succeeded && saved) {
      void message.success(t('photoStudio.shopPresets.saved'));
      onSaved(saved);
    }
  };

  const required = [{ required: true, message: t('common.required') }];
  return (
    <FormDialog
      form={form}
      title={preset ? t('photoStudio.shopPresets.dialogEdit', { label: preset.label[locale] }) : t('photoStudio.shopPresets.dialogAdd')}
      saving={saving}
      error={error}
      onClose={onClose}
      width={600}
    >
      <Form<ShopPresetValues>
        form={form}
        layout="vertical"
        initialValues={presetToValues(preset)}
        onValuesChange={clearErrorsOnChange(form)}
        onFinish={(values) => void save(values)}
        data-testid="shop-preset-form"
      >
        <Form.Item name="id" label={t('photoStudio.shopPresets.id')} extra={t('photoStudio.shopPresets.idHint')} rules={required}>
          <Input disabled={preset !== undefined} maxLength={45} data-testid="shop-preset-id" />
        </Form.Item>
        <Space.Compact block>
          <Form.Item name={['label', 'ja']} label={t('photoStudio.shopPresets.labelJa')} rules={required} style={{ flex: 1 }}>
            <Input maxLength={60} data-testid="shop-preset-label-ja" />
          </Form.Item>
          <Form.Item name={['label', 'en']} label={t('photoStudio.shopPresets.labelEn')} rules={required} style={{ flex: 1, marginLeft: 8 }}>
            <Input maxLength={60} data-testid="shop-preset-label-en" />
          </Form.Item>
        </Space.Compact>
        <Space wrap>
          <Form.Item name="width" label={t('photoStudio.shopPresets.width')} rules={required}>
            <InputNumber min={1} precision={0} data-testid="shop-preset-width" />
          </Form.Item>
          <Form.Item name="height" label={t('photoStudio.shopPresets.height')} rules={required}>
            <InputNumber min={1} precision={0} data-testid="shop-preset-height" />
          </Form.Item>
          <Form.Item name="format" label={t('photoStudio.shopPresets.format')} rules={required}>
            <Select
              style={{ width: 120 }}
              options={[
                { value: 'jpeg', label: 'JPEG' },
                { value: 'png', label: 'PNG' },
                { value: 'webp', label: 'WebP' },
              ]}
              data-testid="shop-preset-format"
            />
          </Form.Item>
        </Space>
        <Form.Item label={t('photoStudio.shopPresets.maxBytes')} required>
          <Space.Compact>
            <Form.Item name="maxBytesValue" noStyle rules={required}>
              <InputNumber min={0} step={1} aria-label={t('photoStudio.shopPresets.maxBytes')} data-testid="shop-preset-max-bytes" />
            </Form.Item>
            <Form.Item name="maxBytesUnit" noStyle>
              <Select
                style={{ width: 80 }}
                options={[
                  { value: 'kb', label: t('photoStudio.shopPresets.unitKb') },
                  { value: 'mb', label: t('photoStudio.shopPresets.unitMb') },
                ]}
                data-testid="shop-preset-max-bytes-unit"
              />
            </Form.Item>
          </Space.Compact>
        </Form.Item>
        <Form.Item name="background" label={t('photoStudio.shopPresets.background')}>
          <Select
            options={[
              { value: 'white', label: t('photoStudio.shopPresets.backgroundWhite') },
              { value: 'white-or-photo', label: t('photoStudio.shopPresets.backgroundWhiteOrPhoto') },
            ]}
            data-testid="shop-preset-background"
          />
        </Form.Item>
        <Form.Item name="fillEnabled" label={t('photoStudio.shopPresets.checkFill')} valuePropName="checked" extra={t('photoStudio.shopPresets.fillHint')}>
          <Switch data-testid="shop-preset-fill-enabled" />
        </Form.Item>
        {fillEnabled !== false && (
          <Space wrap>
            <Form.Item name={['fill', 'target']} label={t('photoStudio.shopPresets.fillTarget')} rules={required}>
              <InputNumber {...PERCENT} data-testid="shop-preset-fill-target" />
            </Form.Item>
            <Form.Item name={['fill', 'min']} label={t('photoStudio.shopPresets.fillMin')} rules={required}>
              <InputNumber {...PERCENT} data-testid="shop-preset-fill-min" />
            </Form.Item>
            <Form.Item name={['fill', 'max']} label={t('photoStudio.shopPresets.fillMax')} rules={required}>
              <InputNumber {...PERCENT} data-testid="shop-preset-fill-max" />
            </Form.Item>
          </Space>
        )}
        <Space wrap>
          <Form.Item name="minMargin" label={t('photoStudio.shopPresets.minMargin')} extra={t('photoStudio.shopPresets.notCheckedHint')}>
            <InputNumber {...PERCENT} data-testid="shop-preset-min-margin" />
          </Form.Item>
          <Form.Item name="clearTopLeft" label={t('photoStudio.shopPresets.clearTopLeft')} extra={t('photoStudio.shopPresets.notCheckedHint')}>
            <InputNumber {...PERCENT} data-testid="shop-preset-clear-top-left" />
          </Form.Item>
        </Space>
      </Form>
    </FormDialog>
  );
}
