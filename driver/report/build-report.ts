import type { DashboardModel, StudentRow } from "../dashboard/model";
import { toCsv, type CsvCell } from "./csv";
import { formatPercent, formatUsd, roundTo, truncatePercent } from "./format";
import { markdownCell, markdownTable } from "./markdown";

export interface Report {
    markdown: string;
    csv: string;
}

const CSV_HEADER = ["name", "email", "account_id", "account_state", "spend_usd", "budget_usd", "percent_used",
    "thresholds_reached", "emailed", "emailed_at"];

function humanState(state: string): string {
    return state.replace(/_/g, " ").toLowerCase();
}

function emailedText(row: StudentRow): string {
    if (!row.emailed) return "no";
    return row.emailedAt ?? "yes";
}

function costsLine(model: DashboardModel): string {
    const asOf = model.costsAsOf ? `data as of ${model.costsAsOf}` : "no cost data yet";
    const fetched = model.costsFetchedAt ? `, fetched ${model.costsFetchedAt}` : "";
    return `Spend is unblended cost, month to date from ${model.period.start} to ${model.period.end} (exclusive), ` +
        `credits and refunds excluded; ${asOf}${fetched}.`;
}

function markdownReport(model: DashboardModel): string {
    const { totals } = model;
    const overBudget = model.students.filter((row) => row.percentUsed >= 100).length;
    const summary = markdownTable(["", ""], [
        ["Students", String(totals.students)],
        ["Active accounts", String(totals.activeAccounts)],
        ["Spend", `${formatUsd(totals.spendUsd)} of ${formatUsd(totals.masterBudgetUsd)} master budget (${formatPercent(totals.masterPercentUsed)})`],
        ["Students at or over budget", String(overBudget)],
        ["Welcome emails sent", `${totals.emailed} of ${totals.students}`],
        ["Budget alert thresholds", model.thresholds.map((t) => `${t}%`).join(", ")],
    ]);
    const students = markdownTable(
        ["Name", "Email", "Account", "State", "Spend", "Budget", "Used", "Alerts reached", "Emailed"],
        model.students.map((row) => [
            markdownCell(row.name), markdownCell(row.email), row.accountId, humanState(row.accountState),
            formatUsd(row.spendUsd), formatUsd(row.budgetUsd), formatPercent(row.percentUsed),
            row.thresholdsReached.length > 0 ? row.thresholdsReached.map((t) => `${t}%`).join(", ") : "none",
            markdownCell(emailedText(row)),
        ]),
        [4, 5, 6],
    );
    const title = `# Workshop report: ${markdownCell(model.workshopName || "(unnamed)")}`;
    const generated = model.generatedAt ? `Generated ${model.generatedAt}. ` : "";
    return [title, "", `${generated}${costsLine(model)}`, "", "## Totals", "", summary, "", "## Students", "", students, ""].join("\n");
}

function csvReport(model: DashboardModel): string {
    const rows: CsvCell[][] = model.students.map((row) => [
        row.name, row.email, row.accountId, row.accountState, roundTo(row.spendUsd, 2), roundTo(row.budgetUsd, 2),
        truncatePercent(row.percentUsed), row.thresholdsReached.join(";"), row.emailed ? "yes" : "no", row.emailedAt ?? "",
    ]);
    const { totals } = model;
    // The master budget's spend covers every workshop account, so the total row uses it rather than a column sum.
    const total: CsvCell[] = ["TOTAL", "", "", `${totals.activeAccounts} of ${totals.students} active`, roundTo(totals.spendUsd, 2),
        roundTo(totals.masterBudgetUsd, 2), truncatePercent(totals.masterPercentUsed), "", `${totals.emailed} of ${totals.students}`, ""];
    return toCsv([CSV_HEADER, ...rows, total]);
}

/** The post-workshop report, from the same model the dashboard shows. Pure. */
export function buildReport(model: DashboardModel): Report {
    return { markdown: markdownReport(model), csv: csvReport(model) };
}
