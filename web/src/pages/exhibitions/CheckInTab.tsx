import { App, Button, Flex, Form, Popconfirm, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { useErrorReporter } from '../../api/hooks.js';
import { LocationSelect } from '../../components/LocationSelect.js';
import { ExhibitionScanInput, type ScanFeedback } from './ExhibitionScanInput.js';
import { useLineColumns } from './lineColumns.js';
import { ResolveDialog } from './ResolveDialog.js';
import type { Exhibition, ExhibitionLine, Reconciliation, ScanResult } from './types.js';

interface CheckInTabProps {
  exhibition: Exhibition;
  reconciliation: Reconciliation | undefined;
  canManage: boolean;
  onChanged: () => void;
}

interface ScannedRow {
  key: number;
  result: ScanResult['result'];
  line: ExhibitionLine;
}

/**
 * Checks scanned pieces back in, keeps a running list of this screen's scans, finishes
 * check-in (what is left becomes missing) and resolves each missing piece.
 */
export function CheckInTab({ exhibition, reconciliation, canManage, onChanged }: CheckInTabProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const reportError = useErrorReporter();
  const columns = useLineColumns();
  const [toLocationId, setToLocationId] = useState<number | null>(exhibition.homeLocationId);
  const [scanned, setScanned] = useState<ScannedRow[]>([]);
  const [finishing, setFinishing] = useState(false);
  const [resolving, setResolving] = useState<ExhibitionLine>();
  const open = exhibition.status === 'open' || exhibition.status === 'checking_in';
  const missing = (reconciliation?.lines ?? []).filter((line) => line.state === 'missing');

  const scan = async (code: string): Promise<ScanFeedback> => {
    const outcome = await api.post<ScanResult>(`/api/exhibitions/${exhibition.id}/check-in`, { code, toLocationId: toLocationId ?? undefined });
    setScanned((rows) => [{ key: Date.now() + rows.length, result: outcome.result, line: outcome.line }, ...rows]);
    onChanged();
    const stockNumber = outcome.line.stockNumber;
    return outcome.result === 'checked_in'
      ? { type: 'success', message: t('exhibitions.scan.checkedIn', { stockNumber }) }
      : { type: 'info', message: t('exhibitions.scan.alreadyCheckedIn', { stockNumber }) };
  };

  const finish = async () => {
    setFinishing(true);
    try {
      const result = await api.post<{ markedMissing: number[] }>(`/api/exhibitions/${exhibition.id}/finish-check-in`);
      void message.success(t('exhibitions.checkIn.finished', { count: result.markedMissing.length }));
      onChanged();
    } catch (error) {
      reportError(error);
    } finally {
      setFinishing(false);
    }
  };

  const scannedColumns: TableColumnsType<ScannedRow> = [
    {
      title: t('exhibitions.columns.result'),
      dataIndex: 'result',
      render: (value: ScanResult['result']) =>
        value === 'checked_in' ? <Tag color="green">{t('exhibitions.state.returned')}</Tag> : <Tag>{t('exhibitions.scan.duplicate')}</Tag>,
    },
    { title: t('exhibitions.columns.stockNumber'), key: 'stockNumber', render: (_, row) => row.line.stockNumber },
    { title: t('exhibitions.columns.item'), key: 'item', render: (_, row) => row.line.itemName },
    { title: t('exhibitions.columns.detail'), key: 'to', render: (_, row) => (row.line.returnedToLocationName ? t('exhibitions.returnedTo', { location: row.line.returnedToLocationName }) : null) },
  ];

  const missingColumns: TableColumnsType<ExhibitionLine> = [
    ...columns,
    {
      title: '',
      key: 'resolve',
      render: (_, line) =>
        canManage && (
          <Button size="small" type="primary" onClick={() => setResolving(line)} data-testid={`resolve-${line.stockNumber}`}>
            {t('exhibitions.resolve.button')}
          </Button>
        ),
    },
  ];

  return (
    <>
      {canManage && open && (
        <>
          <Flex gap={16} wrap align="center" justify="space-between" style={{ marginBottom: 12 }}>
            <Form.Item label={t('exhibitions.checkIn.to')} style={{ margin: 0 }}>
              <LocationSelect scope="act" value={toLocationId} onChange={setToLocationId} excludeId={exhibition.locationId} style={{ width: 260 }} data-testid="check-in-to" />
            </Form.Item>
            <Popconfirm title={t('exhibitions.checkIn.finishConfirm')} okText={t('exhibitions.checkIn.finish')} cancelText={t('common.cancel')} onConfirm={finish}>
              <Button loading={finishing} data-testid="finish-check-in">
                {t('exhibitions.checkIn.finish')}
              </Button>
            </Popconfirm>
          </Flex>
          <ExhibitionScanInput onScan={scan} data-testid="check-in-scan" />
        </>
      )}
      {canManage && !open && exhibition.status !== 'closed' && (
        <Typography.Paragraph type="secondary">{t('exhibitions.checkIn.notOpen', { status: t(`exhibitions.statusInSentence.${exhibition.status}`) })}</Typography.Paragraph>
      )}
      {scanned.length > 0 && (
        <>
          <Typography.Title level={5}>{t('exhibitions.checkIn.scanned')}</Typography.Title>
          <Table<ScannedRow> rowKey="key" size="small" columns={scannedColumns} dataSource={scanned} pagination={false} scroll={{ x: 'max-content' }} data-testid="check-in-scanned" />
        </>
      )}
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t('exhibitions.checkIn.missingTitle')}
      </Typography.Title>
      <Table<ExhibitionLine>
        rowKey="itemId"
        size="small"
        columns={missingColumns}
        dataSource={missing}
        locale={{ emptyText: t('exhibitions.checkIn.noMissing') }}
        pagination={false}
        scroll={{ x: 'max-content' }}
        data-testid="missing-table"
      />
      {resolving && (
        <ResolveDialog
          exhibition={exhibition}
          line={resolving}
          onClose={() => setResolving(undefined)}
          onResolved={() => {
            void message.success(t('exhibitions.resolve.done', { stockNumber: resolving.stockNumber }));
            setResolving(undefined);
            onChanged();
          }}
        />
      )}
    </>
  );
}
