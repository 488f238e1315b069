import { Alert, Form, Input, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { useFormSubmit } from '../../api/hooks.js';
import type { WriteOffReason } from '../../api/types.js';
import { FormDialog } from '../../components/FormDialog.js';
import { formatYen } from '../../lib/format.js';
import { clearErrorsOnChange } from '../../lib/formErrors.js';
import type { PostedStocktake, Stocktake, VarianceReport } from './types.js';

const REASONS: WriteOffReason[] = ['damage', 'loss', 'theft', 'other'];

interface PostValues {
  reason: WriteOffReason;
  note?: string;
}

interface PostDialogProps {
  stocktake: Stocktake;
  /** The live report the confirmation describes; posting compares the count again on the server. */
  report: VarianceReport;
  onClose: () => void;
  onPosted: (posted: PostedStocktake) => void;
}

/**
 * Asks for the write-off reason and a note, states how many missing pieces will be written off
 * and what they are worth, and what else posting changes, then posts the count.
 */
export function PostDialog({ stocktake, report, onClose, onPosted }: PostDialogProps) {
  const { t } = useTranslation();
  const [form] = Form.useForm<PostValues>();
  const { error, saving, submit } = useFormSubmit(form);
  const { summary } = report;
  // Sold, returned, consumed and in-transit pieces stay where the book has them (report.notMoved).
  const moveCount = report.misplaced.length + report.unexpected.length - report.notMoved.length;

  const post = async (values: PostValues) => {
    let posted: PostedStocktake | undefined;
    const succeeded = await submit(async () => {
      posted = await api.post<PostedStocktake>(`/api/stocktakes/${stocktake.id}/post`, { reason: values.reason, note: values.note ?? '' });
    });
    if (succeeded && posted) onPosted(posted);
  };

  const writeOffText =
    summary.missing === 0
      ? t('stocktakes.post.noWriteOff')
      : summary.missingCost === undefined
        ? t('stocktakes.post.writeOffNoCost', { count: summary.missing, retail: formatYen(summary.missingRetail) })
        : t('stocktakes.post.writeOff', { count: summary.missing, cost: formatYen(summary.missingCost), retail: formatYen(summary.missingRetail) });

  return (
    <FormDialog form={form} title={t('stocktakes.post.title', { number: stocktake.number })} okText={t('stocktakes.post.submit')} saving={saving} error={error} onClose={onClose} width={560}>
      <Alert type={summary.missing > 0 ? 'warning' : 'info'} showIcon title={writeOffText} style={{ marginBottom: 12 }} data-testid="post-summary" />
      {moveCount > 0 && <Typography.Paragraph>{t('stocktakes.post.moveHere', { count: moveCount, location: stocktake.locationName })}</Typography.Paragraph>}
      {report.notMoved.length > 0 && (
        <Typography.Paragraph data-testid="post-not-moved">
          {t('stocktakes.post.notMoved', { count: report.notMoved.length })} {report.notMoved.map((line) => line.stockNumber).join('、')}
        </Typography.Paragraph>
      )}
      {summary.unknownCodes > 0 && <Typography.Paragraph type="secondary">{t('stocktakes.post.unknownIgnored', { count: summary.unknownCodes })}</Typography.Paragraph>}
      <Form<PostValues> form={form} layout="vertical" initialValues={{ reason: 'loss' }} onValuesChange={clearErrorsOnChange(form)} onFinish={(values) => void post(values)} data-testid="post-form">
        <Form.Item name="reason" label={t('stocktakes.post.reason')} rules={[{ required: true, message: t('common.required') }]}>
          <Select options={REASONS.map((value) => ({ value, label: t(`writeOffReason.${value}`) }))} />
        </Form.Item>
        <Form.Item name="note" label={t('stocktakes.post.note')} extra={t('stocktakes.post.noteHint', { number: stocktake.number })}>
          <Input.TextArea rows={2} maxLength={1000} />
        </Form.Item>
      </Form>
    </FormDialog>
  );
}
