import { DatePicker, Flex, Select, Segmented } from 'antd';
import dayjs from 'dayjs';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { AnalyticsSettings } from '../../../../src/modules/analytics/settings.js';
import { useApiQuery } from '../../api/hooks.js';
import { useScopedLocations } from '../../data/ReferenceData.js';
import { todayInTokyo } from '../../lib/format.js';
import { useSearchParams } from '../../lib/router.js';
import { PERIOD_PRESETS, presetPeriod, type PeriodPreset } from './periods.js';

// The filters of every analytics report live in the address bar (period=last_month&
// locations=1,4&channels=store), so a copied link opens the same report with the same figures.

export const CHANNELS = ['store', 'exhibition', 'partner', 'rakuten', 'yahoo', 'own_site'] as const;

/** Reads and changes query-string values of the current page; null or '' removes a value. */
export function useUrlState() {
  const [params, setParams] = useSearchParams();
  const get = (key: string): string | null => params.get(key);
  const set = (updates: Record<string, string | null | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(updates)) {
      if (value === null || value === undefined || value === '') next.delete(key);
      else next.set(key, value);
    }
    setParams(next);
  };
  return { get, set };
}

/** A query-string value that must be one of `allowed`, else the first of them. */
export function useUrlChoice<T extends string>(key: string, allowed: readonly T[]): [T, (value: T) => void] {
  const { get, set } = useUrlState();
  const raw = get(key);
  const value = allowed.includes(raw as T) ? (raw as T) : allowed[0]!;
  return [value, (next: T) => set({ [key]: next === allowed[0] ? null : next })];
}

/** The analytics settings, or the usual Japanese defaults while they load. */
export function useFiscalYearStart(): number {
  const { data } = useApiQuery<AnalyticsSettings>('/api/analytics/settings');
  return data?.fiscalYearStartMonth ?? 4;
}

export interface ReportFilterState {
  preset: PeriodPreset;
  from: string;
  to: string;
  locationIds: number[];
  channels: string[];
  /** The API query of these filters: from, to, locationIds, channels. */
  query: Record<string, string>;
}

function listOf(text: string | null): string[] {
  return text ? text.split(',').filter((part) => part !== '') : [];
}

/** The period, locations and channels chosen in the address bar, with this month as the default. */
export function useReportFilters(): ReportFilterState {
  const { get } = useUrlState();
  const fiscalYearStart = useFiscalYearStart();
  const rawPreset = get('period');
  const preset: PeriodPreset = (PERIOD_PRESETS as readonly string[]).includes(rawPreset ?? '') ? (rawPreset as PeriodPreset) : 'this_month';
  const today = todayInTokyo();
  const fallback = presetPeriod('this_month', today, fiscalYearStart);
  const period = preset === 'custom' ? { from: get('from') ?? fallback.from, to: get('to') ?? fallback.to } : presetPeriod(preset, today, fiscalYearStart);
  const locationIds = listOf(get('locations')).map(Number).filter((id) => Number.isInteger(id) && id > 0);
  const channels = listOf(get('channels')).filter((channel) => (CHANNELS as readonly string[]).includes(channel));
  const key = `${preset}|${period.from}|${period.to}|${locationIds.join(',')}|${channels.join(',')}`;

  // Memoised on the values so that the report query keeps its identity between renders.
  return useMemo(
    () => ({ preset, ...period, locationIds, channels, query: { from: period.from, to: period.to, locationIds: locationIds.join(','), channels: channels.join(',') } }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [key],
  );
}

/**
 * The filter bar above a report: period preset or custom range, locations and channels.
 * `channels` false leaves out the channel filter, for reports of stock rather than sales.
 */
export function ReportFilters({ filters, channels = true, period = true }: { filters: ReportFilterState; channels?: boolean; period?: boolean }) {
  const { t } = useTranslation();
  const { set } = useUrlState();
  const locations = useScopedLocations('act');

  return (
    <Flex gap={12} wrap align="center" style={{ marginBottom: 16 }} data-testid="report-filters">
      {period && (
        <>
          <Segmented<PeriodPreset>
            value={filters.preset}
            options={PERIOD_PRESETS.map((preset) => ({ value: preset, label: t(`analytics.filters.presets.${preset}`) }))}
            onChange={(preset) => set({ period: preset === 'this_month' ? null : preset, from: preset === 'custom' ? filters.from : null, to: preset === 'custom' ? filters.to : null })}
            data-testid="period-preset"
          />
          <DatePicker.RangePicker
            aria-label={t('analytics.filters.period')}
            allowClear={false}
            format="YYYY-MM-DD"
            value={[dayjs(filters.from, 'YYYY-MM-DD'), dayjs(filters.to, 'YYYY-MM-DD')]}
            onChange={(dates) => {
              const [from, to] = dates ?? [];
              if (from && to) set({ period: 'custom', from: from.format('YYYY-MM-DD'), to: to.format('YYYY-MM-DD') });
            }}
            data-testid="period-range"
          />
        </>
      )}
      <MultiFilter
        label={t('analytics.filters.locations')}
        placeholder={t('analytics.filters.allLocations')}
        value={filters.locationIds.map(String)}
        options={locations.map((location) => ({ value: String(location.id), label: `${location.code} ${location.name}` }))}
        onChange={(ids) => set({ locations: ids.join(',') })}
        testId="filter-locations"
      />
      {channels && (
        <MultiFilter
          label={t('analytics.filters.channels')}
          placeholder={t('analytics.filters.allChannels')}
          value={filters.channels}
          options={CHANNELS.map((channel) => ({ value: channel, label: t(`analytics.channels.${channel}`) }))}
          onChange={(values) => set({ channels: values.join(',') })}
          testId="filter-channels"
        />
      )}
    </Flex>
  );
}

interface MultiFilterProps {
  label: string;
  placeholder: string;
  value: string[];
  options: Array<{ value: string; label: string }>;
  onChange: (values: string[]) => void;
  testId: string;
}

/** A searchable multiple choice; nothing chosen means every one. */
function MultiFilter({ label, placeholder, value, options, onChange, testId }: MultiFilterProps) {
  return (
    <Select<string[]>
      mode="multiple"
      allowClear
      aria-label={label}
      placeholder={placeholder}
      style={{ minWidth: 190 }}
      value={value}
      showSearch={{ optionFilterProp: 'label' }}
      options={options}
      onChange={onChange}
      data-testid={testId}
    />
  );
}
