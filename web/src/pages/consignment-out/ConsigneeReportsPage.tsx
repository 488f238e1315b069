import { CheckOutlined, FileSearchOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Form, Input, Row, Select, Table, Tabs, Tag, Typography, Upload, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { useApiQuery, useErrorReporter } from '../../api/hooks.js';
import type { Page } from '../../api/types.js';
import { DateField } from '../../components/DateField.js';
import { LoadError } from '../../components/LoadError.js';
import { LocationSelect } from '../../components/LocationSelect.js';
import { PageTitle } from '../../components/PageTitle.js';
import { YenInput } from '../../components/YenInput.js';
import { clearErrorsOnChange } from '../../lib/formErrors.js';
import { formatYen, todayInTokyo } from '../../lib/format.js';
import { notFutureRule } from '../consignment-in/consignmentRules.js';
import { ConsigneeSelect } from './ConsigneeSelect.js';
import { lineErrorsOf } from './lineErrors.js';
import type { Aging, AgingRow, ImportIssue, ImportPreviewRow, ImportResult, Report, ReportSummary } from './types.js';

interface ReportHeader {
  consigneeId: number | null;
  reportedOn: string;
  periodFrom?: string | null;
  periodTo?: string | null;
  returnLocationId?: number | null;
  note?: string;
}

interface ManualEntry {
  outcome: 'sold' | 'returned' | null;
  soldOn: string | null;
  salePrice: number | null;
}

function readAsBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = String(reader.result);
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.readAsDataURL(file);
  });
}

/** Lists the pieces out at the consignee, each with an outcome to report. */
function ManualEntryTab({ form, consigneeId, onRecorded }: { form: ReturnType<typeof Form.useForm<ReportHeader>>[0]; consigneeId: number | null; onRecorded: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const reportError = useErrorReporter();
  const out = useApiQuery<Aging>(consigneeId ? '/api/consignment-out/aging' : null, { consigneeId: consigneeId ?? undefined });
  const [entries, setEntries] = useState<Record<number, ManualEntry>>({});
  const [saving, setSaving] = useState(false);
  // The API's reason per item id, from the last rejected save.
  const [serverErrors, setServerErrors] = useState<Record<number, string>>({});
  const reportedOn = Form.useWatch('reportedOn', form) as string | undefined;
  const entryOf = (row: AgingRow): ManualEntry => entries[row.itemId] ?? { outcome: null, soldOn: null, salePrice: null };
  const update = (row: AgingRow, change: Partial<ManualEntry>) => {
    setEntries((current) => ({ ...current, [row.itemId]: { ...entryOf(row), ...change } }));
    setServerErrors(({ [row.itemId]: _changed, ...rest }) => rest);
  };

  // A sale date lies between the sending date and both the report date and today, as the API checks.
  const soldOnProblem = (row: AgingRow): string | undefined => {
    const entry = entryOf(row);
    if (entry.outcome !== 'sold') return undefined;
    const soldOn = entry.soldOn ?? reportedOn;
    const today = todayInTokyo();
    if (!soldOn) return undefined;
    if (soldOn > today) return t('consignmentOut.reports.soldOnFuture', { today });
    if (reportedOn && soldOn > reportedOn) return t('consignmentOut.reports.soldOnAfterReport', { reportedOn });
    if (soldOn < row.sentOn) return t('consignmentOut.reports.soldOnBeforeSent', { sentOn: row.sentOn });
    return undefined;
  };

  const save = async () => {
    let header: ReportHeader;
    try {
      header = await form.validateFields();
    } catch {
      return;
    }
    const reported = (out.data?.rows ?? []).filter((row) => entryOf(row).outcome !== null);
    if (reported.some((row) => soldOnProblem(row) !== undefined)) {
      void message.error(t('consignmentOut.reports.fixRows'));
      return;
    }
    const lines = reported.map((row) => {
      const entry = entryOf(row);
      return { itemId: row.itemId, outcome: entry.outcome, soldOn: entry.outcome === 'sold' ? entry.soldOn : null, salePrice: entry.outcome === 'sold' ? entry.salePrice : null };
    });
    if (lines.length === 0) {
      void message.warning(t('consignmentOut.reports.nothingSelected'));
      return;
    }
    setSaving(true);
    try {
      const report = await api.post<Report>('/api/consignment-out/reports', { ...header, lines });
      void message.success(t('consignmentOut.reports.saved', { number: report.number, amount: formatYen(report.receivableTotal) }));
      setEntries({});
      setServerErrors({});
      out.reload();
      onRecorded();
    } catch (error) {
      const byLine = lineErrorsOf(error);
      setServerErrors(Object.fromEntries([...byLine].map(([index, text]) => [reported[index]!.itemId, text])));
      reportError(error, form);
    } finally {
      setSaving(false);
    }
  };

  const columns: TableColumnsType<AgingRow> = [
    { title: t('consignmentOut.aging.stockNumber'), dataIndex: 'stockNumber', width: 140 },
    {
      title: t('consignmentOut.aging.itemName'),
      key: 'itemName',
      render: (_value, row) => (
        <>
          <div>{row.itemName}</div>
          {serverErrors[row.itemId] && (
            <Typography.Text type="danger" data-testid="report-line-error">
              {serverErrors[row.itemId]}
            </Typography.Text>
          )}
        </>
      ),
    },
    { title: t('consignmentOut.aging.note'), dataIndex: 'noteNumber', responsive: ['lg'] },
    { title: t('consignmentOut.aging.retailPrice'), dataIndex: 'retailPrice', align: 'right', render: (value: number) => formatYen(value) },
    {
      title: t('consignmentOut.reports.outcome'),
      key: 'outcome',
      width: 140,
      render: (_value, row) => (
        <Select<'sold' | 'returned' | 'none'>
          value={entryOf(row).outcome ?? 'none'}
          style={{ width: 120 }}
          onChange={(value) => update(row, { outcome: value === 'none' ? null : value })}
          data-testid={`outcome-${row.stockNumber}`}
          options={[
            { value: 'none', label: t('consignmentOut.reports.notReported') },
            { value: 'sold', label: t('consignmentOut.outcome.sold') },
            { value: 'returned', label: t('consignmentOut.outcome.returned') },
          ]}
        />
      ),
    },
    {
      title: t('consignmentOut.reports.soldOn'),
      key: 'soldOn',
      width: 160,
      render: (_value, row) => {
        if (entryOf(row).outcome !== 'sold') return null;
        const problem = soldOnProblem(row);
        return (
          <>
            <DateField value={entryOf(row).soldOn} onChange={(value) => update(row, { soldOn: value ?? null })} data-testid={`sold-on-${row.stockNumber}`} />
            {problem && (
              <Typography.Text type="danger" style={{ display: 'block' }} data-testid="sold-on-error">
                {problem}
              </Typography.Text>
            )}
          </>
        );
      },
    },
    {
      title: t('consignmentOut.reports.salePrice'),
      key: 'salePrice',
      width: 180,
      render: (_value, row) =>
        entryOf(row).outcome === 'sold' ? (
          <YenInput value={entryOf(row).salePrice} placeholder={t('consignmentOut.reports.salePriceHint')} onChange={(value) => update(row, { salePrice: value ?? null })} />
        ) : null,
    },
  ];

  return (
    <>
      {out.error && <LoadError error={out.error} onRetry={out.reload} />}
      <Table<AgingRow>
        rowKey="lineId"
        size="small"
        loading={out.loading}
        columns={columns}
        dataSource={out.data?.rows ?? []}
        pagination={false}
        scroll={{ x: 'max-content' }}
        title={() => t('consignmentOut.reports.outPieces')}
        data-testid="manual-report-table"
      />
      <Button type="primary" icon={<CheckOutlined />} loading={saving} disabled={!consigneeId} onClick={() => void save()} style={{ marginTop: 12 }} data-testid="manual-report-submit">
        {t('consignmentOut.reports.submit')}
      </Button>
    </>
  );
}

/** Uploads a CSV: a preview with every bad row first, then the import. */
function CsvImportTab({ form, onRecorded }: { form: ReturnType<typeof Form.useForm<ReportHeader>>[0]; onRecorded: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const reportError = useErrorReporter();
  const [file, setFile] = useState<File>();
  const [encoding, setEncoding] = useState<'auto' | 'utf8' | 'cp932'>('auto');
  const [preview, setPreview] = useState<ImportResult>();
  const [busy, setBusy] = useState(false);

  const run = async (dryRun: boolean) => {
    if (!file) return;
    let header: ReportHeader;
    try {
      header = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    try {
      const body = { ...header, fileName: file.name, contentBase64: await readAsBase64(file), encoding, dryRun };
      // A rejected import (422) returns the same report as a preview, with its row errors.
      const result = await api.post<ImportResult>('/api/consignment-out/reports/import', body, { resultStatuses: [422] });
      setPreview(result);
      if (result.committed && result.report) {
        void message.success(t('consignmentOut.reports.imported', { number: result.report.number }));
        setFile(undefined);
        setPreview(undefined);
        onRecorded();
      }
    } catch (error) {
      reportError(error, form);
    } finally {
      setBusy(false);
    }
  };

  const issueColumns: TableColumnsType<ImportIssue> = [
    { title: t('consignmentOut.reports.row'), dataIndex: 'row', width: 70 },
    { title: t('consignmentOut.reports.column'), dataIndex: 'column', width: 150 },
    { title: t('consignmentOut.reports.value'), dataIndex: 'value', width: 150 },
    { title: t('consignmentOut.reports.message'), dataIndex: 'message' },
  ];
  const rowColumns: TableColumnsType<ImportPreviewRow> = [
    { title: t('consignmentOut.reports.row'), dataIndex: 'row', width: 70 },
    { title: t('consignmentOut.aging.stockNumber'), dataIndex: 'stockNumber' },
    { title: t('consignmentOut.aging.itemName'), dataIndex: 'itemName' },
    { title: t('consignmentOut.reports.outcome'), dataIndex: 'outcome', render: (value: ImportPreviewRow['outcome']) => (value ? t(`consignmentOut.outcome.${value}`) : '') },
    { title: t('consignmentOut.reports.soldOn'), dataIndex: 'soldOn' },
    { title: t('consignmentOut.reports.salePrice'), dataIndex: 'salePrice', align: 'right', render: (value: number | null) => (value === null ? '' : formatYen(value)) },
    { title: t('consignmentOut.reports.commission'), dataIndex: 'commissionAmount', align: 'right', render: (value: number | null) => (value === null ? '' : formatYen(value)) },
    { title: t('consignmentOut.reports.receivable'), dataIndex: 'receivableAmount', align: 'right', render: (value: number | null) => (value === null ? '' : formatYen(value)) },
    { key: 'valid', render: (_value, row) => (row.valid ? <Tag color="green">OK</Tag> : <Tag color="red">NG</Tag>) },
  ];

  return (
    <>
      <Typography.Paragraph type="secondary">{t('consignmentOut.reports.layout')}</Typography.Paragraph>
      <Row gutter={16} align="bottom">
        <Col>
          <Upload
            accept=".csv,text/csv"
            maxCount={1}
            beforeUpload={(chosen) => {
              setFile(chosen);
              setPreview(undefined);
              return false;
            }}
            onRemove={() => {
              setFile(undefined);
              setPreview(undefined);
            }}
            fileList={file ? [{ uid: 'file', name: file.name, status: 'done' }] : []}
          >
            <Button icon={<UploadOutlined />} data-testid="report-file">
              {t('consignmentOut.reports.chooseFile')}
            </Button>
          </Upload>
        </Col>
        <Col>
          <Select
            value={encoding}
            onChange={setEncoding}
            style={{ width: 180 }}
            aria-label={t('consignmentOut.reports.encoding')}
            options={[
              { value: 'auto', label: t('consignmentOut.reports.encodingAuto') },
              { value: 'utf8', label: 'UTF-8' },
              { value: 'cp932', label: 'Shift_JIS (CP932)' },
            ]}
          />
        </Col>
        <Col>
          <Button icon={<FileSearchOutlined />} disabled={!file} loading={busy} onClick={() => void run(true)} data-testid="report-preview">
            {t('consignmentOut.reports.preview')}
          </Button>
        </Col>
        <Col>
          <Button type="primary" disabled={!preview || preview.errors.length > 0 || preview.rows.length === 0} loading={busy} onClick={() => void run(false)} data-testid="report-commit">
            {t('consignmentOut.reports.commit')}
          </Button>
        </Col>
      </Row>
      {preview && (
        <div style={{ marginTop: 16 }} data-testid="report-preview-result">
          {preview.errors.length > 0 ? (
            <Alert type="error" showIcon title={t('consignmentOut.reports.previewErrors', { count: preview.errors.length })} />
          ) : (
            <Alert
              type="success"
              showIcon
              title={t('consignmentOut.reports.previewOk', { count: preview.rows.length })}
              description={t('consignmentOut.reports.totals', { sales: formatYen(preview.salesTotal), commission: formatYen(preview.commissionTotal), receivable: formatYen(preview.receivableTotal) })}
            />
          )}
          {preview.errors.length > 0 && (
            <Table<ImportIssue>
              rowKey={(issue) => `${issue.row}-${issue.column ?? ''}-${issue.message}`}
              size="small"
              style={{ marginTop: 12 }}
              columns={issueColumns}
              dataSource={preview.errors}
              pagination={false}
              data-testid="report-import-errors"
            />
          )}
          <Table<ImportPreviewRow> rowKey="row" size="small" style={{ marginTop: 12 }} columns={rowColumns} dataSource={preview.rows} pagination={false} scroll={{ x: 'max-content' }} />
        </div>
      )}
    </>
  );
}

function ReportLines({ id }: { id: number }) {
  const { t } = useTranslation();
  const { data, loading } = useApiQuery<Report>(`/api/consignment-out/reports/${id}`);
  return (
    <Table
      rowKey="id"
      size="small"
      loading={loading}
      pagination={false}
      dataSource={data?.lines ?? []}
      columns={[
        { title: t('consignmentOut.aging.stockNumber'), dataIndex: 'stockNumber' },
        { title: t('consignmentOut.aging.itemName'), dataIndex: 'itemName' },
        { title: t('consignmentOut.reports.outcome'), dataIndex: 'outcome', render: (value: string) => t(`consignmentOut.outcome.${value}`) },
        { title: t('consignmentOut.reports.soldOn'), dataIndex: 'soldOn' },
        { title: t('consignmentOut.reports.salePrice'), dataIndex: 'salePrice', align: 'right', render: (value: number) => formatYen(value) },
        { title: t('consignmentOut.reports.commission'), dataIndex: 'commissionAmount', align: 'right', render: (value: number) => formatYen(value) },
        { title: t('consignmentOut.reports.receivable'), dataIndex: 'receivableAmount', align: 'right', render: (value: number) => formatYen(value) },
      ]}
    />
  );
}

/** A consignee's sales and returns: entered by hand or imported from CSV. */
export function ConsigneeReportsPage() {
  const { t } = useTranslation();
  const [form] = Form.useForm<ReportHeader>();
  const consigneeId = Form.useWatch('consigneeId', form) ?? null;
  const [page, setPage] = useState(1);
  const history = useApiQuery<{ reports: ReportSummary[] } & Page>('/api/consignment-out/reports', { page, pageSize: 20 });

  const columns: TableColumnsType<ReportSummary> = [
    { title: t('consignmentOut.reports.number'), dataIndex: 'number', width: 160 },
    { title: t('consignmentOut.reports.reportedOn'), dataIndex: 'reportedOn', width: 110 },
    { title: t('consignmentOut.reports.consignee'), dataIndex: 'consigneeName' },
    { title: t('consignmentOut.reports.source'), dataIndex: 'source', render: (value: string) => t(`consignmentOut.source.${value}`) },
    { title: t('consignmentOut.reports.salesTotal'), dataIndex: 'salesTotal', align: 'right', render: (value: number) => formatYen(value) },
    { title: t('consignmentOut.reports.commissionTotal'), dataIndex: 'commissionTotal', align: 'right', render: (value: number) => formatYen(value) },
    { title: t('consignmentOut.reports.receivableTotal'), dataIndex: 'receivableTotal', align: 'right', render: (value: number) => formatYen(value) },
  ];

  return (
    <>
      <PageTitle title={t('consignmentOut.reports.title')} subtitle={t('consignmentOut.reports.lead')} />
      <Form<ReportHeader> form={form} layout="vertical" onValuesChange={clearErrorsOnChange(form)} initialValues={{ consigneeId: null, reportedOn: todayInTokyo() }} data-testid="report-header-form">
        <Card size="small" style={{ marginBottom: 16 }}>
          <Row gutter={16}>
            <Col xs={24} md={8}>
              <Form.Item name="consigneeId" label={t('consignmentOut.reports.consignee')} rules={[{ required: true, message: t('consignmentOut.consignees.choose') }]}>
                <ConsigneeSelect data-testid="report-consignee" />
              </Form.Item>
            </Col>
            <Col xs={12} md={4}>
              <Form.Item name="reportedOn" label={t('consignmentOut.reports.reportedOn')} rules={[{ required: true, message: t('common.required') }, notFutureRule(t)]}>
                <DateField allowClear={false} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col xs={12} md={4}>
              <Form.Item name="periodFrom" label={t('consignmentOut.reports.periodFrom')}>
                <DateField style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col xs={12} md={4}>
              <Form.Item name="periodTo" label={t('consignmentOut.reports.periodTo')}>
                <DateField style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col xs={12} md={4}>
              <Form.Item name="returnLocationId" label={t('consignmentOut.reports.returnLocation')} tooltip={t('consignmentOut.reports.returnLocationHint')}>
                <LocationSelect scope="act" allowClear />
              </Form.Item>
            </Col>
            <Col xs={24}>
              <Form.Item name="note" label={t('common.notes')}>
                <Input maxLength={1000} />
              </Form.Item>
            </Col>
          </Row>
        </Card>
      </Form>
      <Card size="small">
        <Tabs
          items={[
            { key: 'manual', label: t('consignmentOut.reports.manual'), children: <ManualEntryTab form={form} consigneeId={consigneeId} onRecorded={history.reload} /> },
            { key: 'csv', label: t('consignmentOut.reports.csv'), children: <CsvImportTab form={form} onRecorded={history.reload} /> },
          ]}
        />
      </Card>
      <Typography.Title level={4} style={{ marginTop: 32 }}>
        {t('consignmentOut.reports.history')}
      </Typography.Title>
      {history.error && <LoadError error={history.error} onRetry={history.reload} />}
      <Table<ReportSummary>
        rowKey="id"
        size="middle"
        loading={history.loading}
        columns={columns}
        dataSource={history.data?.reports ?? []}
        expandable={{ expandedRowRender: (row) => <ReportLines id={row.id} />, expandRowByClick: true }}
        pagination={{ current: page, pageSize: 20, total: history.data?.total ?? 0, onChange: setPage, showSizeChanger: false, hideOnSinglePage: true }}
        scroll={{ x: 'max-content' }}
        data-testid="reports-table"
      />
    </>
  );
}
