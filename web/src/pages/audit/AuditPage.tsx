import { SearchOutlined } from '@ant-design/icons';
import { Button, Card, Col, Form, Input, Row, Select, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiQuery } from '../../api/hooks.js';
import type { AuditEvent, AuditEventPage, UserAccount } from '../../api/types.js';
import { useCan } from '../../auth/AuthContext.js';
import { CsvDownloadButton } from '../../components/CsvDownloadButton.js';
import { DateField } from '../../components/DateField.js';
import { LoadError } from '../../components/LoadError.js';
import { LocationSelect } from '../../components/LocationSelect.js';
import { PageTitle } from '../../components/PageTitle.js';
import { useReferenceData } from '../../data/ReferenceData.js';
import { formatTimestamp, todayInTokyo, type Locale } from '../../lib/format.js';
import { useSearchParams } from '../../lib/router.js';
import { auditActionLabel, auditActionOptions, auditEntityLabel, auditEntityOptions } from './auditLabels.js';
import { auditJson, changedKeys } from './auditValues.js';

/** Filters kept in the address bar, so that a filtered view can be linked and survives a reload. */
const FILTER_KEYS = ['from', 'to', 'userId', 'action', 'entityType', 'entityId', 'outcome', 'requestId', 'locationId'] as const;
type FilterKey = (typeof FILTER_KEYS)[number];
type Filters = Partial<Record<FilterKey, string>>;

const PAGE_SIZES = ['50', '100', '200'];

/** The form stores ids as numbers, the address bar as text. */
interface FilterFormValues {
  from?: string | null;
  to?: string | null;
  userId?: number | null;
  action?: string;
  entityType?: string;
  entityId?: string;
  outcome?: string | null;
  requestId?: string;
  locationId?: number | null;
}

function toFormValues(filters: Filters): FilterFormValues {
  return {
    ...filters,
    userId: filters.userId ? Number(filters.userId) : null,
    locationId: filters.locationId ? Number(filters.locationId) : null,
  };
}

/** Before and after side by side as plain text, with the changed keys named above them. */
function AuditValues({ event }: { event: AuditEvent }) {
  const { t } = useTranslation();
  const before = auditJson(event.before);
  const after = auditJson(event.after);
  const detail = auditJson(event.detail);
  const changed = changedKeys(event.before, event.after);
  const pre = { margin: 0, padding: 8, background: '#fafafa', border: '1px solid #f0f0f0', borderRadius: 4, whiteSpace: 'pre-wrap', wordBreak: 'break-all', fontSize: 12, maxHeight: 420, overflow: 'auto' } as const;

  return (
    <div data-testid="audit-values">
      {changed.length > 0 && (
        <Typography.Paragraph style={{ marginBottom: 8 }}>
          {t('audit.changedKeys')}{' '}
          {changed.map((key) => (
            <Tag key={key}>{key}</Tag>
          ))}
        </Typography.Paragraph>
      )}
      <Row gutter={12}>
        <Col xs={24} md={12}>
          <Typography.Text strong>{t('audit.before')}</Typography.Text>
          <pre style={pre} data-testid="audit-before">
            {before || t('audit.none')}
          </pre>
        </Col>
        <Col xs={24} md={12}>
          <Typography.Text strong>{t('audit.after')}</Typography.Text>
          <pre style={pre} data-testid="audit-after">
            {after || t('audit.none')}
          </pre>
        </Col>
      </Row>
      {detail && (
        <div style={{ marginTop: 8 }}>
          <Typography.Text strong>{t('audit.detail')}</Typography.Text>
          <pre style={pre} data-testid="audit-detail">
            {detail}
          </pre>
        </div>
      )}
    </div>
  );
}

/**
 * Shows the audit trail: who did what, when, from where, and what changed. Filters live in
 * the address bar, and the export downloads the filtered events as CSV. Needs 'audit.view'.
 */
export function AuditPage() {
  const { t, i18n } = useTranslation();
  const locale: Locale = i18n.language === 'en' ? 'en' : 'ja';
  const can = useCan();
  const { locations } = useReferenceData();
  const [params, setParams] = useSearchParams();
  const [form] = Form.useForm<FilterFormValues>();

  const filters: Filters = Object.fromEntries(FILTER_KEYS.flatMap((key) => (params.get(key) ? [[key, params.get(key)!]] : [])));
  const page = Number(params.get('page') ?? '1');
  const pageSize = Number(params.get('pageSize') ?? '50');
  const { data, error, loading, reload } = useApiQuery<AuditEventPage>('/api/audit-events', { ...filters, page, pageSize });
  // The user list needs 'users.manage'. Without it the filter offers the users seen on this page.
  const users = useApiQuery<{ users: UserAccount[] }>(can('users.manage') ? '/api/users' : null);

  // The form follows the address bar, so that back and forward restore the filters shown.
  const filterKey = FILTER_KEYS.map((key) => filters[key] ?? '').join('|');
  useEffect(() => {
    form.resetFields();
    form.setFieldsValue(toFormValues(filters));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [filterKey, form]);

  const userOptions = useMemo(() => {
    if (users.data) return users.data.users.map((user) => ({ value: user.id, label: `${user.displayName} <${user.email}>` }));
    const seen = new Map<number, string>();
    for (const event of data?.events ?? []) if (event.userId !== null) seen.set(event.userId, event.userEmail ?? `#${event.userId}`);
    return [...seen].map(([value, label]) => ({ value, label }));
  }, [users.data, data]);

  const apply = (values: FilterFormValues) => {
    const next = new URLSearchParams();
    for (const key of FILTER_KEYS) {
      const value = values[key];
      const text = value === null || value === undefined ? '' : String(value).trim();
      if (text !== '') next.set(key, text);
    }
    if (pageSize !== 50) next.set('pageSize', String(pageSize));
    setParams(next);
  };

  const locationName = (id: number | null) => (id === null ? '' : (locations.find((l) => l.id === id)?.name ?? `#${id}`));

  const columns: TableColumnsType<AuditEvent> = [
    // A fixed column makes the table keep an expanded row within its visible width.
    { title: t('audit.occurredAt'), dataIndex: 'occurredAt', width: 170, fixed: 'left', render: (value: string) => formatTimestamp(value, locale) },
    { title: t('audit.user'), key: 'user', render: (_, event) => event.userEmail ?? (event.userId === null ? t('audit.system') : `#${event.userId}`) },
    { title: t('audit.ip'), dataIndex: 'ip', responsive: ['lg'] },
    {
      title: t('audit.action'),
      dataIndex: 'action',
      render: (value: string, event) => (
        <Space size={4} wrap>
          <span>{auditActionLabel(value, locale) ?? t('audit.otherAction')}</span>
          <Typography.Text type="secondary" code>
            {value}
          </Typography.Text>
          {event.outcome === 'denied' && <Tag color="red">{t('audit.outcomeDenied')}</Tag>}
        </Space>
      ),
    },
    {
      title: t('audit.entity'),
      key: 'entity',
      render: (_, event) => (event.entityType ? `${auditEntityLabel(event.entityType, locale)}${event.entityId ? ` #${event.entityId}` : ''}` : ''),
    },
    { title: t('audit.location'), dataIndex: 'locationId', responsive: ['xl'], render: (value: number | null) => locationName(value) },
    {
      title: t('audit.requestId'),
      dataIndex: 'requestId',
      responsive: ['md'],
      render: (value: string | null) => (value ? <Typography.Text copyable={{ text: value }} style={{ fontSize: 12, fontFamily: 'monospace' }}>{value}</Typography.Text> : ''),
    },
  ];

  return (
    <>
      <PageTitle
        title={t('audit.title')}
        subtitle={t('audit.lead')}
        extra={<CsvDownloadButton path="/api/audit-events/export" query={filters} fallbackName={`audit-events-${todayInTokyo()}.csv`} testId="audit-export" />}
      />
      <Card size="small" style={{ marginBottom: 12 }}>
        <Form<FilterFormValues> form={form} layout="vertical" initialValues={toFormValues(filters)} onFinish={apply} data-testid="audit-filters">
          <Row gutter={[12, 0]}>
            <Col xs={12} md={6} xl={3}>
              <Form.Item name="from" label={t('common.from')}>
                <DateField style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col xs={12} md={6} xl={3}>
              <Form.Item
                name="to"
                label={t('common.to')}
                dependencies={['from']}
                rules={[
                  ({ getFieldValue }) => ({
                    // Dates are YYYY-MM-DD text, so they compare in calendar order.
                    validator: async (_, value: string | undefined) => {
                      const from = getFieldValue('from') as string | undefined;
                      if (value && from && value < from) throw new Error(t('audit.toBeforeFrom'));
                    },
                  }),
                ]}
              >
                <DateField style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12} xl={6}>
              <Form.Item name="userId" label={t('audit.user')}>
                <Select allowClear showSearch={{ optionFilterProp: 'label' }} options={userOptions} placeholder={t('common.all')} />
              </Form.Item>
            </Col>
            <Col xs={12} md={6} xl={4}>
              <Form.Item name="action" label={t('audit.action')}>
                <Select allowClear showSearch={{ optionFilterProp: 'label' }} options={auditActionOptions(locale)} placeholder={t('common.all')} />
              </Form.Item>
            </Col>
            <Col xs={12} md={6} xl={4}>
              <Form.Item name="outcome" label={t('audit.outcome')}>
                <Select
                  allowClear
                  placeholder={t('common.all')}
                  options={[
                    { value: 'success', label: t('audit.outcomeSuccess') },
                    { value: 'denied', label: t('audit.outcomeDenied') },
                  ]}
                />
              </Form.Item>
            </Col>
            <Col xs={12} md={6} xl={4}>
              <Form.Item name="locationId" label={t('audit.location')}>
                <LocationSelect allowClear scope="all" placeholder={t('common.all')} />
              </Form.Item>
            </Col>
            <Col xs={12} md={6} xl={4}>
              <Form.Item name="entityType" label={t('audit.entityType')}>
                <Select allowClear showSearch={{ optionFilterProp: 'label' }} options={auditEntityOptions(locale)} placeholder={t('common.all')} />
              </Form.Item>
            </Col>
            <Col xs={12} md={6} xl={4}>
              <Form.Item name="entityId" label={t('audit.entityId')}>
                <Input allowClear maxLength={100} autoComplete="off" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12} xl={6}>
              <Form.Item name="requestId" label={t('audit.requestId')}>
                <Input allowClear maxLength={100} autoComplete="off" />
              </Form.Item>
            </Col>
            <Col xs={24} xl={10} style={{ display: 'flex', alignItems: 'flex-end', paddingBottom: 24 }}>
              <Space>
                <Button type="primary" htmlType="submit" icon={<SearchOutlined />} data-testid="audit-search">
                  {t('audit.search')}
                </Button>
                <Button onClick={() => apply({})}>{t('audit.clear')}</Button>
              </Space>
            </Col>
          </Row>
        </Form>
      </Card>
      {error && <LoadError error={error} onRetry={reload} />}
      <Table<AuditEvent>
        rowKey="id"
        size="small"
        loading={loading}
        columns={columns}
        dataSource={data?.events ?? []}
        expandable={{ expandedRowRender: (event) => <AuditValues event={event} />, expandRowByClick: true }}
        pagination={{
          current: page,
          pageSize,
          total: data?.total ?? 0,
          showSizeChanger: true,
          pageSizeOptions: PAGE_SIZES,
          showTotal: (total) => t('audit.total', { count: total }),
          onChange: (nextPage, nextSize) => {
            const next = new URLSearchParams(params);
            if (nextPage === 1) next.delete('page');
            else next.set('page', String(nextPage));
            if (nextSize === 50) next.delete('pageSize');
            else next.set('pageSize', String(nextSize));
            setParams(next);
          },
        }}
        scroll={{ x: 'max-content' }}
        data-testid="audit-table"
      />
    </>
  );
}
