import type { MeterCell, MeterView } from "../meter/dashboard-view";
import { formatRate } from "../meter/format";
import { markdownCell, markdownTable } from "../ui/markdown";
import { roundTo } from "../ui/money";
import type { DashboardModel } from "../workshop-model/model";

/**
 * The live meter in the post-workshop report: its estimates beside Budgets' actual spend, with
 * what they leave out. CSV cells are numbers, "unknown" (could not be read) or empty (not metered).
 */

export const METER_CSV_HEADER = ["est_usd_per_hour", "est_since_start_usd", "est_not_included"];

const number = (value: number | null, decimals: number) => (value === null ? "unknown" : roundTo(value, decimals));

export function meterCsvCells(meter: MeterView | null | undefined, accountId: string): (string | number)[] {
    const cell = meter?.students[accountId];
    if (!cell) return ["", "", ""];
    return [number(cell.usdPerHour, 4), number(cell.sinceStartUsd, 2), cell.unknown.join("; ")];
}

function text(cell: MeterCell | undefined, value: (c: MeterCell) => number | null, format: (n: number) => string): string {
    if (!cell) return "not metered";
    const n = value(cell);
    return n === null ? "unknown" : `${format(n)}${cell.unknown.length ? " +?" : ""}`;
}

/** A "## Live meter (estimates)" section, or nothing when the meter never ran. */
export function meterMarkdown(model: DashboardModel): string[] {
    const meter = model.meter;
    if (!meter) return [];
    const rows = model.students.map((row) => {
        const cell = meter.students[row.accountId];
        return [markdownCell(row.name), markdownCell(row.email), row.spendUsd === null ? "unknown" : `$${row.spendUsd.toFixed(2)}`,
            text(cell, (c) => c.usdPerHour, (n) => `${formatRate(n)}/h`), text(cell, (c) => c.sinceStartUsd, (n) => `~$${n.toFixed(2)}`),
            markdownCell(cell?.unknown.join("; ") ?? "")];
    });
    return [
        "## Live meter (estimates)", "",
        `Estimated from what was running and the Bedrock tokens used, priced at on-demand list prices, as of ${meter.finishedAt}; ` +
        `spend counted since ${meter.periodStart}. The actual spend is AWS's own figure, which lags by hours. "+?" marks parts the ` +
        "estimate could not price, listed in the last column." + (meter.stale ? " The meter had stopped refreshing before this report." : "") +
        (meter.notMetered.length ? ` Not metered in any account: ${markdownCell(meter.notMetered.join("; "))}.` : ""),
        "",
        markdownTable(["Name", "Email", "Actual spend", "Now (est.)", "Since start (est.)", "Not in the estimate"], rows, [2, 3, 4]),
        "",
        ...(meter.freezes.length ? ["Live freezes:", "", ...meter.freezes.map((line) => `- ${markdownCell(line)}`), ""] : []),
    ];
}
