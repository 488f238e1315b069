import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { RESOURCES } from './resources.js';
import type { Locale } from '../lib/format.js';

const STORAGE_KEY = 'tsunagu.locale';

/**
 * The language before sign-in: the one last chosen on this browser, else the browser's
 * language when it is English, else Japanese. After sign-in the user's stored locale wins.
 */
export function initialLocale(): Locale {
  const stored = window.localStorage.getItem(STORAGE_KEY);
  if (stored === 'ja' || stored === 'en') return stored;
  const browser = window.navigator.languages?.[0] ?? window.navigator.language ?? '';
  return browser.toLowerCase().startsWith('en') ? 'en' : 'ja';
}

export function rememberLocale(locale: Locale): void {
  window.localStorage.setItem(STORAGE_KEY, locale);
}

export function currentLocale(): Locale {
  return i18next.language === 'en' ? 'en' : 'ja';
}

await i18next.use(initReactI18next).init({
  resources: { ja: { translation: RESOURCES.ja }, en: { translation: RESOURCES.en } },
  lng: initialLocale(),
  fallbackLng: 'ja',
  // React escapes text itself.
  interpolation: { escapeValue: false },
  returnNull: false,
});

i18next.on('languageChanged', (language) => {
  document.documentElement.lang = language;
});
document.documentElement.lang = i18next.language;

export const i18n = i18next;
