import { Modal, type FormInstance } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { FormErrorState } from '../api/hooks.js';
import { FormErrorAlert } from './FormErrorAlert.js';

interface FormDialogProps {
  form: FormInstance;
  title: ReactNode;
  /** Label of the button that submits the form; "保存" / "Save" when left out. */
  okText?: string;
  saving: boolean;
  /** The failed save to show above the form, from useFormSubmit. */
  error: FormErrorState | undefined;
  onClose: () => void;
  width?: number;
  children: ReactNode;
}

/**
 * Renders a dialog around a form whose OK button submits it, with a failed save shown at
 * the top (FormErrorAlert). The form itself, with its onFinish, is the child.
 */
export function FormDialog({ form, title, okText, saving, error, onClose, width, children }: FormDialogProps) {
  const { t } = useTranslation();
  return (
    <Modal
      open
      width={width}
      title={title}
      okText={okText ?? t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <FormErrorAlert error={error} />
      {children}
    </Modal>
  );
}
