import { Checkbox, Flex, Select, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiQuery } from '../../api/hooks.js';
import { LoadError } from '../../components/LoadError.js';
import { Link } from '../../lib/router.js';
import { customerName } from './customerName.js';
import type { UpcomingDate, UpcomingDates } from './types.js';

const WINDOW_DAYS = [7, 14, 30, 60, 90];

/** Birthdays and anniversaries in the coming days, for greetings and invitations. */
export function BirthdaysPanel() {
  const { t } = useTranslation();
  const [days, setDays] = useState(30);
  const [consentedOnly, setConsentedOnly] = useState(false);
  const { data, error, loading, reload } = useApiQuery<UpcomingDates>('/api/customers/birthdays', { days });
  const entries = (data?.entries ?? []).filter((entry) => !consentedOnly || entry.consentToContact);

  const columns: TableColumnsType<UpcomingDate> = [
    { title: t('customers.upcomingDate'), dataIndex: 'date', width: 120 },
    {
      title: t('customers.daysUntil'),
      dataIndex: 'daysUntil',
      width: 110,
      render: (count: number) => (count === 0 ? <Tag color="red">{t('customers.today')}</Tag> : t('customers.inDays', { count })),
    },
    {
      title: t('customers.name'),
      key: 'name',
      render: (_, entry) => (
        <Link to={`/customers/${entry.customerId}`}>
          {customerName(entry, t)} <Typography.Text type="secondary">{entry.code}</Typography.Text>
        </Link>
      ),
    },
    {
      title: t('customers.occasion'),
      key: 'occasion',
      render: (_, entry) =>
        entry.kind === 'birthday' ? t('customers.birthdayTurning', { count: entry.years }) : t('customers.anniversaryYears', { label: entry.label, count: entry.years }),
    },
    { title: t('customers.originalDate'), dataIndex: 'originalDate', width: 120, responsive: ['md'] },
    {
      title: t('customers.consentToContact'),
      dataIndex: 'consentToContact',
      width: 130,
      render: (consent: boolean) => (consent ? <Tag color="green">{t('customers.consented')}</Tag> : <Tag>{t('customers.notConsented')}</Tag>),
    },
  ];

  return (
    <>
      <Flex gap={12} wrap align="center" style={{ marginBottom: 12 }}>
        <Select<number>
          value={days}
          onChange={setDays}
          style={{ width: 160 }}
          aria-label={t('customers.window')}
          options={WINDOW_DAYS.map((value) => ({ value, label: t('customers.nextDays', { count: value }) }))}
          data-testid="birthday-window"
        />
        <Checkbox checked={consentedOnly} onChange={(event) => setConsentedOnly(event.target.checked)}>
          {t('customers.consentedOnly')}
        </Checkbox>
        {data && (
          <Typography.Text type="secondary">
            {t('customers.windowRange', { from: data.from, to: data.to })}
          </Typography.Text>
        )}
      </Flex>
      {error && <LoadError error={error} onRetry={reload} />}
      <Table<UpcomingDate>
        rowKey={(entry) => `${entry.customerId}-${entry.kind}-${entry.label ?? ''}-${entry.date}`}
        size="middle"
        loading={loading}
        columns={columns}
        dataSource={entries}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        locale={{ emptyText: t('customers.noUpcoming') }}
        scroll={{ x: 'max-content' }}
        data-testid="birthdays-table"
      />
    </>
  );
}
