import { PlusOutlined, SearchOutlined } from '@ant-design/icons';
import { Button, Checkbox, Flex, Input, Table, Tabs, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiQuery } from '../../api/hooks.js';
import { LoadError } from '../../components/LoadError.js';
import { PageTitle } from '../../components/PageTitle.js';
import { navigate, useSearchParams } from '../../lib/router.js';
import { useDebouncedValue } from '../../lib/useDebouncedValue.js';
import { BirthdaysPanel } from './BirthdaysPanel.js';
import { CustomerFormModal } from './CustomerFormModal.js';
import { customerKana, customerName } from './customerName.js';
import type { CustomerList, CustomerSummary } from './types.js';

const PAGE_SIZE = 50;

function CustomerListPanel() {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [includeClosed, setIncludeClosed] = useState(false);
  const [page, setPage] = useState(1);
  const q = useDebouncedValue(search.trim(), 300);
  const { data, error, loading, reload } = useApiQuery<CustomerList>('/api/customers', {
    q,
    page,
    pageSize: PAGE_SIZE,
    includeMerged: includeClosed ? 'true' : undefined,
    includeAnonymized: includeClosed ? 'true' : undefined,
  });

  const columns: TableColumnsType<CustomerSummary> = [
    { title: t('customers.code'), dataIndex: 'code', width: 110 },
    {
      title: t('customers.name'),
      key: 'name',
      render: (_, customer) => (
        <div>
          <div>
            {customerName(customer, t)}
            {customer.mergedIntoId !== null && (
              <Tag style={{ marginInlineStart: 8 }} color="orange">
                {t('customers.mergedTag')}
              </Tag>
            )}
            {customer.anonymizedAt !== null && (
              <Tag style={{ marginInlineStart: 8 }}>{t('customers.anonymizedTag')}</Tag>
            )}
          </div>
          {customerKana(customer) && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {customerKana(customer)}
            </Typography.Text>
          )}
        </div>
      ),
    },
    { title: t('common.phone'), dataIndex: 'phone', render: (phone: string | null) => phone ?? '—' },
    { title: t('customers.birthday'), dataIndex: 'birthday', responsive: ['md'], render: (date: string | null) => date ?? '—' },
    {
      title: t('customers.consentToContact'),
      dataIndex: 'consentToContact',
      responsive: ['lg'],
      render: (consent: boolean) => (consent ? <Tag color="green">{t('customers.consented')}</Tag> : <Tag>{t('customers.notConsented')}</Tag>),
    },
    { title: t('customers.lastPurchase'), dataIndex: 'lastPurchaseDate', responsive: ['md'], render: (date: string | null) => date ?? '—' },
  ];

  return (
    <>
      <Flex gap={12} wrap align="center" style={{ marginBottom: 12 }}>
        <Input
          allowClear
          autoFocus
          prefix={<SearchOutlined />}
          placeholder={t('customers.searchPlaceholder')}
          aria-label={t('customers.searchLabel')}
          value={search}
          onChange={(event) => {
            setSearch(event.target.value);
            setPage(1);
          }}
          style={{ maxWidth: 420 }}
          data-testid="customer-search"
        />
        <Checkbox
          checked={includeClosed}
          onChange={(event) => {
            setIncludeClosed(event.target.checked);
            setPage(1);
          }}
        >
          {t('customers.includeClosed')}
        </Checkbox>
      </Flex>
      {error && <LoadError error={error} onRetry={reload} />}
      <Table<CustomerSummary>
        rowKey="id"
        size="middle"
        loading={loading}
        columns={columns}
        dataSource={data?.customers ?? []}
        pagination={{ current: page, pageSize: PAGE_SIZE, total: data?.total ?? 0, onChange: setPage, showSizeChanger: false, hideOnSinglePage: true }}
        onRow={(customer) => ({ onClick: () => navigate(`/customers/${customer.id}`), style: { cursor: 'pointer' } })}
        scroll={{ x: 'max-content' }}
        data-testid="customers-table"
      />
    </>
  );
}

/** Customers: search and register them, and the coming birthdays and anniversaries. Needs 'customers.personal_data'. */
export function CustomersPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const [creating, setCreating] = useState(false);
  const tab = params.get('tab') === 'birthdays' ? 'birthdays' : 'list';

  return (
    <>
      <PageTitle
        title={t('customers.title')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="new-customer">
            {t('customers.new')}
          </Button>
        }
      />
      <Tabs
        activeKey={tab}
        onChange={(key) => setParams(new URLSearchParams(key === 'birthdays' ? { tab: 'birthdays' } : {}))}
        items={[
          { key: 'list', label: t('customers.listTab'), children: <CustomerListPanel /> },
          { key: 'birthdays', label: t('customers.birthdaysTab'), children: <BirthdaysPanel /> },
        ]}
        destroyOnHidden
      />
      {creating && (
        <CustomerFormModal
          onClose={() => setCreating(false)}
          onSaved={(saved) => {
            setCreating(false);
            navigate(`/customers/${saved.id}`);
          }}
        />
      )}
    </>
  );
}
