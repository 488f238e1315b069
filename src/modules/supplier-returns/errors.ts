import { defineErrors } from '../../shared/errors.js';

export const supplierReturnErrors = defineErrors({
  supplier_return_not_found: {
    kind: 'not_found',
    ja: (p: { id: number }) => `仕入返品伝票（ID ${p.id}）が見つかりません。仕入返品の一覧から選び直してください。`,
    en: (p: { id: number }) => `Supplier return ${p.id} was not found. Choose it again from the supplier return list.`,
  },
  supplier_return_wrong_supplier: {
    kind: 'conflict',
    ja: (p: { stockNumber: string; itemSupplier: string; supplier: string }) =>
      `在庫番号 ${p.stockNumber} の仕入先は「${p.itemSupplier}」で、「${p.supplier}」ではありません。仕入先を選び直すか、この行を外してください。`,
    en: (p: { stockNumber: string; itemSupplier: string; supplier: string }) =>
      `Stock number ${p.stockNumber} was bought from "${p.itemSupplier}", not "${p.supplier}". Choose that supplier or remove the line.`,
  },
});
