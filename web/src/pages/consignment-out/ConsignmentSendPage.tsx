import { DeleteOutlined, PrinterOutlined, SendOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Form, Input, Popconfirm, Row, Select, Switch, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, apiUrl } from '../../api/client.js';
import { useApiQuery, useErrorReporter } from '../../api/hooks.js';
import type { Page } from '../../api/types.js';
import { DateField } from '../../components/DateField.js';
import { ItemPicker, type ItemPickerHandle, type PickedItem } from '../../components/ItemPicker.js';
import { LoadError } from '../../components/LoadError.js';
import { PageTitle } from '../../components/PageTitle.js';
import { YenInput } from '../../components/YenInput.js';
import { useDefaultLocationId } from '../../data/ReferenceData.js';
import { clearErrorsOnChange } from '../../lib/formErrors.js';
import { formatYen, todayInTokyo } from '../../lib/format.js';
import { notFutureRule } from '../consignment-in/consignmentRules.js';
import { StockroomSelect } from '../consignment-in/StockroomSelect.js';
import { ConsigneeSelect } from './ConsigneeSelect.js';
import { lineErrorsOf } from './lineErrors.js';
import type { Agreement, NoteSummary } from './types.js';

interface SendHeader {
  consigneeId: number | null;
  agreementId: number | null;
  fromLocationId: number | null;
  sentOn: string;
  keepListed: boolean;
  note?: string;
}

interface DraftLine {
  item: PickedItem;
  netAmount: number | null;
  /** The API's reason for rejecting the line on the last submit. */
  error?: string;
}

/** Send pieces to a consignee on a delivery note, and the notes sent so far. */
export function ConsignmentSendPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const reportError = useErrorReporter();
  const [form] = Form.useForm<SendHeader>();
  const defaultLocationId = useDefaultLocationId();
  const consigneeId = Form.useWatch('consigneeId', form);
  const agreementId = Form.useWatch('agreementId', form);
  const fromLocationId = Form.useWatch('fromLocationId', form);
  const keepListed = Form.useWatch('keepListed', form);
  const [lines, setLines] = useState<DraftLine[]>([]);
  const [saving, setSaving] = useState(false);
  const [page, setPage] = useState(1);
  const pickerRef = useRef<ItemPickerHandle>(null);
  const agreements = useApiQuery<{ agreements: Agreement[] }>(consigneeId ? '/api/consignment-out/agreements' : null, { consigneeId: consigneeId ?? undefined });
  const history = useApiQuery<{ notes: NoteSummary[] } & Page>('/api/consignment-out/notes', { page, pageSize: 20 });
  const activeAgreements = (agreements.data?.agreements ?? []).filter((agreement) => agreement.status === 'active');
  const agreement = activeAgreements.find((candidate) => candidate.id === agreementId);
  const netTerms = agreement?.terms === 'net';

  // Each scanned piece is checked at once (ours, one of a kind, in stock, free at the from
  // location), so a piece that cannot be sent is never added to the list.
  const addPiece = async (item: PickedItem) => {
    if (lines.some((line) => line.item.id === item.id)) {
      void message.warning(t('consignmentOut.send.alreadyAdded', { stockNumber: item.stockNumber }));
      return;
    }
    try {
      await api.get('/api/consignment-out/notes/sendable', { itemId: item.id, fromLocationId });
    } catch (error) {
      if (error instanceof ApiError && error.status >= 400 && error.status < 500) void message.error(error.message);
      else reportError(error);
      return;
    }
    setLines((current) => (current.some((line) => line.item.id === item.id) ? current : [...current, { item, netAmount: null }]));
  };

  const save = async () => {
    let header: SendHeader;
    try {
      header = await form.validateFields();
    } catch {
      return;
    }
    setSaving(true);
    try {
      const note = await api.post<NoteSummary>('/api/consignment-out/notes', {
        ...header,
        lines: lines.map((line) => ({ itemId: line.item.id, netAmount: netTerms ? line.netAmount : null })),
      });
      void message.success(t('consignmentOut.send.saved', { number: note.number }));
      setLines([]);
      history.reload();
      pickerRef.current?.focusScan();
    } catch (error) {
      const byLine = lineErrorsOf(error);
      setLines((current) => current.map((line, index) => ({ ...line, error: byLine.get(index) })));
      reportError(error, form);
    } finally {
      setSaving(false);
    }
  };

  const lineColumns: TableColumnsType<DraftLine> = [
    { title: t('consignmentOut.aging.stockNumber'), key: 'stockNumber', render: (_value, line) => line.item.stockNumber, width: 150 },
    {
      title: t('consignmentOut.aging.itemName'),
      key: 'name',
      render: (_value, line) => (
        <>
          <div>{line.item.name}</div>
          {line.error && (
            <Typography.Text type="danger" data-testid="send-line-error">
              {line.error}
            </Typography.Text>
          )}
        </>
      ),
    },
    { title: t('consignmentOut.send.retailPrice'), key: 'retail', align: 'right', render: (_value, line) => formatYen(line.item.retailPrice) },
    ...(netTerms
      ? [
          {
            title: t('consignmentOut.send.netAmount'),
            key: 'net',
            width: 180,
            render: (_value: unknown, line: DraftLine, index: number) => (
              <YenInput
                value={line.netAmount}
                status={line.netAmount === null ? 'warning' : undefined}
                onChange={(value) => setLines((current) => current.map((entry, i) => (i === index ? { ...entry, netAmount: value ?? null, error: undefined } : entry)))}
                data-testid={`net-amount-${index}`}
              />
            ),
          },
        ]
      : []),
    {
      key: 'remove',
      width: 60,
      render: (_value, line) => (
        <Button size="small" icon={<DeleteOutlined />} aria-label={t('common.remove')} onClick={() => setLines((current) => current.filter((entry) => entry !== line))} />
      ),
    },
  ];

  const historyColumns: TableColumnsType<NoteSummary> = [
    { title: t('consignmentOut.send.number'), dataIndex: 'number', width: 150 },
    { title: t('consignmentOut.send.sentOn'), dataIndex: 'sentOn', width: 110 },
    { title: t('consignmentOut.send.consignee'), dataIndex: 'consigneeName' },
    { title: t('consignmentOut.send.from'), dataIndex: 'fromLocationName', responsive: ['md'] },
    { title: t('consignmentOut.send.pieceCount'), dataIndex: 'pieceCount', align: 'right', width: 80 },
    { title: t('consignmentOut.send.retailTotal'), dataIndex: 'retailTotal', align: 'right', render: (value: number) => formatYen(value) },
    { title: t('consignmentOut.send.returnDueOn'), dataIndex: 'returnDueOn', width: 110 },
    { key: 'listed', render: (_value, row) => (row.keepListed ? <Tag color="blue">{t('consignmentOut.send.keptListed')}</Tag> : null) },
    {
      key: 'print',
      render: (_value, row) => (
        <Button size="small" icon={<PrinterOutlined />} href={apiUrl(`/api/consignment-out/notes/${row.id}/note.pdf`)} target="_blank" rel="noopener">
          {t('consignmentOut.send.print')}
        </Button>
      ),
    },
  ];

  return (
    <>
      <PageTitle title={t('consignmentOut.send.title')} subtitle={t('consignmentOut.send.lead')} />
      <Form<SendHeader>
        form={form}
        layout="vertical"
        onValuesChange={clearErrorsOnChange(form)}
        initialValues={{ consigneeId: null, agreementId: null, fromLocationId: defaultLocationId, sentOn: todayInTokyo(), keepListed: false }}
        data-testid="consignment-send-form"
      >
        <Card size="small" style={{ marginBottom: 16 }}>
          <Row gutter={16}>
            <Col xs={24} md={8}>
              <Form.Item name="consigneeId" label={t('consignmentOut.send.consignee')} rules={[{ required: true, message: t('consignmentOut.consignees.choose') }]}>
                <ConsigneeSelect onChange={() => form.setFieldValue('agreementId', null)} data-testid="send-consignee" />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item
                name="agreementId"
                label={t('consignmentOut.send.agreement')}
                rules={[{ required: true, message: t('consignmentOut.agreements.choose') }]}
                extra={consigneeId && !agreements.loading && activeAgreements.length === 0 ? t('consignmentOut.agreements.none') : undefined}
              >
                <Select<number>
                  loading={agreements.loading}
                  placeholder={t('consignmentOut.agreements.choose')}
                  data-testid="send-agreement"
                  options={activeAgreements.map((entry) => ({
                    value: entry.id,
                    label: `${entry.number} ${entry.terms === 'rate' ? `${t('consignmentOut.terms.rate')} ${entry.ratePercent}%` : t('consignmentOut.terms.net')}`,
                  }))}
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="fromLocationId" label={t('consignmentOut.send.from')} rules={[{ required: true, message: t('common.chooseLocation') }]}>
                <StockroomSelect onChange={() => setLines([])} data-testid="send-from" />
              </Form.Item>
            </Col>
            <Col xs={12} md={8}>
              <Form.Item name="sentOn" label={t('consignmentOut.send.sentOn')} rules={[{ required: true, message: t('common.required') }, notFutureRule(t)]}>
                <DateField allowClear={false} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col xs={24} md={16}>
              <Form.Item name="note" label={t('common.notes')}>
                <Input maxLength={1000} />
              </Form.Item>
            </Col>
            <Col xs={24}>
              <Form.Item name="keepListed" label={t('consignmentOut.send.keepListed')} valuePropName="checked" style={{ marginBottom: 8 }}>
                <Switch data-testid="keep-listed" />
              </Form.Item>
              <Alert type={keepListed ? 'warning' : 'info'} showIcon title={t('consignmentOut.send.keepListedHelp')} />
            </Col>
          </Row>
        </Card>
      </Form>
      <Card size="small" title={t('consignmentOut.send.pieces')} style={{ marginBottom: 16 }}>
        <ItemPicker ref={pickerRef} locationId={fromLocationId ?? null} onPick={(item) => void addPiece(item)} disabled={!fromLocationId} />
        <Table<DraftLine>
          rowKey={(line) => line.item.id}
          size="small"
          style={{ marginTop: 12 }}
          columns={lineColumns}
          dataSource={lines}
          pagination={false}
          locale={{ emptyText: t('consignmentOut.send.noPieces') }}
          data-testid="send-lines"
          summary={() =>
            lines.length === 0 ? null : (
              <Table.Summary.Row>
                <Table.Summary.Cell index={0} colSpan={2}>
                  {t('consignmentOut.send.pieceCount')}: {lines.length}
                </Table.Summary.Cell>
                <Table.Summary.Cell index={2} align="right">
                  {formatYen(lines.reduce((sum, line) => sum + line.item.retailPrice, 0))}
                </Table.Summary.Cell>
              </Table.Summary.Row>
            )
          }
        />
      </Card>
      <Popconfirm title={t('consignmentOut.send.confirm', { count: lines.length })} okText={t('consignmentOut.send.submit')} cancelText={t('common.cancel')} onConfirm={() => save()}>
        <Button type="primary" icon={<SendOutlined />} loading={saving} disabled={lines.length === 0} data-testid="send-submit">
          {t('consignmentOut.send.submit')}
        </Button>
      </Popconfirm>
      <Typography.Title level={4} style={{ marginTop: 32 }}>
        {t('consignmentOut.send.history')}
      </Typography.Title>
      {history.error && <LoadError error={history.error} onRetry={history.reload} />}
      <Table<NoteSummary>
        rowKey="id"
        size="middle"
        loading={history.loading}
        columns={historyColumns}
        dataSource={history.data?.notes ?? []}
        pagination={{ current: page, pageSize: 20, total: history.data?.total ?? 0, onChange: setPage, showSizeChanger: false, hideOnSinglePage: true }}
        scroll={{ x: 'max-content' }}
        data-testid="notes-table"
      />
    </>
  );
}
