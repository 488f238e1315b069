import { Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import { failedRules, ruleDetail } from './studioFormat.js';
import type { ComplianceResult, StudioPreset } from './types.js';

/** Rule codes of the compliance check that have a label. An unknown code is shown as it comes. */
const KNOWN_RULES = ['size', 'format', 'bytes', 'border_white', 'no_frame', 'piece_present', 'fill', 'margins', 'top_left_clear', 'resolution'];

/**
 * Returns functions that name a compliance rule and describe its measured value and limit in
 * the user's language. A value the screen does not know is shown as the server sent it.
 */
export function useRuleWords(preset: StudioPreset | undefined) {
  const { t } = useTranslation();
  return {
    label: (rule: string) => (KNOWN_RULES.includes(rule) ? t(`photoStudio.rules.${rule}`) : rule),
    detail: (result: ComplianceResult) => {
      const detail = ruleDetail(result, preset);
      if (detail) return t(`photoStudio.ruleDetail.${detail.key}`, detail.values);
      return t('photoStudio.compliance.values', { measured: String(result.measured), expected: result.expected });
    },
  };
}

/**
 * Badge that shows whether a finished image meets every rule of its channel preset, or which
 * rules failed, in words, with the measured values and limits on hover.
 */
export function ComplianceBadge({ compliance, preset }: { compliance: ComplianceResult[]; preset: StudioPreset | undefined }) {
  const { t } = useTranslation();
  const words = useRuleWords(preset);
  if (compliance.length === 0) return null;

  const failed = failedRules(compliance);
  if (failed.length === 0) {
    return (
      <Tag color="success" data-testid="compliance-ok" style={{ whiteSpace: 'normal' }}>
        {t('photoStudio.compliance.allOk')}
      </Tag>
    );
  }

  const names = failed.map((result) => words.label(result.rule)).join(t('photoStudio.compliance.separator'));
  return (
    <Tooltip
      title={failed.map((result) => (
        <div key={result.rule}>{`${words.label(result.rule)}: ${words.detail(result)}`}</div>
      ))}
    >
      <Tag color="error" data-testid="compliance-failed" style={{ whiteSpace: 'normal' }}>
        {t('photoStudio.compliance.failed', { rules: names })}
      </Tag>
    </Tooltip>
  );
}
