import { RollbackOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, Form, Input, Popconfirm, Row, Table, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiQuery } from '../../api/hooks.js';
import { useCan } from '../../auth/AuthContext.js';
import type { Page, SupplierReturn, SupplierReturnSummary } from '../../api/types.js';
import { DateField } from '../../components/DateField.js';
import { BookCostLines } from '../../components/DocumentLines.js';
import { LoadError } from '../../components/LoadError.js';
import { LocationSelect } from '../../components/LocationSelect.js';
import { PageTitle } from '../../components/PageTitle.js';
import { StockLinesCard } from '../../components/StockLinesCard.js';
import { useStockSlip } from '../../components/useStockSlip.js';
import { SupplierSelect } from '../../components/SupplierSelect.js';
import { useDefaultLocationId } from '../../data/ReferenceData.js';
import { clearErrorsOnChange } from '../../lib/formErrors.js';
import { formatYen, todayInTokyo } from '../../lib/format.js';

interface SupplierReturnHeader {
  supplierId: number | null;
  locationId: number | null;
  returnedOn: string;
  reason?: string;
}

/** Return goods to their supplier at book cost, and the returns recorded so far. */
export function SupplierReturnPage() {
  const { t } = useTranslation();
  const { form, locationId, drafts, pickerRef, saving, submit, totalCost } = useStockSlip<SupplierReturnHeader, SupplierReturn>('/api/supplier-returns', 'locationId');
  const [page, setPage] = useState(1);
  const defaultLocationId = useDefaultLocationId();
  const { message } = App.useApp();
  const canSeeCost = useCan()('cost.view');
  const history = useApiQuery<{ supplierReturns: SupplierReturnSummary[] } & Page>('/api/supplier-returns', { page, pageSize: 20 });

  const save = async () => {
    const supplierReturn = await submit();
    if (!supplierReturn) return;
    void message.success(
      supplierReturn.totalCost === undefined
        ? t('supplierReturns.savedNoCost', { number: supplierReturn.number })
        : t('supplierReturns.saved', { number: supplierReturn.number, cost: formatYen(supplierReturn.totalCost) }),
    );
    drafts.clear();
    form.setFieldValue('reason', undefined);
    history.reload();
  };

  const columns: TableColumnsType<SupplierReturnSummary> = [
    { title: t('supplierReturns.number'), dataIndex: 'number', width: 150 },
    { title: t('supplierReturns.date'), dataIndex: 'returnedOn', width: 120 },
    { title: t('purchases.supplier'), dataIndex: 'supplierName' },
    { title: t('supplierReturns.location'), dataIndex: 'locationName' },
    ...(canSeeCost ? [{ title: t('lines.bookCost'), dataIndex: 'totalCost', align: 'right' as const, render: (value?: number) => formatYen(value) }] : []),
    { title: t('supplierReturns.reason'), dataIndex: 'reason', responsive: ['lg'] },
  ];

  return (
    <>
      <PageTitle title={t('supplierReturns.title')} subtitle={t('supplierReturns.lead')} />
      <Form<SupplierReturnHeader> form={form} layout="vertical" onValuesChange={clearErrorsOnChange(form)} initialValues={{ locationId: defaultLocationId, returnedOn: todayInTokyo() }} data-testid="supplier-return-form">
        <Card size="small" style={{ marginBottom: 16 }}>
          <Row gutter={16}>
            <Col xs={24} md={6}>
              <Form.Item name="supplierId" label={t('purchases.supplier')} rules={[{ required: true, message: t('common.chooseSupplier') }]}>
                <SupplierSelect />
              </Form.Item>
            </Col>
            <Col xs={24} md={6}>
              <Form.Item name="locationId" label={t('supplierReturns.location')} rules={[{ required: true, message: t('common.chooseLocation') }]}>
                <LocationSelect scope="act" onChange={() => drafts.clear()} />
              </Form.Item>
            </Col>
            <Col xs={12} md={4}>
              <Form.Item name="returnedOn" label={t('supplierReturns.date')} rules={[{ required: true, message: t('common.required') }]}>
                <DateField allowClear={false} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="reason" label={t('supplierReturns.reason')}>
                <Input maxLength={1000} />
              </Form.Item>
            </Col>
          </Row>
        </Card>
        <StockLinesCard
          title={t('supplierReturns.pieces')}
          pickerRef={pickerRef}
          locationId={locationId}
          drafts={drafts}
          showCost={canSeeCost}
          footer={totalCost === undefined || !canSeeCost ? undefined : t('writeOffs.totalCost', { cost: formatYen(totalCost) })}
        />
        <Popconfirm
          title={
            totalCost === undefined || !canSeeCost
              ? t('supplierReturns.confirmNoCost', { count: drafts.lines.length })
              : t('supplierReturns.confirm', { count: drafts.lines.length, cost: formatYen(totalCost) })
          }
          okText={t('supplierReturns.submit')}
          cancelText={t('common.cancel')}
          onConfirm={() => save()}
        >
          <Button type="primary" icon={<RollbackOutlined />} loading={saving} disabled={drafts.lines.length === 0}>
            {t('supplierReturns.submit')}
          </Button>
        </Popconfirm>
      </Form>
      <Typography.Title level={4} style={{ marginTop: 32 }}>
        {t('supplierReturns.history')}
      </Typography.Title>
      {history.error && <LoadError error={history.error} onRetry={history.reload} />}
      <Table<SupplierReturnSummary>
        rowKey="id"
        size="middle"
        loading={history.loading}
        columns={columns}
        dataSource={history.data?.supplierReturns ?? []}
        expandable={{ expandedRowRender: (row) => <BookCostLines path={`/api/supplier-returns/${row.id}`} showCost={canSeeCost} />, expandRowByClick: true }}
        pagination={{ current: page, pageSize: 20, total: history.data?.total ?? 0, onChange: setPage, showSizeChanger: false, hideOnSinglePage: true }}
        scroll={{ x: 'max-content' }}
      />
    </>
  );
}
