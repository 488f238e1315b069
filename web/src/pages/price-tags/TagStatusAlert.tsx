import { Alert } from 'antd';
import { useTranslation } from 'react-i18next';
import { useApiQuery } from '../../api/hooks.js';
import { formatYen } from '../../lib/format.js';
import { PrintTagsButton } from './PrintTagsDialog.js';
import type { TagStatus } from './types.js';

/**
 * Renders a warning when the piece's last printed tag shows another price than its current
 * one, with a button that reprints it. Renders nothing for a piece never tagged or up to date.
 * Give it a key that changes with the price, so it reads the status again after an edit.
 */
export function TagStatusAlert({ itemId, stockNumber }: { itemId: number; stockNumber: string }) {
  const { t } = useTranslation();
  const { data, reload } = useApiQuery<TagStatus>(`/api/price-tags/items/${itemId}`);
  if (!data?.stale || !data.lastPrint) return null;

  return (
    <Alert
      type="warning"
      showIcon
      style={{ marginBottom: 16 }}
      data-testid="item-tag-stale"
      message={t('priceTags.stale.title')}
      description={t('priceTags.stale.message', { printed: formatYen(data.lastPrint.priceIncludingTax), current: formatYen(data.currentPriceIncludingTax) })}
      action={<PrintTagsButton source={{ stockNumbers: [stockNumber] }} label={t('priceTags.stale.reprint')} onPrinted={reload} testId="item-tag-reprint" />}
    />
  );
}
