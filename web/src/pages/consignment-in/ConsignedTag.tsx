import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { useApiQuery } from '../../api/hooks.js';

export interface ItemConsignor {
  id: number;
  code: string;
  name: string;
}

/** Renders the 受託 tag of a consigned piece with its consignor's name; nothing for our own pieces. */
export function ConsignedTag({ consignor }: { consignor: ItemConsignor | null | undefined }) {
  const { t } = useTranslation();
  if (!consignor) return null;
  return (
    <Tag color="magenta" title={t('consignment.tagTitle', { name: consignor.name })} data-testid="consigned-tag">
      {t('consignment.tag')}: {consignor.name}
    </Tag>
  );
}

/**
 * Loads the consignor of each consigned piece among `itemIds`, for screens whose data does
 * not carry ownership (the cart, a sale). Our own pieces are absent from the map.
 */
export function useItemConsignors(itemIds: readonly number[]): Map<number, ItemConsignor> {
  const ids = [...new Set(itemIds)].sort((a, b) => a - b).join(',');
  const { data } = useApiQuery<{ items: Array<{ itemId: number; consignor: ItemConsignor }> }>(ids ? '/api/consignment/item-consignors' : null, { ids });
  return new Map((data?.items ?? []).map((entry) => [entry.itemId, entry.consignor]));
}
