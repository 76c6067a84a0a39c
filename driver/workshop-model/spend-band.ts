/** Traffic-light colour of a spend: green until the first budget alert, amber until the budget is spent, red after. */
export type SpendBand = "green" | "amber" | "red";

/** The stack's default budgetAlertThresholds (infra/config.ts), used when the stack config has none. */
export const DEFAULT_THRESHOLDS: readonly number[] = [50, 80, 100];

export function spendBand(percentUsed: number, thresholds: readonly number[] = DEFAULT_THRESHOLDS): SpendBand {
    const firstAlert = Math.min(100, ...thresholds);
    if (percentUsed >= 100) return "red";
    return percentUsed >= firstAlert ? "amber" : "green";
}

/** The budget alerts a spend has set off (ACTUAL thresholds, in percent), lowest first. */
export function thresholdsReached(percentUsed: number, thresholds: readonly number[] = DEFAULT_THRESHOLDS): number[] {
    return [...thresholds].sort((a, b) => a - b).filter((threshold) => percentUsed >= threshold);
}

/** Percent of a budget spent; a zero budget is fully spent by any spend, and untouched by none. */
export function percentOf(spendUsd: number, budgetUsd: number): number {
    if (budgetUsd > 0) return (spendUsd / budgetUsd) * 100;
    return spendUsd > 0 ? 100 : 0;
}
