import { DeleteOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, Form, Input, Popconfirm, Row, Select, Table, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiQuery } from '../../api/hooks.js';
import { useCan } from '../../auth/AuthContext.js';
import type { Page, WriteOff, WriteOffReason, WriteOffSummary } from '../../api/types.js';
import { DateField } from '../../components/DateField.js';
import { BookCostLines } from '../../components/DocumentLines.js';
import { LoadError } from '../../components/LoadError.js';
import { LocationSelect } from '../../components/LocationSelect.js';
import { PageTitle } from '../../components/PageTitle.js';
import { StockLinesCard } from '../../components/StockLinesCard.js';
import { useStockSlip } from '../../components/useStockSlip.js';
import { useDefaultLocationId } from '../../data/ReferenceData.js';
import { clearErrorsOnChange } from '../../lib/formErrors.js';
import { formatYen, todayInTokyo } from '../../lib/format.js';

const REASONS: WriteOffReason[] = ['damage', 'loss', 'theft', 'other'];

interface WriteOffHeader {
  locationId: number | null;
  reason: WriteOffReason;
  writtenOffOn: string;
  note?: string;
}

/** Write off damaged, lost or stolen goods at book cost, and the write-offs recorded so far. */
export function WriteOffPage() {
  const { t } = useTranslation();
  const { form, locationId, drafts, pickerRef, saving, submit, totalCost } = useStockSlip<WriteOffHeader, WriteOff>('/api/write-offs', 'locationId');
  const [page, setPage] = useState(1);
  const defaultLocationId = useDefaultLocationId();
  const { message } = App.useApp();
  const canSeeCost = useCan()('cost.view');
  const history = useApiQuery<{ writeOffs: WriteOffSummary[] } & Page>('/api/write-offs', { page, pageSize: 20 });

  const save = async () => {
    const writeOff = await submit();
    if (!writeOff) return;
    void message.success(
      writeOff.totalCost === undefined ? t('writeOffs.savedNoCost', { number: writeOff.number }) : t('writeOffs.saved', { number: writeOff.number, cost: formatYen(writeOff.totalCost) }),
    );
    drafts.clear();
    form.setFieldValue('note', undefined);
    history.reload();
  };

  const columns: TableColumnsType<WriteOffSummary> = [
    { title: t('writeOffs.number'), dataIndex: 'number', width: 150 },
    { title: t('writeOffs.date'), dataIndex: 'writtenOffOn', width: 120 },
    { title: t('writeOffs.location'), dataIndex: 'locationName' },
    { title: t('writeOffs.reason'), dataIndex: 'reason', render: (value: WriteOffReason) => t(`writeOffReason.${value}`) },
    ...(canSeeCost ? [{ title: t('lines.bookCost'), dataIndex: 'totalCost', align: 'right' as const, render: (value?: number) => formatYen(value) }] : []),
    { title: t('common.notes'), dataIndex: 'note', responsive: ['lg'] },
  ];

  return (
    <>
      <PageTitle title={t('writeOffs.title')} subtitle={t('writeOffs.lead')} />
      <Form<WriteOffHeader> form={form} layout="vertical" onValuesChange={clearErrorsOnChange(form)} initialValues={{ locationId: defaultLocationId, reason: 'damage', writtenOffOn: todayInTokyo() }} data-testid="write-off-form">
        <Card size="small" style={{ marginBottom: 16 }}>
          <Row gutter={16}>
            <Col xs={24} md={6}>
              <Form.Item name="locationId" label={t('writeOffs.location')} rules={[{ required: true, message: t('common.chooseLocation') }]}>
                <LocationSelect scope="act" onChange={() => drafts.clear()} />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item name="reason" label={t('writeOffs.reason')} rules={[{ required: true }]}>
                <Select options={REASONS.map((value) => ({ value, label: t(`writeOffReason.${value}`) }))} />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item name="writtenOffOn" label={t('writeOffs.date')} rules={[{ required: true, message: t('common.required') }]}>
                <DateField allowClear={false} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col xs={24} md={6}>
              <Form.Item name="note" label={t('common.notes')}>
                <Input maxLength={1000} />
              </Form.Item>
            </Col>
          </Row>
        </Card>
        <StockLinesCard
          title={t('writeOffs.pieces')}
          pickerRef={pickerRef}
          locationId={locationId}
          drafts={drafts}
          showCost={canSeeCost}
          footer={totalCost === undefined || !canSeeCost ? undefined : t('writeOffs.totalCost', { cost: formatYen(totalCost) })}
        />
        <Popconfirm
          title={
            totalCost === undefined || !canSeeCost
              ? t('writeOffs.confirmNoCost', { count: drafts.lines.length })
              : t('writeOffs.confirm', { count: drafts.lines.length, cost: formatYen(totalCost) })
          } okText={t('writeOffs.submit')} cancelText={t('common.cancel')} onConfirm={() => save()}>
          <Button type="primary" danger icon={<DeleteOutlined />} loading={saving} disabled={drafts.lines.length === 0}>
            {t('writeOffs.submit')}
          </Button>
        </Popconfirm>
      </Form>
      <Typography.Title level={4} style={{ marginTop: 32 }}>
        {t('writeOffs.history')}
      </Typography.Title>
      {history.error && <LoadError error={history.error} onRetry={history.reload} />}
      <Table<WriteOffSummary>
        rowKey="id"
        size="middle"
        loading={history.loading}
        columns={columns}
        dataSource={history.data?.writeOffs ?? []}
        expandable={{ expandedRowRender: (row) => <BookCostLines path={`/api/write-offs/${row.id}`} showCost={canSeeCost} />, expandRowByClick: true }}
        pagination={{ current: page, pageSize: 20, total: history.data?.total ?? 0, onChange: setPage, showSizeChanger: false, hideOnSinglePage: true }}
        scroll={{ x: 'max-content' }}
      />
    </>
  );
}
