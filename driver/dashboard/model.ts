import type { WorkshopOutputs } from "../../infra/outputs";
import type { AccountState, AccountStates } from "../costs/account-states";
import type { WorkshopCosts } from "../costs/workshop-costs";
import { emailedAt, type EmailedMap } from "./email-ledger";
import { DEFAULT_THRESHOLDS, percentOf, spendBand, thresholdsReached, type SpendBand } from "./spend-band";

export interface StudentRow {
    name: string;
    email: string;
    accountId: string;
    accountState: AccountState;
    spendUsd: number;
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
    masterBudgetUsd: number;
    masterPercentUsed: number;
    masterBand: SpendBand;
    emailed: number;
}

/**
 * Everything the dashboard page and the report show, and nothing more: it is served as JSON,
 * so it is built from chosen fields only (never the raw outputs, which may hold secrets).
 */
export interface DashboardModel {
    workshopName: string;
    /** ISO time the model was built, or null when the caller did not say. */
    generatedAt: string | null;
    /** Last day the cost data covers, and when Cost Explorer was asked. */
    costsAsOf: string | null;
    costsFetchedAt: string | null;
    period: { start: string; end: string };
    thresholds: number[];
    totals: DashboardTotals;
    /** In name order. */
    students: StudentRow[];
}

export interface DashboardModelOptions {
    /** The stack's budgetAlertThresholds. */
    thresholds?: readonly number[];
    generatedAt?: Date;
}

/** Builds the dashboard from the stack outputs, the costs, the account states and the email ledger. Pure. */
export function dashboardModel(outputs: WorkshopOutputs, costs: WorkshopCosts, accountStates: AccountStates,
    emailed: EmailedMap = {}, options: DashboardModelOptions = {}): DashboardModel {
    const thresholds = [...(options.thresholds ?? DEFAULT_THRESHOLDS)].sort((a, b) => a - b);
    const students = Object.values(outputs.students).map((student): StudentRow => {
        const spendUsd = costs.perAccount[student.accountId]?.monthToDateUsd ?? 0;
        const percentUsed = percentOf(spendUsd, student.budgetLimitUsd);
        const sentAt = emailedAt(emailed, student.email, student.accountId);
        return {
            name: student.name,
            email: student.email,
            accountId: student.accountId,
            accountState: accountStates[student.accountId] ?? (Object.keys(accountStates).length > 0 ? "NOT_IN_OU" : "UNKNOWN"),
            spendUsd,
            budgetUsd: student.budgetLimitUsd,
            percentUsed,
            band: spendBand(percentUsed, thresholds),
            thresholdsReached: thresholdsReached(percentUsed, thresholds),
            emailed: sentAt !== undefined,
            emailedAt: sentAt || null,
        };
    }).sort((a, b) => a.name.localeCompare(b.name) || a.email.localeCompare(b.email));

    // The master budget covers the whole workshop, so its spend is every account's, students or not.
    const spendUsd = costs.totalUsd;
    const masterPercentUsed = percentOf(spendUsd, outputs.masterBudgetUsd);
    return {
        workshopName: outputs.workshopName,
        generatedAt: options.generatedAt?.toISOString() ?? null,
        costsAsOf: costs.asOf,
        costsFetchedAt: costs.fetchedAt,
        period: { start: costs.period.start, end: costs.period.end },
        thresholds,
        totals: {
            students: students.length,
            activeAccounts: students.filter((row) => row.accountState === "ACTIVE").length,
            spendUsd,
            masterBudgetUsd: outputs.masterBudgetUsd,
            masterPercentUsed,
            masterBand: spendBand(masterPercentUsed, thresholds),
            emailed: students.filter((row) => row.emailed).length,
        },
        students,
    };
}
