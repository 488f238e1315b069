import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { SaleSummary } from './types.js';

export function SaleKindTag({ kind }: { kind: SaleSummary['kind'] }) {
  const { t } = useTranslation();
  return kind === 'return' ? <Tag color="orange">{t('sales.kindReturn')}</Tag> : <Tag color="blue">{t('sales.kindSale')}</Tag>;
}

/** Shows only a voided document; a completed one needs no mark. */
export function SaleStatusTag({ status }: { status: SaleSummary['status'] }) {
  const { t } = useTranslation();
  return status === 'voided' ? <Tag color="red">{t('sales.statusVoided')}</Tag> : null;
}
