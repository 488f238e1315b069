import { ArrowDownOutlined, ArrowUpOutlined, DownloadOutlined } from '@ant-design/icons';
import { App, Button, Card, Empty, Flex, List, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, downloadFile } from '../../api/client.js';
import { useApiQuery, useErrorReporter } from '../../api/hooks.js';
import type { ItemDetail } from '../../api/types.js';
import { LoadError } from '../../components/LoadError.js';
import { PresetSelect } from './PresetSelect.js';
import type { ItemPhotos, StudioPreset } from './types.js';

type ItemPhoto = ItemDetail['photos'][number];

interface ItemPhotosPanelProps {
  itemId: number;
  presets: StudioPreset[];
  /** Changes after each attach, so the panel reloads the piece's photos. */
  reloadKey: number;
}

/** Returns a copy with the entry at `index` moved one place up (-1) or down (+1), or the list itself at either end. */
function moved<T>(list: T[], index: number, direction: -1 | 1): T[] {
  const target = index + direction;
  if (target < 0 || target >= list.length) return list;
  const next = [...list];
  [next[index], next[target]] = [next[target]!, next[index]!];
  return next;
}

/**
 * A piece's photos in listing order, to move up or down and save, and a zip of its studio
 * photos for one channel preset.
 */
export function ItemPhotosPanel({ itemId, presets, reloadKey }: ItemPhotosPanelProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const reportError = useErrorReporter();
  const item = useApiQuery<ItemDetail>(`/api/items/${itemId}`);
  const [order, setOrder] = useState<ItemPhoto[]>([]);
  const [saving, setSaving] = useState(false);
  const [exportPreset, setExportPreset] = useState<string>();
  const [exporting, setExporting] = useState(false);
  const chosenPreset = exportPreset ?? presets[0]?.id;
  const { reload } = item;

  // The query loads the piece once by itself, so only a later change of reloadKey (an attach) reloads it.
  const firstKey = useRef(reloadKey);
  useEffect(() => {
    if (reloadKey !== firstKey.current) reload();
  }, [reloadKey, reload]);

  useEffect(() => {
    setOrder([...(item.data?.photos ?? [])].sort((a, b) => a.position - b.position));
  }, [item.data]);

  const saved = [...(item.data?.photos ?? [])].sort((a, b) => a.position - b.position);
  const changed = order.some((photo, index) => photo.id !== saved[index]?.id);

  const saveOrder = async () => {
    setSaving(true);
    try {
      await api.put<ItemPhotos>(`/api/photo-studio/items/${itemId}/photos`, { itemPhotoIds: order.map((photo) => photo.id) });
      void message.success(t('photoStudio.itemPhotos.orderSaved'));
      reload();
    } catch (error) {
      reportError(error);
    } finally {
      setSaving(false);
    }
  };

  const exportZip = async () => {
    if (!chosenPreset) return;
    setExporting(true);
    try {
      await downloadFile(`/api/photo-studio/items/${itemId}/export`, { preset: chosenPreset }, `item-${itemId}-${chosenPreset}.zip`);
    } catch (error) {
      reportError(error);
    } finally {
      setExporting(false);
    }
  };

  const title = item.data ? t('photoStudio.itemPhotos.title', { stockNumber: item.data.stockNumber, name: item.data.name }) : t('photoStudio.itemPhotos.titleLoading');
  return (
    <Card size="small" title={title} data-testid="item-photos">
      {item.error && <LoadError error={item.error} onRetry={reload} />}
      {order.length === 0 ? (
        <Empty description={t('photoStudio.itemPhotos.empty')} />
      ) : (
        <List
          size="small"
          dataSource={order}
          renderItem={(photo, index) => (
            <List.Item
              key={photo.id}
              data-testid="item-photo"
              actions={[
                <Button key="up" size="small" icon={<ArrowUpOutlined />} disabled={index === 0} onClick={() => setOrder(moved(order, index, -1))} aria-label={t('photoStudio.itemPhotos.moveUp')} />,
                <Button key="down" size="small" icon={<ArrowDownOutlined />} disabled={index === order.length - 1} onClick={() => setOrder(moved(order, index, 1))} aria-label={t('photoStudio.itemPhotos.moveDown')} />,
              ]}
            >
              <Flex gap={8} align="center">
                <Typography.Text type="secondary">{index + 1}</Typography.Text>
                <img src={photo.url} alt={photo.altText ?? ''} style={{ width: 56, height: 56, objectFit: 'contain', background: '#fff', border: '1px solid #f0f0f0' }} />
              </Flex>
            </List.Item>
          )}
        />
      )}
      <Flex gap={8} wrap style={{ marginTop: 8 }}>
        <Button type="primary" disabled={!changed} loading={saving} onClick={() => void saveOrder()} data-testid="item-photos-save">
          {t('photoStudio.itemPhotos.saveOrder')}
        </Button>
        <PresetSelect presets={presets} value={chosenPreset} onChange={setExportPreset} style={{ width: 'auto', minWidth: 200 }} aria-label={t('photoStudio.itemPhotos.exportPreset')} data-testid="export-preset" />
        <Button icon={<DownloadOutlined />} loading={exporting} disabled={!chosenPreset || order.length === 0} onClick={() => void exportZip()} data-testid="item-photos-export">
          {t('photoStudio.itemPhotos.export')}
        </Button>
      </Flex>
    </Card>
  );
}
