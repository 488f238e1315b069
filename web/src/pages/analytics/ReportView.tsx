import { FileExcelOutlined, FileTextOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Table, Typography, type TableColumnsType } from 'antd';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { downloadFile, type ApiError } from '../../api/client.js';
import { useApiQuery, useErrorReporter } from '../../api/hooks.js';
import { useCan } from '../../auth/AuthContext.js';
import { LoadError } from '../../components/LoadError.js';
import { todayInTokyo, type Locale } from '../../lib/format.js';
import { formatCell, isNumeric, type ReportRow, type ReportTable } from './reportTable.js';

// One way to show every analytics report: its table with the totals row, its notes and its
// exports. The exports are downloaded from the server with the same query, so a CSV or Excel
// file holds the figures on screen.

const EXPORT_FORMATS = [
  { format: 'csv', key: 'csvUtf8', icon: <FileTextOutlined /> },
  { format: 'csv_cp932', key: 'csvCp932', icon: <FileTextOutlined /> },
  { format: 'xlsx', key: 'excel', icon: <FileExcelOutlined /> },
] as const;

/** Loads GET /api/analytics/reports/<id> with the query; a null id loads nothing. */
export function useReport(id: string | null, query: Record<string, string>) {
  return useApiQuery<ReportTable>(id === null ? null : `/api/analytics/reports/${id}`, query);
}

/** CSV (UTF-8), CSV (Shift_JIS) and Excel downloads of a report; nothing without 'data.export'. */
export function ExportButtons({ path, query, name }: { path: string; query: Record<string, string>; name: string }) {
  const { t } = useTranslation();
  const can = useCan();
  const reportError = useErrorReporter();
  const [busy, setBusy] = useState<string>();
  if (!can('data.export')) return null;

  const download = async (format: string) => {
    setBusy(format);
    try {
      await downloadFile(path, { ...query, format }, `${name}-${todayInTokyo()}.${format === 'xlsx' ? 'xlsx' : 'csv'}`);
    } catch (error) {
      reportError(error);
    } finally {
      setBusy(undefined);
    }
  };

  return (
    <Flex gap={8} wrap data-testid={`export-${name}`}>
      {EXPORT_FORMATS.map(({ format, key, icon }) => (
        <Button key={format} size="small" icon={icon} loading={busy === format} onClick={() => void download(format)} data-testid={`export-${name}-${format}`}>
          {t(`analytics.export.${key}`)}
        </Button>
      ))}
    </Flex>
  );
}

interface ReportViewProps {
  table: ReportTable | undefined;
  loading?: boolean;
  error?: ApiError;
  onRetry?: () => void;
  /** Export route and query; by default the report's own export with the same query. */
  exportPath?: string;
  exportQuery?: Record<string, string>;
  /** Shown above the table, e.g. a chart drawn from the same rows. */
  chart?: ReactNode;
  /** A card title; without it the table stands without a card. */
  title?: ReactNode;
  pageSize?: number;
  testId?: string;
  /** Draws some columns differently (a state as a tag); the text is the cell as formatted. */
  renderCell?: (key: string, value: ReportRow[string], text: string) => ReactNode | undefined;
}

/** A report's table with its bold totals row, notes and export buttons. */
export function ReportView({ table, loading, error, onRetry, exportPath, exportQuery, chart, title, pageSize = 50, testId, renderCell }: ReportViewProps) {
  const { t, i18n } = useTranslation();
  const locale: Locale = i18n.language === 'en' ? 'en' : 'ja';
  const id = testId ?? table?.id ?? 'report';

  // Record ids (locationId, userId…) are for the exports and for joining in a spreadsheet;
  // on screen the names beside them say the same.
  const shown = (table?.columns ?? []).filter((column) => !/Id$/.test(column.key));
  const columns: TableColumnsType<ReportRow> = shown.map((column) => ({
    key: column.key,
    dataIndex: column.key,
    title: column.label[locale],
    align: isNumeric(column.type) ? 'right' : 'left',
    render: (value: ReportRow[string]) => {
      const text = formatCell(value, column.type);
      return renderCell?.(column.key, value, text) ?? text;
    },
  }));

  const totals = table?.totals;
  const summary = totals
    ? () => (
        <Table.Summary fixed>
          <Table.Summary.Row data-testid={`${id}-totals`}>
            {shown.map((column, index) => (
              <Table.Summary.Cell key={column.key} index={index} align={isNumeric(column.type) ? 'right' : 'left'}>
                <strong>{index === 0 && !totals[column.key] ? t('analytics.total') : formatCell(totals[column.key], column.type)}</strong>
              </Table.Summary.Cell>
            ))}
          </Table.Summary.Row>
        </Table.Summary>
      )
    : undefined;

  const exports = table && <ExportButtons path={exportPath ?? `/api/analytics/reports/${table.id}/export`} query={exportQuery ?? {}} name={id} />;

  const body = (
    <>
      {error && onRetry && <LoadError error={error} onRetry={onRetry} />}
      {chart}
      <Table<ReportRow>
        rowKey="__row"
        size="small"
        loading={loading}
        columns={columns}
        dataSource={(table?.rows ?? []).map((row, index) => ({ ...row, __row: index }))}
        pagination={(table?.rows.length ?? 0) > pageSize ? { pageSize, showSizeChanger: false } : false}
        scroll={{ x: 'max-content' }}
        summary={summary}
        locale={{ emptyText: t('analytics.noData') }}
        data-testid={`${id}-table`}
      />
      {table && table.notes.length > 0 && (
        <ul style={{ margin: '8px 0 0', paddingInlineStart: 18 }} data-testid={`${id}-notes`}>
          {table.notes.map((note) => (
            <li key={note.ja}>
              <Typography.Text type="secondary">{note[locale]}</Typography.Text>
            </li>
          ))}
        </ul>
      )}
    </>
  );

  if (title === undefined) {
    return (
      <div data-testid={id}>
        {exports && <Flex justify="end" style={{ marginBottom: 8 }}>{exports}</Flex>}
        {body}
      </div>
    );
  }
  return (
    <Card size="small" title={title} extra={exports} data-testid={id} style={{ marginBottom: 16 }}>
      {body}
    </Card>
  );
}
