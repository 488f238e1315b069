import { Alert, Button, Card, Input, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { useApiQuery, useErrorReporter } from '../../api/hooks.js';
import { LoadError } from '../../components/LoadError.js';
import { PageTitle } from '../../components/PageTitle.js';
import { formatDateTime, formatYen, type Locale } from '../../lib/format.js';
import { Link } from '../../lib/router.js';
import type { PageProps } from '../../routes.js';
import { PrintTagsButton } from './PrintTagsDialog.js';
import { TemplatesPanel } from './TemplatesPanel.js';
import { MAX_TAGS_PER_PRINT, type ReprintList, type ReprintRow } from './types.js';

/** Page size of the reprint list, the largest the API serves. */
const REPRINT_PAGE_SIZE = 200;

/**
 * Splits pasted or scanned text into stock numbers: one per line, or separated by commas or
 * white space (full-width ones too), each once, in the order given.
 */
export function parseStockNumbers(text: string): string[] {
  const codes = text
    .normalize('NFKC')
    .split(/[\s,、]+/)
    .map((code) => code.trim())
    .filter((code) => code !== '');
  return [...new Set(codes)];
}

/** Renders the box where staff paste or scan stock numbers and print their tags. */
function StockNumberPrint({ onPrinted }: { onPrinted: () => void }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const stockNumbers = parseStockNumbers(text);
  const tooMany = stockNumbers.length > MAX_TAGS_PER_PRINT;

  return (
    <Card size="small" title={t('priceTags.scan.title')} style={{ marginBottom: 16 }}>
      <Input.TextArea
        aria-label={t('priceTags.scan.label')}
        value={text}
        onChange={(event) => setText(event.target.value)}
        placeholder={t('priceTags.scan.placeholder')}
        autoSize={{ minRows: 4, maxRows: 12 }}
        data-testid="tag-stock-numbers"
      />
      {tooMany && <Alert type="error" showIcon style={{ marginTop: 8 }} message={t('priceTags.scan.tooMany', { max: MAX_TAGS_PER_PRINT })} />}
      <Space style={{ marginTop: 8 }} wrap>
        <PrintTagsButton type="primary" source={{ stockNumbers }} disabled={stockNumbers.length === 0 || tooMany} onPrinted={onPrinted} testId="tag-print-numbers" />
        <Typography.Text type="secondary" data-testid="tag-stock-number-count">
          {t('priceTags.scan.count', { count: stockNumbers.length })}
        </Typography.Text>
        <Button onClick={() => setText('')} disabled={text === ''}>
          {t('priceTags.scan.clear')}
        </Button>
      </Space>
    </Card>
  );
}

/** Renders the pieces whose tag shows an old price, with selection and printing. */
function ReprintListCard() {
  const { t, i18n } = useTranslation();
  const locale: Locale = i18n.language === 'en' ? 'en' : 'ja';
  const [page, setPage] = useState(1);
  const { data, error, loading, reload } = useApiQuery<ReprintList>('/api/price-tags/reprints', { page, pageSize: REPRINT_PAGE_SIZE });
  const [selected, setSelected] = useState<string[]>([]);
  const [selectingAll, setSelectingAll] = useState(false);
  const reportError = useErrorReporter();
  const total = data?.total ?? 0;

  // The list may span pages, so selecting all reads every page. One print takes at most 1,000 pieces.
  const selectAll = async () => {
    setSelectingAll(true);
    try {
      const codes: string[] = [];
      for (let next = 1; codes.length < Math.min(total, MAX_TAGS_PER_PRINT); next += 1) {
        const result = await api.get<ReprintList>('/api/price-tags/reprints', { page: next, pageSize: REPRINT_PAGE_SIZE });
        if (result.items.length === 0) break;
        codes.push(...result.items.map((row) => row.stockNumber));
      }
      setSelected(codes.slice(0, MAX_TAGS_PER_PRINT));
    } catch (cause) {
      reportError(cause);
    } finally {
      setSelectingAll(false);
    }
  };

  const printed = () => {
    setSelected([]);
    reload();
  };

  return (
    <Card
      size="small"
      title={t('priceTags.reprints.title')}
      extra={
        <Space wrap>
          <Button onClick={() => void selectAll()} loading={selectingAll} disabled={total === 0} data-testid="reprint-select-all">
            {t('priceTags.reprints.selectAll', { count: Math.min(total, MAX_TAGS_PER_PRINT) })}
          </Button>
          <PrintTagsButton
            type="primary"
            source={{ stockNumbers: selected }}
            label={t('priceTags.printSelected', { count: selected.length })}
            disabled={selected.length === 0}
            onPrinted={printed}
            testId="reprint-print"
          />
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">{t('priceTags.reprints.hint')}</Typography.Paragraph>
      {error && <LoadError error={error} onRetry={reload} />}
      <Table<ReprintRow>
        rowKey="stockNumber"
        size="small"
        loading={loading}
        dataSource={data?.items ?? []}
        locale={{ emptyText: t('priceTags.reprints.empty') }}
        rowSelection={{
          selectedRowKeys: selected,
          preserveSelectedRowKeys: true,
          onChange: (keys) => setSelected(keys.map(String).slice(0, MAX_TAGS_PER_PRINT)),
        }}
        pagination={{
          current: page,
          pageSize: REPRINT_PAGE_SIZE,
          total,
          showSizeChanger: false,
          onChange: setPage,
          showTotal: (count) => t('priceTags.reprints.total', { count }),
        }}
        scroll={{ x: 'max-content' }}
        data-testid="reprint-table"
        columns={[
          { title: t('priceTags.reprints.stockNumber'), dataIndex: 'stockNumber', render: (code: string, row) => <Link to={`/items/${row.itemId}`}>{code}</Link> },
          { title: t('priceTags.reprints.name'), dataIndex: 'name' },
          { title: t('priceTags.reprints.location'), dataIndex: 'location', render: (value: string | null) => value ?? '—' },
          { title: t('priceTags.reprints.printedPrice'), dataIndex: 'printedPriceIncludingTax', align: 'right', render: (value: number) => <Typography.Text delete>{formatYen(value)}</Typography.Text> },
          { title: t('priceTags.reprints.currentPrice'), dataIndex: 'currentPriceIncludingTax', align: 'right', render: (value: number) => <strong>{formatYen(value)}</strong> },
          { title: t('priceTags.reprints.printedAt'), dataIndex: 'printedAt', render: (value: string) => formatDateTime(value, locale) },
        ]}
      />
    </Card>
  );
}

/** Renders the price tag screen: print by stock number, the tags to reprint and the templates. */
export function PriceTagsPage(_props: PageProps) {
  const { t } = useTranslation();
  // A print from the box may reprint listed pieces, so the list is read again after it.
  const [printCount, setPrintCount] = useState(0);
  return (
    <>
      <PageTitle title={t('priceTags.title')} />
      <StockNumberPrint onPrinted={() => setPrintCount((count) => count + 1)} />
      <ReprintListCard key={printCount} />
      <Card title={t('tagTemplates.title')} style={{ marginTop: 16 }} data-testid="templates-card">
        <TemplatesPanel />
      </Card>
    </>
  );
}
