import { Form, Input, Radio, Select, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { useFormSubmit, type FieldNameMapper } from '../../api/hooks.js';
import type { Role, UserAccount } from '../../api/types.js';
import { FormDialog } from '../../components/FormDialog.js';
import { useAuth } from '../../auth/AuthContext.js';
import { useStockLocations } from '../../data/ReferenceData.js';
import { clearErrorsOnChange } from '../../lib/formErrors.js';
import type { Locale } from '../../lib/format.js';
import { PasswordRules } from '../profile/PasswordRules.js';
import { roleName } from './roleName.js';

interface UserFormValues {
  email?: string;
  password?: string;
  displayName?: string;
  locale: Locale;
  role?: string;
  allLocations: boolean;
  locationIds: number[];
  defaultLocationId: number | null;
}

/** "locationIds.2" from the API goes on the location picker as a whole. */
const mapUserField: FieldNameMapper = (path) => (path[0] === 'locationIds' ? ['locationIds'] : path);

function initialValues(user: UserAccount | 'new'): UserFormValues {
  if (user === 'new') return { locale: 'ja', allLocations: false, locationIds: [], defaultLocationId: null };
  return {
    email: user.email,
    displayName: user.displayName,
    locale: user.locale,
    role: user.role,
    allLocations: user.allLocations,
    locationIds: user.locationIds,
    defaultLocationId: user.defaultLocationId,
  };
}

interface UserFormModalProps {
  user: UserAccount | 'new';
  roles: Role[];
  onClose: () => void;
  onSaved: (user: UserAccount) => void;
}

/**
 * Creates a staff account (email, first password, name, language, role, locations) or edits
 * one. Errors appear in the dialog: a field's error under the field, the rest at the top.
 */
export function UserFormModal({ user, roles, onClose, onSaved }: UserFormModalProps) {
  const { t, i18n } = useTranslation();
  const locale: Locale = i18n.language === 'en' ? 'en' : 'ja';
  const [form] = Form.useForm<UserFormValues>();
  const { error, saving, submit } = useFormSubmit(form, mapUserField);
  const { user: manager } = useAuth();
  const stockLocations = useStockLocations();
  // A manager limited to some locations may grant only those, and never every location;
  // the server rejects anything else.
  const limitedManager = manager !== undefined && !manager.scope.all;
  const locations = useMemo(
    () => (limitedManager ? stockLocations.filter((l) => manager.scope.locationIds.includes(l.id)) : stockLocations),
    [limitedManager, manager, stockLocations],
  );
  const allLocations = Form.useWatch('allLocations', form) ?? (user === 'new' ? false : user.allLocations);
  const chosenIds = (Form.useWatch('locationIds', form) ?? []) as number[];
  const isNew = user === 'new';
  const isOwner = !isNew && user.isOwner;

  // The default location must be one the user may work at.
  const defaultOptions = useMemo(
    () => locations.filter((l) => allLocations || chosenIds.includes(l.id)).map((l) => ({ value: l.id, label: `${l.code} ${l.name}` })),
    [locations, allLocations, chosenIds],
  );

  const save = async (values: UserFormValues) => {
    const scope = {
      allLocations: values.allLocations,
      locationIds: values.allLocations ? [] : values.locationIds,
      defaultLocationId: values.defaultLocationId ?? null,
    };
    const common = { displayName: values.displayName?.trim() || undefined, locale: values.locale };
    let saved: UserAccount | undefined;
    const succeeded = await submit(async () => {
      saved = isNew
        ? await api.post<UserAccount>('/api/users', { ...common, email: values.email?.trim(), password: values.password, role: values.role, ...scope })
        : await api.put<UserAccount>(`/api/users/${user.id}`, isOwner ? common : { ...common, role: values.role, ...scope });
    });
    if (succeeded && saved) onSaved(saved);
  };

  return (
    <FormDialog
      form={form}
      width={640}
      title={isNew ? t('users.new') : t('users.edit', { name: user.displayName || user.email })}
      okText={isNew ? t('users.create') : undefined}
      saving={saving}
      error={error}
      onClose={onClose}
    >
      <Form<UserFormValues>
        form={form}
        layout="vertical"
        initialValues={initialValues(user)}
        onValuesChange={(changed: Partial<UserFormValues>) => {
          clearErrorsOnChange(form)(changed);
          // A default outside the chosen locations would be rejected, so it is cleared.
          const current = form.getFieldValue('defaultLocationId') as number | null;
          if (current !== null && !form.getFieldValue('allLocations') && !((form.getFieldValue('locationIds') ?? []) as number[]).includes(current)) {
            form.setFieldValue('defaultLocationId', null);
          }
        }}
        onFinish={(values) => void save(values)}
        data-testid="user-form"
      >
        <Form.Item name="email" label={t('users.email')} rules={[{ required: true, message: t('common.required') }, { type: 'email', message: t('users.emailInvalid') }]}>
          <Input maxLength={254} inputMode="email" autoComplete="off" disabled={!isNew} autoFocus={isNew} />
        </Form.Item>
        {isNew && (
          <Form.Item name="password" label={t('users.initialPassword')} rules={[{ required: true, message: t('common.required') }]} extra={<PasswordRules />}>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
        )}
        <Form.Item name="displayName" label={t('users.displayName')} extra={t('users.displayNameHint')}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="locale" label={t('users.language')}>
          <Radio.Group
            options={[
              { value: 'ja', label: '日本語' },
              { value: 'en', label: 'English' },
            ]}
          />
        </Form.Item>
        {isOwner ? (
          <Typography.Paragraph type="secondary" data-testid="owner-note">
            {t('users.ownerNote')}
          </Typography.Paragraph>
        ) : (
          <>
            <Form.Item name="role" label={t('users.role')} rules={[{ required: true, message: t('users.chooseRole') }]}>
              <Select
                placeholder={t('users.chooseRole')}
                options={roles.map((role) => ({ value: role.code, label: roleName(role, locale) }))}
                data-testid="user-role"
              />
            </Form.Item>
            <Form.Item name="allLocations" label={t('users.locations')}>
              <Radio.Group
                options={[
                  { value: true, label: t('users.allLocations'), disabled: limitedManager },
                  { value: false, label: t('users.chosenLocations') },
                ]}
              />
            </Form.Item>
            {!allLocations && (
              <Form.Item name="locationIds" label={t('users.chooseLocations')} rules={[{ required: true, type: 'array', min: 1, message: t('users.locationsRequired') }]}>
                <Select
                  mode="multiple"
                  showSearch={{ optionFilterProp: 'label' }}
                  placeholder={t('common.chooseLocation')}
                  options={locations.map((l) => ({ value: l.id, label: `${l.code} ${l.name}` }))}
                  notFoundContent={t('common.noLocations')}
                  data-testid="user-locations"
                />
              </Form.Item>
            )}
            <Form.Item name="defaultLocationId" label={t('users.defaultLocation')} extra={t('users.defaultLocationHint')}>
              <Select allowClear placeholder={t('users.noDefaultLocation')} options={defaultOptions} data-testid="user-default-location" />
            </Form.Item>
          </>
        )}
      </Form>
    </FormDialog>
  );
}
