import { useCan } from '../auth/AuthContext.js';
import { todayInTokyo } from '../lib/format.js';
import { CsvDownloadButton } from './CsvDownloadButton.js';

/**
 * Downloads the item CSV. The export route filters by category and status only, so a list
 * filtered otherwise exports more than it shows. Renders nothing for users without
 * 'data.export'.
 */
export function ExportButton({ filters }: { filters?: { category?: string; status?: string } }) {
  const can = useCan();
  if (!can('data.export')) return null;
  return <CsvDownloadButton path="/api/items/export" query={filters} fallbackName={`items-${todayInTokyo()}.csv`} testId="export-button" />;
}
