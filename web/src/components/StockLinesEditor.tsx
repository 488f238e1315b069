import { DeleteOutlined } from '@ant-design/icons';
import { App, Button, Table, Typography, type TableColumnsType } from 'antd';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatQuantity, formatYen, type Locale } from '../lib/format.js';
import { Link } from '../lib/router.js';
import type { PickedItem } from './ItemPicker.js';
import { QuantityInput } from './QuantityInput.js';

export interface StockLineDraft {
  item: PickedItem;
  /** In the item's base unit. */
  quantity: number;
  /** Quantity at the source location now, in base units. */
  available: number;
}

/**
 * Keeps the lines of a slip that moves existing stock (transfer, write-off, combine). Adding
 * an item checks that the location has it in stock. A unique piece goes on once, and a
 * quantity-tracked item scanned again gets one more unit.
 */
export function useStockLineDrafts(locationId: number | null | undefined) {
  const [lines, setLines] = useState<StockLineDraft[]>([]);
  const { message } = App.useApp();
  const { t } = useTranslation();

  const add = useCallback(
    (item: PickedItem): boolean => {
      const available = item.balances.find((b) => b.locationId === locationId)?.quantity ?? 0;
      if (available <= 0) {
        void message.error(t('lines.notAtLocation', { stockNumber: item.stockNumber }));
        return false;
      }
      const existing = lines.find((line) => line.item.id === item.id);
      if (existing && item.tracking === 'unique') {
        void message.warning(t('lines.alreadyListed', { stockNumber: item.stockNumber }));
        return false;
      }
      if (existing) {
        setLines((current) => current.map((line) => (line.item.id === item.id ? { ...line, quantity: Math.min(line.quantity + 1, available) } : line)));
      } else {
        setLines((current) => [...current, { item, quantity: item.tracking === 'unique' ? 1 : Math.min(1, available), available }]);
      }
      return true;
    },
    [lines, locationId, message, t],
  );

  const setQuantity = useCallback((itemId: number, quantity: number) => {
    setLines((current) => current.map((line) => (line.item.id === itemId ? { ...line, quantity } : line)));
  }, []);

  const remove = useCallback((itemId: number) => {
    setLines((current) => current.filter((line) => line.item.id !== itemId));
  }, []);

  const clear = useCallback(() => setLines([]), []);

  return { lines, add, setQuantity, remove, clear };
}

/** Book cost in yen of one drafted line, or undefined when the item came without its cost. */
function lineBookCost(line: StockLineDraft): number | undefined {
  // items.cost is per base unit, so this matches the book cost the server records.
  return line.item.cost === undefined ? undefined : line.item.cost * line.quantity;
}

/**
 * Sums the book cost in yen of the drafted lines. Returns undefined when an item came
 * without its cost, as it does for users without 'cost.view'.
 */
export function totalBookCost(lines: StockLineDraft[]): number | undefined {
  let total = 0;
  for (const line of lines) {
    const cost = lineBookCost(line);
    if (cost === undefined) return undefined;
    total += cost;
  }
  return total;
}

interface StockLinesTableProps {
  lines: StockLineDraft[];
  onQuantityChange: (itemId: number, quantity: number) => void;
  onRemove: (itemId: number) => void;
  /** Shows the book cost of each line, for write-offs. */
  showCost?: boolean;
}

export function StockLinesTable({ lines, onQuantityChange, onRemove, showCost }: StockLinesTableProps) {
  const { t, i18n } = useTranslation();
  const locale: Locale = i18n.language === 'en' ? 'en' : 'ja';

  const columns: TableColumnsType<StockLineDraft> = [
    { title: '#', key: 'index', width: 48, render: (_, __, index) => index + 1 },
    {
      title: t('items.stockNumber'),
      key: 'stockNumber',
      render: (_, line) => <Link to={`/items/${line.item.id}`}>{line.item.stockNumber}</Link>,
    },
    { title: t('items.name'), key: 'name', render: (_, line) => line.item.name },
    {
      title: t('lines.available'),
      key: 'available',
      responsive: ['md'],
      render: (_, line) => formatQuantity(line.available, line.item.unit, locale),
    },
    {
      title: t('lines.quantity'),
      key: 'quantity',
      render: (_, line) =>
        line.item.tracking === 'unique' ? (
          formatQuantity(1, 'piece', locale)
        ) : (
          <QuantityInput
            unit={line.item.unit}
            value={line.quantity}
            max={line.available}
            aria-label={t('lines.quantityOf', { stockNumber: line.item.stockNumber })}
            onChange={(value) => onQuantityChange(line.item.id, value ?? 0)}
          />
        ),
    },
    ...(showCost
      ? [
          {
            title: t('lines.bookCost'),
            key: 'cost',
            align: 'right' as const,
            render: (_: unknown, line: StockLineDraft) => formatYen(lineBookCost(line)),
          },
        ]
      : []),
    {
      title: '',
      key: 'remove',
      width: 56,
      render: (_, line) => (
        <Button type="text" danger icon={<DeleteOutlined />} aria-label={t('lines.remove', { stockNumber: line.item.stockNumber })} onClick={() => onRemove(line.item.id)} />
      ),
    },
  ];

  return (
    <Table<StockLineDraft>
      rowKey={(line) => line.item.id}
      size="small"
      columns={columns}
      dataSource={lines}
      pagination={false}
      locale={{ emptyText: <Typography.Text type="secondary">{t('lines.empty')}</Typography.Text> }}
      scroll={{ x: 'max-content' }}
      data-testid="stock-lines"
    />
  );
}
