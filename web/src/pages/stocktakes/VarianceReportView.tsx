import { RedoOutlined } from '@ant-design/icons';
import { App, Button, Popconfirm, Table, Tabs, Tag, Typography, type TableColumnsType, type TableProps } from 'antd';
import { useState, type Key } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { useErrorReporter } from '../../api/hooks.js';
import { useAttributeLabels } from '../../data/ReferenceData.js';
import { formatYen } from '../../lib/format.js';
import type { DuplicateLine, MovedLine, UnknownCode, VarianceLine, VarianceReport } from './types.js';

interface VarianceReportViewProps {
  stocktakeId: number;
  report: VarianceReport | undefined;
  loading: boolean;
  /** This tab's device id, marked in the device lists. */
  deviceId: string;
  /** True while counting: lines can then be selected for a recount. */
  canRecount: boolean;
  onRecounted: () => void;
}

type LineList = 'missing' | 'unexpected' | 'misplaced';

/** Sums of the value columns, shown under a list; cost only when the API returned it. */
function ValueTotals({ lines, columnsBefore }: { lines: readonly VarianceLine[]; columnsBefore: number }) {
  const { t } = useTranslation();
  const showCost = lines.some((line) => line.costAmount !== undefined);
  if (lines.length === 0) return null;
  return (
    <Table.Summary.Row>
      <Table.Summary.Cell index={0} colSpan={columnsBefore}>
        <Typography.Text strong>{t('stocktakes.report.total')}</Typography.Text>
      </Table.Summary.Cell>
      {showCost && (
        <Table.Summary.Cell index={1} align="right">
          <Typography.Text strong data-testid="total-cost">{formatYen(lines.reduce((sum, line) => sum + (line.costAmount ?? 0), 0))}</Typography.Text>
        </Table.Summary.Cell>
      )}
      <Table.Summary.Cell index={2} align="right">
        <Typography.Text strong data-testid="total-retail">{formatYen(lines.reduce((sum, line) => sum + line.retailAmount, 0))}</Typography.Text>
      </Table.Summary.Cell>
    </Table.Summary.Row>
  );
}

interface ReportTableProps<T> {
  /** List name: picks the empty text and the test id. */
  list: 'missing' | 'unexpected' | 'misplaced' | 'duplicates' | 'unknown' | 'moved';
  rowKey: string;
  columns: TableColumnsType<T>;
  rows: readonly T[];
  loading: boolean;
  rowSelection?: TableProps<T>['rowSelection'];
  summary?: TableProps<T>['summary'];
}

function ReportTable<T extends object>({ list, rowKey, columns, rows, loading, rowSelection, summary }: ReportTableProps<T>) {
  const { t } = useTranslation();
  return (
    <Table<T>
      rowKey={rowKey}
      size="small"
      loading={loading}
      columns={columns}
      dataSource={[...rows]}
      rowSelection={rowSelection}
      summary={summary}
      pagination={false}
      scroll={{ x: 'max-content' }}
      locale={{ emptyText: t(`stocktakes.report.empty.${list}`) }}
      data-testid={`report-${list}`}
    />
  );
}

function DeviceTags({ deviceIds, deviceId }: { deviceIds: string[]; deviceId: string }) {
  const { t } = useTranslation();
  return (
    <>
      {deviceIds.map((id) => (
        <Tag key={id} color={id === deviceId ? 'blue' : undefined}>
          {id === deviceId ? t('stocktakes.report.thisDevice', { device: id }) : id}
        </Tag>
      ))}
    </>
  );
}

/**
 * Renders the variance report of a count, one tab per list: missing, unexpected, misplaced (with the
 * location the book has the piece at), duplicate scans, unknown codes, and pieces that left
 * during the count. While counting, lines can be selected and recounted, which discards
 * their scans so they can be scanned again.
 */
export function VarianceReportView({ stocktakeId, report, loading, deviceId, canRecount, onRecounted }: VarianceReportViewProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const reportError = useErrorReporter();
  const { label: attributeLabel } = useAttributeLabels();
  const [selected, setSelected] = useState<number[]>([]);
  const [recounting, setRecounting] = useState(false);
  const [tab, setTab] = useState('missing');
  // Reloads after each scan keep the old report on screen, so only the first load shows a spinner.
  const firstLoad = loading && !report;

  // A selected line that left the report after a reload is no longer offered for recount.
  const listedIds = new Set([...(report?.missing ?? []), ...(report?.unexpected ?? []), ...(report?.misplaced ?? []), ...(report?.duplicates ?? [])].map((line) => line.itemId));
  const chosen = selected.filter((itemId) => listedIds.has(itemId));

  const recount = async () => {
    setRecounting(true);
    try {
      const { voidedScans } = await api.post<{ voidedScans: number }>(`/api/stocktakes/${stocktakeId}/recount`, { itemIds: chosen });
      void message.success(t('stocktakes.recount.done', { count: chosen.length, scans: voidedScans }));
      setSelected([]);
      onRecounted();
    } catch (error) {
      reportError(error);
    } finally {
      setRecounting(false);
    }
  };

  // Selection is kept across tabs, by item id, so lines of several lists can be recounted together.
  const selectionFor = <T extends { itemId: number }>(rows: readonly T[]) =>
    canRecount
      ? {
          selectedRowKeys: selected.filter((id) => rows.some((row) => row.itemId === id)),
          onChange: (keys: Key[]) => {
            const shown = new Set(rows.map((row) => row.itemId));
            setSelected((current) => [...current.filter((id) => !shown.has(id)), ...keys.map(Number)]);
          },
        }
      : undefined;

  const pieceColumns = [
    { title: t('stocktakes.columns.stockNumber'), dataIndex: 'stockNumber', width: 150 },
    { title: t('stocktakes.columns.itemName'), dataIndex: 'itemName' },
  ];

  const lineColumns = (list: LineList): TableColumnsType<VarianceLine> => {
    const showCost = (report?.[list] ?? []).some((line) => line.costAmount !== undefined);
    return [
      ...pieceColumns,
      { title: t('stocktakes.columns.expected'), dataIndex: 'expected', align: 'right' },
      { title: t('stocktakes.columns.counted'), dataIndex: 'counted', align: 'right' },
      { title: t('stocktakes.columns.difference'), dataIndex: 'quantity', align: 'right' },
      ...(list === 'missing'
        ? []
        : [
            {
              title: list === 'misplaced' ? t('stocktakes.columns.bookLocation') : t('stocktakes.columns.itemStatus'),
              key: 'where',
              // A misplaced piece names the location the book has it at; an unexpected one, why the book has it nowhere.
              render: (_: unknown, line: VarianceLine) =>
                list === 'misplaced' ? (line.bookLocationName ?? t('stocktakes.report.hiddenLocation')) : (line.bookLocationName ?? attributeLabel('statuses', line.itemStatus)),
            },
          ]),
      ...(showCost ? [{ title: t('stocktakes.columns.cost'), dataIndex: 'costAmount', align: 'right' as const, render: (value?: number) => formatYen(value) }] : []),
      { title: t('stocktakes.columns.retail'), dataIndex: 'retailAmount', align: 'right', render: (value: number) => formatYen(value) },
    ];
  };

  const lineTable = (list: LineList) => {
    const columns = lineColumns(list);
    const rows = report?.[list] ?? [];
    const valueColumns = rows.some((line) => line.costAmount !== undefined) ? 2 : 1;
    return (
      <ReportTable<VarianceLine>
        list={list}
        rowKey="itemId"
        loading={firstLoad}
        columns={columns}
        rows={rows}
        rowSelection={selectionFor(rows)}
        summary={() => <ValueTotals lines={rows} columnsBefore={columns.length - valueColumns + (canRecount ? 1 : 0)} />}
      />
    );
  };

  const duplicateColumns: TableColumnsType<DuplicateLine> = [
    ...pieceColumns,
    { title: t('stocktakes.columns.scans'), dataIndex: 'scans', align: 'right' },
    { title: t('stocktakes.columns.devices'), dataIndex: 'deviceIds', render: (ids: string[]) => <DeviceTags deviceIds={ids} deviceId={deviceId} /> },
  ];
  const unknownColumns: TableColumnsType<UnknownCode> = [
    { title: t('stocktakes.columns.code'), dataIndex: 'code', render: (code: string) => <Typography.Text code>{code}</Typography.Text> },
    { title: t('stocktakes.columns.scans'), dataIndex: 'scans', align: 'right' },
    { title: t('stocktakes.columns.devices'), dataIndex: 'deviceIds', render: (ids: string[]) => <DeviceTags deviceIds={ids} deviceId={deviceId} /> },
  ];
  const movedColumns: TableColumnsType<MovedLine> = [...pieceColumns, { title: t('stocktakes.columns.quantity'), dataIndex: 'quantity', align: 'right' }];

  const label = (key: string, count: number | undefined) => `${t(`stocktakes.report.tabs.${key}`)} (${count ?? 0})`;

  return (
    <Tabs
      activeKey={tab}
      onChange={setTab}
      tabBarExtraContent={
        canRecount && (
          <Popconfirm
            title={t('stocktakes.recount.confirm', { count: chosen.length })}
            okText={t('stocktakes.recount.submit')}
            cancelText={t('common.cancel')}
            onConfirm={recount}
            disabled={chosen.length === 0}
          >
            <Button icon={<RedoOutlined />} disabled={chosen.length === 0} loading={recounting} data-testid="recount-selected">
              {t('stocktakes.recount.button', { count: chosen.length })}
            </Button>
          </Popconfirm>
        )
      }
      items={[
        { key: 'missing', label: label('missing', report?.missing.length), children: lineTable('missing') },
        { key: 'unexpected', label: label('unexpected', report?.unexpected.length), children: lineTable('unexpected') },
        { key: 'misplaced', label: label('misplaced', report?.misplaced.length), children: lineTable('misplaced') },
        {
          key: 'duplicates',
          label: label('duplicates', report?.duplicates.length),
          children: (
            <ReportTable<DuplicateLine>
              list="duplicates"
              rowKey="itemId"
              loading={firstLoad}
              columns={duplicateColumns}
              rows={report?.duplicates ?? []}
              rowSelection={selectionFor(report?.duplicates ?? [])}
            />
          ),
        },
        {
          key: 'unknown',
          label: label('unknown', report?.unknownCodes.length),
          children: <ReportTable<UnknownCode> list="unknown" rowKey="code" loading={firstLoad} columns={unknownColumns} rows={report?.unknownCodes ?? []} />,
        },
        {
          key: 'moved',
          label: label('moved', report?.movedDuringCount.length),
          children: (
            <>
              <Typography.Paragraph type="secondary">{t('stocktakes.report.movedHint')}</Typography.Paragraph>
              <ReportTable<MovedLine> list="moved" rowKey="itemId" loading={firstLoad} columns={movedColumns} rows={report?.movedDuringCount ?? []} />
            </>
          ),
        },
      ]}
    />
  );
}
