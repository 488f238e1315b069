import { CheckOutlined, LinkOutlined, RedoOutlined, UndoOutlined } from '@ant-design/icons';
import { Alert, App, Button, Col, Descriptions, Drawer, Flex, Row, Segmented, Slider, Space, Spin, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { useApiQuery, useErrorReporter } from '../../api/hooks.js';
import { LoadError } from '../../components/LoadError.js';
import { AdjustmentSliders } from './AdjustmentSliders.js';
import { BeforeAfter } from './BeforeAfter.js';
import { ComplianceBadge, useRuleWords } from './ComplianceBadge.js';
import { ItemPhotosPanel } from './ItemPhotosPanel.js';
import { MaskBrush } from './MaskBrush.js';
import { PhotoStatusTag } from './PhotoStatusTag.js';
import { PresetSelect } from './PresetSelect.js';
import { StudioItemSelect, type StudioItem } from './StudioItemSelect.js';
import { changedAdjustments, formatAdjustmentValue, photoErrorText } from './studioFormat.js';
import { PENDING_STATUSES, type MaskStroke, type Photo, type PhotoAdjustments, type StudioPreset } from './types.js';
import { usePolling } from './usePhotoStudio.js';

/** Width of the review drawer in CSS pixels, narrowed to the window on a phone. */
const DRAWER_WIDTH = 1040;

/** Brush radius range in CSS pixels of the displayed preview. */
const BRUSH_RADIUS = { min: 2, max: 40, initial: 10 };

interface ReviewDrawerProps {
  photoId: number;
  presets: StudioPreset[];
  onClose: () => void;
  /** Called after a redo, an accept or an attach, so the grid and the learned panel reload. */
  onChanged: () => void;
}

function sameAdjustments(a: PhotoAdjustments, b: PhotoAdjustments): boolean {
  return (Object.keys(a) as Array<keyof PhotoAdjustments>).every((key) => a[key] === b[key]);
}

/**
 * The review of one photo: before and after, the adjustments and the mask brush, then redo
 * (send the changes and process again) or accept, and attaching the accepted photo to a piece.
 */
export function ReviewDrawer({ photoId, presets, onClose, onChanged }: ReviewDrawerProps) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language === 'en' ? 'en' : 'ja';
  const { message } = App.useApp();
  const reportError = useErrorReporter();
  const query = useApiQuery<Photo>(`/api/photo-studio/photos/${photoId}`);
  const photo = query.data;
  const pending = photo !== undefined && PENDING_STATUSES.includes(photo.status);
  usePolling(query, pending);

  const [adjustments, setAdjustments] = useState<PhotoAdjustments>();
  const [strokes, setStrokes] = useState<MaskStroke[]>([]);
  const [preset, setPreset] = useState<string>();
  const [brushMode, setBrushMode] = useState<MaskStroke['mode']>('add');
  const [brushRadius, setBrushRadius] = useState(BRUSH_RADIUS.initial);
  const [busy, setBusy] = useState<'redo' | 'accept' | 'attach'>();
  const [attachItem, setAttachItem] = useState<StudioItem>();
  const [attachCount, setAttachCount] = useState(0);

  // The editable values start from the server's after each new result (a new version), not
  // after every poll, so a slider moved while waiting keeps its position.
  const resultKey = photo ? `${photo.id}:${photo.version}:${photo.status}` : '';
  useEffect(() => {
    if (!photo || PENDING_STATUSES.includes(photo.status)) return;
    setAdjustments(photo.adjustments);
    setStrokes(photo.maskStrokes);
    setPreset(photo.preset);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [resultKey]);

  const reviewable = photo?.status === 'done' || photo?.status === 'accepted';
  const dirty =
    photo !== undefined &&
    adjustments !== undefined &&
    (!sameAdjustments(adjustments, photo.adjustments) || JSON.stringify(strokes) !== JSON.stringify(photo.maskStrokes) || preset !== photo.preset);

  // The piece chosen here, else the piece the photo was uploaded for or attached to.
  const shownItemId = attachItem?.id ?? photo?.itemId ?? null;

  const run = async (action: 'redo' | 'accept' | 'attach', request: () => Promise<unknown>, done: string) => {
    setBusy(action);
    try {
      await request();
      void message.success(done);
      query.reload();
      onChanged();
    } catch (error) {
      reportError(error);
    } finally {
      setBusy(undefined);
    }
  };

  const redo = () =>
    run('redo', () => api.put<Photo>(`/api/photo-studio/photos/${photoId}/adjustments`, { adjustments, maskStrokes: strokes, preset }), t('photoStudio.review.redone'));
  const accept = () => run('accept', () => api.post<Photo>(`/api/photo-studio/photos/${photoId}/accept`), t('photoStudio.review.accepted'));
  const attach = () =>
    run(
      'attach',
      async () => {
        await api.post(`/api/photo-studio/photos/${photoId}/attach`, { itemId: shownItemId });
        setAttachCount((count) => count + 1);
      },
      t('photoStudio.review.attached'),
    );

  const learned = changedAdjustments(photo?.learned);
  const photoPreset = presets.find((candidate) => candidate.id === photo?.preset);
  const ruleWords = useRuleWords(photoPreset);

  return (
    <Drawer open size={Math.min(DRAWER_WIDTH, window.innerWidth)} title={photo ? photo.fileName : t('photoStudio.review.title')} onClose={onClose} destroyOnHidden data-testid="review-drawer" extra={photo && <PhotoStatusTag status={photo.status} />}>
      {query.error && <LoadError error={query.error} onRetry={query.reload} />}
      {!photo && !query.error && <Spin />}
      {photo && (
        <Flex vertical gap={16}>
          {photo.status === 'failed' && photo.error && (
            <Alert type="error" showIcon title={photoErrorText(photo.error, locale)} data-testid="review-error" />
          )}
          {pending && <Alert type="info" showIcon title={t('photoStudio.review.processing')} data-testid="review-processing" />}

          {reviewable && <BeforeAfter photo={photo} />}

          {reviewable && (
            <Flex gap={8} wrap align="center">
              <ComplianceBadge compliance={photo.compliance} preset={photoPreset} />
              {learned.length > 0 && (
                <Typography.Text type="secondary" data-testid="review-learned">
                  {t('photoStudio.review.learnedApplied', { settings: learned.map(([key, value]) => `${t(`photoStudio.adjust.${key}`)} ${formatAdjustmentValue(key, value)}`).join(t('photoStudio.compliance.separator')) })}
                </Typography.Text>
              )}
            </Flex>
          )}

          {reviewable && photo.compliance.length > 0 && (
            <Descriptions size="small" column={{ xs: 1, md: 2 }} bordered data-testid="compliance-details">
              {photo.compliance.map((result) => (
                <Descriptions.Item key={result.rule} label={ruleWords.label(result.rule)}>
                  <Space size={4}>
                    <Tag color={result.ok ? 'success' : 'error'}>{result.ok ? t('photoStudio.compliance.ok') : t('photoStudio.compliance.ng')}</Tag>
                    <Typography.Text type="secondary">{ruleWords.detail(result)}</Typography.Text>
                  </Space>
                </Descriptions.Item>
              ))}
            </Descriptions>
          )}

          {(reviewable || photo.status === 'failed') && adjustments && photo.width !== null && (
            <Row gutter={24}>
              <Col xs={24} md={14}>
                <Typography.Title level={5}>{t('photoStudio.brush.title')}</Typography.Title>
                <Flex gap={8} wrap align="center" style={{ marginBottom: 8 }}>
                  <Segmented
                    value={brushMode}
                    onChange={(value) => setBrushMode(value as MaskStroke['mode'])}
                    options={[
                      { value: 'add', label: t('photoStudio.brush.add') },
                      { value: 'remove', label: t('photoStudio.brush.remove') },
                    ]}
                    data-testid="brush-mode"
                  />
                  <Typography.Text type="secondary">{t('photoStudio.brush.size')}</Typography.Text>
                  <div style={{ width: 120 }} data-testid="brush-size">
                    <Slider min={BRUSH_RADIUS.min} max={BRUSH_RADIUS.max} value={brushRadius} onChange={setBrushRadius} aria-label={t('photoStudio.brush.size')} />
                  </div>
                  <Button size="small" icon={<UndoOutlined />} disabled={strokes.length === 0} onClick={() => setStrokes(strokes.slice(0, -1))} data-testid="brush-undo">
                    {t('photoStudio.brush.undo')}
                  </Button>
                  <Button size="small" disabled={strokes.length === 0} onClick={() => setStrokes([])} data-testid="brush-clear">
                    {t('photoStudio.brush.clear')}
                  </Button>
                </Flex>
                <MaskBrush photo={photo} strokes={strokes} onStrokesChange={setStrokes} mode={brushMode} radius={brushRadius} />
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('photoStudio.brush.hint', { count: strokes.length })}
                </Typography.Text>
              </Col>
              <Col xs={24} md={10}>
                <Typography.Title level={5}>{t('photoStudio.adjust.title')}</Typography.Title>
                <AdjustmentSliders value={adjustments} onChange={setAdjustments} disabled={busy !== undefined} />
                <Typography.Text type="secondary">{t('photoStudio.review.preset')}</Typography.Text>
                <PresetSelect presets={presets} value={preset} onChange={setPreset} aria-label={t('photoStudio.review.preset')} data-testid="review-preset" />
              </Col>
            </Row>
          )}

          {(reviewable || photo.status === 'failed') && (
            <Flex gap={8} wrap align="center">
              <Button icon={<RedoOutlined />} loading={busy === 'redo'} disabled={busy !== undefined || (!dirty && photo.status !== 'failed')} onClick={() => void redo()} data-testid="review-redo">
                {t('photoStudio.review.redo')}
              </Button>
              <Button type="primary" icon={<CheckOutlined />} loading={busy === 'accept'} disabled={busy !== undefined || dirty || photo.status !== 'done'} onClick={() => void accept()} data-testid="review-accept">
                {t('photoStudio.review.accept')}
              </Button>
              {dirty && <Typography.Text type="warning">{t(photo.status === 'accepted' ? 'photoStudio.review.redoUnaccepts' : 'photoStudio.review.redoFirst')}</Typography.Text>}
            </Flex>
          )}

          {photo.status === 'accepted' && (
            <Flex vertical gap={8}>
              <Typography.Title level={5} style={{ margin: 0 }}>
                {t('photoStudio.review.attachTitle')}
              </Typography.Title>
              <Flex gap={8} wrap>
                <div style={{ flex: '1 1 320px' }}>
                  <StudioItemSelect value={attachItem?.id ?? null} onChange={setAttachItem} aria-label={t('photoStudio.review.attachItem')} data-testid="attach-item" />
                </div>
                <Button icon={<LinkOutlined />} disabled={shownItemId === null || busy !== undefined} loading={busy === 'attach'} onClick={() => void attach()} data-testid="review-attach">
                  {t('photoStudio.review.attach')}
                </Button>
              </Flex>
              {shownItemId !== null && <ItemPhotosPanel key={shownItemId} itemId={shownItemId} presets={presets} reloadKey={attachCount} />}
            </Flex>
          )}
          {photo.status !== 'accepted' && <Typography.Text type="secondary">{t('photoStudio.review.acceptBeforeAttach')}</Typography.Text>}
        </Flex>
      )}
    </Drawer>
  );
}
