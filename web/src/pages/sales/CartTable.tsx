import { DeleteOutlined } from '@ant-design/icons';
import { Button, InputNumber, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { YenInput } from '../../components/YenInput.js';
import { formatYen } from '../../lib/format.js';
import { quotedLine, type CartLine } from './cart.js';
import { DiscountField } from './DiscountField.js';
import { ConsignedTag, useItemConsignors } from '../consignment-in/ConsignedTag.js';
import type { QuoteOutput } from './types.js';

interface CartTableProps {
  lines: CartLine[];
  quote: QuoteOutput | undefined;
  onChange: (index: number, patch: Partial<CartLine>) => void;
  onRemove: (index: number) => void;
  /** Stock number the server rejected when completing, marked until its line is removed. */
  rejectedStockNumber?: string;
  disabled?: boolean;
}

function basisKey(line: CartLine): string {
  return line.priceBasis === 'excluded' ? 'sales.priceBasisExcluded' : 'sales.priceBasisIncluded';
}

/**
 * Renders the cart: each line with its price, a price set at the counter, a line discount,
 * and the amount the server computed for it. Prices are tax-included unless the item is
 * priced without tax, which the line marks.
 */
export function CartTable({ lines, quote, onChange, onRemove, rejectedStockNumber, disabled }: CartTableProps) {
  const { t } = useTranslation();
  const consignors = useItemConsignors(lines.map((line) => line.itemId));

  const columns: TableColumnsType<CartLine> = [
    {
      title: t('sales.item'),
      key: 'item',
      render: (_, line) => (
        <div>
          <Typography.Text strong>{line.stockNumber}</Typography.Text>
          <div>{line.name}</div>
          <Space size={4} wrap>
            <Tag>{t('sales.ratePercent', { rate: line.taxRatePercent })}</Tag>
            {line.priceBasis === 'excluded' && <Tag color="orange">{t('sales.priceExcluded')}</Tag>}
            <ConsignedTag consignor={consignors.get(line.itemId)} />
            {line.stockNumber === rejectedStockNumber && <Tag color="red">{t('sales.rejectedTag')}</Tag>}
          </Space>
        </div>
      ),
    },
    {
      title: t('sales.quantity'),
      key: 'quantity',
      width: 64,
      render: (_, line, index) =>
        line.tracking === 'unique' ? (
          1
        ) : (
          <InputNumber<number>
            aria-label={t('sales.quantityOf', { stockNumber: line.stockNumber })}
            min={1}
            max={line.available}
            precision={0}
            value={line.quantity}
            disabled={disabled}
            onChange={(quantity) => onChange(index, { quantity: quantity ?? 1 })}
            style={{ width: 56 }}
          />
        ),
    },
    {
      title: `${t('sales.unitPrice')} / ${t('sales.lineDiscount')}`,
      key: 'price',
      width: 160,
      render: (_, line, index) => (
        <Space orientation="vertical" size={4} style={{ width: 144 }}>
          {/* The price is typed on the item's own basis, so the box says which: 税抜 or 税込. */}
          <YenInput
            aria-label={t('sales.unitPriceOf', { stockNumber: line.stockNumber, basis: t(basisKey(line)) })}
            value={line.unitPrice ?? line.retailPrice}
            disabled={disabled}
            min={0}
            suffix={
              <Typography.Text type={line.priceBasis === 'excluded' ? 'warning' : 'secondary'} strong={line.priceBasis === 'excluded'} style={{ fontSize: 12 }} data-testid={`cart-price-basis-${index}`}>
                {t(basisKey(line))}
              </Typography.Text>
            }
            onChange={(value) => onChange(index, { unitPrice: value === null || value === undefined ? null : value })}
            data-testid={`cart-price-${index}`}
          />
          {line.unitPrice !== null && line.unitPrice !== line.retailPrice && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('sales.retailWas', { price: formatYen(line.retailPrice) })}
            </Typography.Text>
          )}
          <DiscountField
            label={t('sales.lineDiscountOf', { stockNumber: line.stockNumber })}
            placeholder={t('sales.lineDiscount')}
            value={line.discount}
            disabled={disabled}
            onChange={(discount) => onChange(index, { discount })}
            data-testid={`cart-discount-${index}`}
          />
        </Space>
      ),
    },
    {
      title: t('sales.amount'),
      key: 'amount',
      align: 'right',
      width: 104,
      render: (_, line, index) => {
        const quoted = quotedLine(quote, index, line);
        if (!quoted) return <Typography.Text type="secondary">—</Typography.Text>;
        return (
          <div data-testid={`cart-amount-${index}`}>
            <div>{formatYen(quoted.amount)}</div>
            {quoted.lineDiscount > 0 && (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('sales.lineDiscountShown', { amount: formatYen(quoted.lineDiscount) })}
              </Typography.Text>
            )}
          </div>
        );
      },
    },
    {
      title: '',
      key: 'remove',
      width: 40,
      render: (_, line, index) => (
        <Button type="text" danger icon={<DeleteOutlined />} aria-label={t('sales.removeLine', { stockNumber: line.stockNumber })} disabled={disabled} onClick={() => onRemove(index)} />
      ),
    },
  ];

  return (
    <Table<CartLine>
      rowKey="key"
      size="small"
      columns={columns}
      dataSource={lines}
      pagination={false}
      locale={{ emptyText: t('sales.cartEmpty') }}
      rowClassName={(line) => (line.stockNumber === rejectedStockNumber ? 'ant-table-row-selected' : '')}
      onRow={(line) => ({ 'data-stock-number': line.stockNumber }) as React.HTMLAttributes<HTMLElement>}
      // Below 480 px the cart scrolls sideways; above it the item column takes the rest and wraps.
      scroll={{ x: 480 }}
      data-testid="cart"
    />
  );
}
