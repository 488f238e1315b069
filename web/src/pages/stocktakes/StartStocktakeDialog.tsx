import { Form, Input, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { useFormSubmit } from '../../api/hooks.js';
import { FormDialog } from '../../components/FormDialog.js';
import { LocationSelect } from '../../components/LocationSelect.js';
import { useAttributeLabels, useDefaultLocationId } from '../../data/ReferenceData.js';
import { clearErrorsOnChange } from '../../lib/formErrors.js';
import type { Stocktake } from './types.js';

interface StartValues {
  locationId: number;
  category?: string;
  note?: string;
}

/** Starts a count of one location, of every category or of one, recording its book stock now. */
export function StartStocktakeDialog({ onClose, onStarted }: { onClose: () => void; onStarted: (started: Stocktake) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<StartValues>();
  const { error, saving, submit } = useFormSubmit(form);
  const { options } = useAttributeLabels();
  const defaultLocationId = useDefaultLocationId();

  const start = async (values: StartValues) => {
    let started: Stocktake | undefined;
    const succeeded = await submit(async () => {
      started = await api.post<Stocktake>('/api/stocktakes', { locationId: values.locationId, category: values.category, note: values.note ?? '' });
    });
    if (succeeded && started) onStarted(started);
  };

  return (
    <FormDialog form={form} title={t('stocktakes.start.title')} okText={t('stocktakes.start.submit')} saving={saving} error={error} onClose={onClose} width={520}>
      <Typography.Paragraph type="secondary">{t('stocktakes.start.lead')}</Typography.Paragraph>
      <Form<StartValues>
        form={form}
        layout="vertical"
        initialValues={{ locationId: defaultLocationId }}
        onValuesChange={clearErrorsOnChange(form)}
        onFinish={(values) => void start(values)}
        data-testid="start-stocktake-form"
      >
        <Form.Item name="locationId" label={t('stocktakes.columns.location')} rules={[{ required: true, message: t('common.chooseLocation') }]}>
          <LocationSelect scope="act" />
        </Form.Item>
        <Form.Item name="category" label={t('stocktakes.columns.category')} extra={t('stocktakes.start.categoryHint')}>
          <Select allowClear placeholder={t('stocktakes.allCategories')} options={options('categories')} />
        </Form.Item>
        <Form.Item name="note" label={t('stocktakes.columns.note')}>
          <Input.TextArea rows={2} maxLength={1000} />
        </Form.Item>
      </Form>
    </FormDialog>
  );
}
