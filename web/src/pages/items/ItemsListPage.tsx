import { FilterOutlined, PictureOutlined, PlusOutlined, SearchOutlined } from '@ant-design/icons';
import { Badge, Button, Card, Col, Image, Input, InputNumber, Row, Select, Space, Table, Tag, Typography, type TableColumnsType, type TableProps } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiQuery } from '../../api/hooks.js';
import { useCan } from '../../auth/AuthContext.js';
import type { ItemSearchResult, ItemStatus, ItemSummary } from '../../api/types.js';
import { DateField } from '../../components/DateField.js';
import { ExportButton } from '../../components/ExportButton.js';
import { LoadError } from '../../components/LoadError.js';
import { LocationSelect } from '../../components/LocationSelect.js';
import { PageTitle } from '../../components/PageTitle.js';
import { SupplierSelect } from '../../components/SupplierSelect.js';
import { useAttributeLabels } from '../../data/ReferenceData.js';
import { formatCarats, formatGrams, formatQuantity, formatRingSize, formatYen, type Locale } from '../../lib/format.js';
import { Link, navigate, useSearchParams } from '../../lib/router.js';
import { useDebouncedValue } from '../../lib/useDebouncedValue.js';
import { ConsignedTag, type ItemConsignor } from '../consignment-in/ConsignedTag.js';
import { PrintTagsButton } from '../price-tags/PrintTagsDialog.js';
import { MAX_TAGS_PER_PRINT } from '../price-tags/types.js';

/** An item as the list returns it, with the consignor of a consigned piece. */
type ConsignableItem = ItemSummary & { consignor?: ItemConsignor | null };

/** Filters kept in the address bar, so that returning from an item restores the list. */
const FILTER_KEYS = ['q', 'category', 'metal', 'locationId', 'status', 'retailPriceMin', 'retailPriceMax', 'supplierId', 'ownership', 'createdFrom', 'createdTo'] as const;
const ADVANCED_KEYS = FILTER_KEYS.filter((key) => key !== 'q');
const SORTABLE = ['stockNumber', 'name', 'retailPrice', 'createdAt'] as const;
const PAGE_SIZES = ['20', '50', '100', '200'];

export const STATUS_COLORS: Record<ItemStatus, string> = {
  in_stock: 'green',
  sold: 'blue',
  written_off: 'red',
  returned_to_supplier: 'purple',
  consumed: 'default',
  out_of_stock: 'orange',
  returned_to_consignor: 'purple',
};

export function ItemsListPage() {
  const { t, i18n } = useTranslation();
  const locale: Locale = i18n.language === 'en' ? 'en' : 'ja';
  const { label, options } = useAttributeLabels();
  const [params, setParams] = useSearchParams();
  const [search, setSearch] = useState(params.get('q') ?? '');
  const debouncedSearch = useDebouncedValue(search.trim(), 300);
  const [showFilters, setShowFilters] = useState(ADVANCED_KEYS.some((key) => params.has(key)));
  const can = useCan();
  // Stock numbers of the selected rows; kept across pages so tags for several pages print at once.
  const [selected, setSelected] = useState<string[]>([]);

  const page = Number(params.get('page') ?? '1');
  const pageSize = Number(params.get('pageSize') ?? '50');
  const sort = params.get('sort') ?? 'createdAt';
  const order = params.get('order') === 'asc' ? 'asc' : 'desc';
  const query: Record<string, string | undefined> = Object.fromEntries(FILTER_KEYS.map((key) => [key, params.get(key) ?? undefined]));
  const { data, error, loading, reload } = useApiQuery<ItemSearchResult>('/api/items', { ...query, sort, order, page, pageSize });

  const update = (changes: Record<string, string | number | null | undefined>, resetPage = true) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value === null || value === undefined || value === '') next.delete(key);
      else next.set(key, String(value));
    }
    if (resetPage) next.delete('page');
    setParams(next);
  };

  // The search box writes to the address bar once typing pauses.
  useEffect(() => {
    if ((params.get('q') ?? '') !== debouncedSearch) update({ q: debouncedSearch });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [debouncedSearch]);

  const activeFilterCount = ADVANCED_KEYS.filter((key) => params.has(key)).length;

  const onTableChange: TableProps<ItemSummary>['onChange'] = (pagination, _filters, sorter) => {
    const single = Array.isArray(sorter) ? sorter[0] : sorter;
    const field = typeof single?.field === 'string' && (SORTABLE as readonly string[]).includes(single.field) ? single.field : undefined;
    const nextSort = single?.order ? field : undefined;
    let nextOrder: 'asc' | 'desc' | undefined;
    if (single?.order === 'ascend') nextOrder = 'asc';
    if (single?.order === 'descend') nextOrder = 'desc';
    const sortChanged = nextSort !== (params.get('sort') ?? undefined) || nextOrder !== (params.get('order') ?? undefined);
    update(
      {
        sort: nextSort,
        order: nextOrder,
        // A new order starts again at page 1, which the address bar leaves out.
        page: sortChanged || pagination.current === 1 ? undefined : pagination.current,
        pageSize: pagination.pageSize === 50 ? undefined : pagination.pageSize,
      },
      false,
    );
  };

  const sortOrder = (field: string) => {
    if (sort !== field) return null;
    return order === 'asc' ? 'ascend' : 'descend';
  };

  const columns: TableColumnsType<ItemSummary> = [
    {
      title: '',
      key: 'photo',
      width: 56,
      fixed: 'left',
      render: (_, item) =>
        item.thumbnailUrl ? (
          <Image src={item.thumbnailUrl} width={40} height={40} style={{ objectFit: 'cover', borderRadius: 4 }} preview={false} alt="" />
        ) : (
          <PictureOutlined style={{ fontSize: 20, color: '#ccc' }} />
        ),
    },
    {
      title: t('items.stockNumber'),
      dataIndex: 'stockNumber',
      fixed: 'left',
      sorter: true,
      sortOrder: sortOrder('stockNumber'),
      render: (value: string, item) => <Link to={`/items/${item.id}`}>{value}</Link>,
    },
    {
      title: t('items.name'),
      dataIndex: 'name',
      width: 200,
      sorter: true,
      sortOrder: sortOrder('name'),
      ellipsis: true,
      render: (value: string, item) => (
        <>
          <ConsignedTag consignor={(item as ConsignableItem).consignor} />
          {value}
        </>
      ),
    },
    { title: t('items.category'), dataIndex: 'category', responsive: ['md'], render: (value: string) => label('categories', value) },
    { title: t('items.metal'), dataIndex: 'metal', responsive: ['lg'] },
    { title: t('items.metalWeight'), dataIndex: 'metalWeightCg', responsive: ['xl'], align: 'right', render: (value: number | null) => formatGrams(value) },
    { title: t('items.mainStone'), key: 'stone', responsive: ['xl'], render: (_, item) => [item.mainStoneKind, formatCarats(item.mainStoneCaratMct)].filter(Boolean).join(' ') },
    { title: t('items.ringSize'), dataIndex: 'ringSizeTenths', responsive: ['xl'], render: (value: number | null) => formatRingSize(value, locale) },
    {
      // The column shows tax-included prices, like its filter. A tax-excluded price, as
      // entered, goes on a second line. dataIndex stays retailPrice, the sort key the API takes.
      title: t('items.retailPrice'),
      dataIndex: 'retailPrice',
      align: 'right',
      sorter: true,
      sortOrder: sortOrder('retailPrice'),
      render: (_, item) =>
        item.priceBasis === 'excluded' ? (
          <Space direction="vertical" size={0} align="end">
            <span>{formatYen(item.retailPriceIncludingTax)}</span>
            <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="item-row-price-excluded">
              {t('items.excludedAmount', { amount: formatYen(item.retailPrice) })}
            </Typography.Text>
          </Space>
        ) : (
          formatYen(item.retailPriceIncludingTax)
        ),
    },
    { title: t('common.status'), dataIndex: 'status', render: (value: ItemStatus) => <Tag color={STATUS_COLORS[value]}>{label('statuses', value)}</Tag> },
    { title: t('items.createdAt'), dataIndex: 'createdAt', responsive: ['xxl'], sorter: true, sortOrder: sortOrder('createdAt'), render: (value: string) => value.slice(0, 10) },
    {
      title: t('items.location'),
      key: 'balances',
      responsive: ['md'],
      // Where a piece is matters most, so the column stays in view on the right while the middle scrolls.
      fixed: 'right',
      render: (_, item) =>
        item.balances.map((balance) => (
          <Tag key={balance.locationId} color={balance.locationKind === 'transit' ? 'gold' : undefined}>
            {balance.locationName}
            {item.tracking === 'quantity' ? ` ${formatQuantity(balance.quantity, item.unit, locale)}` : ''}
          </Tag>
        )),
    },
  ];

  return (
    <>
      <PageTitle
        title={t('items.title')}
        extra={
          <>
            <PrintTagsButton
              source={{ stockNumbers: selected }}
              label={t('priceTags.printSelected', { count: selected.length })}
              disabled={selected.length === 0 || selected.length > MAX_TAGS_PER_PRINT}
              onPrinted={() => setSelected([])}
              testId="items-print-tags"
            />
            <ExportButton filters={{ category: query.category, status: query.status }} />
            {can('purchases.receive') && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/purchases/new')}>
                {t('nav.purchaseEntry')}
              </Button>
            )}
          </>
        }
      />
      <Space wrap style={{ marginBottom: 12, width: '100%' }}>
        <Input
          allowClear
          prefix={<SearchOutlined />}
          placeholder={t('items.searchPlaceholder')}
          aria-label={t('items.searchLabel')}
          value={search}
          onChange={(event) => setSearch(event.target.value)}
          onPressEnter={() => update({ q: search.trim() })}
          style={{ width: 360, maxWidth: '100%' }}
          data-testid="item-search-box"
        />
        <Badge count={activeFilterCount} size="small">
          <Button icon={<FilterOutlined />} onClick={() => setShowFilters((shown) => !shown)} aria-expanded={showFilters}>
            {t('items.filters')}
          </Button>
        </Badge>
        {activeFilterCount > 0 && <Button type="link" onClick={() => update(Object.fromEntries(ADVANCED_KEYS.map((key) => [key, undefined])))}>{t('items.clearFilters')}</Button>}
      </Space>
      {showFilters && (
        <Card size="small" style={{ marginBottom: 12 }}>
          <Row gutter={[12, 8]}>
            <Col xs={24} sm={12} lg={6}>
              <Typography.Text type="secondary">{t('items.category')}</Typography.Text>
              <Select allowClear style={{ width: '100%' }} value={params.get('category')} options={options('categories')} onChange={(value) => update({ category: value })} placeholder={t('common.all')} />
            </Col>
            <Col xs={24} sm={12} lg={6}>
              <Typography.Text type="secondary">{t('items.metal')}</Typography.Text>
              <Select allowClear showSearch={{ optionFilterProp: 'label' }} style={{ width: '100%' }} value={params.get('metal')} options={options('metals')} onChange={(value) => update({ metal: value })} placeholder={t('common.all')} />
            </Col>
            <Col xs={24} sm={12} lg={6}>
              <Typography.Text type="secondary">{t('items.location')}</Typography.Text>
              <LocationSelect allowClear style={{ width: '100%' }} value={params.has('locationId') ? Number(params.get('locationId')) : null} onChange={(value) => update({ locationId: value })} placeholder={t('common.all')} />
            </Col>
            <Col xs={24} sm={12} lg={6}>
              <Typography.Text type="secondary">{t('common.status')}</Typography.Text>
              <Select allowClear style={{ width: '100%' }} value={params.get('status')} options={options('statuses')} onChange={(value) => update({ status: value })} placeholder={t('common.all')} />
            </Col>
            <Col xs={24} sm={12} lg={6}>
              <Typography.Text type="secondary">{t('items.retailPriceRange')}</Typography.Text>
              <Space.Compact style={{ width: '100%' }}>
                <PriceFilter value={params.get('retailPriceMin')} onCommit={(value) => update({ retailPriceMin: value })} placeholder={t('items.min')} />
                <PriceFilter value={params.get('retailPriceMax')} onCommit={(value) => update({ retailPriceMax: value })} placeholder={t('items.max')} />
              </Space.Compact>
            </Col>
            <Col xs={24} sm={12} lg={6}>
              <Typography.Text type="secondary">{t('items.supplier')}</Typography.Text>
              <SupplierSelect allowClear style={{ width: '100%' }} value={params.has('supplierId') ? Number(params.get('supplierId')) : null} onChange={(value) => update({ supplierId: value })} />
            </Col>
            <Col xs={24} sm={12} lg={6}>
              <Typography.Text type="secondary">{t('consignment.ownership')}</Typography.Text>
              <Select
                allowClear
                style={{ width: '100%' }}
                value={params.get('ownership')}
                onChange={(value) => update({ ownership: value })}
                placeholder={t('consignment.ownershipAll')}
                options={[
                  { value: 'own', label: t('consignment.ownershipOwn') },
                  { value: 'consignment_in', label: t('consignment.ownershipConsigned') },
                ]}
                data-testid="item-filter-ownership"
              />
            </Col>
            <Col xs={24} sm={12} lg={6}>
              <Typography.Text type="secondary">{t('items.createdFrom')}</Typography.Text>
              <DateField style={{ width: '100%' }} value={params.get('createdFrom')} onChange={(value) => update({ createdFrom: value })} />
            </Col>
            <Col xs={24} sm={12} lg={6}>
              <Typography.Text type="secondary">{t('items.createdTo')}</Typography.Text>
              <DateField style={{ width: '100%' }} value={params.get('createdTo')} onChange={(value) => update({ createdTo: value })} />
            </Col>
          </Row>
        </Card>
      )}
      {error && <LoadError error={error} onRetry={reload} />}
      <Table<ItemSummary>
        rowKey="stockNumber"
        size="middle"
        loading={loading}
        columns={columns}
        rowSelection={{ selectedRowKeys: selected, preserveSelectedRowKeys: true, onChange: (keys) => setSelected(keys.map(String)) }}
        dataSource={data?.items ?? []}
        onChange={onTableChange}
        onRow={(item) => ({ onDoubleClick: () => navigate(`/items/${item.id}`) })}
        pagination={{
          current: page,
          pageSize,
          total: data?.total ?? 0,
          showSizeChanger: true,
          pageSizeOptions: PAGE_SIZES,
          showTotal: (total) => t('items.total', { count: total }),
        }}
        // The table scrolls sideways on narrow screens, with the photo and stock number fixed on the left.
        scroll={{ x: 'max-content' }}
        data-testid="items-table"
      />
    </>
  );
}

/** Renders a yen amount box that applies its filter when the user leaves it or presses Enter. */
function PriceFilter({ value, onCommit, placeholder }: { value: string | null; onCommit: (value: number | null) => void; placeholder: string }) {
  const [draft, setDraft] = useState<number | null>(value === null ? null : Number(value));
  useEffect(() => setDraft(value === null ? null : Number(value)), [value]);
  const commit = () => {
    if ((value === null ? null : Number(value)) !== draft) onCommit(draft);
  };
  return (
    <InputNumber<number>
      style={{ width: '50%' }}
      min={0}
      prefix="¥"
      placeholder={placeholder}
      formatter={(v) => (v === undefined || v === null || String(v) === '' ? '' : Number(v).toLocaleString('ja-JP'))}
      parser={(text) => Number((text ?? '').replace(/[^\d]/g, ''))}
      value={draft}
      onChange={setDraft}
      onBlur={commit}
      onPressEnter={commit}
    />
  );
}
