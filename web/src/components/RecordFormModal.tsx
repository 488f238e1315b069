import { App, Form, Modal, type FormInstance } from 'antd';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.js';
import { useErrorReporter } from '../api/hooks.js';
import { clearErrorsOnChange, clearFieldErrors } from '../lib/formErrors.js';

interface RecordFormModalProps<T extends object> {
  form: FormInstance<T>;
  title: string;
  /** POST here when creating. */
  collectionPath: string;
  /** The record being edited (PUT to collectionPath/id), or the values a new record starts with. */
  record: ({ id: number } & Partial<T>) | { id?: undefined; initialValues: Partial<T> };
  onClose: () => void;
  onSaved: () => void;
  testId: string;
  children: ReactNode;
}

/**
 * Renders a modal form for a small settings record. It creates the record with POST or
 * updates it with PUT, puts the server's field errors on the fields and closes on success.
 */
export function RecordFormModal<T extends object>({ form, title, collectionPath, record, onClose, onSaved, testId, children }: RecordFormModalProps<T>) {
  const { t } = useTranslation();
  const [saving, setSaving] = useState(false);
  const reportError = useErrorReporter();
  const { message } = App.useApp();

  const save = async (values: T) => {
    clearFieldErrors(form);
    setSaving(true);
    try {
      if (record.id === undefined) await api.post(collectionPath, values);
      else await api.put(`${collectionPath}/${record.id}`, values);
      void message.success(t('common.saved'));
      onSaved();
    } catch (error) {
      reportError(error, form);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal open title={title} okText={t('common.save')} cancelText={t('common.cancel')} confirmLoading={saving} onOk={() => form.submit()} onCancel={onClose} destroyOnHidden>
      {/* initialValues apply once, when the modal opens for this record. */}
      <Form<T> form={form} layout="vertical" onValuesChange={clearErrorsOnChange(form)} initialValues={record.id === undefined ? record.initialValues : record} onFinish={(values) => void save(values)} data-testid={testId}>
        {children}
      </Form>
    </Modal>
  );
}
