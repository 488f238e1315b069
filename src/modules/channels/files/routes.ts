import type { App, AppDeps } from '../../../server/types.js';
import { auditActor } from '../../audit/http.js';
import { recordAudit } from '../../audit/service.js';
import { fileExportParams, fileExportQuery } from './schemas.js';
import { buildExportFile, FILE_TARGETS, loadExportListings } from './service.js';

export async function fileExportRoutes(app: App, { db }: AppDeps): Promise<void> {
  app.get(
    '/api/listings/export/:format',
    {
      config: { permission: 'channels.manage' },
      schema: {
        tags: ['channels'],
        summary: 'Export a selection of listings as a mall upload file (Rakuten normal-item.csv, Yahoo data.csv or quantity.csv, CP932)',
        params: fileExportParams,
        querystring: fileExportQuery,
      },
    },
    async (request, reply) => {
      const { format } = request.params;
      const { ids } = request.query;
      request.log.info({ format, listingCount: ids.length }, 'listing file export started');

      // The whole file is built before the reply starts, so a rejected selection or a
      // character CP932 lacks becomes an error response rather than a cut-off file.
      const listings = await loadExportListings(db, ids);
      const { fileName, bytes } = buildExportFile(format, listings);

      // Downloads take data out of the system, so the trail records who took what.
      await recordAudit(db, auditActor(request), {
        action: 'listing.export',
        entityType: 'listing',
        detail: { format, channelKind: FILE_TARGETS[format].channelKind, listingIds: ids },
      });
      request.log.info({ format, listingCount: ids.length, bytes: bytes.length }, 'listing file export finished');

      return reply
        .header('content-type', 'text/csv; charset=Shift_JIS')
        .header('content-disposition', `attachment; filename="${fileName}"`)
        .header('cache-control', 'no-store')
        .send(bytes);
    },
  );
}
