import { ReloadOutlined } from '@ant-design/icons';
import { App, Button, Card, Empty, Flex, List, Popconfirm, Tag, Typography } from 'antd';
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
          <List<LearnedCategory>
            size="small"
            dataSource={data.categories}
            data-testid="look-list"
            renderItem={(group) => (
              <List.Item
                key={group.category}
                data-testid={`look-${group.category}`}
                actions={[
                  <Popconfirm
                    key="reset"
                    title={t('photoStudio.look.resetCategoryConfirm', { category: label('categories', group.category) })}
                    okText={t('photoStudio.look.reset')}
                    cancelText={t('common.cancel')}
                    onConfirm={() => reset(group.category)}
                  >
                    <Button size="small" danger loading={resetting === group.category} data-testid={`look-reset-${group.category}`}>
                      {t('photoStudio.look.reset')}
                    </Button>
                  </Popconfirm>,
                ]}
              >
                <Flex vertical gap={4}>
                  <Flex gap={8} align="baseline">
                    <Typography.Text strong>{label('categories', group.category)}</Typography.Text>
                    <Typography.Text type="secondary">{t('photoStudio.look.sampleCount', { count: group.samples })}</Typography.Text>
                  </Flex>
                  <SettingsInWords settings={group.settings} />
                </Flex>
              </List.Item>
            )}
          />
          <Flex gap={8} align="center" wrap style={{ marginTop: 8 }} data-testid="look-overall">
            <Typography.Text strong>{t('photoStudio.look.overall', { count: data.overall.samples })}</Typography.Text>
            <SettingsInWords settings={data.overall.settings} />
          </Flex>
        </>
      )}
    </Card>
  );
}
