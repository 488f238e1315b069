import { App, Button, Checkbox, Collapse, Flex, Form, Input, Popconfirm, Table, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { useErrorReporter } from '../../api/hooks.js';
import { LocationSelect } from '../../components/LocationSelect.js';
import { formatDateTime, type Locale } from '../../lib/format.js';
import { ExhibitionScanInput, type ScanFeedback } from './ExhibitionScanInput.js';
import { useLineColumns } from './lineColumns.js';
import type { Exhibition, ExhibitionLine, Reconciliation, ScanResult } from './types.js';

interface CarryOutTabProps {
  exhibition: Exhibition;
  reconciliation: Reconciliation | undefined;
  canManage: boolean;
  onChanged: () => void;
}

/** Scans pieces onto the carry-out list from one location, and lists what is on it. */
export function CarryOutTab({ exhibition, reconciliation, canManage, onChanged }: CarryOutTabProps) {
  const { t, i18n } = useTranslation();
  const locale: Locale = i18n.language === 'en' ? 'en' : 'ja';
  const { message } = App.useApp();
  const reportError = useErrorReporter();
  const [fromLocationId, setFromLocationId] = useState<number | null>(exhibition.homeLocationId);
  const [keepListed, setKeepListed] = useState(false);
  const [removing, setRemoving] = useState<number>();
  const [bulkCodes, setBulkCodes] = useState('');
  const [sendingBulk, setSendingBulk] = useState(false);
  const accepting = exhibition.status === 'planned' || exhibition.status === 'open';
  const baseColumns = useLineColumns();

  const scan = async (code: string): Promise<ScanFeedback> => {
    const scanned = await api.post<ScanResult>(`/api/exhibitions/${exhibition.id}/carry-out`, { fromLocationId, code, keepListed });
    onChanged();
    const stockNumber = scanned.line.stockNumber;
    return scanned.result === 'carried_out'
      ? { type: 'success', message: t('exhibitions.scan.carriedOut', { stockNumber }) }
      : { type: 'info', message: t('exhibitions.scan.alreadyListed', { stockNumber }) };
  };

  // One code per line, as a scanner writes them into a text editor. Blank lines are skipped.
  const carryOutBulk = async () => {
    const codes = bulkCodes.split(/\r?\n/).map((code) => code.trim()).filter((code) => code !== '');
    if (codes.length === 0) return;
    setSendingBulk(true);
    try {
      const { results } = await api.post<{ results: ScanResult[] }>(`/api/exhibitions/${exhibition.id}/carry-out/bulk`, { fromLocationId, codes, keepListed });
      const carried = results.filter((result) => result.result === 'carried_out').length;
      void message.success(t('exhibitions.bulk.done', { carried, listed: results.length - carried }));
      setBulkCodes('');
      onChanged();
    } catch (error) {
      reportError(error);
    } finally {
      setSendingBulk(false);
    }
  };

  const remove = async (line: ExhibitionLine) => {
    setRemoving(line.itemId);
    try {
      await api.delete<ScanResult>(`/api/exhibitions/${exhibition.id}/items/${line.itemId}`);
      void message.success(t('exhibitions.scan.removed', { stockNumber: line.stockNumber, location: line.fromLocationName }));
      onChanged();
    } catch (error) {
      reportError(error);
    } finally {
      setRemoving(undefined);
    }
  };

  const columns: TableColumnsType<ExhibitionLine> = [
    ...baseColumns,
    { title: t('exhibitions.columns.from'), dataIndex: 'fromLocationName', responsive: ['lg'] },
    { title: t('exhibitions.columns.keepListed'), dataIndex: 'keepListed', responsive: ['lg'], render: (value: boolean) => (value ? t('exhibitions.yes') : t('exhibitions.no')) },
    { title: t('exhibitions.columns.carriedOutAt'), dataIndex: 'carriedOutAt', responsive: ['xl'], render: (value: string) => formatDateTime(value, locale) },
    {
      title: '',
      key: 'remove',
      render: (_, line) =>
        canManage &&
        accepting &&
        line.state === 'out' && (
          <Popconfirm title={t('exhibitions.carryOut.removeConfirm', { stockNumber: line.stockNumber })} okText={t('exhibitions.carryOut.remove')} cancelText={t('common.cancel')} onConfirm={() => remove(line)}>
            <Button size="small" loading={removing === line.itemId}>
              {t('exhibitions.carryOut.remove')}
            </Button>
          </Popconfirm>
        ),
    },
  ];

  return (
    <>
      {canManage && accepting && (
        <>
          <Flex gap={16} wrap align="center" style={{ marginBottom: 12 }}>
            <Form.Item label={t('exhibitions.carryOut.from')} style={{ margin: 0 }}>
              <LocationSelect scope="act" value={fromLocationId} onChange={setFromLocationId} excludeId={exhibition.locationId} style={{ width: 260 }} data-testid="carry-out-from" />
            </Form.Item>
            {exhibition.withdrawFromChannels ? (
              <Checkbox checked={keepListed} onChange={(event) => setKeepListed(event.target.checked)} data-testid="keep-listed">
                {t('exhibitions.carryOut.keepListed')}
              </Checkbox>
            ) : (
              <Typography.Text type="secondary">{t('exhibitions.carryOut.keepListedAll')}</Typography.Text>
            )}
          </Flex>
          <ExhibitionScanInput onScan={scan} disabled={!fromLocationId} data-testid="carry-out-scan" />
          <Collapse
            size="small"
            style={{ marginBottom: 12 }}
            items={[
              {
                key: 'bulk',
                label: t('exhibitions.bulk.title'),
                children: (
                  <>
                    <Input.TextArea
                      rows={5}
                      value={bulkCodes}
                      onChange={(event) => setBulkCodes(event.target.value)}
                      placeholder={t('exhibitions.bulk.placeholder')}
                      aria-label={t('exhibitions.bulk.title')}
                      data-testid="bulk-codes"
                    />
                    <Button style={{ marginTop: 8 }} type="primary" loading={sendingBulk} disabled={!fromLocationId} onClick={() => void carryOutBulk()} data-testid="bulk-carry-out">
                      {t('exhibitions.bulk.submit')}
                    </Button>
                  </>
                ),
              },
            ]}
          />
        </>
      )}
      {canManage && !accepting && (
        <Typography.Paragraph type="secondary">{t('exhibitions.carryOut.notAccepting', { status: t(`exhibitions.statusInSentence.${exhibition.status}`) })}</Typography.Paragraph>
      )}
      <Table<ExhibitionLine>
        rowKey="itemId"
        size="small"
        columns={columns}
        dataSource={reconciliation?.lines ?? []}
        loading={!reconciliation}
        pagination={false}
        scroll={{ x: 'max-content' }}
        data-testid="carry-out-table"
      />
    </>
  );
}
