import { loadDemoData } from '../../modules/demo/service.js';
import { parseCommandArgs } from '../args.js';
import { withDatabase, type CliContext } from '../context.js';

/** `tsunagu demo [--force]`: loads the demo company for a first look around. */
export async function demoCommand(ctx: CliContext, args: string[]): Promise<number> {
  const { values } = parseCommandArgs(args, { force: { type: 'boolean' } }, []);

  return withDatabase(await ctx.openMigratedDatabase(), async (handle) => {
    const summary = await loadDemoData(handle.db, { force: values.force ?? false });

    ctx.say({
      ja: `デモデータを読み込みました（${ctx.describeDatabase(handle)}）。`,
      en: `Loaded the demo data into ${ctx.describeDatabase(handle)}.`,
    });
    ctx.say(
      summary.companyUpdated
        ? { ja: `  会社: ${summary.companyName}`, en: `  Company: ${summary.companyName}` }
        : { ja: `  会社: ${summary.companyName}（設定済みのため変更なし）`, en: `  Company: ${summary.companyName} (already set, left unchanged)` },
    );
    ctx.say({
      ja: `  拠点 ${summary.locationsCreated} 件、仕入先 ${summary.suppliersCreated} 件を作成`,
      en: `  Created ${summary.locationsCreated} locations and ${summary.suppliersCreated} suppliers`,
    });
    ctx.say({
      ja: `  仕入 ${summary.purchases.join(', ')}: ${summary.linesReceived} 行を入荷`,
      en: `  Purchases ${summary.purchases.join(', ')}: ${summary.linesReceived} lines received`,
    });
    ctx.say({
      ja: `  移動 ${summary.transfers[0]}（入荷済み）、${summary.transfers[1]}（展示会へ移動中）`,
      en: `  Transfers ${summary.transfers[0]} (received) and ${summary.transfers[1]} (in transit to the exhibition)`,
    });
    ctx.say({ ja: `  償却 ${summary.writeOff}、分割 ${summary.split}`, en: `  Write-off ${summary.writeOff}, split ${summary.split}` });
    const url = `http://${ctx.config.host}:${ctx.config.port}`;
    ctx.say({
      ja: `\`npm start\` でサーバーを起動し、ブラウザで ${url} を開いてください。`,
      en: `Start the server with \`npm start\` and open ${url} in a browser.`,
    });
    return 0;
  });
}
