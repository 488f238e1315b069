import { Table, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import type { StockLine } from '../api/types.js';
import { useApiQuery } from '../api/hooks.js';
import { formatQuantity, formatYen, type Locale } from '../lib/format.js';
import { Link } from '../lib/router.js';
import { LoadError } from './LoadError.js';

interface DocumentLine {
  itemId: number;
  stockNumber: string;
  itemName: string;
}

/**
 * Loads and lists the lines of one stock document when its row is expanded in a list. The
 * stock number links to the item, and `columns` add the document's own figures.
 */
export function DocumentLines<L extends DocumentLine>({ path, columns }: { path: string; columns: TableColumnsType<L> }) {
  const { t } = useTranslation();
  const { data, loading, error, reload } = useApiQuery<{ lines: L[] }>(path);
  if (error) return <LoadError error={error} onRetry={reload} />;
  return (
    <Table<L>
      rowKey="itemId"
      size="small"
      loading={loading}
      pagination={false}
      dataSource={data?.lines ?? []}
      columns={[
        { title: t('items.stockNumber'), dataIndex: 'stockNumber', render: (value: string, line) => <Link to={`/items/${line.itemId}`}>{value}</Link> },
        { title: t('items.name'), dataIndex: 'itemName' },
        ...columns,
      ]}
    />
  );
}

/**
 * Lists the lines of a document that took stock out at book cost (write-off, supplier
 * return). The cost column is left out for users without 'cost.view'.
 */
export function BookCostLines({ path, showCost }: { path: string; showCost: boolean }) {
  const { t, i18n } = useTranslation();
  const locale: Locale = i18n.language === 'en' ? 'en' : 'ja';
  return (
    <DocumentLines<StockLine>
      path={path}
      columns={[
        { title: t('lines.quantity'), dataIndex: 'quantity', render: (value: number, line) => formatQuantity(value, line.unit, locale) },
        ...(showCost ? [{ title: t('lines.bookCost'), dataIndex: 'costAmount', align: 'right' as const, render: (value?: number) => formatYen(value) }] : []),
      ]}
    />
  );
}
