import { Col, Flex, Row, Segmented, Slider, Typography } from 'antd';
import { useState, type CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import { photoImageUrl } from './studioFormat.js';
import type { Photo } from './types.js';

const FRAME_STYLE: CSSProperties = { position: 'relative', aspectRatio: '1 / 1', background: '#fff', border: '1px solid #f0f0f0', overflow: 'hidden' };
const IMAGE_STYLE: CSSProperties = { position: 'absolute', inset: 0, width: '100%', height: '100%', objectFit: 'contain' };

/**
 * The original beside the finished image, or both in one frame with a slider that moves the
 * border between the original (left of it) and the finished image (right of it).
 */
export function BeforeAfter({ photo }: { photo: Photo }) {
  const { t } = useTranslation();
  const [view, setView] = useState<'sideBySide' | 'slider'>('sideBySide');
  const [reveal, setReveal] = useState(50);
  const original = photoImageUrl(photo, 'original');
  const result = photoImageUrl(photo, 'result');

  return (
    <div data-testid="before-after">
      <Segmented
        style={{ marginBottom: 8 }}
        value={view}
        onChange={(value) => setView(value as 'sideBySide' | 'slider')}
        options={[
          { value: 'sideBySide', label: t('photoStudio.compare.sideBySide') },
          { value: 'slider', label: t('photoStudio.compare.slider') },
        ]}
        data-testid="compare-mode"
      />
      {view === 'sideBySide' ? (
        <Row gutter={8}>
          <Col span={12}>
            <Typography.Text type="secondary">{t('photoStudio.compare.before')}</Typography.Text>
            <div style={FRAME_STYLE}>
              <img src={original} alt={t('photoStudio.compare.before')} style={IMAGE_STYLE} />
            </div>
          </Col>
          <Col span={12}>
            <Typography.Text type="secondary">{t('photoStudio.compare.after')}</Typography.Text>
            <div style={FRAME_STYLE}>
              <img src={result} alt={t('photoStudio.compare.after')} style={IMAGE_STYLE} data-testid="result-image" />
            </div>
          </Col>
        </Row>
      ) : (
        <div style={{ maxWidth: 480 }}>
          <Flex justify="space-between">
            <Typography.Text type="secondary">{t('photoStudio.compare.before')}</Typography.Text>
            <Typography.Text type="secondary">{t('photoStudio.compare.after')}</Typography.Text>
          </Flex>
          <div style={FRAME_STYLE}>
            <img src={original} alt={t('photoStudio.compare.before')} style={IMAGE_STYLE} />
            {/* The finished image covers the original from the slider's position to the right edge. */}
            <img src={result} alt={t('photoStudio.compare.after')} style={{ ...IMAGE_STYLE, background: '#fff', clipPath: `inset(0 0 0 ${reveal}%)` }} />
            <div style={{ position: 'absolute', top: 0, bottom: 0, left: `${reveal}%`, width: 2, background: '#1677ff' }} />
          </div>
          <div data-testid="compare-slider">
            <Slider min={0} max={100} value={reveal} onChange={setReveal} tooltip={{ formatter: null }} aria-label={t('photoStudio.compare.sliderLabel')} />
          </div>
        </div>
      )}
    </div>
  );
}
