import { Form, Input, Select, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { useApiQuery, useFormSubmit } from '../../api/hooks.js';
import { useCan } from '../../auth/AuthContext.js';
import { DateField } from '../../components/DateField.js';
import { FormDialog } from '../../components/FormDialog.js';
import { LocationSelect } from '../../components/LocationSelect.js';
import { todayInTokyo } from '../../lib/format.js';
import { clearErrorsOnChange } from '../../lib/formErrors.js';
import type { Exhibition } from './types.js';

interface ExhibitionFormValues {
  name: string;
  venue?: string;
  startsOn: string;
  endsOn: string;
  homeLocationId: number;
  staffUserIds: number[];
  withdrawFromChannels: boolean;
  note?: string;
}

interface ExhibitionFormModalProps {
  /** The exhibition to edit, or 'new'. */
  exhibition: Exhibition | 'new';
  onClose: () => void;
  onSaved: (saved: Exhibition) => void;
}

function initialValues(exhibition: Exhibition | 'new'): Partial<ExhibitionFormValues> {
  if (exhibition === 'new') return { startsOn: todayInTokyo(), endsOn: todayInTokyo(), staffUserIds: [], withdrawFromChannels: true };
  return {
    name: exhibition.name,
    venue: exhibition.venue ?? undefined,
    startsOn: exhibition.startsOn,
    endsOn: exhibition.endsOn,
    homeLocationId: exhibition.homeLocationId,
    staffUserIds: exhibition.staff.map((member) => member.userId),
    withdrawFromChannels: exhibition.withdrawFromChannels,
    note: exhibition.note ?? undefined,
  };
}

/** Creates an exhibition (name, venue, dates, home location, staff, channel choice) or edits one. */
export function ExhibitionFormModal({ exhibition, onClose, onSaved }: ExhibitionFormModalProps) {
  const { t } = useTranslation();
  const [form] = Form.useForm<ExhibitionFormValues>();
  const { error, saving, submit } = useFormSubmit(form);
  // Staff are the users who may sell, and reading that list needs the sales permission.
  const canListStaff = useCan()('sales.sell');
  const staff = useApiQuery<{ staff: Array<{ id: number; displayName: string }> }>(canListStaff ? '/api/sales/staff' : null);
  const isNew = exhibition === 'new';

  const save = async (values: ExhibitionFormValues) => {
    // Without the staff field (no sales permission) the current staff are kept.
    const keptStaff = isNew ? [] : exhibition.staff.map((member) => member.userId);
    const body = { ...values, staffUserIds: values.staffUserIds ?? keptStaff, venue: values.venue ?? '', note: values.note ?? '' };
    let saved: Exhibition | undefined;
    const succeeded = await submit(async () => {
      saved = isNew ? await api.post<Exhibition>('/api/exhibitions', body) : await api.put<Exhibition>(`/api/exhibitions/${exhibition.id}`, body);
    });
    if (succeeded && saved) onSaved(saved);
  };

  return (
    <FormDialog form={form} width={600} title={isNew ? t('exhibitions.new') : t('exhibitions.edit')} saving={saving} error={error} onClose={onClose}>
      <Form<ExhibitionFormValues>
        form={form}
        layout="vertical"
        initialValues={initialValues(exhibition)}
        onValuesChange={clearErrorsOnChange(form)}
        onFinish={(values) => void save(values)}
        data-testid="exhibition-form"
      >
        <Form.Item name="name" label={t('exhibitions.name')} rules={[{ required: true, message: t('common.required') }]}>
          <Input maxLength={100} autoFocus />
        </Form.Item>
        <Form.Item name="venue" label={t('exhibitions.venue')}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item label={t('exhibitions.period')} required style={{ marginBottom: 0 }}>
          <Form.Item name="startsOn" label={t('exhibitions.startsOn')} rules={[{ required: true, message: t('common.required') }]} style={{ display: 'inline-block', width: 'calc(50% - 8px)', marginRight: 16 }}>
            <DateField allowClear={false} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="endsOn" label={t('exhibitions.endsOn')} rules={[{ required: true, message: t('common.required') }]} style={{ display: 'inline-block', width: 'calc(50% - 8px)' }}>
            <DateField allowClear={false} style={{ width: '100%' }} />
          </Form.Item>
        </Form.Item>
        <Form.Item name="homeLocationId" label={t('exhibitions.homeLocation')} extra={t('exhibitions.homeLocationHint')} rules={[{ required: true, message: t('common.required') }]}>
          <LocationSelect scope="act" />
        </Form.Item>
        {canListStaff && (
          <Form.Item name="staffUserIds" label={t('exhibitions.staff')} extra={t('exhibitions.staffHint')}>
            <Select<number[]>
              mode="multiple"
              showSearch={{ optionFilterProp: 'label' }}
              loading={staff.loading}
              options={(staff.data?.staff ?? []).map((member) => ({ value: member.id, label: member.displayName }))}
            />
          </Form.Item>
        )}
        <Form.Item name="withdrawFromChannels" label={t('exhibitions.withdrawFromChannels')} extra={t('exhibitions.withdrawHint')} valuePropName="checked">
          <Switch />
        </Form.Item>
        <Form.Item name="note" label={t('exhibitions.note')}>
          <Input.TextArea rows={2} maxLength={1000} />
        </Form.Item>
      </Form>
    </FormDialog>
  );
}
