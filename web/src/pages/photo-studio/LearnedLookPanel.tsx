import { ReloadOutlined } from '@ant-design/icons';
import { App, Button, Card, Empty, Flex, Popconfirm, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, apiUrl } from '../../api/client.js';
import { useErrorReporter, type QueryState } from '../../api/hooks.js';
import { LoadError } from '../../components/LoadError.js';
import { useAttributeLabels } from '../../data/ReferenceData.js';
import { changedAdjustments, formatAdjustmentValue } from './studioFormat.js';
import type { LearnedCategory, Look } from './types.js';

/** The learned settings as tags in words, such as 「露出 +0.3 EV」. */
function SettingsInWords({ settings }: { settings: LearnedCategory['settings'] }) {
  const { t } = useTranslation();
  const changed = changedAdjustments(settings);
  if (changed.length === 0) return <Typography.Text type="secondary">{t('photoStudio.look.nothingYet')}</Typography.Text>;
  return (
    <Flex gap={4} wrap>
      {changed.map(([key, value]) => (
        <Tag key={key}>{`${t(`photoStudio.adjust.${key}`)} ${formatAdjustmentValue(key, value)}`}</Tag>
      ))}
    </Flex>
  );
}

/**
 * What the studio learned from the adjustments people made before accepting: per category
 * and over all photos, with sample counts, and a reset per category or of everything.
 */
export function LearnedLookPanel({ look }: { look: QueryState<Look> }) {
  const { t } = useTranslation();
  const { label } = useAttributeLabels();
  const { message } = App.useApp();
  const reportError = useErrorReporter();
  const [resetting, setResetting] = useState<string>();

  const reset = async (category: string | undefined) => {
    setResetting(category ?? '*');
    try {
      await api.delete(apiUrl('/api/photo-studio/look', { category }));
      void message.success(category ? t('photoStudio.look.resetDoneCategory', { category: label('categories', category) }) : t('photoStudio.look.resetDoneAll'));
      look.reload();
    } catch (error) {
      reportError(error);
    } finally {
      setResetting(undefined);
    }
  };

  const columns: TableColumnsType<LearnedCategory> = [
    { title: t('photoStudio.look.category'), dataIndex: 'category', render: (category: string) => label('categories', category) },
    { title: t('photoStudio.look.samples'), dataIndex: 'samples', align: 'right', render: (samples: number) => t('photoStudio.look.sampleCount', { count: samples }) },
    { title: t('photoStudio.look.settings'), dataIndex: 'settings', render: (settings: LearnedCategory['settings']) => <SettingsInWords settings={settings} /> },
    {
      title: '',
      key: 'reset',
      align: 'right',
      render: (_value, row) => (
        <Popconfirm
          title={t('photoStudio.look.resetCategoryConfirm', { category: label('categories', row.category) })}
          okText={t('photoStudio.look.reset')}
          cancelText={t('common.cancel')}
          onConfirm={() => reset(row.category)}
        >
          <Button size="small" danger loading={resetting === row.category} data-testid={`look-reset-${row.category}`}>
            {t('photoStudio.look.reset')}
          </Button>
        </Popconfirm>
      ),
    },
  ];

  const data = look.data;
  return (
    <Card
      title={t('photoStudio.look.title')}
      data-testid="studio-look"
      extra={
        <Popconfirm title={t('photoStudio.look.resetAllConfirm')} okText={t('photoStudio.look.resetAll')} cancelText={t('common.cancel')} onConfirm={() => reset(undefined)}>
          <Button size="small" danger icon={<ReloadOutlined />} disabled={!data || data.categories.length === 0} loading={resetting === '*'} data-testid="look-reset-all">
            {t('photoStudio.look.resetAll')}
          </Button>
        </Popconfirm>
      }
    >
      <Typography.Paragraph type="secondary">{t('photoStudio.look.explain')}</Typography.Paragraph>
      {look.error && <LoadError error={look.error} onRetry={look.reload} />}
      {data && data.categories.length === 0 && <Empty description={t('photoStudio.look.empty')} />}
      {data && data.categories.length > 0 && (
        <>
          <Table<LearnedCategory> size="small" rowKey="category" columns={columns} dataSource={data.categories} pagination={false} data-testid="look-table" />
          <Flex gap={8} align="center" wrap style={{ marginTop: 8 }} data-testid="look-overall">
            <Typography.Text strong>{t('photoStudio.look.overall', { count: data.overall.samples })}</Typography.Text>
            <SettingsInWords settings={data.overall.settings} />
          </Flex>
        </>
      )}
    </Card>
  );
}
