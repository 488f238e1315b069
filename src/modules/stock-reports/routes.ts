import { z } from 'zod';
import { costField } from '../../server/cost-hiding.js';
import type { App, AppDeps } from '../../server/types.js';
import { scopeOf } from '../access/http.js';
import { CATEGORIES } from '../items/attributes.js';
import { stockValueReport } from './service.js';

const figures = {
  ownUnits: z.number(),
  ownBookCost: costField(z.number()),
  ownRetailValue: z.number(),
  consignedUnits: z.number(),
  consignedRetailValue: z.number(),
};

const stockValueOutput = z.object({
  rows: z.array(
    z.object({
      locationId: z.number(),
      locationCode: z.string(),
      locationName: z.string(),
      locationKind: z.enum(['store', 'warehouse', 'exhibition', 'partner', 'transit']),
      ...figures,
    }),
  ),
  totals: z.object(figures),
  away: z.object({ ownUnits: z.number(), ownBookCost: costField(z.number()), ownRetailValue: z.number() }),
});

export async function stockReportRoutes(app: App, { db }: AppDeps): Promise<void> {
  // Book cost fields are removed for users without cost.view by the cost-hiding hook.
  app.get(
    '/api/reports/stock-value',
    {
      config: { permission: 'stock.view' },
      schema: {
        tags: ['reports'],
        summary: 'Stock per location: own stock at book cost (the inventory value) and consigned pieces apart',
        querystring: z.object({ category: z.enum(CATEGORIES).optional() }),
        response: { 200: stockValueOutput },
      },
    },
    async (request) => stockValueReport(db, scopeOf(request), { category: request.query.category }),
  );
}
