import { Card, Space, Typography } from 'antd';
import type { ReactNode, RefObject } from 'react';
import { ItemPicker, type ItemPickerHandle } from './ItemPicker.js';
import { StockLinesTable, type useStockLineDrafts } from './StockLinesEditor.js';

interface StockLinesCardProps {
  title: ReactNode;
  pickerRef: RefObject<ItemPickerHandle | null>;
  locationId: number | null | undefined;
  drafts: ReturnType<typeof useStockLineDrafts>;
  showCost?: boolean;
  /** Shown above the picker, e.g. a hint to choose the location first. */
  hint?: ReactNode;
  /** Shown under the lines, e.g. the total book cost. */
  footer?: ReactNode;
}

/** Scan or search items at a location and list them with quantities: the body of every stock slip. */
export function StockLinesCard({ title, pickerRef, locationId, drafts, showCost, hint, footer }: StockLinesCardProps) {
  return (
    <Card size="small" title={title} style={{ marginBottom: 16 }}>
      {hint && <Typography.Paragraph type="secondary">{hint}</Typography.Paragraph>}
      <Space direction="vertical" style={{ width: '100%' }} size="middle">
        <ItemPicker ref={pickerRef} locationId={locationId} disabled={!locationId} onPick={drafts.add} />
        <StockLinesTable lines={drafts.lines} onQuantityChange={drafts.setQuantity} onRemove={drafts.remove} showCost={showCost} />
        {footer && <Typography.Text strong>{footer}</Typography.Text>}
      </Space>
    </Card>
  );
}
