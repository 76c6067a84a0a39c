import { CostExplorerClient } from "@aws-sdk/client-cost-explorer";
import { promises as fs } from "fs";
import * as path from "path";

import type { DriverContext } from "../context";
import { DEFAULT_CACHE_TTL_MS, serviceCostCachePath } from "../costs/cache-settings";
import { billablesFromOutputs, daysInMonth, ownCostPerDay } from "../costs/own-cost";
import { getServiceCosts } from "../costs/service-costs";
import { workshopOutputs } from "../pulumi/stack-outputs";
import { dashboardModelOf, type LoadModelOptions } from "../workshop-model/load-model";
import { buildReport } from "./build-report";

export interface WriteReportOptions extends LoadModelOptions {
    /** Defaults to <dataDir>/reports. */
    outDir?: string;
}

export interface WrittenReport {
    markdownPath: string;
    csvPath: string;
    /** Billed Cost Explorer requests the report made (its per-service breakdown); 0 when cached. */
    billedRequests: number;
}

/** "2026-11-10T15-00-00Z": sortable, and valid in a file name on every OS. */
function fileTimestamp(date: Date): string {
    return date.toISOString().replace(/\.\d{3}Z$/, "Z").replace(/:/g, "-");
}

/**
 * Writes the post-workshop report (Markdown and CSV) and returns where. Spend per student comes
 * from AWS Budgets like the dashboard's; the breakdown by service is one Cost Explorer query.
 * `destroy` calls this first, while the accounts and their costs can still be read.
 */
export async function writeReport(ctx: DriverContext, options: WriteReportOptions = {}): Promise<WrittenReport> {
    const ttlMs = options.ttlMs ?? DEFAULT_CACHE_TTL_MS;
    const outputs = workshopOutputs(await ctx.engine.outputs());
    const [model, services] = await Promise.all([
        dashboardModelOf(ctx, outputs, { ttlMs }),
        getServiceCosts({ client: ctx.aws.client(CostExplorerClient), accountIds: Object.values(outputs.students).map((s) => s.accountId),
            cachePath: serviceCostCachePath(ctx.dataDir), ttlMs, now: () => ctx.now() }),
    ]);
    const ownCost = ownCostPerDay(billablesFromOutputs(outputs), daysInMonth(ctx.now()));
    const report = buildReport(model, { services, ownCost });
    const outDir = path.resolve(ctx.projectDir, options.outDir ?? path.join(ctx.dataDir, "reports"));
    await fs.mkdir(outDir, { recursive: true });
    const base = path.join(outDir, `report-${fileTimestamp(ctx.now())}`);
    const written = { markdownPath: `${base}.md`, csvPath: `${base}.csv`, billedRequests: services.billedRequests };
    await fs.writeFile(written.markdownPath, report.markdown, "utf8");
    await fs.writeFile(written.csvPath, report.csv, "utf8");
    return written;
}
