import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { StatementStatus } from './statementTypes.js';

/** Shows whether a statement is still unpaid or paid. */
export function StatementStatusTag({ status }: { status: StatementStatus }) {
  const { t } = useTranslation();
  return status === 'paid' ? <Tag color="green">{t('settlement.statusPaid')}</Tag> : <Tag color="orange">{t('settlement.statusIssued')}</Tag>;
}
