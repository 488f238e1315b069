import { useTranslation } from 'react-i18next';
import { PageTitle } from '../../components/PageTitle.js';

/** Placeholder until the analytics screens land. */
export function InventoryReportPage() {
  const { t } = useTranslation();
  return <PageTitle title={t('analytics.title')} />;
}
