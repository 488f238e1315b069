import { todayInTokyo } from '../lib/format.js';
import { CsvDownloadButton } from './CsvDownloadButton.js';

/**
 * Downloads the item CSV. The export route filters by category and status only, so a list
 * filtered otherwise exports more than it shows.
 */
export function ExportButton({ filters }: { filters?: { category?: string; status?: string } }) {
  return <CsvDownloadButton path="/api/items/export" query={filters} fallbackName={`items-${todayInTokyo()}.csv`} testId="export-button" />;
}
