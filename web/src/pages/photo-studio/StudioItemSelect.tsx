import { SearchOutlined } from '@ant-design/icons';
import { Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiQuery } from '../../api/hooks.js';
import type { ItemSearchResult, ItemSummary } from '../../api/types.js';
import { useDebouncedValue } from '../../lib/useDebouncedValue.js';

/** The fields of a piece that the studio shows and uses. */
export type StudioItem = Pick<ItemSummary, 'id' | 'stockNumber' | 'name' | 'category'>;

interface StudioItemSelectProps {
  value: number | null;
  onChange: (item: StudioItem | undefined) => void;
  'data-testid'?: string;
  'aria-label'?: string;
}

/**
 * A piece searched on the server (GET /api/items, by stock number or name) as the user types.
 * Any status is offered, because a sold piece may still need its photos for a listing.
 */
export function StudioItemSelect({ value, onChange, ...rest }: StudioItemSelectProps) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const q = useDebouncedValue(search.trim(), 250);
  const { data, loading } = useApiQuery<ItemSearchResult>(q ? '/api/items' : null, { q, pageSize: 20, sort: 'stockNumber', order: 'asc' });
  const [chosen, setChosen] = useState<StudioItem>();
  const matches: StudioItem[] = q ? (data?.items ?? []) : [];
  // The chosen piece stays an option after the search changes, so its label stays visible.
  const options = chosen && !matches.some((item) => item.id === chosen.id) ? [chosen, ...matches] : matches;

  return (
    <Select<number>
      {...rest}
      style={{ minWidth: 240, width: '100%' }}
      value={value}
      allowClear
      suffixIcon={<SearchOutlined />}
      placeholder={t('photoStudio.item.searchPlaceholder')}
      showSearch={{ filterOption: false, onSearch: setSearch, searchValue: search }}
      loading={loading}
      notFoundContent={q ? t('photoStudio.item.noMatch') : t('photoStudio.item.typeToSearch')}
      options={options.map((item) => ({ value: item.id, label: `${item.stockNumber}  ${item.name}` }))}
      onChange={(id) => {
        const item = options.find((candidate) => candidate.id === id);
        setChosen(item);
        setSearch('');
        onChange(item);
      }}
    />
  );
}
