import path from 'node:path';

/** Shopify's public demo export "jewelery.csv", kept beside the repository in shared/. */
export const SHOPIFY_DEMO_FILE = path.resolve(import.meta.dirname, '../../../../shared/data/real/shopify-jewelery.csv');

// Counted by reading the file: 41 data rows, 20 handles, 23 variant rows (17 products
// without options, and Blue/Black, Gold/Silver and Blue/Purple for three more), 18 rows that
// only add an image. Every product's first variant has quantity 1, the three second ones 0.
// All prices but one ("55") have cents.
export const DEMO = { dataRows: 41, products: 20, variants: 23, inStock: 20, soldOut: 3, withDecimalPrice: 22 };
