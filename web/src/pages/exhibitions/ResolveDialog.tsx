import { Form, Input, Radio } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { useFormSubmit } from '../../api/hooks.js';
import { useCan } from '../../auth/AuthContext.js';
import { FormDialog } from '../../components/FormDialog.js';
import { LocationSelect } from '../../components/LocationSelect.js';
import { clearErrorsOnChange } from '../../lib/formErrors.js';
import type { Exhibition, ExhibitionLine } from './types.js';

interface ResolveValues {
  resolution: 'found' | 'written_off';
  toLocationId?: number;
  writeOffReason?: 'loss' | 'theft';
  note: string;
}

interface ResolveDialogProps {
  exhibition: Exhibition;
  line: ExhibitionLine;
  onClose: () => void;
  onResolved: () => void;
}

/** Resolves one missing piece: found and checked in late, or written off as lost or stolen. */
export function ResolveDialog({ exhibition, line, onClose, onResolved }: ResolveDialogProps) {
  const { t } = useTranslation();
  const [form] = Form.useForm<ResolveValues>();
  const { error, saving, submit } = useFormSubmit(form);
  const canWriteOff = useCan()('stock.write_off');
  const resolution = Form.useWatch('resolution', form) ?? 'found';

  const save = async (values: ResolveValues) => {
    const succeeded = await submit(() => api.post(`/api/exhibitions/${exhibition.id}/items/${line.itemId}/resolve`, values));
    if (succeeded) onResolved();
  };

  return (
    <FormDialog form={form} title={t('exhibitions.resolve.title', { stockNumber: line.stockNumber })} saving={saving} error={error} onClose={onClose}>
      <Form<ResolveValues>
        form={form}
        layout="vertical"
        initialValues={{ resolution: 'found', toLocationId: exhibition.homeLocationId, writeOffReason: 'loss' }}
        onValuesChange={clearErrorsOnChange(form)}
        onFinish={(values) => void save(values)}
        data-testid="resolve-form"
      >
        <Form.Item name="resolution" label={t('exhibitions.resolve.resolution')}>
          <Radio.Group
            options={[
              { value: 'found', label: t('exhibitions.resolve.found') },
              { value: 'written_off', label: t('exhibitions.resolve.writtenOff'), disabled: !canWriteOff },
            ]}
          />
        </Form.Item>
        {resolution === 'found' ? (
          <Form.Item name="toLocationId" label={t('exhibitions.resolve.to')}>
            <LocationSelect scope="act" excludeId={exhibition.locationId} />
          </Form.Item>
        ) : (
          <Form.Item name="writeOffReason" label={t('exhibitions.resolve.reason')}>
            <Radio.Group
              options={[
                { value: 'loss', label: t('exhibitions.resolve.loss') },
                { value: 'theft', label: t('exhibitions.resolve.theft') },
              ]}
            />
          </Form.Item>
        )}
        <Form.Item name="note" label={t('exhibitions.resolve.note')} extra={t('exhibitions.resolve.noteHint')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
          <Input.TextArea rows={3} maxLength={1000} />
        </Form.Item>
      </Form>
    </FormDialog>
  );
}
