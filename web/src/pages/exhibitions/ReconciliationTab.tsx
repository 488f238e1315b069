import { Alert, Card, Col, Row, Segmented, Statistic, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatYen } from '../../lib/format.js';
import { useLineColumns } from './lineColumns.js';
import { ITEM_STATES, type ExhibitionItemState, type ExhibitionLine, type Reconciliation } from './types.js';

/** Shows what went out, was sold, came back and is missing, with counts and retail totals per state. */
export function ReconciliationTab({ reconciliation }: { reconciliation: Reconciliation | undefined }) {
  const { t } = useTranslation();
  const columns = useLineColumns();
  const [state, setState] = useState<ExhibitionItemState | 'all'>('all');
  if (!reconciliation) return null;
  const lines = state === 'all' ? reconciliation.lines : reconciliation.lines.filter((line) => line.state === state);

  return (
    <>
      {reconciliation.openOfflineConflicts > 0 && (
        <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={t('exhibitions.offlineConflicts', { count: reconciliation.openOfflineConflicts })} />
      )}
      <Row gutter={[12, 12]} style={{ marginBottom: 12 }} data-testid="reconciliation-totals">
        {[...ITEM_STATES, 'all' as const].map((key) => {
          const totals = reconciliation.totals[key];
          return (
            <Col key={key} xs={12} md={8} lg={4}>
              <Card size="small" data-testid={`totals-${key}`}>
                <Statistic title={key === 'all' ? t('exhibitions.totals.all') : t(`exhibitions.state.${key}`)} value={totals.count} />
                <Typography.Text type="secondary">{t('exhibitions.totals.retail', { amount: formatYen(totals.retailTotal) })}</Typography.Text>
                {totals.totalCost !== undefined && (
                  <div>
                    <Typography.Text type="secondary">{t('exhibitions.totals.cost', { amount: formatYen(totals.totalCost) })}</Typography.Text>
                  </div>
                )}
              </Card>
            </Col>
          );
        })}
      </Row>
      <Segmented<ExhibitionItemState | 'all'>
        style={{ marginBottom: 12 }}
        value={state}
        onChange={setState}
        options={[{ value: 'all' as const, label: t('common.all') }, ...ITEM_STATES.map((value) => ({ value, label: t(`exhibitions.state.${value}`) }))]}
      />
      <Table<ExhibitionLine> rowKey="itemId" size="small" columns={columns} dataSource={lines} pagination={false} scroll={{ x: 'max-content' }} data-testid="reconciliation-table" />
    </>
  );
}
