import { CheckCircleOutlined, InboxOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Form, Row, Select, Space, Statistic, Table, Tabs, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiRequest } from '../../api/client.js';
import { useErrorReporter } from '../../api/hooks.js';
import { useCan } from '../../auth/AuthContext.js';
import { permissionName } from '../../auth/permissions.js';
import { ExportButton } from '../../components/ExportButton.js';
import { LocationSelect } from '../../components/LocationSelect.js';
import { PageTitle } from '../../components/PageTitle.js';
import { hasFileLevelErrors, type ImportIssue, type ImportReport } from './importReport.js';

interface ImportOptions {
  format: 'tsunagu' | 'shopify';
  encoding: 'auto' | 'utf8' | 'cp932';
  locationId?: number | null;
  mode: 'all_or_nothing' | 'valid_rows_only';
}

/** The API accepts a 50 MiB JSON body and Base64 adds a third, so files stay below this. */
const MAX_FILE_BYTES = 36 * 1024 * 1024;

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

function IssueTable({ issues, testId }: { issues: ImportIssue[]; testId: string }) {
  const { t } = useTranslation();
  return (
    <Table<ImportIssue>
      rowKey={(issue) => `${issue.row}-${issue.column ?? ''}-${issue.message}`}
      size="small"
      dataSource={issues}
      pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }}
      tableLayout="fixed"
      data-testid={testId}
      columns={[
        { title: t('csv.row'), dataIndex: 'row', width: 80, render: (row: number) => t('csv.rowNumber', { row }) },
        { title: t('csv.column'), dataIndex: 'column', width: 130 },
        { title: t('csv.value'), dataIndex: 'value', width: 130, ellipsis: { showTitle: true } },
        { title: t('csv.message'), dataIndex: 'message' },
      ]}
    />
  );
}

/** Shows whether anything was written and what to do next. */
function ReportSummary({ report }: { report: ImportReport }) {
  const { t } = useTranslation();
  const hasErrors = report.errors.length > 0;

  if (hasFileLevelErrors(report)) {
    return <Alert style={{ marginBottom: 12 }} showIcon type="error" title={t('csv.fileErrors')} description={t('csv.fileErrorsHint')} data-testid="csv-file-errors" />;
  }

  let title: string;
  if (report.dryRun) title = hasErrors ? t('csv.dryRunErrors', { count: report.invalid }) : t('csv.dryRunOk', { count: report.rowCount - report.skipped });
  else if (report.committed) title = t('csv.committed', { created: report.created });
  else if (!hasErrors) title = t('csv.nothingNew');
  else title = report.mode === 'all_or_nothing' ? t('csv.notCommitted') : t('csv.noValidNewRows');

  let type: 'success' | 'warning' | 'error' = 'success';
  if (hasErrors) type = report.committed ? 'warning' : 'error';

  return <Alert style={{ marginBottom: 12 }} showIcon type={type} title={title} />;
}

/** Import items from a CSV file (check first with a dry run) and export the catalogue. */
export function ImportPage() {
  const { t, i18n } = useTranslation();
  const [form] = Form.useForm<ImportOptions>();
  const [file, setFile] = useState<File>();
  const [running, setRunning] = useState<'dry' | 'real'>();
  const [report, setReport] = useState<ImportReport>();
  const reportError = useErrorReporter();
  const { message } = App.useApp();
  const format = Form.useWatch('format', form);
  const canImport = useCan()('items.edit');

  const run = async (dryRun: boolean) => {
    if (!file) {
      void message.error(t('csv.chooseFile'));
      return;
    }
    const options = await form.validateFields().catch(() => undefined);
    if (!options) return;
    setRunning(dryRun ? 'dry' : 'real');
    try {
      const contentBase64 = await readAsBase64(file);
      const result = await apiRequest<ImportReport>('POST', '/api/items/import', {
        body: { fileName: file.name, contentBase64, ...options, locationId: options.locationId ?? null, dryRun },
        resultStatuses: [400, 422],
      });
      setReport(result);
    } catch (error) {
      reportError(error, form);
    } finally {
      setRunning(undefined);
    }
  };

  return (
    <>
      <PageTitle title={t('csv.title')} extra={<ExportButton />} />
      <Row gutter={16}>
        <Col xs={24} lg={10}>
          {!canImport && <Alert type="info" showIcon title={t('csv.importNotAllowed', { permission: t('access.permissionQuoted', { name: permissionName('items.edit', i18n.language === 'en' ? 'en' : 'ja') }) })} style={{ marginBottom: 16 }} />}
          {canImport && (
            <Card size="small" title={t('csv.importTitle')} style={{ marginBottom: 16 }}>
              <div data-testid="csv-file">
              <Upload.Dragger
                accept=".csv,text/csv"
                multiple={false}
                showUploadList={false}
                beforeUpload={(chosen) => {
                  if (chosen.size > MAX_FILE_BYTES) {
                    void message.error(t('csv.fileTooLarge', { size: Math.round(chosen.size / 1024 / 1024) }));
                  } else {
                    setFile(chosen);
                    setReport(undefined);
                  }
                  // The file is sent with the options below, not uploaded on its own.
                  return false;
                }}
              >
                <p className="ant-upload-drag-icon">
                  <InboxOutlined />
                </p>
                <p className="ant-upload-text">{file ? file.name : t('csv.dropHint')}</p>
                <p className="ant-upload-hint">{file ? t('csv.fileSize', { size: (file.size / 1024).toFixed(1) }) : t('csv.dropSubHint')}</p>
              </Upload.Dragger>
              </div>
              <Form<ImportOptions> form={form} layout="vertical" initialValues={{ format: 'tsunagu', encoding: 'auto', mode: 'all_or_nothing' }} style={{ marginTop: 16 }}>
                <Form.Item name="format" label={t('csv.format')}>
                  <Select
                    options={[
                      { value: 'tsunagu', label: t('csv.formatTsunagu') },
                      { value: 'shopify', label: t('csv.formatShopify') },
                    ]}
                  />
                </Form.Item>
                <Form.Item name="encoding" label={t('csv.encoding')} extra={t('csv.encodingHint')}>
                  <Select
                    options={[
                      { value: 'auto', label: t('csv.encodingAuto') },
                      { value: 'cp932', label: t('csv.encodingCp932') },
                      { value: 'utf8', label: t('csv.encodingUtf8') },
                    ]}
                  />
                </Form.Item>
                <Form.Item name="locationId" label={t('csv.location')} extra={format === 'shopify' ? t('csv.locationHintShopify') : t('csv.locationHint')}>
                  <LocationSelect allowClear scope="act" />
                </Form.Item>
                <Form.Item name="mode" label={t('csv.mode')}>
                  <Select
                    options={[
                      { value: 'all_or_nothing', label: t('csv.modeAllOrNothing') },
                      { value: 'valid_rows_only', label: t('csv.modeValidRowsOnly') },
                    ]}
                  />
                </Form.Item>
                <Space wrap>
                  <Button icon={<CheckCircleOutlined />} onClick={() => void run(true)} loading={running === 'dry'} disabled={running === 'real'} data-testid="csv-dry-run">
                    {t('csv.dryRun')}
                  </Button>
                  <Button type="primary" icon={<UploadOutlined />} onClick={() => void run(false)} loading={running === 'real'} disabled={running === 'dry'} data-testid="csv-import">
                    {t('csv.import')}
                  </Button>
                </Space>
              </Form>
            </Card>
          )}
        </Col>
        <Col xs={24} lg={14}>
          {report ? (
            <Card size="small" title={report.dryRun ? t('csv.reportDryRun') : t('csv.reportTitle')} data-testid="csv-report">
              <ReportSummary report={report} />
              {/* No row was checked after a file error, so the row counts would all read 0. */}
              {!hasFileLevelErrors(report) && (
                <Row gutter={16} style={{ marginBottom: 12 }}>
                  <Col span={6}>
                    <Statistic title={t('csv.rows')} value={report.rowCount} />
                  </Col>
                  <Col span={6}>
                    <Statistic title={report.dryRun ? t('csv.ready') : t('csv.created')} value={report.dryRun ? report.rowCount - report.invalid - report.skipped : report.created} />
                  </Col>
                  <Col span={6}>
                    <Statistic title={t('csv.skipped')} value={report.skipped} />
                  </Col>
                  <Col span={6}>
                    <Statistic title={t('csv.invalid')} value={report.invalid} styles={{ content: report.invalid > 0 ? { color: '#cf1322' } : undefined }} />
                  </Col>
                </Row>
              )}
              <Typography.Paragraph type="secondary">
                {report.encoding ? t('csv.readAs', { encoding: report.encoding === 'cp932' ? 'Shift_JIS (CP932)' : 'UTF-8' }) : null}
                {report.encodingDetected ? ` ${t('csv.detected')}` : ''}
                {report.productCount !== null ? ` ${t('csv.products', { count: report.productCount })}` : ''}
              </Typography.Paragraph>
              <Tabs
                items={[
                  { key: 'errors', label: t(hasFileLevelErrors(report) ? 'csv.fileErrorsTab' : 'csv.errorsTab', { count: report.errors.length }), children: <IssueTable issues={report.errors} testId="csv-errors" /> },
                  { key: 'warnings', label: t('csv.warningsTab', { count: report.warnings.length }), children: <IssueTable issues={report.warnings} testId="csv-warnings" /> },
                ]}
              />
            </Card>
          ) : (
            <Card size="small" title={t('csv.howTo')}>
              <Typography.Paragraph>{t('csv.howTo1')}</Typography.Paragraph>
              <Typography.Paragraph>{t('csv.howTo2')}</Typography.Paragraph>
              <Typography.Paragraph>{t('csv.howTo3')}</Typography.Paragraph>
            </Card>
          )}
        </Col>
      </Row>
    </>
  );
}
