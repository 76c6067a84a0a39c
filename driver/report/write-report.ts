import { promises as fs } from "fs";
import * as path from "path";
import type { DriverContext } from "../context";
import { loadDashboardModel, type LoadModelOptions } from "../dashboard/load-model";
import { buildReport } from "./build-report";

export interface WriteReportOptions extends LoadModelOptions {
    /** Defaults to <dataDir>/reports. */
    outDir?: string;
}

export interface WrittenReport {
    markdownPath: string;
    csvPath: string;
}

/** "2026-11-10T15-00-00Z": sortable, and valid in a file name on every OS. */
function fileTimestamp(date: Date): string {
    return date.toISOString().replace(/\.\d{3}Z$/, "Z").replace(/:/g, "-");
}

/**
 * Writes the post-workshop report (Markdown and CSV) and returns where. `destroy` calls this
 * first, while the accounts and their costs can still be read.
 */
export async function writeReport(ctx: DriverContext, options: WriteReportOptions = {}): Promise<WrittenReport> {
    const report = buildReport(await loadDashboardModel(ctx, options));
    const outDir = path.resolve(ctx.projectDir, options.outDir ?? path.join(ctx.dataDir, "reports"));
    await fs.mkdir(outDir, { recursive: true });
    const base = path.join(outDir, `report-${fileTimestamp(ctx.now())}`);
    const written = { markdownPath: `${base}.md`, csvPath: `${base}.csv` };
    await fs.writeFile(written.markdownPath, report.markdown, "utf8");
    await fs.writeFile(written.csvPath, report.csv, "utf8");
    return written;
}
