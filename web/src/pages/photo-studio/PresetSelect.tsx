import { Select, type SelectProps } from 'antd';
import type { CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import type { StudioPreset } from './types.js';

interface PresetSelectProps {
  presets: StudioPreset[];
  value: string | undefined;
  onChange: (presetId: string) => void;
  'aria-label': string;
  'data-testid': string;
  style?: CSSProperties;
}

/**
 * Renders a choice of preset, labelled in the user's language: the channel presets, then the
 * shop's own under a heading of their own when there are any.
 */
export function PresetSelect({ presets, style, ...rest }: PresetSelectProps) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language === 'en' ? 'en' : 'ja';
  const toOption = (preset: StudioPreset) => ({ value: preset.id, label: preset.label[locale] });
  const channel = presets.filter((preset) => preset.kind !== 'shop').map(toOption);
  const shop = presets.filter((preset) => preset.kind === 'shop').map(toOption);
  const options: SelectProps['options'] =
    shop.length === 0
      ? channel
      : [
          { label: t('photoStudio.shopPresets.kindChannel'), options: channel },
          { label: t('photoStudio.shopPresets.kindShop'), options: shop },
        ];
  return <Select {...rest} style={{ width: '100%', ...style }} options={options} />;
}
