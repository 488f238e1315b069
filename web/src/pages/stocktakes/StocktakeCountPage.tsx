import { ArrowLeftOutlined, CheckOutlined, StopOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Descriptions, Popconfirm, Result, Row, Skeleton, Statistic, Tag, Typography } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { useApiQuery, useErrorReporter } from '../../api/hooks.js';
import type { WriteOffSummary } from '../../api/types.js';
import { useCan } from '../../auth/AuthContext.js';
import { LoadError } from '../../components/LoadError.js';
import { PageTitle } from '../../components/PageTitle.js';
import { useAttributeLabels } from '../../data/ReferenceData.js';
import { formatDateTime, formatYen, type Locale } from '../../lib/format.js';
import { Link, navigate } from '../../lib/router.js';
import type { PageProps } from '../../routes.js';
import { PostDialog } from './PostDialog.js';
import { ScanPanel } from './ScanPanel.js';
import { STATUS_COLORS, type PostedStocktake, type Stocktake, type VarianceLine, type VarianceReport, type VarianceSummary } from './types.js';
import { useScanQueue } from './useScanQueue.js';
import { VarianceReportView } from './VarianceReportView.js';

/** Wait in milliseconds after a recorded scan before the report reloads; later scans restart it. */
const REPORT_RELOAD_DELAY_MS = 400;

/** Interval in milliseconds at which an open count reloads to show other devices' scans and status changes. */
const REPORT_REFRESH_MS = 20_000;

/** Counts and values of the count so far; cost appears only when the API returned it. */
function SummaryCards({ summary, bookLines }: { summary: VarianceSummary; bookLines: number }) {
  const { t } = useTranslation();
  const cards: Array<{ key: string; value: number | string; warn?: boolean }> = [
    { key: 'bookLines', value: bookLines },
    { key: 'scans', value: summary.scans },
    { key: 'counted', value: summary.countedPieces },
    { key: 'missing', value: summary.missing, warn: summary.missing > 0 },
    { key: 'unexpected', value: summary.unexpected, warn: summary.unexpected > 0 },
    { key: 'misplaced', value: summary.misplaced, warn: summary.misplaced > 0 },
    { key: 'duplicates', value: summary.duplicates },
    { key: 'unknown', value: summary.unknownCodes, warn: summary.unknownCodes > 0 },
    { key: 'missingRetail', value: formatYen(summary.missingRetail) },
    ...(summary.missingCost === undefined ? [] : [{ key: 'missingCost', value: formatYen(summary.missingCost) }]),
  ];
  return (
    <Row gutter={[12, 12]} style={{ marginBottom: 16 }} data-testid="stocktake-summary">
      {cards.map((card) => (
        <Col key={card.key} xs={12} sm={8} md={6} lg={4} xl={3}>
          <Card size="small">
            <Statistic title={t(`stocktakes.summary.${card.key}`)} value={card.value} styles={{ content: card.warn ? { color: '#cf1322' } : undefined }} data-testid={`summary-${card.key}`} />
          </Card>
        </Col>
      ))}
    </Row>
  );
}

/** Shows the write-off that posting made, linked to the write-off screen for users who may open it. */
function WriteOffLink({ writeOffId, canOpen }: { writeOffId: number; canOpen: boolean }) {
  const { t } = useTranslation();
  const writeOff = useApiQuery<WriteOffSummary>(canOpen ? `/api/write-offs/${writeOffId}` : null);
  if (!canOpen) return <>{t('stocktakes.detail.writeOffId', { id: writeOffId })}</>;
  const number = writeOff.data?.number;
  return (
    <Link to="/write-offs" data-testid="write-off-link">
      {number ? t('stocktakes.detail.writeOffNumber', { number }) : t('stocktakes.detail.writeOffId', { id: writeOffId })}
    </Link>
  );
}

/**
 * Shows one count. While it is counting: the scan box (USB scanner, camera), the running list of
 * scans, the live summary and the variance report with recount, and for users with
 * stock.write_off the buttons that post or cancel it. Once posted or cancelled the page
 * shows the count read-only with the report as frozen at that moment.
 */
export function StocktakeCountPage({ params }: PageProps) {
  // Keyed by id, because the router keeps the page mounted when only the id changes, and the
  // scan queue and the device's pending scans belong to one count.
  return <CountView key={params.id} id={Number(params.id)} />;
}

function CountView({ id }: { id: number }) {
  const { t, i18n } = useTranslation();
  const locale: Locale = i18n.language === 'en' ? 'en' : 'ja';
  const { message } = App.useApp();
  const reportError = useErrorReporter();
  const can = useCan();
  const canClose = can('stock.write_off');
  const { label } = useAttributeLabels();
  const valid = Number.isInteger(id) && id > 0;
  const detail = useApiQuery<Stocktake>(valid ? `/api/stocktakes/${id}` : null);
  const report = useApiQuery<VarianceReport>(valid ? `/api/stocktakes/${id}/variances` : null);
  const [posting, setPosting] = useState(false);
  const [cancelling, setCancelling] = useState(false);

  const reloadDetail = detail.reload;
  const reloadTimer = useRef<ReturnType<typeof setTimeout>>(undefined);
  // One report reload after a burst of scans, because each reload compares the whole count.
  const reloadReport = useCallback(() => {
    clearTimeout(reloadTimer.current);
    reloadTimer.current = setTimeout(report.reload, REPORT_RELOAD_DELAY_MS);
  }, [report.reload]);
  useEffect(() => () => clearTimeout(reloadTimer.current), []);

  // Other devices' scans, and a post or cancel made elsewhere, reach this page only through a
  // reload, so an open count reloads now and then.
  const counting = detail.data?.status === 'counting';
  useEffect(() => {
    if (!counting) return;
    const timer = setInterval(() => {
      if (document.visibilityState !== 'visible') return;
      reloadDetail();
      report.reload();
    }, REPORT_REFRESH_MS);
    return () => clearInterval(timer);
  }, [counting, reloadDetail, report.reload]);

  const onRejected = useCallback(
    (error: unknown) => {
      reportError(error);
      reloadDetail();
    },
    [reloadDetail, reportError],
  );
  const queue = useScanQueue(id, reloadReport, onRejected);

  if (!valid) return <Result status="404" title={t('errors.pageNotFound')} />;
  if (detail.error) return <LoadError error={detail.error} onRetry={detail.reload} />;
  const stocktake = detail.data;
  if (!stocktake) return <Skeleton active />;

  const summary = report.data?.summary ?? stocktake.summary;
  // A posted count's frozen report keeps the pieces that posting left alone, so the notice survives a reload.
  const skipped = report.data?.notMoved ?? [];
  const reload = () => {
    detail.reload();
    report.reload();
  };

  const cancel = async () => {
    setCancelling(true);
    try {
      await api.post<Stocktake>(`/api/stocktakes/${stocktake.id}/cancel`);
      void message.success(t('stocktakes.cancel.done', { number: stocktake.number }));
      reload();
    } catch (error) {
      reportError(error);
    } finally {
      setCancelling(false);
    }
  };

  const posted = (result: PostedStocktake) => {
    setPosting(false);
    void message.success(t('stocktakes.post.done', { number: result.number }));
    reload();
  };

  return (
    <>
      <PageTitle
        title={
          <>
            {t('stocktakes.detail.title', { number: stocktake.number })}{' '}
            <Tag color={STATUS_COLORS[stocktake.status]} data-testid="stocktake-status">
              {t(`stocktakes.status.${stocktake.status}`)}
            </Tag>
          </>
        }
        extra={
          <>
            <Button icon={<ArrowLeftOutlined />} onClick={() => navigate('/stocktakes')}>
              {t('stocktakes.detail.back')}
            </Button>
            {canClose && counting && (
              <Popconfirm title={t('stocktakes.cancel.confirm', { number: stocktake.number })} okText={t('stocktakes.cancel.submit')} cancelText={t('common.close')} onConfirm={cancel}>
                <Button danger icon={<StopOutlined />} loading={cancelling} data-testid="cancel-stocktake">
                  {t('stocktakes.cancel.submit')}
                </Button>
              </Popconfirm>
            )}
            {canClose && counting && (
              <Button type="primary" icon={<CheckOutlined />} disabled={!report.data || queue.waiting > 0} onClick={() => setPosting(true)} data-testid="post-stocktake">
                {t('stocktakes.post.open')}
              </Button>
            )}
          </>
        }
      />
      <Descriptions size="small" column={{ xs: 1, md: 2, lg: 3 }} style={{ marginBottom: 16 }} data-testid="stocktake-fields">
        <Descriptions.Item label={t('stocktakes.columns.location')}>{stocktake.locationName}</Descriptions.Item>
        <Descriptions.Item label={t('stocktakes.columns.category')}>{stocktake.category ? label('categories', stocktake.category) : t('stocktakes.allCategories')}</Descriptions.Item>
        <Descriptions.Item label={t('stocktakes.columns.startedAt')}>{formatDateTime(stocktake.startedAt, locale)}</Descriptions.Item>
        {stocktake.closedAt && <Descriptions.Item label={t('stocktakes.columns.closedAt')}>{formatDateTime(stocktake.closedAt, locale)}</Descriptions.Item>}
        {stocktake.writeOffId !== null && (
          <Descriptions.Item label={t('stocktakes.detail.writeOff')}>
            <WriteOffLink writeOffId={stocktake.writeOffId} canOpen={canClose} />
          </Descriptions.Item>
        )}
        {stocktake.note && <Descriptions.Item label={t('stocktakes.columns.note')}>{stocktake.note}</Descriptions.Item>}
      </Descriptions>
      {!counting && (
        <Alert style={{ marginBottom: 16 }} type="info" showIcon title={t(`stocktakes.detail.closedNotice.${stocktake.status}`)} data-testid="closed-notice" />
      )}
      {stocktake.status === 'posted' && skipped.length > 0 && (
        <Alert
          style={{ marginBottom: 16 }}
          type="warning"
          showIcon
          title={t('stocktakes.post.skipped', { count: skipped.length })}
          description={skipped.map((line) => `${line.stockNumber} ${line.itemName}`).join('、')}
          data-testid="post-skipped"
        />
      )}
      <SummaryCards summary={summary} bookLines={stocktake.bookLines} />
      {counting && <ScanPanel deviceId={queue.deviceId} entries={queue.entries} waiting={queue.waiting} onScan={queue.scan} onResend={queue.resendNow} />}
      {report.error && <LoadError error={report.error} onRetry={report.reload} />}
      <Typography.Title level={4}>{t('stocktakes.report.title')}</Typography.Title>
      <VarianceReportView stocktakeId={stocktake.id} report={report.data} loading={report.loading} deviceId={queue.deviceId} canRecount={counting} onRecounted={report.reload} />
      {posting && report.data && <PostDialog stocktake={stocktake} report={report.data} onClose={() => setPosting(false)} onPosted={posted} />}
    </>
  );
}
