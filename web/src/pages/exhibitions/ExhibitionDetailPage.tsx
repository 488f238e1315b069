import { useTranslation } from 'react-i18next';
import { PageTitle } from '../../components/PageTitle.js';

// Placeholder: the screen is built in this file.
export function ExhibitionDetailPage() {
  const { t } = useTranslation();
  return <PageTitle title={t('common.loading')} />;
}
