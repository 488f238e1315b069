import { z } from 'zod';
import { bilingual } from '../../../shared/zod.js';

/** File formats a selection of listings can be exported in, for shops that upload files to the malls. */
export const FILE_FORMATS = ['rakuten-item', 'yahoo-data', 'yahoo-quantity'] as const;
export type FileFormat = (typeof FILE_FORMATS)[number];

/** Maximum number of listings in one export. Yahoo takes up to 20,000 rows per uploaded file. */
export const MAX_EXPORT_LISTINGS = 5000;

export const fileExportParams = z.object({ format: z.enum(FILE_FORMATS) });

// NOTE: Node's default limit on the request line and headers is 16 KB, so a GET carrying
// 5000 five-digit ids (about 30 KB) is rejected with 431 before it reaches this schema.
// About 2,500 such ids fit.
export const fileExportQuery = z.object({
  /** Listing ids, comma-separated: "1,2,3". Repeated ids are exported once. */
  ids: z
    .string()
    .trim()
    .refine(
      (value) => /^\d+(\s*,\s*\d+)*$/.test(value),
      bilingual('出品 ID をカンマ区切りの数字で指定してください（例: ids=1,2,3）。', 'Give the listing ids as comma-separated numbers, e.g. ids=1,2,3.'),
    )
    .transform((value) => [...new Set(value.split(',').map((part) => Number(part.trim())))])
    .refine(
      (ids) => ids.every((id) => Number.isSafeInteger(id) && id > 0),
      bilingual('出品 ID は 1 以上の整数で指定してください。', 'Listing ids must be whole numbers of 1 or more.'),
    )
    .refine(
      (ids) => ids.length <= MAX_EXPORT_LISTINGS,
      bilingual(
        `一度に出力できる出品は ${MAX_EXPORT_LISTINGS} 件までです。選択を分けて出力してください。`,
        `At most ${MAX_EXPORT_LISTINGS} listings can be exported at once. Split the selection.`,
      ),
    ),
});
export type FileExportQuery = z.infer<typeof fileExportQuery>;
