import { DownloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Form, Modal, Select, Space, Table, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, downloadPostedFile } from '../../api/client.js';
import { useErrorReporter } from '../../api/hooks.js';
import { textIn, useLocale } from '../channels/channelUi.js';
import { useFieldLabel } from './shippingUi.js';
import { CARRIER_FILE_FORMATS, FORMAT_CARRIER, type Carrier, type CarrierFileCheck, type CarrierFileFormat, type ExportProblem } from './types.js';

/** Returns the format to offer first: the one of the selected shipments' carrier when they share one. */
function defaultFormat(carriers: Array<Carrier | null>): CarrierFileFormat | undefined {
  const distinct = [...new Set(carriers)];
  if (distinct.length !== 1 || distinct[0] === null) return undefined;
  return CARRIER_FILE_FORMATS.find((format) => FORMAT_CARRIER[format] === distinct[0]);
}

/**
 * Writes the carrier's waybill data file (送り状データ) of the chosen shipments. Choosing a format
 * runs the server's check first and lists every field the carrier cannot take. The file is
 * written only when there is no problem, or without the shipments that have one when the
 * user asks for that.
 */
export function CarrierFileDialog({ ids, carriers, onClose, onExported }: { ids: number[]; carriers: Array<Carrier | null>; onClose: () => void; onExported: () => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { message } = App.useApp();
  const reportError = useErrorReporter();
  const fieldLabel = useFieldLabel();
  const [format, setFormat] = useState<CarrierFileFormat>();
  const [check, setCheck] = useState<CarrierFileCheck>();
  const [busy, setBusy] = useState<'check' | 'download'>();

  const runCheck = async (next: CarrierFileFormat) => {
    setFormat(next);
    setCheck(undefined);
    setBusy('check');
    try {
      setCheck(await api.post<CarrierFileCheck>('/api/shipments/carrier-file/check', { format: next, ids }));
    } catch (cause) {
      reportError(cause);
    } finally {
      setBusy(undefined);
    }
  };

  // Checked on open when the selection has one carrier, so the user sees the problems at once.
  useEffect(() => {
    const initial = defaultFormat(carriers);
    if (initial) void runCheck(initial);
    // Runs once per opening; later checks follow the format select.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const download = async (skipProblems: boolean) => {
    if (!format) return;
    setBusy('download');
    try {
      await downloadPostedFile('/api/shipments/carrier-file', { format, ids, skipProblems }, `${format}.csv`);
      void message.success(t('shipping.carrierFile.done'));
      onExported();
    } catch (cause) {
      reportError(cause);
    } finally {
      setBusy(undefined);
    }
  };

  const problemShipments = new Set(check?.problems.map((problem) => problem.shipmentNumber));
  const hasProblems = (check?.problems.length ?? 0) > 0;
  const writable = ids.length - problemShipments.size;

  return (
    <Modal
      open
      width={760}
      title={t('shipping.carrierFile.title')}
      onCancel={onClose}
      destroyOnHidden
      footer={
        <Space wrap>
          <Button onClick={onClose}>{t('common.close')}</Button>
          {hasProblems && (
            <Button icon={<DownloadOutlined />} disabled={writable <= 0} loading={busy === 'download'} onClick={() => void download(true)} data-testid="carrier-file-skip">
              {t('shipping.carrierFile.skipProblems', { count: writable })}
            </Button>
          )}
          <Button
            type="primary"
            icon={<DownloadOutlined />}
            disabled={!check || hasProblems}
            loading={busy === 'download'}
            onClick={() => void download(false)}
            data-testid="carrier-file-download"
          >
            {t('shipping.carrierFile.download')}
          </Button>
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">{t('shipping.carrierFile.lead', { count: ids.length })}</Typography.Paragraph>
      <Form layout="vertical">
        <Form.Item label={t('shipping.carrierFile.format')}>
          <Select<CarrierFileFormat>
            value={format}
            loading={busy === 'check'}
            placeholder={t('shipping.carrierFile.chooseFormat')}
            onChange={(next) => void runCheck(next)}
            options={CARRIER_FILE_FORMATS.map((value) => ({ value, label: t(`shipping.formats.${value}`) }))}
            data-testid="carrier-file-format"
          />
        </Form.Item>
      </Form>
      {check && !hasProblems && <Alert type="success" showIcon title={t('shipping.carrierFile.ready', { count: check.rows })} data-testid="carrier-file-ready" />}
      {check && hasProblems && (
        <>
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 12 }}
            title={t('shipping.carrierFile.problems', { count: check.problems.length, shipments: problemShipments.size })}
            description={t('shipping.carrierFile.problemsHint')}
          />
          <Table<ExportProblem>
            rowKey={(problem) => `${problem.shipmentNumber}-${problem.field}-${problem.code}`}
            size="small"
            pagination={false}
            scroll={{ y: 320 }}
            dataSource={check.problems}
            columns={[
              { title: t('shipping.columns.number'), dataIndex: 'shipmentNumber', width: 160 },
              { title: t('shipping.columns.field'), dataIndex: 'field', width: 180, render: (value: string) => fieldLabel(value) },
              { title: t('shipping.columns.problem'), dataIndex: 'message', render: (value: ExportProblem['message']) => <Typography.Text type="danger">{textIn(value, locale)}</Typography.Text> },
            ]}
            data-testid="carrier-file-problems"
          />
        </>
      )}
    </Modal>
  );
}
