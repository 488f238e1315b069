import { ArrowLeftOutlined, EditOutlined, PrinterOutlined, StopOutlined } from '@ant-design/icons';
import { App, Button, Descriptions, Popconfirm, Result, Skeleton, Tabs, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, apiUrl } from '../../api/client.js';
import { useApiQuery, useErrorReporter } from '../../api/hooks.js';
import { useCan } from '../../auth/AuthContext.js';
import { LoadError } from '../../components/LoadError.js';
import { PageTitle } from '../../components/PageTitle.js';
import { navigate } from '../../lib/router.js';
import type { PageProps } from '../../routes.js';
import { CarryOutTab } from './CarryOutTab.js';
import { CheckInTab } from './CheckInTab.js';
import { ExhibitionFormModal } from './ExhibitionFormModal.js';
import { ReconciliationTab } from './ReconciliationTab.js';
import { STATUS_COLORS, type Exhibition, type Reconciliation } from './types.js';

/**
 * Shows one exhibition: its details, tabs for carry-out, the reconciliation and check-in, and
 * the buttons that print the carry-out list and close the exhibition.
 */
export function ExhibitionDetailPage({ params }: PageProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const reportError = useErrorReporter();
  const canManage = useCan()('exhibitions.manage');
  const id = Number(params.id);
  const valid = Number.isInteger(id) && id > 0;
  const detail = useApiQuery<Exhibition>(valid ? `/api/exhibitions/${id}` : null);
  const reconciliation = useApiQuery<Reconciliation>(valid ? `/api/exhibitions/${id}/reconciliation` : null);
  const [tab, setTab] = useState('carryOut');
  const [editing, setEditing] = useState(false);
  const [closing, setClosing] = useState(false);

  if (!valid) return <Result status="404" title={t('errors.pageNotFound')} />;
  if (detail.error) return <LoadError error={detail.error} onRetry={detail.reload} />;
  const exhibition = detail.data;
  if (!exhibition) return <Skeleton active />;

  const reload = () => {
    detail.reload();
    reconciliation.reload();
  };

  const close = async () => {
    setClosing(true);
    try {
      await api.post<Exhibition>(`/api/exhibitions/${exhibition.id}/close`);
      void message.success(t('exhibitions.closed', { name: exhibition.name }));
      reload();
    } catch (error) {
      reportError(error);
    } finally {
      setClosing(false);
    }
  };

  const isClosed = exhibition.status === 'closed';

  return (
    <>
      <PageTitle
        title={
          <>
            {exhibition.name}{' '}
            <Tag color={STATUS_COLORS[exhibition.status]} data-testid="exhibition-status">
              {t(`exhibitions.status.${exhibition.status}`)}
            </Tag>
          </>
        }
        extra={
          <>
            <Button icon={<ArrowLeftOutlined />} onClick={() => navigate('/exhibitions')}>
              {t('exhibitions.back')}
            </Button>
            <Button icon={<PrinterOutlined />} href={apiUrl(`/api/exhibitions/${exhibition.id}/carry-out-list.pdf`)} target="_blank" data-testid="print-carry-out-list">
              {t('exhibitions.printList')}
            </Button>
            {canManage && !isClosed && (
              <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="edit-exhibition">
                {t('common.edit')}
              </Button>
            )}
            {canManage && !isClosed && (
              <Popconfirm title={t('exhibitions.closeConfirm', { name: exhibition.name })} okText={t('exhibitions.closeExhibition')} cancelText={t('common.cancel')} onConfirm={close}>
                <Button danger icon={<StopOutlined />} loading={closing} data-testid="close-exhibition">
                  {t('exhibitions.closeExhibition')}
                </Button>
              </Popconfirm>
            )}
          </>
        }
      />
      <Descriptions size="small" column={{ xs: 1, md: 2, lg: 3 }} style={{ marginBottom: 16 }} data-testid="exhibition-fields">
        <Descriptions.Item label={t('exhibitions.venue')}>{exhibition.venue ?? '-'}</Descriptions.Item>
        <Descriptions.Item label={t('exhibitions.period')}>{`${exhibition.startsOn} – ${exhibition.endsOn}`}</Descriptions.Item>
        <Descriptions.Item label={t('exhibitions.locationCode')}>{exhibition.locationCode}</Descriptions.Item>
        <Descriptions.Item label={t('exhibitions.homeLocation')}>{exhibition.homeLocationName}</Descriptions.Item>
        <Descriptions.Item label={t('exhibitions.staff')}>{exhibition.staff.map((member) => member.displayName).join('、') || '-'}</Descriptions.Item>
        <Descriptions.Item label={t('exhibitions.registers')}>{exhibition.registers.map((register) => register.name).join('、') || '-'}</Descriptions.Item>
        <Descriptions.Item label={t('exhibitions.withdrawFromChannels')}>{exhibition.withdrawFromChannels ? t('exhibitions.yes') : t('exhibitions.no')}</Descriptions.Item>
        {exhibition.note && <Descriptions.Item label={t('exhibitions.note')}>{exhibition.note}</Descriptions.Item>}
      </Descriptions>
      {reconciliation.error && <LoadError error={reconciliation.error} onRetry={reconciliation.reload} />}
      <Tabs
        activeKey={tab}
        onChange={setTab}
        items={[
          {
            key: 'carryOut',
            label: t('exhibitions.tabs.carryOut'),
            children: <CarryOutTab exhibition={exhibition} reconciliation={reconciliation.data} canManage={canManage} onChanged={reload} />,
          },
          { key: 'reconciliation', label: t('exhibitions.tabs.reconciliation'), children: <ReconciliationTab reconciliation={reconciliation.data} /> },
          {
            key: 'checkIn',
            label: t('exhibitions.tabs.checkIn'),
            children: <CheckInTab exhibition={exhibition} reconciliation={reconciliation.data} canManage={canManage} onChanged={reload} />,
          },
        ]}
      />
      {editing && (
        <ExhibitionFormModal
          exhibition={exhibition}
          onClose={() => setEditing(false)}
          onSaved={() => {
            setEditing(false);
            void message.success(t('exhibitions.saved'));
            reload();
          }}
        />
      )}
    </>
  );
}
