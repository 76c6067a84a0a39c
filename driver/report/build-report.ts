import { billedRequestsText } from "../costs/fetch-cost-and-usage";
import { type OwnCost,ownCostLine } from "../costs/own-cost";
import type { ServiceCosts } from "../costs/service-costs";
import { markdownCell, markdownTable } from "../ui/markdown";
import { formatPercent, formatUsd, roundTo, truncatePercent } from "../ui/money";
import type { DashboardModel, StudentRow } from "../workshop-model/model";
import { type CsvCell,toCsv } from "./csv";
import { METER_CSV_HEADER, meterCsvCells, meterMarkdown } from "./meter-section";

export interface Report {
    markdown: string;
    csv: string;
}

/** What the report adds to the dashboard's model. */
export interface ReportDetails {
    /** The per-service breakdown, the report's one Cost Explorer query. */
    services: ServiceCosts;
    ownCost: OwnCost;
}

const CSV_HEADER = ["name", "email", "account_id", "account_state", "spend_usd", "forecast_usd", "budget_usd", "percent_used",
    "thresholds_reached", "emailed", "emailed_at", ...METER_CSV_HEADER];

function humanState(state: string): string {
    return state.replace(/_/g, " ").toLowerCase();
}

function emailedText(row: StudentRow): string {
    if (!row.emailed) return "no";
    return row.emailedAt ?? "yes";
}

function usdOrNa(usd: number | null): string {
    return usd === null ? "n/a" : formatUsd(usd);
}

function spendLine(model: DashboardModel): string {
    const credits = model.spend.creditsIncluded
        ? "credits included (usage paid by credits shows as no spend)"
        : "credits excluded";
    const asked = model.spend.fetchedAt ? `, asked ${model.spend.fetchedAt}` : "";
    const missing = model.spend.missingBudgets > 0
        ? ` ${model.spend.missingBudgets} student budget(s) are not in AWS Budgets (deleted outside the stack): their spend shows n/a.`
        : "";
    return `Spend is the actual cost AWS Budgets calculated for each student's budget, month to date from ${model.period.start} ` +
        `to ${model.period.end} (exclusive), ${credits}${asked}. Budgets recalculates up to three times a day, ` +
        `typically 8-12 hours apart, so the last hours of usage may not be in it yet.${missing}`;
}

function servicesSection(services: ServiceCosts): string[] {
    const requests = billedRequestsText(services.billedRequests);
    const source = `Unblended cost from Cost Explorer, all workshop accounts, ${services.period.start} to ${services.period.end} ` +
        `(exclusive), credits and refunds excluded (${requests}${services.fetchedAt ? `, asked ${services.fetchedAt}` : ""}). ` +
        "Cost Explorer and Budgets refresh at different times, so the totals can differ by a few hours of usage.";
    if (services.services.length === 0) return ["## Spend by service", "", source, "", "No costs yet.", ""];
    const table = markdownTable(["Service", "Spend"], [
        ...services.services.map((cost) => [markdownCell(cost.service), formatUsd(cost.usd)]),
        ["**Total**", `**${formatUsd(services.totalUsd)}**`],
    ], [1]);
    return ["## Spend by service", "", source, "", table, ""];
}

function markdownReport(model: DashboardModel, details: ReportDetails): string {
    const { totals } = model;
    const overBudget = model.students.filter((row) => row.percentUsed >= 100).length;
    const summary = markdownTable(["", ""], [
        ["Students", String(totals.students)],
        ["Active accounts", String(totals.activeAccounts)],
        ["Spend", `${formatUsd(totals.spendUsd)} of ${formatUsd(totals.masterBudgetUsd)} master budget (${formatPercent(totals.masterPercentUsed)})`],
        ["Forecast for the month", totals.forecastUsd === null ? "none yet (Budgets forecasts once there is enough history)" : formatUsd(totals.forecastUsd)],
        ["Students at or over budget", String(overBudget)],
        ["Welcome emails sent", `${totals.emailed} of ${totals.students}`],
        ["Budget alert thresholds", model.thresholds.map((t) => `${t}%`).join(", ")],
    ]);
    const students = markdownTable(
        ["Name", "Email", "Account", "State", "Spend", "Forecast", "Budget", "Used", "Alerts reached", "Emailed"],
        model.students.map((row) => [
            markdownCell(row.name), markdownCell(row.email), row.accountId, humanState(row.accountState),
            usdOrNa(row.spendUsd), usdOrNa(row.forecastUsd), formatUsd(row.budgetUsd), formatPercent(row.percentUsed),
            row.thresholdsReached.length > 0 ? row.thresholdsReached.map((t) => `${t}%`).join(", ") : "none",
            markdownCell(emailedText(row)),
        ]),
        [4, 5, 6, 7],
    );
    const title = `# Workshop report: ${markdownCell(model.workshopName || "(unnamed)")}`;
    const generated = model.generatedAt ? `Generated ${model.generatedAt}. ` : "";
    return [title, "", `${generated}${spendLine(model)}`, "", ownCostLine(details.ownCost), "",
        "## Totals", "", summary, "", "## Students", "", students, "", ...meterMarkdown(model), ...servicesSection(details.services)].join("\n");
}

function csvReport(model: DashboardModel): string {
    const cents = (usd: number | null): CsvCell => (usd === null ? "" : roundTo(usd, 2));
    const rows: CsvCell[][] = model.students.map((row) => [
        row.name, row.email, row.accountId, row.accountState, cents(row.spendUsd), cents(row.forecastUsd), roundTo(row.budgetUsd, 2),
        truncatePercent(row.percentUsed), row.thresholdsReached.join(";"), row.emailed ? "yes" : "no", row.emailedAt ?? "",
        ...meterCsvCells(model.meter, row.accountId),
    ]);
    const { totals } = model;
    // The master budget's spend covers every workshop account, so the total row uses it rather than a column sum.
    const total: CsvCell[] = ["TOTAL", "", "", `${totals.activeAccounts} of ${totals.students} active`, roundTo(totals.spendUsd, 2),
        cents(totals.forecastUsd), roundTo(totals.masterBudgetUsd, 2), truncatePercent(totals.masterPercentUsed), "",
        `${totals.emailed} of ${totals.students}`, "", ...METER_CSV_HEADER.map(() => "")];
    return toCsv([CSV_HEADER, ...rows, total]);
}

/** The post-workshop report, from the same model the dashboard shows, with the per-service costs and the tool's own cost. Pure. */
export function buildReport(model: DashboardModel, details: ReportDetails): Report {
    return { markdown: markdownReport(model, details), csv: csvReport(model) };
}
