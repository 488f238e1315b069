import { ArrowLeftOutlined, DeleteOutlined, DownloadOutlined, EditOutlined, MergeCellsOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Dropdown, Result, Skeleton, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { downloadFile } from '../../api/client.js';
import { useApiQuery, useErrorReporter } from '../../api/hooks.js';
import { useCan } from '../../auth/AuthContext.js';
import { LoadError } from '../../components/LoadError.js';
import { PageTitle } from '../../components/PageTitle.js';
import { useReferenceData } from '../../data/ReferenceData.js';
import { formatDateTime, formatRingSize, formatYen, todayInTokyo, type Locale } from '../../lib/format.js';
import { Link, navigate } from '../../lib/router.js';
import type { PageProps } from '../../routes.js';
import { FINGER_LABELS, PREFECTURES, type Finger } from '../../../../src/modules/customers/reference.js';
import { AnonymizeDialog } from './AnonymizeDialog.js';
import { CustomerFormModal } from './CustomerFormModal.js';
import { customerKana, customerName } from './customerName.js';
import { MergeDialog } from './MergeDialog.js';
import type { Customer, CustomerDetail, Purchase, PurchaseLine } from './types.js';

/** Completed years from a "YYYY-MM-DD" birthday to today in Japan. */
function ageOn(birthday: string, today: string): number {
  const years = Number(today.slice(0, 4)) - Number(birthday.slice(0, 4));
  return today.slice(5) < birthday.slice(5) ? years - 1 : years;
}

function PurchaseHistory({ purchases }: { purchases: Purchase[] }) {
  const { t } = useTranslation();
  const columns: TableColumnsType<Purchase> = [
    { title: t('customers.businessDate'), dataIndex: 'businessDate', width: 120 },
    { title: t('customers.documentNumber'), dataIndex: 'number' },
    {
      title: t('customers.documentKind'),
      dataIndex: 'kind',
      width: 90,
      render: (kind: Purchase['kind']) => (kind === 'return' ? <Tag color="orange">{t('customers.kindReturn')}</Tag> : <Tag color="blue">{t('customers.kindSale')}</Tag>),
    },
    { title: t('customers.location'), dataIndex: 'locationName', responsive: ['md'], render: (name: string | null) => name ?? '—' },
    {
      title: t('common.status'),
      dataIndex: 'status',
      width: 90,
      render: (status: string) => (status === 'voided' ? <Tag color="red">{t('customers.statusVoided')}</Tag> : t('customers.statusCompleted')),
    },
    {
      title: t('customers.total'),
      dataIndex: 'total',
      align: 'right',
      render: (total: number, purchase) => formatYen(purchase.kind === 'return' ? -total : total),
    },
    {
      title: t('customers.taxTotal'),
      dataIndex: 'taxTotal',
      align: 'right',
      responsive: ['md'],
      render: (tax: number, purchase) => formatYen(purchase.kind === 'return' ? -tax : tax),
    },
  ];
  const lineColumns: TableColumnsType<PurchaseLine> = [
    { title: t('customers.stockNumber'), dataIndex: 'stockNumber', render: (stockNumber: string, line) => <Link to={`/items/${line.itemId}`}>{stockNumber}</Link> },
    { title: t('customers.itemName'), dataIndex: 'name' },
    { title: t('customers.quantity'), dataIndex: 'quantity', align: 'right', width: 80 },
    { title: t('customers.amount'), dataIndex: 'amount', align: 'right', render: (amount: number) => formatYen(amount) },
  ];

  return (
    <Table<Purchase>
      rowKey={(purchase) => `${purchase.source}-${purchase.id}`}
      size="small"
      columns={columns}
      dataSource={purchases}
      pagination={{ pageSize: 20, hideOnSinglePage: true }}
      expandable={{
        expandedRowRender: (purchase) => <Table<PurchaseLine> rowKey={(line) => `${line.itemId}-${line.stockNumber}`} size="small" columns={lineColumns} dataSource={purchase.lines} pagination={false} />,
      }}
      locale={{ emptyText: t('customers.noPurchases') }}
      scroll={{ x: 'max-content' }}
      data-testid="purchase-history"
    />
  );
}

function CustomerFields({ customer, mergedFrom }: { customer: Customer; mergedFrom: CustomerDetail['mergedFrom'] }) {
  const { t, i18n } = useTranslation();
  const locale: Locale = i18n.language === 'en' ? 'en' : 'ja';
  const { locations } = useReferenceData();
  const prefecture = PREFECTURES.find((entry) => entry.ja === customer.prefecture);
  const prefectureLabel = prefecture ? prefecture[locale] : customer.prefecture;
  const address = [customer.postalCode && `〒${customer.postalCode}`, prefectureLabel, customer.address].filter(Boolean).join(' ');
  const homeLocation = locations.find((location) => location.id === customer.homeLocationId);
  const dash = '—';

  return (
    <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }} data-testid="customer-fields">
      <Descriptions.Item label={t('customers.code')}>{customer.code}</Descriptions.Item>
      <Descriptions.Item label={t('customers.kana')}>{customerKana(customer) || dash}</Descriptions.Item>
      <Descriptions.Item label={t('common.phone')}>{customer.phone ?? dash}</Descriptions.Item>
      <Descriptions.Item label={t('common.email')}>{customer.email ?? dash}</Descriptions.Item>
      <Descriptions.Item label={t('common.address')} span={2}>
        {address || dash}
      </Descriptions.Item>
      <Descriptions.Item label={t('customers.birthday')}>
        {customer.birthday ? t('customers.birthdayWithAge', { date: customer.birthday, count: ageOn(customer.birthday, todayInTokyo()) }) : dash}
      </Descriptions.Item>
      <Descriptions.Item label={t('customers.consentToContact')}>
        <Space size={4} wrap>
          {customer.consentToContact ? <Tag color="green">{t('customers.consented')}</Tag> : <Tag>{t('customers.notConsented')}</Tag>}
          {customer.consentUpdatedAt && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('customers.consentUpdatedAt', { at: formatDateTime(customer.consentUpdatedAt, locale) })}
            </Typography.Text>
          )}
        </Space>
      </Descriptions.Item>
      <Descriptions.Item label={t('customers.homeLocation')}>{homeLocation ? homeLocation.name : dash}</Descriptions.Item>
      <Descriptions.Item label={t('customers.anniversaries')} span={2}>
        {customer.anniversaries.length === 0
          ? dash
          : customer.anniversaries.map((entry) => (
              <div key={`${entry.label}-${entry.date}`}>
                {entry.label}: {entry.date}
              </div>
            ))}
      </Descriptions.Item>
      <Descriptions.Item label={t('customers.ringSizes')}>
        {customer.ringSizes.length === 0
          ? dash
          : customer.ringSizes.map((entry) => (
              <div key={entry.finger}>
                {FINGER_LABELS[entry.finger as Finger]?.[locale] ?? entry.finger}: {formatRingSize(entry.sizeTenths, locale)}
              </div>
            ))}
      </Descriptions.Item>
      <Descriptions.Item label={t('customers.preferences')} span={3}>
        <span style={{ whiteSpace: 'pre-wrap' }}>{customer.preferences ?? dash}</span>
      </Descriptions.Item>
      <Descriptions.Item label={t('common.notes')} span={3}>
        <span style={{ whiteSpace: 'pre-wrap' }}>{customer.notes ?? dash}</span>
      </Descriptions.Item>
      {mergedFrom.length > 0 && (
        <Descriptions.Item label={t('customers.mergedFrom')} span={3}>
          <Space wrap>
            {mergedFrom.map((record) => (
              <Link key={record.id} to={`/customers/${record.id}`}>
                {record.code}
              </Link>
            ))}
          </Space>
        </Descriptions.Item>
      )}
      <Descriptions.Item label={t('customers.createdAt')}>{formatDateTime(customer.createdAt, locale)}</Descriptions.Item>
      <Descriptions.Item label={t('customers.updatedAt')}>{formatDateTime(customer.updatedAt, locale)}</Descriptions.Item>
    </Descriptions>
  );
}

type Dialog = 'edit' | 'merge' | 'anonymize';

/**
 * Shows one customer: personal data, purchase history, and the actions on the record. The
 * server records every load of this page in the audit trail.
 */
export function CustomerDetailPage({ params }: PageProps) {
  const { t } = useTranslation();
  const id = Number(params.id);
  const valid = Number.isInteger(id) && id > 0;
  const can = useCan();
  const reportError = useErrorReporter();
  const { data, error, loading, reload } = useApiQuery<CustomerDetail>(valid ? `/api/customers/${id}` : null);
  const [dialog, setDialog] = useState<Dialog>();
  // The record returned by a save, shown without reading (and auditing) the record again.
  const [edited, setEdited] = useState<Customer>();
  const [exporting, setExporting] = useState(false);

  if (!valid) return <Result status="404" title={t('errors.pageNotFound')} />;
  if (error) return <LoadError error={error} onRetry={reload} />;
  if (loading || !data) return <Skeleton active />;

  const customer = edited?.id === data.customer.id && edited.updatedAt > data.customer.updatedAt ? edited : data.customer;
  const closed = customer.mergedInto !== null || customer.anonymizedAt !== null;

  const exportAs = async (format: 'json' | 'csv') => {
    setExporting(true);
    try {
      await downloadFile(`/api/customers/${customer.id}/export`, { format }, `customer-${customer.code}.${format}`);
    } catch (cause) {
      reportError(cause);
    } finally {
      setExporting(false);
    }
  };

  return (
    <>
      <PageTitle
        title={
          <Space wrap>
            {customerName(customer, t)}
            <Typography.Text type="secondary">{customer.code}</Typography.Text>
            {customer.mergedInto && <Tag color="orange">{t('customers.mergedTag')}</Tag>}
            {customer.anonymizedAt && <Tag>{t('customers.anonymizedTag')}</Tag>}
          </Space>
        }
        extra={
          <>
            <Button icon={<ArrowLeftOutlined />} onClick={() => navigate('/customers')}>
              {t('customers.backToList')}
            </Button>
            <Button icon={<EditOutlined />} disabled={closed} onClick={() => setDialog('edit')} data-testid="edit-customer">
              {t('common.edit')}
            </Button>
            <Button icon={<MergeCellsOutlined />} disabled={closed} onClick={() => setDialog('merge')} data-testid="merge-customer">
              {t('customers.merge')}
            </Button>
            {can('data.export') && (
              <Dropdown
                trigger={['click']}
                menu={{
                  items: [
                    { key: 'json', label: t('customers.exportJson') },
                    { key: 'csv', label: t('customers.exportCsv') },
                  ],
                  onClick: ({ key }) => void exportAs(key === 'csv' ? 'csv' : 'json'),
                }}
              >
                <Button icon={<DownloadOutlined />} loading={exporting} data-testid="export-customer">
                  {t('customers.export')}
                </Button>
              </Dropdown>
            )}
            <Button danger icon={<DeleteOutlined />} disabled={customer.anonymizedAt !== null} onClick={() => setDialog('anonymize')} data-testid="anonymize-customer">
              {t('customers.anonymize')}
            </Button>
          </>
        }
      />
      {customer.mergedInto && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title={
            <>
              {t('customers.mergedNotice', { code: customer.mergedInto.code })} <Link to={`/customers/${customer.mergedInto.id}`}>{t('customers.openMergedInto', { code: customer.mergedInto.code })}</Link>
            </>
          }
        />
      )}
      {customer.anonymizedAt && <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('customers.anonymizedNotice')} />}
      <Card size="small" style={{ marginBottom: 16 }}>
        <CustomerFields customer={customer} mergedFrom={data.mergedFrom} />
      </Card>
      <Card size="small" title={t('customers.purchaseHistory')}>
        {data.purchasesLimitedToScope && <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('customers.historyLimited')} />}
        <PurchaseHistory purchases={data.purchases} />
      </Card>

      {dialog === 'edit' && (
        <CustomerFormModal
          customer={customer}
          onClose={() => setDialog(undefined)}
          onSaved={(_, updated) => {
            setDialog(undefined);
            if (updated) setEdited(updated);
          }}
        />
      )}
      {dialog === 'merge' && (
        <MergeDialog
          customer={customer}
          onClose={() => setDialog(undefined)}
          onMerged={() => {
            setDialog(undefined);
            reload();
          }}
        />
      )}
      {dialog === 'anonymize' && (
        <AnonymizeDialog
          customer={customer}
          onClose={() => setDialog(undefined)}
          onDone={() => {
            setDialog(undefined);
            reload();
          }}
        />
      )}
    </>
  );
}
