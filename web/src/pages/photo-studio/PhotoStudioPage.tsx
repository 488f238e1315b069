import { Card, Col, Row, Segmented } from 'antd';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiQuery } from '../../api/hooks.js';
import { useCan } from '../../auth/AuthContext.js';
import { LoadError } from '../../components/LoadError.js';
import { PageTitle } from '../../components/PageTitle.js';
import { LearnedLookPanel } from './LearnedLookPanel.js';
import { ResultsGrid } from './ResultsGrid.js';
import { ReviewDrawer } from './ReviewDrawer.js';
import { ShopPresetsPanel } from './ShopPresetsPanel.js';
import type { Look, PhotoStatus, PresetList } from './types.js';
import { UploadPanel } from './UploadPanel.js';
import { usePhotoList } from './usePhotoStudio.js';

type GridFilter = 'all' | Extract<PhotoStatus, 'done' | 'accepted' | 'failed'>;

/**
 * 写真スタジオ: upload photos of pieces, review the finished images, adjust and redo or
 * accept them, attach them to pieces, and see what the studio learned of the shop's look.
 */
export function PhotoStudioPage() {
  const { t } = useTranslation();
  const can = useCan();
  const [filter, setFilter] = useState<GridFilter>('all');
  const [openId, setOpenId] = useState<number>();
  const presets = useApiQuery<PresetList>('/api/photo-studio/presets');
  const look = useApiQuery<Look>('/api/photo-studio/look');
  // Polling also runs right after an upload, before the list has the new photo.
  const [uploadedAt, setUploadedAt] = useState(0);
  const list = usePhotoList(filter === 'all' ? undefined : filter, Date.now() - uploadedAt < 5_000);
  const { reload: reloadList } = list;
  const { reload: reloadLook } = look;

  const onUploaded = useCallback(() => {
    setUploadedAt(Date.now());
    reloadList();
  }, [reloadList]);

  const onChanged = useCallback(() => {
    reloadList();
    reloadLook();
  }, [reloadList, reloadLook]);

  const presetList = presets.data?.presets ?? [];
  const photos = list.data?.photos ?? [];

  return (
    <>
      <PageTitle title={t('photoStudio.title')} subtitle={t('photoStudio.subtitle')} />
      {presets.error && <LoadError error={presets.error} onRetry={presets.reload} />}
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={16}>
          <UploadPanel presets={presetList} photos={photos} onUploaded={onUploaded} />
        </Col>
        <Col xs={24} xl={8}>
          <LearnedLookPanel look={look} />
          {can('settings.change') && (
            <div style={{ marginTop: 16 }}>
              <ShopPresetsPanel presets={presetList} onChanged={presets.reload} />
            </div>
          )}
        </Col>
        <Col span={24}>
          <Card title={t('photoStudio.grid.title')}>
            {/* Inside the card rather than in its header, so the title keeps its room on a phone. */}
            <Segmented<GridFilter>
              style={{ marginBottom: 12 }}
              value={filter}
              onChange={setFilter}
              options={[
                { value: 'all', label: t('photoStudio.grid.all') },
                { value: 'done', label: t('photoStudio.status.done') },
                { value: 'accepted', label: t('photoStudio.status.accepted') },
                { value: 'failed', label: t('photoStudio.status.failed') },
              ]}
              data-testid="grid-filter"
            />
            {list.error && <LoadError error={list.error} onRetry={reloadList} />}
            <ResultsGrid photos={photos} presets={presetList} onOpen={(photo) => setOpenId(photo.id)} />
          </Card>
        </Col>
      </Row>
      {openId !== undefined && <ReviewDrawer photoId={openId} presets={presetList} onClose={() => setOpenId(undefined)} onChanged={onChanged} />}
    </>
  );
}
