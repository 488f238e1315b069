import type { App, AppDeps } from '../../server/types.js';
import { auditActor } from '../audit/http.js';
import { recordAudit } from '../audit/service.js';
import { companySettingsInput, companySettingsOutput } from './schemas.js';
import { getCompanySettings, updateCompanySettings } from './service.js';

export async function companyRoutes(app: App, { db }: AppDeps): Promise<void> {
  app.get(
    '/api/company',
    {
      config: { permission: 'session' },
      schema: { tags: ['company'], summary: 'Company settings', response: { 200: companySettingsOutput } } },
    async () => getCompanySettings(db),
  );

  app.put(
    '/api/company',
    {
      config: { permission: 'settings.change' },
      schema: {
        tags: ['company'],
        summary: 'Update company settings',
        body: companySettingsInput,
        response: { 200: companySettingsOutput },
      },
    },
    async (request) => {
      const settings = await db.transaction().execute(async (trx) => {
        const before = await getCompanySettings(trx);
        const after = await updateCompanySettings(trx, request.body);
        await recordAudit(trx, auditActor(request), { action: 'company.update', entityType: 'company', entityId: 1, before, after });
        return after;
      });
      request.log.info('company settings updated');
      return settings;
    },
  );
}
