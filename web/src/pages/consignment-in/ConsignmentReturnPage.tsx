import { RollbackOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, Form, Input, Result, Row, Select, Space, Table, Tag, Typography, type InputRef, type TableColumnsType } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiQuery, useDocumentPost } from '../../api/hooks.js';
import { DateField } from '../../components/DateField.js';
import { PageTitle } from '../../components/PageTitle.js';
import { useDefaultLocationId } from '../../data/ReferenceData.js';
import { formatYen, todayInTokyo } from '../../lib/format.js';
import { useSearchParams } from '../../lib/router.js';
import type { ConsignedPiece, ConsignmentReturn, Consignor } from './consignmentTypes.js';
import { notFutureRule } from './consignmentRules.js';
import { StockroomSelect } from './StockroomSelect.js';

interface ReturnFormValues {
  consignorId?: number;
  locationId?: number;
  returnedOn?: string;
  note?: string;
}

/**
 * Returning unsold pieces to their consignor: the pieces held for the consignor at the
 * chosen location are listed, and each is picked by ticking it or by scanning its tag.
 */
export function ConsignmentReturnPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [params] = useSearchParams();
  const [form] = Form.useForm<ReturnFormValues>();
  const defaultLocationId = useDefaultLocationId();
  const scanRef = useRef<InputRef>(null);
  const [scan, setScan] = useState('');
  const [selected, setSelected] = useState<number[]>([]);
  const [saved, setSaved] = useState<ConsignmentReturn>();
  const { post, saving } = useDocumentPost<ConsignmentReturn>('/api/consignment/returns');

  const consignorId = Form.useWatch('consignorId', form) as number | undefined;
  const locationId = Form.useWatch('locationId', form) as number | undefined;
  const consignors = useApiQuery<{ consignors: Consignor[] }>('/api/consignment/consignors');
  const heldPieces = useApiQuery<{ pieces: ConsignedPiece[] }>(consignorId ? `/api/consignment/consignors/${consignorId}/pieces` : null, { status: 'held' });
  const piecesAtLocation = (heldPieces.data?.pieces ?? []).filter((piece) => piece.locations.some((location) => location.id === locationId));

  const addScanned = () => {
    const code = scan.normalize('NFKC').trim();
    if (!code) return;
    setScan('');
    const piece = (heldPieces.data?.pieces ?? []).find((candidate) => candidate.stockNumber === code);
    if (!piece) {
      void message.error(t('consignment.return.notHeld', { stockNumber: code }));
      return;
    }
    if (!piecesAtLocation.includes(piece)) {
      void message.error(t('consignment.return.notHere', { stockNumber: code }));
      return;
    }
    if (selected.includes(piece.itemId)) {
      void message.warning(t('consignment.return.already', { stockNumber: code }));
      return;
    }
    setSelected([...selected, piece.itemId]);
  };

  const submit = async () => {
    const valid = await form.validateFields().then(
      () => true,
      () => false,
    );
    if (!valid) return;
    if (selected.length === 0) {
      void message.error(t('consignment.return.noLines'));
      return;
    }
    const values = form.getFieldsValue(true) as ReturnFormValues;
    const result = await post({ ...values, lines: selected.map((itemId) => ({ itemId })) }, form);
    if (result) {
      setSaved(result);
      setSelected([]);
      heldPieces.reload();
    }
  };

  if (saved) {
    return (
      <Result
        status="success"
        title={t('consignment.return.savedTitle', { number: saved.number })}
        subTitle={t('consignment.return.savedSummary', { count: saved.lines.length, consignor: saved.consignorName })}
        extra={
          <Button type="primary" autoFocus onClick={() => setSaved(undefined)} data-testid="consignment-return-next">
            {t('consignment.return.returnNext')}
          </Button>
        }
      >
        <Space wrap>
          {saved.lines.map((line) => (
            <Tag key={line.itemId}>{line.stockNumber}</Tag>
          ))}
        </Space>
      </Result>
    );
  }

  const columns: TableColumnsType<ConsignedPiece> = [
    { title: t('items.stockNumber'), dataIndex: 'stockNumber', width: 140 },
    { title: t('items.name'), dataIndex: 'name' },
    { title: t('items.retailPrice'), dataIndex: 'retailPrice', align: 'right', render: (price: number) => formatYen(price) },
    { title: t('consignment.detail.receivedOn'), dataIndex: 'receivedOn', width: 110 },
    { title: t('consignment.agreement.returnDueOn'), dataIndex: 'returnDueOn', width: 110 },
  ];

  return (
    <>
      <PageTitle title={t('consignment.return.title')} subtitle={t('consignment.return.lead')} />
      <Form<ReturnFormValues>
        form={form}
        layout="vertical"
        initialValues={{ consignorId: Number(params.get('consignorId')) || undefined, locationId: defaultLocationId, returnedOn: todayInTokyo() }}
        // Another consignor or location lists other pieces, so the picks start again.
        onValuesChange={(changed: Partial<ReturnFormValues>) => {
          if ('consignorId' in changed || 'locationId' in changed) setSelected([]);
        }}
        data-testid="consignment-return-form"
      >
        <Card size="small" style={{ marginBottom: 12 }}>
          <Row gutter={12}>
            <Col xs={24} md={8}>
              <Form.Item name="consignorId" label={t('consignment.return.consignor')} rules={[{ required: true, message: t('consignment.receive.chooseConsignor') }]}>
                <Select
                  showSearch={{ optionFilterProp: 'label' }}
                  placeholder={t('consignment.receive.chooseConsignor')}
                  options={(consignors.data?.consignors ?? []).map((consignor) => ({ value: consignor.id, label: `${consignor.code} ${consignor.name}` }))}
                  data-testid="consignment-return-consignor"
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="locationId" label={t('consignment.return.location')} rules={[{ required: true, message: t('common.chooseLocation') }]}>
                <StockroomSelect />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="returnedOn" label={t('consignment.return.date')} rules={[{ required: true, message: t('common.required') }, notFutureRule(t)]}>
                <DateField allowClear={false} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name="note" label={t('common.notes')} style={{ marginBottom: 0 }}>
            <Input maxLength={1000} />
          </Form.Item>
        </Card>
      </Form>

      <Card
        size="small"
        title={t('consignment.return.pieces')}
        extra={
          <Space.Compact>
            <Input
              ref={scanRef}
              value={scan}
              onChange={(event) => setScan(event.target.value)}
              onPressEnter={addScanned}
              placeholder={t('consignment.return.scanPlaceholder')}
              aria-label={t('consignment.return.scan')}
              autoComplete="off"
              style={{ width: 260 }}
              data-testid="consignment-return-scan"
            />
            <Button onClick={addScanned}>{t('consignment.return.add')}</Button>
          </Space.Compact>
        }
      >
        <Typography.Paragraph type="secondary">{t('consignment.return.pickFromHeld')}</Typography.Paragraph>
        <Table<ConsignedPiece>
          rowKey="itemId"
          size="small"
          loading={heldPieces.loading}
          columns={columns}
          dataSource={piecesAtLocation}
          pagination={false}
          rowSelection={{ selectedRowKeys: selected, onChange: (keys) => setSelected(keys as number[]) }}
          scroll={{ x: 'max-content' }}
          data-testid="consignment-return-pieces"
        />
        <Row justify="end" style={{ marginTop: 12 }}>
          <Button type="primary" danger icon={<RollbackOutlined />} loading={saving} onClick={() => void submit()} data-testid="consignment-return-save">
            {t('consignment.return.save')} ({selected.length})
          </Button>
        </Row>
      </Card>
    </>
  );
}
