import { beforeAll, expect, it } from 'vitest';
import { useSignedInApp } from '../../../test/helpers/app.js';
import { consignTestItem } from '../../../test/helpers/consignment.js';
import { describeEachDatabase } from '../../../test/helpers/database.js';
import { createTestLocation, receiveTestItem } from '../../../test/helpers/factories.js';

// The inventory value counts our own pieces at book cost wherever they are, and leaves
// consigned pieces out (they are counted apart, at retail).

describeEachDatabase('stock value report', (database) => {
  const signedIn = useSignedInApp(database, 'ja');
  let storeId = 0;
  let partnerId = 0;

  beforeAll(async () => {
    const db = database().db;
    storeId = (await createTestLocation(db)).id;
    partnerId = (await createTestLocation(db, { kind: 'partner' })).id;
    await receiveTestItem(db, { locationId: storeId, cost: 50_000, retailPrice: 132_000 });
    await receiveTestItem(db, { locationId: partnerId, cost: 30_000, retailPrice: 88_000 });
    await consignTestItem(db, { locationId: storeId, retailPrice: 55_000 });
  });

  it('values own stock at cost and counts consigned pieces apart', async () => {
    const report = (await signedIn.api().get('/api/reports/stock-value')).json();
    const store = report.rows.find((row: { locationId: number }) => row.locationId === storeId);
    const partner = report.rows.find((row: { locationId: number }) => row.locationId === partnerId);
    expect(store).toMatchObject({ ownUnits: 1, ownBookCost: 50_000, ownRetailValue: 132_000, consignedUnits: 1, consignedRetailValue: 55_000 });
    expect(partner).toMatchObject({ locationKind: 'partner', ownUnits: 1, ownBookCost: 30_000, consignedUnits: 0 });
    expect(report.away.ownBookCost).toBeGreaterThanOrEqual(30_000);
  });
});
