import { DownloadOutlined, SaveOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, DatePicker, Flex, Modal, Progress, Table, Tag, Typography, Upload, type TableColumnsType } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, downloadFile } from '../../api/client.js';
import { useApiQuery, useErrorReporter } from '../../api/hooks.js';
import { useCan } from '../../auth/AuthContext.js';
import { LoadError } from '../../components/LoadError.js';
import { PageTitle } from '../../components/PageTitle.js';
import { YenInput } from '../../components/YenInput.js';
import { formatYen, todayInTokyo } from '../../lib/format.js';
import { useLeaveGuard } from '../../lib/router.js';
import { monthOf } from './periods.js';
import { formatCell, percentOf } from './reportTable.js';
import { useUrlState } from './ReportFilters.js';

const SCOPES = ['company', 'location', 'channel', 'staff'] as const;
type Scope = (typeof SCOPES)[number];

export interface TargetRow {
  scope: Scope;
  scopeRef: string | number | null;
  name: string;
  amount: number | null;
  actual: number;
  achievement: number | null;
  forecast: number | null;
}

export interface TargetsResponse {
  month: string;
  taxBasis: 'included' | 'excluded';
  rows: TargetRow[];
}

/** One problem of an imported file; `row` is its line in the file (1 is the header). */
interface ImportIssue {
  row: number;
  column: string | null;
  value: string | null;
  message: string;
}

/** A row of the file as it would be saved; `name` is the file's name column, as typed. */
interface ImportRow {
  row: number;
  month: string;
  scope: Scope;
  scopeRef: string;
  code: string;
  name: string;
  amount: number | null;
}

/** The import's check (apply false) or result (apply true). */
interface ImportResult {
  applied: boolean;
  rows: ImportRow[];
  errors: ImportIssue[];
}

const keyOf = (row: Pick<TargetRow, 'scope' | 'scopeRef'>) => `${row.scope}:${row.scopeRef ?? ''}`;

/** Encodes a file's bytes as base64 in slices, because one String.fromCharCode call over a large file overflows the stack. */
async function base64Of(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let start = 0; start < bytes.length; start += 0x8000) binary += String.fromCharCode(...bytes.subarray(start, start + 0x8000));
  return btoa(binary);
}

/** Achievement as a bar: full at 100 %, green beyond it. */
function Achievement({ value }: { value: number | null }) {
  if (value === null) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <Flex align="center" gap={8} style={{ minWidth: 160 }}>
      <Progress percent={Math.min(100, percentOf(value))} showInfo={false} size="small" status={value >= 1 ? 'success' : 'normal'} style={{ flex: 1, margin: 0 }} />
      <span style={{ whiteSpace: 'nowrap' }}>{formatCell(value, 'percent')}</span>
    </Flex>
  );
}

/**
 * 売上目標: the month's targets for the company, each location, channel and staff member in one
 * grid, with the sales so far, achievement and the forecast at the current pace. Targets are
 * typed in the grid or imported from a CSV made from the template; users without
 * 'targets.manage' see them read-only.
 */
export function TargetsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const reportError = useErrorReporter();
  const canManage = useCan()('targets.manage');
  const { get, set } = useUrlState();
  const month = /^\d{4}-\d{2}$/.test(get('month') ?? '') ? get('month')! : monthOf(todayInTokyo());
  const { data, error, loading, reload } = useApiQuery<TargetsResponse>('/api/analytics/targets', { month });
  const [amounts, setAmounts] = useState<Record<string, number | null>>({});
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);
  const [importing, setImporting] = useState(false);

  // The grid starts from the saved targets each time the month's data arrives.
  useEffect(() => {
    if (!data) return;
    setAmounts(Object.fromEntries(data.rows.map((row) => [keyOf(row), row.amount])));
    setFieldErrors({});
  }, [data]);

  const dirty = !!data && data.rows.some((row) => (amounts[keyOf(row)] ?? null) !== row.amount);
  useLeaveGuard(dirty ? t('analytics.targets.unsaved') : null);

  const save = async () => {
    if (!data) return;
    const targets = data.rows.map((row) => ({ scope: row.scope, scopeRef: row.scopeRef, amount: amounts[keyOf(row)] ?? null }));
    setSaving(true);
    setFieldErrors({});
    try {
      await api.put('/api/analytics/targets', { month, targets });
      void message.success(t('analytics.targets.saved'));
      reload();
    } catch (cause) {
      // "targets.3.amount" names the fourth row of the grid; its message goes beside that row.
      if (cause instanceof ApiError) {
        const placed: Record<string, string> = {};
        for (const field of cause.fields) {
          const index = /^targets\.(\d+)/.exec(field.field)?.[1];
          const row = index === undefined ? undefined : data.rows[Number(index)];
          if (row) placed[keyOf(row)] = field.message;
        }
        setFieldErrors(placed);
      }
      reportError(cause);
    } finally {
      setSaving(false);
    }
  };

  const columns = (scope: Scope): TableColumnsType<TargetRow> => [
    { title: t('analytics.targets.name'), dataIndex: 'name', width: 200, render: (name: string) => (scope === 'company' ? t('analytics.targets.company') : name) },
    {
      title: t('analytics.targets.amount'),
      key: 'amount',
      align: 'right',
      width: 200,
      render: (_value, row) =>
        canManage ? (
          <div>
            <YenInput
              min={0}
              value={amounts[keyOf(row)] ?? null}
              status={fieldErrors[keyOf(row)] ? 'error' : undefined}
              aria-label={t('analytics.targets.amountOf', { name: scope === 'company' ? t('analytics.targets.company') : row.name })}
              onChange={(value) => {
                setAmounts((current) => ({ ...current, [keyOf(row)]: typeof value === 'number' ? value : null }));
                setFieldErrors((current) => ({ ...current, [keyOf(row)]: '' }));
              }}
              data-testid={`target-${keyOf(row)}`}
            />
            {fieldErrors[keyOf(row)] && <Typography.Text type="danger" style={{ fontSize: 12 }}>{fieldErrors[keyOf(row)]}</Typography.Text>}
          </div>
        ) : (
          formatYen(row.amount)
        ),
    },
    { title: t('analytics.targets.actual'), dataIndex: 'actual', align: 'right', width: 140, render: (value: number) => formatYen(value) },
    { title: t('analytics.targets.achievement'), dataIndex: 'achievement', width: 220, render: (value: number | null) => <Achievement value={value} /> },
    { title: t('analytics.targets.forecast'), dataIndex: 'forecast', align: 'right', width: 140, render: (value: number | null) => formatYen(value) },
  ];

  // The import preview names each subject as tsunagu does, by its scope and id in this grid.
  const subjectNames = useMemo(() => new Map((data?.rows ?? []).map((row) => [keyOf(row), row.name])), [data]);
  const grouped = useMemo(() => SCOPES.map((scope) => ({ scope, rows: (data?.rows ?? []).filter((row) => row.scope === scope) })).filter((group) => group.rows.length > 0), [data]);

  return (
    <>
      <PageTitle
        title={t('analytics.targets.title')}
        subtitle={t('analytics.targets.lead')}
        extra={
          <>
            <DatePicker
              picker="month"
              allowClear={false}
              aria-label={t('analytics.targets.month')}
              value={dayjs(`${month}-01`, 'YYYY-MM-DD')}
              format="YYYY-MM"
              onChange={(value) => value && set({ month: value.format('YYYY-MM') })}
              data-testid="targets-month"
            />
            {canManage && (
            <Button icon={<DownloadOutlined />} onClick={() => void downloadFile('/api/analytics/targets/template.csv', { month }, `targets-${month}.csv`).catch(reportError)} data-testid="targets-template">
              {t('analytics.targets.template')}
            </Button>
            )}
            {canManage && (
              <Button icon={<UploadOutlined />} onClick={() => setImporting(true)} data-testid="targets-import">
                {t('analytics.targets.import')}
              </Button>
            )}
            {canManage && (
              <Button type="primary" icon={<SaveOutlined />} loading={saving} disabled={!dirty} onClick={() => void save()} data-testid="targets-save">
                {t('common.save')}
              </Button>
            )}
          </>
        }
      />
      {error && <LoadError error={error} onRetry={reload} />}
      {!canManage && <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('analytics.targets.readOnly')} data-testid="targets-read-only" />}
      {data && (
        <Typography.Paragraph type="secondary" data-testid="targets-basis">
          {t(data.taxBasis === 'excluded' ? 'analytics.targets.basisExcluded' : 'analytics.targets.basisIncluded')}
        </Typography.Paragraph>
      )}
      {grouped.map(({ scope, rows }) => (
        <Card key={scope} size="small" title={t(`analytics.targets.scopes.${scope}`)} style={{ marginBottom: 16 }} data-testid={`targets-${scope}`}>
          <Table<TargetRow> rowKey={keyOf} tableLayout="fixed" size="small" loading={loading} pagination={false} columns={columns(scope)} dataSource={rows} scroll={{ x: 'max-content' }} />
        </Card>
      ))}
      {importing && (
        <TargetImportDialog
          month={month}
          names={subjectNames}
          onClose={() => setImporting(false)}
          onApplied={() => {
            setImporting(false);
            reload();
          }}
        />
      )}
    </>
  );
}

/** One problem of a line: the CSV column, the value as written in the file, and the message. */
function ImportIssueText({ issue }: { issue: ImportIssue }) {
  const { t } = useTranslation();
  return (
    <div style={{ whiteSpace: 'normal', overflowWrap: 'anywhere' }} data-testid="targets-import-issue">
      <Typography.Text type="danger">
        {issue.column && <strong>{issue.column}</strong>}
        {issue.column && ' '}
        <Typography.Text code>{issue.value ? issue.value : t('analytics.targets.importEmptyValue')}</Typography.Text>
      </Typography.Text>
      <div>
        <Typography.Text type="danger">{issue.message}</Typography.Text>
      </div>
    </div>
  );
}

interface TargetImportDialogProps {
  month: string;
  /** Subject names of the target grid by scope and id ("location:5"), to name preview rows as tsunagu does. */
  names: ReadonlyMap<string, string>;
  onClose: () => void;
  onApplied: () => void;
}

/** Checks a target CSV without saving, lists its rows and problems, then applies it. */
function TargetImportDialog({ month, names, onClose, onApplied }: TargetImportDialogProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const reportError = useErrorReporter();
  const [file, setFile] = useState<{ fileName: string; contentBase64: string }>();
  const [preview, setPreview] = useState<ImportResult>();
  const [busy, setBusy] = useState<'preview' | 'apply'>();

  const send = (chosen: { fileName: string; contentBase64: string }, apply: boolean) =>
    api.post<ImportResult>('/api/analytics/targets/import', { ...chosen, apply }, { resultStatuses: [422] });

  const choose = async (picked: File) => {
    setPreview(undefined);
    setBusy('preview');
    try {
      const chosen = { fileName: picked.name, contentBase64: await base64Of(picked) };
      setFile(chosen);
      setPreview(await send(chosen, false));
    } catch (cause) {
      reportError(cause);
    } finally {
      setBusy(undefined);
    }
  };

  const apply = async () => {
    if (!file) return;
    setBusy('apply');
    try {
      const result = await send(file, true);
      if (!result.applied) {
        setPreview(result);
        return;
      }
      void message.success(t('analytics.targets.imported'));
      onApplied();
    } catch (cause) {
      reportError(cause);
    } finally {
      setBusy(undefined);
    }
  };

  const errors = preview?.errors ?? [];
  const rowErrors = (line: number) => errors.filter((issue) => issue.row === line);
  // Problems of the file as a whole (the header is line 1) go above the table; a line that
  // could not be read into a target still gets a row, so its problem sits next to it.
  const fileErrors = errors.filter((issue) => issue.row <= 1);
  const read = preview?.rows ?? [];
  const unread = [...new Set(errors.map((issue) => issue.row))].filter((line) => line > 1 && !read.some((row) => row.row === line));
  const rows: Array<Partial<ImportRow> & { row: number }> = [...read, ...unread.map((line) => ({ row: line }))].sort((a, b) => a.row - b.row);

  // A line that could not be read has no month, scope or amount of its own, so its cells show
  // the bad values the check found in those columns.
  const badValue = (line: number, column: string) => {
    const issue = errors.find((found) => found.row === line && found.column === column);
    return issue ? <Typography.Text type="danger">{issue.value || t('analytics.targets.importEmptyValue')}</Typography.Text> : '';
  };
  const nameOf = (row: Partial<ImportRow>) => {
    if (row.scope === 'company') return t('analytics.targets.company');
    const known = row.scope === undefined ? undefined : names.get(keyOf({ scope: row.scope, scopeRef: row.scopeRef ?? null }));
    return known ?? (row.name || row.code);
  };

  return (
    <Modal
      open
      width={860}
      title={t('analytics.targets.importTitle')}
      onCancel={onClose}
      destroyOnHidden
      footer={
        <Flex gap={8} justify="end">
          <Button onClick={onClose}>{t('common.close')}</Button>
          <Button type="primary" disabled={!preview || errors.length > 0} loading={busy === 'apply'} onClick={() => void apply()} data-testid="targets-import-apply">
            {t('analytics.targets.importApply')}
          </Button>
        </Flex>
      }
    >
      <Typography.Paragraph type="secondary">{t('analytics.targets.importLead')}</Typography.Paragraph>
      <Upload.Dragger
        accept=".csv,text/csv"
        maxCount={1}
        showUploadList={false}
        beforeUpload={(picked) => {
          void choose(picked);
          return false;
        }}
        data-testid="targets-import-file"
      >
        <p>
          <UploadOutlined /> {file?.fileName ?? t('analytics.targets.importChoose')}
        </p>
      </Upload.Dragger>
      {fileErrors.length > 0 && (
        <Alert
          type="error"
          showIcon
          style={{ marginTop: 12 }}
          title={t('analytics.targets.importFileErrors')}
          description={
            <ul style={{ margin: 0, paddingInlineStart: 18 }}>
              {fileErrors.map((issue, index) => (
                <li key={index}>
                  {issue.row < 1 ? issue.message : t('analytics.targets.importLine', { line: issue.row, message: issue.message })}
                  {issue.value ? ` (${issue.column ?? ''} ${issue.value})` : ''}
                </li>
              ))}
            </ul>
          }
        />
      )}
      {preview && (
        <Table<Partial<ImportRow> & { row: number }>
          style={{ marginTop: 12 }}
          size="small"
          rowKey="row"
          loading={busy === 'preview'}
          pagination={false}
          tableLayout="fixed"
          scroll={{ y: 360 }}
          dataSource={rows}
          data-testid="targets-import-preview"
          columns={[
            { title: t('analytics.targets.importRow'), dataIndex: 'row', width: 60 },
            { title: t('analytics.targets.month'), dataIndex: 'month', width: 100, render: (value: string | undefined, row) => value ?? badValue(row.row, 'month') },
            { title: t('analytics.targets.scope'), dataIndex: 'scope', width: 100, render: (scope: Scope | undefined, row) => (scope ? t(`analytics.targets.scopes.${scope}`) : badValue(row.row, 'scope')) },
            { title: t('analytics.targets.name'), key: 'name', width: 170, render: (_value, row) => (row.month === undefined ? badValue(row.row, 'code') : nameOf(row)) },
            {
              title: t('analytics.targets.amount'),
              dataIndex: 'amount',
              align: 'right',
              width: 130,
              render: (amount: number | null | undefined, row) =>
                row.month === undefined ? badValue(row.row, 'amount') : amount === null || amount === undefined ? t('analytics.targets.importRemove') : formatYen(amount),
            },
            {
              title: t('analytics.targets.importResult'),
              key: 'result',
              render: (_value, row) => {
                const issues = rowErrors(row.row);
                if (issues.length === 0) return <Tag color="green">{t('analytics.targets.importOk')}</Tag>;
                return (
                  <Flex vertical gap={6}>
                    {issues.map((issue, index) => (
                      <ImportIssueText key={index} issue={issue} />
                    ))}
                  </Flex>
                );
              },
            },
          ]}
        />
      )}
    </Modal>
  );
}
