import { RotateLeftOutlined, RotateRightOutlined } from '@ant-design/icons';
import { Button, Flex, Slider, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ADJUSTMENT_RANGES } from '../../../../src/modules/photo-studio/pipeline-types.js';
import { ADJUSTMENT_KEYS, formatAdjustmentValue, rotateBy, type AdjustmentKey } from './studioFormat.js';
import type { PhotoAdjustments } from './types.js';

interface AdjustmentSlidersProps {
  value: PhotoAdjustments;
  onChange: (value: PhotoAdjustments) => void;
  disabled?: boolean;
}

/**
 * One slider per adjustment within the pipeline's ranges, with its value in words beside
 * it, and quarter-turn buttons for the rotation.
 */
export function AdjustmentSliders({ value, onChange, disabled }: AdjustmentSlidersProps) {
  const { t } = useTranslation();
  const set = (key: AdjustmentKey, next: number) => onChange({ ...value, [key]: next });

  return (
    <Flex vertical gap={4} data-testid="adjustment-sliders">
      {ADJUSTMENT_KEYS.map((key) => {
        const range = ADJUSTMENT_RANGES[key];
        return (
          <div key={key} data-testid={`adjust-${key}`}>
            <Flex justify="space-between" align="center">
              <Typography.Text>{t(`photoStudio.adjust.${key}`)}</Typography.Text>
              <Flex gap={4} align="center">
                {key === 'rotate' && (
                  <>
                    <Button size="small" icon={<RotateLeftOutlined />} disabled={disabled} onClick={() => set('rotate', rotateBy(value.rotate, -90))} aria-label={t('photoStudio.adjust.rotateLeft')} data-testid="rotate-left" />
                    <Button size="small" icon={<RotateRightOutlined />} disabled={disabled} onClick={() => set('rotate', rotateBy(value.rotate, 90))} aria-label={t('photoStudio.adjust.rotateRight')} data-testid="rotate-right" />
                  </>
                )}
                <Typography.Text type="secondary" data-testid={`adjust-${key}-value`} style={{ minWidth: 64, textAlign: 'right' }}>
                  {formatAdjustmentValue(key, value[key])}
                </Typography.Text>
              </Flex>
            </Flex>
            <Slider
              min={range.min}
              max={range.max}
              step={range.step}
              value={value[key]}
              disabled={disabled}
              onChange={(next) => set(key, next)}
              tooltip={{ formatter: (next) => (next === undefined ? '' : formatAdjustmentValue(key, next)) }}
              aria-label={t(`photoStudio.adjust.${key}`)}
              style={{ margin: '4px 6px 8px' }}
            />
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t(`photoStudio.adjust.${key}Hint`)}
            </Typography.Text>
          </div>
        );
      })}
    </Flex>
  );
}
