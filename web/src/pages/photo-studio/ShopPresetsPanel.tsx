import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, List, Popconfirm, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { useErrorReporter } from '../../api/hooks.js';
import { formatByteLimit } from './shopPresetForm.js';
import { ShopPresetDialog } from './ShopPresetDialog.js';
import type { PresetSummary } from './types.js';

interface ShopPresetsPanelProps {
  /** Every preset from GET /api/photo-studio/presets; the panel lists the shop's own. */
  presets: PresetSummary[];
  onChanged: () => void;
}

/**
 * Lists the shop's own presets with add, edit and delete. The page shows it only to users who
 * may change settings, because a preset decides how every later photo of the shop is finished.
 */
export function ShopPresetsPanel({ presets, onChanged }: ShopPresetsPanelProps) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const reportError = useErrorReporter();
  const locale = i18n.language === 'en' ? 'en' : 'ja';
  // undefined: closed; null: adding a preset; a preset: editing it.
  const [editing, setEditing] = useState<PresetSummary | null>();
  const [deleting, setDeleting] = useState<string>();
  const shopPresets = presets.filter((preset) => preset.kind === 'shop');

  const remove = async (preset: PresetSummary) => {
    setDeleting(preset.id);
    try {
      const result = await api.delete<{ id: string; photosUsing: number }>(`/api/photo-studio/presets/${encodeURIComponent(preset.id)}`);
      const label = preset.label[locale];
      void message.success(result.photosUsing > 0 ? t('photoStudio.shopPresets.deletedInUse', { label, count: result.photosUsing }) : t('photoStudio.shopPresets.deleted', { label }));
      onChanged();
    } catch (error) {
      reportError(error);
    } finally {
      setDeleting(undefined);
    }
  };

  return (
    <Card
      title={t('photoStudio.shopPresets.title')}
      extra={
        <Button icon={<PlusOutlined />} onClick={() => setEditing(null)} data-testid="shop-preset-add">
          {t('photoStudio.shopPresets.add')}
        </Button>
      }
      data-testid="shop-presets"
    >
      <Typography.Paragraph type="secondary">{t('photoStudio.shopPresets.explain')}</Typography.Paragraph>
      <List
        size="small"
        dataSource={shopPresets}
        locale={{ emptyText: t('photoStudio.shopPresets.empty') }}
        renderItem={(preset) => (
          <List.Item
            data-testid={`shop-preset-${preset.id}`}
            actions={[
              <Button key="edit" size="small" onClick={() => setEditing(preset)} data-testid="shop-preset-edit">
                {t('photoStudio.shopPresets.edit')}
              </Button>,
              <Popconfirm
                key="delete"
                title={t('photoStudio.shopPresets.deleteConfirm', { label: preset.label[locale] })}
                okText={t('photoStudio.shopPresets.delete')}
                cancelText={t('common.cancel')}
                onConfirm={() => void remove(preset)}
              >
                <Button size="small" danger loading={deleting === preset.id} data-testid="shop-preset-delete">
                  {t('photoStudio.shopPresets.delete')}
                </Button>
              </Popconfirm>,
            ]}
          >
            <List.Item.Meta
              title={preset.label[locale]}
              description={`${preset.id} · ${t('photoStudio.shopPresets.summary', { width: preset.width, height: preset.height, format: preset.format.toUpperCase(), size: formatByteLimit(preset.maxBytes) })}`}
            />
          </List.Item>
        )}
      />
      {editing !== undefined && (
        <ShopPresetDialog
          preset={editing ?? undefined}
          onClose={() => setEditing(undefined)}
          onSaved={() => {
            setEditing(undefined);
            onChanged();
          }}
        />
      )}
    </Card>
  );
}
