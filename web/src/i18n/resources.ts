import channelsEn from './channels.en.json' with { type: 'json' };
import channelsJa from './channels.ja.json' with { type: 'json' };
import customersEn from './customers.en.json' with { type: 'json' };
import customersJa from './customers.ja.json' with { type: 'json' };
import consignmentEn from './consignment.en.json' with { type: 'json' };
import consignmentJa from './consignment.ja.json' with { type: 'json' };
import settlementEn from './settlement.en.json' with { type: 'json' };
import settlementJa from './settlement.ja.json' with { type: 'json' };
import consignmentOutEn from './consignment-out.en.json' with { type: 'json' };
import consignmentOutJa from './consignment-out.ja.json' with { type: 'json' };
import exhibitionsEn from './exhibitions.en.json' with { type: 'json' };
import exhibitionsJa from './exhibitions.ja.json' with { type: 'json' };
import offlineEn from './offline.en.json' with { type: 'json' };
import offlineJa from './offline.ja.json' with { type: 'json' };
import stockReportsEn from './stock-reports.en.json' with { type: 'json' };
import stockReportsJa from './stock-reports.ja.json' with { type: 'json' };
import stocktakesEn from './stocktakes.en.json' with { type: 'json' };
import stocktakesJa from './stocktakes.ja.json' with { type: 'json' };
import priceTagsEn from './price-tags.en.json' with { type: 'json' };
import priceTagsJa from './price-tags.ja.json' with { type: 'json' };
import tagTemplatesEn from './tag-templates.en.json' with { type: 'json' };
import tagTemplatesJa from './tag-templates.ja.json' with { type: 'json' };
import en from './en.json' with { type: 'json' };
import ja from './ja.json' with { type: 'json' };
import salesEn from './sales.en.json' with { type: 'json' };
import salesJa from './sales.ja.json' with { type: 'json' };
import shippingEn from './shipping.en.json' with { type: 'json' };
import shippingJa from './shipping.ja.json' with { type: 'json' };
import analyticsEn from './analytics.en.json' with { type: 'json' };
import analyticsJa from './analytics.ja.json' with { type: 'json' };
import photoStudioEn from './photo-studio.en.json' with { type: 'json' };
import photoStudioJa from './photo-studio.ja.json' with { type: 'json' };

// Translations are split by area so that modules can add strings without editing one large
// file. Each file owns its top-level keys; a key defined in two files is a mistake that the
// translations test reports.
export const TRANSLATION_FILES = {
  ja: [ja, salesJa, customersJa, channelsJa, consignmentJa, settlementJa, consignmentOutJa, exhibitionsJa, offlineJa, stockReportsJa, stocktakesJa, priceTagsJa, tagTemplatesJa, shippingJa, analyticsJa, photoStudioJa],
  en: [en, salesEn, customersEn, channelsEn, consignmentEn, settlementEn, consignmentOutEn, exhibitionsEn, offlineEn, stockReportsEn, stocktakesEn, priceTagsEn, tagTemplatesEn, shippingEn, analyticsEn, photoStudioEn],
} as const;

export const RESOURCES = {
  ja: Object.assign({}, ...TRANSLATION_FILES.ja) as Record<string, unknown>,
  en: Object.assign({}, ...TRANSLATION_FILES.en) as Record<string, unknown>,
};
