import { App, Segmented } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../auth/AuthContext.js';
import { useErrorReporter } from '../api/hooks.js';
import type { Locale } from '../lib/format.js';

/** 日本語 / English; stored for the user when signed in, for this browser otherwise. */
export function LanguageSwitch() {
  const { i18n } = useTranslation();
  const { changeLocale } = useAuth();
  const reportError = useErrorReporter();
  const [saving, setSaving] = useState(false);
  const { message } = App.useApp();
  const { t } = useTranslation();

  const onChange = async (value: Locale) => {
    setSaving(true);
    try {
      await changeLocale(value);
      void message.success(t('common.languageSaved'), 1.5);
    } catch (error) {
      reportError(error);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Segmented<Locale>
      data-testid="language-switch"
      size="small"
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
