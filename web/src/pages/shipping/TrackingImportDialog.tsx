import { InboxOutlined } from '@ant-design/icons';
import { Alert, App, Button, Checkbox, Form, Modal, Space, Table, Tag, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { useErrorReporter } from '../../api/hooks.js';
import { DateField } from '../../components/DateField.js';
import { textIn, useLocale } from '../channels/channelUi.js';
import type { TrackingImportResult, TrackingImportRow } from './types.js';

const ROW_COLORS: Record<TrackingImportRow['status'], string> = { ok: 'green', unchanged: 'default', invalid: 'red', unknown: 'orange', not_shippable: 'orange' };

/** Encodes a file's bytes as base64 in slices, because one String.fromCharCode call over a large file overflows the stack. */
async function base64Of(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  const slice = 0x8000;
  let binary = '';
  for (let start = 0; start < bytes.length; start += slice) binary += String.fromCharCode(...bytes.subarray(start, start + slice));
  return btoa(binary);
}

interface ImportOptions {
  markShipped: boolean;
  shippedOn: string | null;
}

interface ChosenFile {
  name: string;
  contentBase64: string;
}

/**
 * Reads back the file of issued waybills (発行済みデータ) that the carrier's software exports,
 * and attaches each tracking number to its shipment. The file is first checked without any
 * change (dry run), and the user applies it after reading each row's result.
 */
export function TrackingImportDialog({ onClose, onApplied }: { onClose: () => void; onApplied: () => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { message } = App.useApp();
  const reportError = useErrorReporter();
  const [file, setFile] = useState<ChosenFile>();
  const [markShipped, setMarkShipped] = useState(true);
  const [shippedOn, setShippedOn] = useState<string | null>(null);
  const [preview, setPreview] = useState<TrackingImportResult>();
  const [busy, setBusy] = useState<'preview' | 'apply'>();

  const send = (chosen: ChosenFile, dryRun: boolean, options: ImportOptions) =>
    api.post<TrackingImportResult>('/api/shipments/tracking-import', {
      contentBase64: chosen.contentBase64,
      fileName: chosen.name,
      dryRun,
      markShipped: options.markShipped,
      shippedOn: options.shippedOn ?? undefined,
    });

  /** Checks the file without changing anything; run again when an option changes, because the result depends on them. */
  const runPreview = async (chosen: ChosenFile, options: ImportOptions) => {
    setPreview(undefined);
    setBusy('preview');
    try {
      setPreview(await send(chosen, true, options));
    } catch (cause) {
      reportError(cause);
    } finally {
      setBusy(undefined);
    }
  };

  const choose = async (picked: File) => {
    let chosen: ChosenFile;
    try {
      chosen = { name: picked.name, contentBase64: await base64Of(picked) };
    } catch (cause) {
      reportError(cause);
      return;
    }
    setFile(chosen);
    await runPreview(chosen, { markShipped, shippedOn });
  };

  const changeOptions = (options: ImportOptions) => {
    setMarkShipped(options.markShipped);
    setShippedOn(options.shippedOn);
    if (file) void runPreview(file, options);
  };

  const apply = async () => {
    if (!file) return;
    setBusy('apply');
    try {
      const result = await send(file, false, { markShipped, shippedOn });
      void message.success(t('shipping.trackingImport.applied', { count: result.applied }));
      onApplied();
    } catch (cause) {
      reportError(cause);
    } finally {
      setBusy(undefined);
    }
  };

  const applicable = preview?.rows.filter((row) => row.status === 'ok').length ?? 0;

  return (
    <Modal
      open
      width={860}
      title={t('shipping.trackingImport.title')}
      onCancel={onClose}
      destroyOnHidden
      footer={
        <Space>
          <Button onClick={onClose}>{t('common.close')}</Button>
          <Button type="primary" disabled={!preview || applicable === 0} loading={busy === 'apply'} onClick={() => void apply()} data-testid="tracking-import-apply">
            {t('shipping.trackingImport.apply', { count: applicable })}
          </Button>
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">{t('shipping.trackingImport.lead')}</Typography.Paragraph>
      <Upload.Dragger
        accept=".csv,.txt,text/csv"
        multiple={false}
        showUploadList={false}
        disabled={busy !== undefined}
        beforeUpload={(picked) => {
          void choose(picked);
          return false;
        }}
        data-testid="tracking-import-file"
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p>{file ? file.name : t('shipping.trackingImport.chooseFile')}</p>
      </Upload.Dragger>
      <Form layout="inline" style={{ margin: '12px 0' }}>
        <Form.Item>
          <Checkbox checked={markShipped} onChange={(event) => changeOptions({ markShipped: event.target.checked, shippedOn })}>
            {t('shipping.trackingImport.markShipped')}
          </Checkbox>
        </Form.Item>
        {markShipped && (
          <Form.Item label={t('shipping.fields.shippedOn')} extra={t('shipping.ship.shippedOnHint')}>
            <DateField value={shippedOn} onChange={(value) => changeOptions({ markShipped, shippedOn: value })} />
          </Form.Item>
        )}
      </Form>
      {preview && (
        <>
          <Alert
            type={preview.problems.length > 0 ? 'warning' : 'info'}
            showIcon
            style={{ marginBottom: 12 }}
            title={t('shipping.trackingImport.summary', { rows: preview.rows.length, ok: applicable, format: preview.format ? t(`shipping.formats.${preview.format}`) : t('shipping.trackingImport.unknownFormat') })}
            description={
              preview.problems.length > 0 && (
                <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                  {preview.problems.map((problem) => (
                    // The server's message already names the row.
                    <li key={`${problem.row}-${problem.message.ja}`}>{textIn(problem.message, locale)}</li>
                  ))}
                </ul>
              )
            }
          />
          <Table<TrackingImportRow>
            rowKey="row"
            size="small"
            pagination={false}
            scroll={{ y: 360 }}
            dataSource={preview.rows}
            columns={[
              { title: t('shipping.columns.row'), dataIndex: 'row', width: 60, align: 'right' },
              { title: t('shipping.columns.number'), dataIndex: 'managementNumber', width: 170 },
              {
                title: t('shipping.columns.trackingNumber'),
                dataIndex: 'trackingNumber',
                width: 150,
                render: (value: string, row) => (row.status === 'invalid' ? <Typography.Text type="danger">{value}</Typography.Text> : value),
              },
              { title: t('shipping.columns.result'), dataIndex: 'status', width: 120, render: (value: TrackingImportRow['status']) => <Tag color={ROW_COLORS[value]}>{t(`shipping.trackingImport.rowStatus.${value}`)}</Tag> },
              {
                title: t('shipping.columns.message'),
                dataIndex: 'message',
                render: (value: TrackingImportRow['message'], row) => <Typography.Text type={row.status === 'invalid' ? 'danger' : 'secondary'}>{textIn(value, locale) ?? ''}</Typography.Text>,
              },
            ]}
            data-testid="tracking-import-rows"
          />
        </>
      )}
    </Modal>
  );
}
