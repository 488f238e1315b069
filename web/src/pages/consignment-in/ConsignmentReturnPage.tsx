import { useTranslation } from 'react-i18next';
import { PageTitle } from '../../components/PageTitle.js';

// Placeholder: the screen is built in this file.
export function ConsignmentReturnPage() {
  const { t } = useTranslation();
  return <PageTitle title={t('common.loading')} />;
}
