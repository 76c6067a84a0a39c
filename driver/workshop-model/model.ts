import type { WorkshopOutputs } from "../../infra/outputs";
import type { AccountState, AccountStates } from "../costs/account-states";
import type { BillingPeriod } from "../costs/billing-period";
import { budgetsIncludeCredits, type WorkshopSpend } from "../costs/budget-spend";
import type { MeterView } from "../meter/dashboard-view";
import type { RegistrationCounts } from "../registration/table";
import { emailedAt, type EmailedMap } from "./email-ledger";
import { DEFAULT_THRESHOLDS, percentOf, type SpendBand,spendBand, thresholdsReached } from "./spend-band";

export interface StudentRow {
    name: string;
    email: string;
    accountId: string;
    accountState: AccountState;
    /** Actual spend month to date, as the student's budget has it; null when Budgets does not list the budget. */
    spendUsd: number | null;
    /** Budgets' forecast for the month; null until Budgets makes one. */
    forecastUsd: number | null;
    budgetUsd: number;
    percentUsed: number;
    band: SpendBand;
    /** Budget alert thresholds (percent) this spend has reached. */
    thresholdsReached: number[];
    emailed: boolean;
    /** When the welcome email went out; null when not sent or the ledger did not say. */
    emailedAt: string | null;
}

export interface DashboardTotals {
    students: number;
    activeAccounts: number;
    spendUsd: number;
    /** The master budget's forecast, when Budgets has one. */
    forecastUsd: number | null;
    masterBudgetUsd: number;
    masterPercentUsed: number;
    masterBand: SpendBand;
    emailed: number;
}

/** Where the spend comes from and how far to trust it. */
export interface SpendSource {
    /** When AWS Budgets was asked (ISO time); null when there was nothing to ask about. */
    fetchedAt: string | null;
    /** True when the budgets net credits off the spend (usage paid by credits then shows as $0). */
    creditsIncluded: boolean;
    /** Students whose budget Budgets does not list (deleted outside the stack): their spend is unknown. */
    missingBudgets: number;
}

/**
 * Everything the dashboard page and the report show, and nothing more: it is served as JSON,
 * so it is built from chosen fields only (never the raw outputs, which may hold secrets).
 */
export interface DashboardModel {
    workshopName: string;
    /** ISO time the model was built, or null when the caller did not say. */
    generatedAt: string | null;
    spend: SpendSource;
    /** The calendar month (UTC) the budgets count, to date; End exclusive. */
    period: { start: string; end: string };
    thresholds: number[];
    totals: DashboardTotals;
    /** In name order. */
    students: StudentRow[];
    /** The live meter's last refresh (estimates), absent or null when it has not run. */
    meter?: MeterView | null;
    /** "Guardrails proven on <date>...": the last `doctor --guardrails` (driver/workshop-model/guardrail-proof-record.ts). */
    guardrailProof?: string;
    /** Self-registrations by state; absent when registration is off, null when the table could not be read. */
    registrations?: RegistrationCounts | null;
}

export interface DashboardModelOptions {
    /** The stack's budgetAlertThresholds. */
    thresholds?: readonly number[];
    generatedAt?: Date;
}

/** Builds the dashboard from the stack outputs, the budgets' spend, the account states and the email ledger. Pure. */
export function dashboardModel(outputs: WorkshopOutputs, spend: WorkshopSpend, period: BillingPeriod, accountStates: AccountStates,
    emailed: EmailedMap = {}, options: DashboardModelOptions = {}): DashboardModel {
    const thresholds = [...(options.thresholds ?? DEFAULT_THRESHOLDS)].sort((a, b) => a - b);
    const students = Object.values(outputs.students).map((student): StudentRow => {
        const budget = spend.byBudget[student.budgetName];
        const percentUsed = percentOf(budget?.actualUsd ?? 0, student.budgetLimitUsd);
        const sentAt = emailedAt(emailed, student.email, student.accountId);
        return {
            name: student.name,
            email: student.email,
            accountId: student.accountId,
            accountState: accountStates[student.accountId] ?? (Object.keys(accountStates).length > 0 ? "NOT_IN_OU" : "UNKNOWN"),
            spendUsd: budget ? budget.actualUsd : null,
            forecastUsd: budget?.forecastedUsd ?? null,
            budgetUsd: student.budgetLimitUsd,
            percentUsed,
            band: spendBand(percentUsed, thresholds),
            thresholdsReached: thresholdsReached(percentUsed, thresholds),
            emailed: sentAt !== undefined,
            emailedAt: sentAt || null,
        };
    }).sort((a, b) => a.name.localeCompare(b.name) || a.email.localeCompare(b.email));

    // The master budget covers every workshop account, so its spend is the total; without it, the students' sum.
    const master = spend.byBudget[outputs.masterBudgetName];
    const spendUsd = master?.actualUsd ?? students.reduce((sum, row) => sum + (row.spendUsd ?? 0), 0);
    const masterPercentUsed = percentOf(spendUsd, outputs.masterBudgetUsd);
    return {
        workshopName: outputs.workshopName,
        generatedAt: options.generatedAt?.toISOString() ?? null,
        spend: {
            fetchedAt: spend.fetchedAt,
            creditsIncluded: budgetsIncludeCredits(spend.byBudget, outputs.budgetsIncludeCredits ?? false),
            missingBudgets: students.filter((row) => row.spendUsd === null).length,
        },
        period: { start: period.start, end: period.end },
        thresholds,
        totals: {
            students: students.length,
            activeAccounts: students.filter((row) => row.accountState === "ACTIVE").length,
            spendUsd,
            forecastUsd: master?.forecastedUsd ?? null,
            masterBudgetUsd: outputs.masterBudgetUsd,
            masterPercentUsed,
            masterBand: spendBand(masterPercentUsed, thresholds),
            emailed: students.filter((row) => row.emailed).length,
        },
        students,
    };
}
