import { Card, Col, Empty, Flex, Row, Spin, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ComplianceBadge } from './ComplianceBadge.js';
import { PhotoStatusTag } from './PhotoStatusTag.js';
import { photoErrorText, photoImageUrl } from './studioFormat.js';
import type { Photo, StudioPreset } from './types.js';

/** Thumbnails of the finished images with their status and compliance. A click opens the review. */
export function ResultsGrid({ photos, presets, onOpen }: { photos: Photo[]; presets: StudioPreset[]; onOpen: (photo: Photo) => void }) {
  const { t } = useTranslation();
  if (photos.length === 0) return <Empty description={t('photoStudio.grid.empty')} />;

  return (
    <Row gutter={[12, 12]} data-testid="studio-grid">
      {photos.map((photo) => (
        <Col key={photo.id} xs={12} sm={8} md={6} xl={4}>
          <PhotoCard photo={photo} preset={presets.find((preset) => preset.id === photo.preset)} onOpen={() => onOpen(photo)} />
        </Col>
      ))}
    </Row>
  );
}

function PhotoCard({ photo, preset, onOpen }: { photo: Photo; preset: StudioPreset | undefined; onOpen: () => void }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language === 'en' ? 'en' : 'ja';
  const finished = photo.status === 'done' || photo.status === 'accepted';

  const cover = (
    <div style={{ aspectRatio: '1 / 1', background: '#fafafa', display: 'flex', alignItems: 'center', justifyContent: 'center' }}>
      {finished && <img src={photoImageUrl(photo, 'result')} alt={t('photoStudio.grid.resultAlt', { fileName: photo.fileName })} loading="lazy" style={{ width: '100%', height: '100%', objectFit: 'contain' }} />}
      {(photo.status === 'queued' || photo.status === 'processing') && <Spin />}
      {photo.status === 'failed' && <Typography.Text type="danger">{t('photoStudio.status.failed')}</Typography.Text>}
    </div>
  );

  return (
    <Card
      hoverable
      size="small"
      cover={cover}
      onClick={onOpen}
      // Reachable by keyboard too: Tab to the card, then Enter or Space opens the review.
      tabIndex={0}
      role="button"
      aria-label={t('photoStudio.grid.open', { fileName: photo.fileName })}
      onKeyDown={(event) => {
        if (event.key !== 'Enter' && event.key !== ' ') return;
        event.preventDefault();
        onOpen();
      }}
      data-testid={`studio-photo-${photo.id}`}
      data-file-name={photo.fileName}
    >
      <Flex vertical gap={4}>
        <Typography.Text ellipsis title={photo.fileName}>
          {photo.fileName}
        </Typography.Text>
        <Flex gap={4} wrap>
          <PhotoStatusTag status={photo.status} />
          {finished && <ComplianceBadge compliance={photo.compliance} preset={preset} />}
        </Flex>
        {photo.status === 'failed' && photo.error && (
          // The server's message names the file, so it is shown as it comes.
          <Typography.Paragraph type="danger" style={{ fontSize: 12, margin: 0 }} ellipsis={{ rows: 4, tooltip: photoErrorText(photo.error, locale) }} data-testid="photo-error">
            {photoErrorText(photo.error, locale)}
          </Typography.Paragraph>
        )}
      </Flex>
    </Card>
  );
}
