import { type Budget, type BudgetsClient,DescribeBudgetsCommand } from "@aws-sdk/client-budgets";
import type { OrganizationsClient } from "@aws-sdk/client-organizations";

import { describeOrganization } from "../aws/organization";
import { monthToDate } from "./billing-period";
import { setKey } from "./set-key";
import { readThroughCache } from "./ttl-cache";

/**
 * Spend as AWS Budgets calculates it for each budget (month to date, with the budget's own cost
 * types). The Budgets API has no per-request price (only action-enabled budget-days and budget
 * reports are priced, https://aws.amazon.com/aws-cost-management/aws-budgets/pricing/), so the
 * dashboard and `status` read spend here and never from Cost Explorer, which bills every page.
 * Budgets recalculates up to three times a day, typically 8-12 hours apart
 * (https://docs.aws.amazon.com/cost-management/latest/userguide/budgets-managing-costs.html).
 */

/** DescribeBudgets' default page size; the API reference allows up to 1,000, older SDK models 100. */
export const BUDGETS_PAGE_SIZE = 100;

export interface BudgetSpend {
    actualUsd: number;
    /** Budgets forecasts only once an account has enough usage history; null until then. */
    forecastedUsd: number | null;
    limitUsd: number | null;
    /** CostTypes.IncludeCredit; null when the answer did not say. */
    includesCredits: boolean | null;
}

export interface WorkshopSpend {
    /** By budget name; a budget the stack names but Budgets does not list is missing. */
    byBudget: Record<string, BudgetSpend>;
    /** When Budgets was asked (ISO time), or null when there was nothing to ask about. */
    fetchedAt: string | null;
}

function usd(amount: string | undefined): number | null {
    const value = amount === undefined ? NaN : Number(amount);
    return Number.isFinite(value) ? value : null;
}

export function budgetSpend(budget: Budget): BudgetSpend {
    return {
        actualUsd: usd(budget.CalculatedSpend?.ActualSpend?.Amount) ?? 0,
        forecastedUsd: usd(budget.CalculatedSpend?.ForecastedSpend?.Amount),
        limitUsd: usd(budget.BudgetLimit?.Amount),
        includesCredits: budget.CostTypes?.IncludeCredit ?? null,
    };
}

/**
 * Whether the spend shown nets credits off: what the budgets say they count, else the stack's
 * budgetsIncludeCredits output. Any budget counting credits makes the answer yes, so the page never
 * claims usage is shown in full when some of it may be hidden.
 */
export function budgetsIncludeCredits(byBudget: Record<string, BudgetSpend>, fromOutputs: boolean): boolean {
    const known = Object.values(byBudget).map((spend) => spend.includesCredits).filter((flag): flag is boolean => flag !== null);
    return known.length > 0 ? known.some(Boolean) : fromOutputs;
}

/**
 * The named budgets of the payer account. DescribeBudgets has no name filter and lists every
 * budget of the account (other teams' too), so the names are matched here, and paging stops
 * once every wanted budget has been seen.
 */
export async function describeBudgetsNamed(client: BudgetsClient, accountId: string, names: readonly string[]): Promise<Budget[]> {
    const wanted = new Set(names);
    const found: Budget[] = [];
    let nextToken: string | undefined;
    do {
        const page = await client.send(new DescribeBudgetsCommand({
            AccountId: accountId, MaxResults: BUDGETS_PAGE_SIZE, ...(nextToken ? { NextToken: nextToken } : {}),
        }));
        for (const budget of page.Budgets ?? []) {
            if (budget.BudgetName && wanted.delete(budget.BudgetName)) found.push(budget);
        }
        nextToken = page.NextToken || undefined;
    } while (nextToken && wanted.size > 0);
    return found;
}

export interface WorkshopSpendOptions {
    budgets: BudgetsClient;
    /** Budgets addresses budgets by the payer's account id, which the stack outputs do not carry. */
    organizations: OrganizationsClient;
    /** The students' budgets and the master budget, from the stack outputs. */
    budgetNames: readonly string[];
    cachePath: string;
    ttlMs: number;
    now?: () => Date;
}

/** Month-to-date spend of the workshop's budgets, asked at most once per TTL; nothing to ask without budgets. */
export async function getWorkshopSpend(options: WorkshopSpendOptions): Promise<WorkshopSpend> {
    const now = options.now ?? (() => new Date());
    const names = options.budgetNames.filter(Boolean);
    if (names.length === 0) return { byBudget: {}, fetchedAt: null };
    const cached = await readThroughCache({
        cachePath: options.cachePath,
        // Budgets start again from zero each month, and a new student must never read old numbers.
        key: `${monthToDate(now()).month}:${setKey(names)}`,
        ttlMs: options.ttlMs,
        now,
        load: async () => {
            const { managementAccountId } = await describeOrganization(options.organizations);
            const budgets = await describeBudgetsNamed(options.budgets, managementAccountId, names);
            return Object.fromEntries(budgets.map((budget) => [budget.BudgetName!, budgetSpend(budget)]));
        },
    });
    return { byBudget: cached.value, fetchedAt: cached.fetchedAt };
}
