import { Button, Result, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import type { StockLine, StockOperation } from '../../api/types.js';
import { useCan } from '../../auth/AuthContext.js';
import { formatQuantity, formatYen, type Locale } from '../../lib/format.js';
import { Link } from '../../lib/router.js';

/** Shows what a split or combine took out of stock and what it made, with links to the new pieces. */
export function OperationResult({ operation, onNext }: { operation: StockOperation; onNext: () => void }) {
  const { t, i18n } = useTranslation();
  const locale: Locale = i18n.language === 'en' ? 'en' : 'ja';
  const canSeeCost = useCan()('cost.view');
  const columns = [
    { title: t('items.stockNumber'), dataIndex: 'stockNumber', render: (value: string, line: StockLine) => <Link to={`/items/${line.itemId}`}>{value}</Link> },
    { title: t('items.name'), dataIndex: 'itemName' },
    { title: t('lines.quantity'), dataIndex: 'quantity', render: (value: number, line: StockLine) => formatQuantity(value, line.unit, locale) },
    ...(canSeeCost ? [{ title: t('lines.bookCost'), dataIndex: 'costAmount', align: 'right' as const, render: (value?: number) => formatYen(value) }] : []),
  ];
  return (
    <Result
      status="success"
      title={t(operation.kind === 'split' ? 'split.done' : 'combine.done', { number: operation.number })}
      extra={
        <Button type="primary" onClick={onNext}>
          {t(operation.kind === 'split' ? 'split.next' : 'combine.next')}
        </Button>
      }
    >
      <Table<StockLine> rowKey="itemId" size="small" title={() => t('operation.consumed')} pagination={false} columns={columns} dataSource={operation.consumed} />
      <Table<StockLine> rowKey="itemId" size="small" title={() => t('operation.produced')} pagination={false} columns={columns} dataSource={operation.produced} style={{ marginTop: 16 }} data-testid="operation-produced" />
    </Result>
  );
}
