import { Table, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { useApiQuery } from '../api/hooks.js';
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
