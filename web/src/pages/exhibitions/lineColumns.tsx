import { Tag, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatYen } from '../../lib/format.js';
import { Link } from '../../lib/router.js';
import { ConsignedTag } from '../consignment-in/ConsignedTag.js';
import { STATE_COLORS, type ExhibitionItemState, type ExhibitionLine } from './types.js';

/** Returns the columns every list of pieces shows: stock number, item with its 受託 tag, retail price, and state with its detail. */
export function useLineColumns(): TableColumnsType<ExhibitionLine> {
  const { t } = useTranslation();
  return [
    { title: t('exhibitions.columns.stockNumber'), dataIndex: 'stockNumber', render: (value: string, line) => <Link to={`/items/${line.itemId}`}>{value}</Link> },
    {
      title: t('exhibitions.columns.item'),
      dataIndex: 'itemName',
      render: (value: string, line) => (
        <>
          {value} <ConsignedTag consignor={line.consignor} />
        </>
      ),
    },
    { title: t('exhibitions.columns.retailPrice'), dataIndex: 'retailPrice', align: 'right', render: (value: number) => formatYen(value) },
    {
      title: t('exhibitions.columns.state'),
      dataIndex: 'state',
      render: (value: ExhibitionItemState, line) => (
        <Tag color={STATE_COLORS[value]} data-testid={`state-${line.stockNumber}`}>
          {t(`exhibitions.state.${value}`)}
        </Tag>
      ),
    },
    {
      title: t('exhibitions.columns.detail'),
      key: 'detail',
      responsive: ['md'],
      render: (_, line) => {
        if (line.soldBy?.documentType === 'sale') return <Link to={`/sales/${line.soldBy.documentId}`}>{t('exhibitions.soldBy', { number: line.soldBy.number })}</Link>;
        if (line.soldBy) return t('exhibitions.soldBy', { number: line.soldBy.number });
        if (line.state === 'returned' && line.returnedToLocationName) return t('exhibitions.returnedTo', { location: line.returnedToLocationName });
        return line.resolutionNote;
      },
    },
  ];
}
