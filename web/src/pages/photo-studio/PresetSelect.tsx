import { Select } from 'antd';
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

/** A choice of channel preset, labelled in the user's language. */
export function PresetSelect({ presets, style, ...rest }: PresetSelectProps) {
  const { i18n } = useTranslation();
  const locale = i18n.language === 'en' ? 'en' : 'ja';
  return <Select {...rest} style={{ width: '100%', ...style }} options={presets.map((preset) => ({ value: preset.id, label: preset.label[locale] }))} />;
}
