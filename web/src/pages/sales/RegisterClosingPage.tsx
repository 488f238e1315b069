import { LockOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Descriptions, Empty, Input, Popconfirm, Row, Skeleton, Space, Table, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api/client.js';
import { useApiQuery } from '../../api/hooks.js';
import { DateField } from '../../components/DateField.js';
import { LoadError } from '../../components/LoadError.js';
import { PageTitle } from '../../components/PageTitle.js';
import { YenInput } from '../../components/YenInput.js';
import { formatDateTime, formatYen, todayInTokyo, type Locale } from '../../lib/format.js';
import { useDebouncedValue } from '../../lib/useDebouncedValue.js';
import { useSellingRegisters } from './registers.js';
import { RegisterSelect } from './RegisterSelect.js';
import type { ClosingOutput, ClosingRequest } from './types.js';

/**
 * Shows the daily register close (レジ締め): the day's counts, the totals per payment method
 * and tax rate, the cash the drawer should hold, and the cash counted. A register closes
 * once a day, and a closed day is shown read-only.
 */
export function RegisterClosingPage() {
  const { t, i18n } = useTranslation();
  const locale: Locale = i18n.language === 'en' ? 'en' : 'ja';
  const { message } = App.useApp();
  const registers = useSellingRegisters();
  const [registerId, setRegisterId] = useState<number | null>(null);
  const [businessDate, setBusinessDate] = useState<string | null>(todayInTokyo());
  const [floatAmount, setFloatAmount] = useState<number | null>(0);
  const [countedCash, setCountedCash] = useState<number | null>(null);
  const [note, setNote] = useState('');
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<string>();
  // The server adds the float to the expected cash, so the figure follows the float as it is typed.
  const settledFloat = useDebouncedValue(floatAmount, 300);
  const closing = useApiQuery<ClosingOutput>(registerId && businessDate ? `/api/registers/${registerId}/closing` : null, {
    businessDate,
    floatAmount: Number.isInteger(settledFloat) && (settledFloat ?? -1) >= 0 ? settledFloat : 0,
  });
  const data = closing.data;

  useEffect(() => {
    if (registerId === null && registers.initialRegisterId !== undefined) setRegisterId(registers.initialRegisterId);
  }, [registerId, registers.initialRegisterId]);

  // A new register or day starts with empty entries.
  useEffect(() => {
    setFloatAmount(0);
    setCountedCash(null);
    setNote('');
    setSaveError(undefined);
  }, [registerId, businessDate]);

  const closed = Boolean(data?.closedAt);
  const floatSettled = closed || data?.floatAmount === (floatAmount ?? 0);
  const expectedCash = data && floatSettled ? data.expectedCash : undefined;
  let difference: number | null = null;
  if (data && closed) difference = data.difference;
  else if (expectedCash !== undefined && countedCash !== null) difference = countedCash - expectedCash;
  const validEntry = floatSettled && Number.isInteger(floatAmount) && (floatAmount ?? -1) >= 0 && Number.isInteger(countedCash) && (countedCash ?? -1) >= 0;

  const close = async () => {
    if (!registerId || !businessDate || !validEntry) return;
    const body: ClosingRequest = { businessDate, floatAmount: floatAmount ?? 0, countedCash: countedCash ?? 0, ...(note.trim() ? { note: note.trim() } : {}) };
    setSaving(true);
    setSaveError(undefined);
    try {
      await api.post<ClosingOutput>(`/api/registers/${registerId}/closing`, body);
      void message.success(t('registers.closed'));
      closing.reload();
    } catch (cause) {
      setSaveError(cause instanceof ApiError || cause instanceof Error ? cause.message : String(cause));
    } finally {
      setSaving(false);
    }
  };

  const differenceText = (value: number | null) => {
    if (value === null) return '—';
    if (value === 0) return t('registers.noDifference');
    return value > 0 ? t('registers.over', { amount: formatYen(value) }) : t('registers.short', { amount: formatYen(-value) });
  };

  return (
    <>
      <PageTitle title={t('registers.closingTitle')} subtitle={t('registers.closingLead')} />
      <Space wrap style={{ marginBottom: 16 }}>
        <RegisterSelect registers={registers.registers} value={registerId} onChange={setRegisterId} style={{ width: 240 }} data-testid="closing-register" />
        <DateField allowClear={false} value={businessDate} onChange={setBusinessDate} data-testid="closing-date" />
      </Space>
      {registers.error && <LoadError error={registers.error} onRetry={registers.reload} />}
      {closing.error && <LoadError error={closing.error} onRetry={closing.reload} />}
      {!registerId && !registers.loading && <Empty description={t('registers.noneToSell')} />}
      {registerId && closing.loading && !data && <Skeleton active />}
      {data && (
        <Row gutter={[16, 16]} data-testid="closing">
          <Col xs={24} lg={12}>
            <Card size="small" title={t('registers.daySummary', { register: `${data.locationName} / ${data.registerName}`, date: data.businessDate })} style={{ marginBottom: 16 }}>
              <Descriptions size="small" column={{ xs: 1, sm: 3 }}>
                <Descriptions.Item label={t('registers.saleCount')}>{data.saleCount}</Descriptions.Item>
                <Descriptions.Item label={t('registers.returnCount')}>{data.returnCount}</Descriptions.Item>
                <Descriptions.Item label={t('registers.voidCount')}>{data.voidCount}</Descriptions.Item>
                <Descriptions.Item label={t('registers.salesTotal')}>{formatYen(data.salesTotal)}</Descriptions.Item>
                <Descriptions.Item label={t('registers.returnsTotal')}>{formatYen(-data.returnsTotal)}</Descriptions.Item>
                <Descriptions.Item label={t('registers.partialRefunds', { count: data.partialRefundCount })}>{formatYen(-data.partialRefundsTotal)}</Descriptions.Item>
                <Descriptions.Item label={t('registers.netTotal')}>
                  <Typography.Text strong>{formatYen(data.salesTotal - data.returnsTotal - data.partialRefundsTotal)}</Typography.Text>
                </Descriptions.Item>
              </Descriptions>
            </Card>
            <Card size="small" title={t('registers.byMethod')} style={{ marginBottom: 16 }}>
              <Table
                rowKey="method"
                size="small"
                pagination={false}
                dataSource={data.methods}
                locale={{ emptyText: t('registers.noPayments') }}
                columns={[
                  { title: t('payments.methodLabel'), dataIndex: 'method', render: (value: string) => t(`payments.method.${value}`) },
                  { title: t('registers.methodSales'), dataIndex: 'sales', align: 'right', render: (value: number) => formatYen(value) },
                  { title: t('registers.methodRefunds'), dataIndex: 'refunds', align: 'right', render: (value: number) => formatYen(-value) },
                  { title: t('registers.methodNet'), dataIndex: 'net', align: 'right', render: (value: number) => formatYen(value) },
                ]}
                data-testid="closing-methods"
              />
            </Card>
            <Card size="small" title={t('registers.byRate')}>
              <Table
                rowKey="ratePercent"
                size="small"
                pagination={false}
                dataSource={data.taxRates}
                locale={{ emptyText: t('registers.noPayments') }}
                columns={[
                  { title: t('sales.taxRate'), dataIndex: 'ratePercent', render: (value: number) => `${value}%` },
                  { title: t('registers.rateTotal'), dataIndex: 'total', align: 'right', render: (value: number) => formatYen(value) },
                  { title: t('registers.rateNet'), dataIndex: 'net', align: 'right', render: (value: number) => formatYen(value) },
                  { title: t('registers.rateTax'), dataIndex: 'tax', align: 'right', render: (value: number) => formatYen(value) },
                ]}
                data-testid="closing-rates"
              />
            </Card>
          </Col>
          <Col xs={24} lg={12}>
            <Card size="small" title={t('registers.cash')}>
              {closed && (
                <Alert
                  type="success"
                  showIcon
                  icon={<LockOutlined />}
                  style={{ marginBottom: 12 }}
                  title={t('registers.alreadyClosed', { at: formatDateTime(data.closedAt, locale) })}
                  data-testid="closing-closed"
                />
              )}
              <Descriptions size="small" column={1}>
                <Descriptions.Item label={t('registers.float')}>
                  {closed ? (
                    formatYen(data.floatAmount)
                  ) : (
                    <YenInput aria-label={t('registers.float')} min={0} value={floatAmount} onChange={(value) => setFloatAmount(value ?? null)} style={{ width: 200 }} data-testid="closing-float" />
                  )}
                </Descriptions.Item>
                <Descriptions.Item label={t('registers.expectedCash')}>
                  <Typography.Text strong data-testid="closing-expected">
                    {formatYen(expectedCash)}
                  </Typography.Text>
                </Descriptions.Item>
                <Descriptions.Item label={t('registers.countedCash')}>
                  {closed ? (
                    formatYen(data.countedCash)
                  ) : (
                    <YenInput aria-label={t('registers.countedCash')} min={0} value={countedCash} onChange={(value) => setCountedCash(value ?? null)} style={{ width: 200 }} data-testid="closing-counted" />
                  )}
                </Descriptions.Item>
                <Descriptions.Item label={t('registers.difference')}>
                  <Typography.Text strong type={difference ? 'danger' : undefined} data-testid="closing-difference">
                    {differenceText(difference)}
                  </Typography.Text>
                </Descriptions.Item>
                <Descriptions.Item label={t('sales.note')}>
                  {closed ? (data.note ?? '—') : <Input.TextArea rows={2} maxLength={1000} aria-label={t('sales.note')} value={note} onChange={(event) => setNote(event.target.value)} />}
                </Descriptions.Item>
              </Descriptions>
              {saveError && <Alert type="error" showIcon role="alert" style={{ marginBottom: 12 }} title={saveError} data-testid="closing-error" />}
              {!closed && (
                <Popconfirm title={t('registers.closeConfirm')} okText={t('registers.close')} cancelText={t('common.cancel')} onConfirm={() => close()}>
                  <Button type="primary" icon={<LockOutlined />} loading={saving} disabled={!validEntry} data-testid="closing-submit">
                    {t('registers.close')}
                  </Button>
                </Popconfirm>
              )}
            </Card>
          </Col>
        </Row>
      )}
    </>
  );
}
