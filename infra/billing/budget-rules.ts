import { parseBudgetUsd } from "../rules/budget-amount";

/** The limit as Budgets takes it ("25.00"); the roster and config refuse anything else first (budget-amount.ts). */
export function budgetLimitAmount(usd: number, what: string): string {
    const parsed = parseBudgetUsd(usd, what);
    if (parsed.problem !== undefined) throw new Error(parsed.problem);
    return parsed.usd.toFixed(2);
}

/**
 * Budgets counts net of credits and refunds unless told otherwise (costTypes, API_budgets_CostTypes.html);
 * with education credits the spend nets to about $0 and no alert or freeze ever fires. Gross usage
 * unless the instructor opts in (budgetsIncludeCredits).
 */
export function budgetCostTypes(includeCredits: boolean): { includeCredit: boolean; includeRefund: boolean } {
    return { includeCredit: includeCredits, includeRefund: includeCredits };
}
