import { App, Segmented } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../auth/AuthContext.js';
import { useErrorReporter } from '../api/hooks.js';
import type { Locale } from '../lib/format.js';

/**
 * Renders the 日本語 / English switch. The choice is stored for the user when signed in, and
 * for this browser otherwise.
 */
export function LanguageSwitch({ size = 'small', testId = 'language-switch' }: { size?: 'small' | 'middle'; testId?: string }) {
  const { i18n } = useTranslation();
  const { changeLocale } = useAuth();
  const reportError = useErrorReporter();
  const [saving, setSaving] = useState(false);
  const { message } = App.useApp();

  const onChange = async (value: Locale) => {
    setSaving(true);
    try {
      await changeLocale(value);
      // `t` still speaks the language of the last render, so ask i18next in the new one.
      void message.success(i18n.t('common.languageSaved', { lng: value }), 1.5);
    } catch (error) {
      reportError(error);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Segmented<Locale>
      data-testid={testId}
      size={size}
      disabled={saving}
      value={i18n.language === 'en' ? 'en' : 'ja'}
      options={[
        { label: '日本語', value: 'ja' },
        { label: 'English', value: 'en' },
      ]}
      onChange={(value) => void onChange(value)}
    />
  );
}
