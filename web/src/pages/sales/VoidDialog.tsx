import { Alert, Input, Modal, Typography, type ButtonProps } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api/client.js';
import type { SaleOutput } from './types.js';

/**
 * Asks for the reason and voids a sale made today. The server puts the pieces back in
 * stock and rejects the void when the sale is no longer voidable.
 */
export function VoidDialog({ sale, open, onClose, onVoided }: { sale: SaleOutput; open: boolean; onClose: () => void; onVoided: (sale: SaleOutput) => void }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string>();

  const submit = async () => {
    if (!reason.trim()) {
      setError(t('sales.voidReasonRequired'));
      return;
    }
    setSaving(true);
    setError(undefined);
    try {
      const voided = await api.post<SaleOutput>(`/api/sales/${sale.id}/void`, { reason: reason.trim() });
      setReason('');
      onVoided(voided);
    } catch (cause) {
      setError(cause instanceof ApiError || cause instanceof Error ? cause.message : String(cause));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('sales.voidTitle', { number: sale.number })}
      okText={t('sales.void')}
      okButtonProps={{ danger: true, loading: saving, 'data-testid': 'void-confirm' } as ButtonProps}
      cancelText={t('common.cancel')}
      onOk={() => void submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Typography.Paragraph>{t('sales.voidLead')}</Typography.Paragraph>
      <Input.TextArea
        autoFocus
        rows={3}
        maxLength={500}
        aria-label={t('sales.voidReason')}
        placeholder={t('sales.voidReason')}
        value={reason}
        onChange={(event) => setReason(event.target.value)}
        data-testid="void-reason"
      />
      {error && <Alert type="error" showIcon role="alert" style={{ marginTop: 12 }} title={error} data-testid="void-error" />}
    </Modal>
  );
}
