import { Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import { failedRules } from './studioFormat.js';
import type { ComplianceResult } from './types.js';

/** Rule codes of the compliance check that have a label. An unknown code is shown as it comes. */
const KNOWN_RULES = ['size', 'format', 'bytes', 'border_white', 'no_frame', 'piece_present', 'fill', 'margins', 'top_left_clear'];

/** Returns a function that names a compliance rule in the user's language. */
export function useRuleLabel(): (rule: string) => string {
  const { t } = useTranslation();
  return (rule) => (KNOWN_RULES.includes(rule) ? t(`photoStudio.rules.${rule}`) : rule);
}

/**
 * Whether a finished image meets every rule of its channel preset, and if not, which rules
 * failed, in words, with the measured and expected values on hover.
 */
export function ComplianceBadge({ compliance }: { compliance: ComplianceResult[] }) {
  const { t } = useTranslation();
  const ruleLabel = useRuleLabel();
  if (compliance.length === 0) return null;

  const failed = failedRules(compliance);
  if (failed.length === 0) {
    return (
      <Tag color="success" data-testid="compliance-ok" style={{ whiteSpace: 'normal' }}>
        {t('photoStudio.compliance.allOk')}
      </Tag>
    );
  }

  const names = failed.map((result) => ruleLabel(result.rule)).join(t('photoStudio.compliance.separator'));
  const details = failed.map((result) => t('photoStudio.compliance.detail', { rule: ruleLabel(result.rule), measured: String(result.measured), expected: result.expected }));
  return (
    <Tooltip title={details.map((line) => <div key={line}>{line}</div>)}>
      <Tag color="error" data-testid="compliance-failed" style={{ whiteSpace: 'normal' }}>
        {t('photoStudio.compliance.failed', { rules: names })}
      </Tag>
    </Tooltip>
  );
}
