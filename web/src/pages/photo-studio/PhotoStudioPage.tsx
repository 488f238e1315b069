import { useTranslation } from 'react-i18next';
import { PageTitle } from '../../components/PageTitle.js';

/** 写真スタジオ: filled in by the studio work. */
export function PhotoStudioPage() {
  const { t } = useTranslation();
  return <PageTitle title={t('photoStudio.title')} />;
}
