import type { ResultByTime } from "@aws-sdk/client-cost-explorer";

export interface DailyCost {
    /** ISO date (UTC) the cost was incurred on. */
    date: string;
    usd: number;
}

export interface AccountCosts {
    monthToDateUsd: number;
    /** One entry per day with data, in date order. */
    daily: DailyCost[];
}

export interface CostSummary {
    /** Accounts that had any cost; an account missing here spent nothing. */
    perAccount: Record<string, AccountCosts>;
    totalUsd: number;
    /** The last day the data covers (ISO date), or null when Cost Explorer returned no days. */
    asOf: string | null;
}

/** Float sums over a month of days pick up noise (0.30000000000000004); micro-dollars keep totals stable and comparable. */
function roundMicros(usd: number): number {
    return Math.round(usd * 1e6) / 1e6;
}

/**
 * Groups Cost Explorer's DAILY results, grouped by LINKED_ACCOUNT, into per-account totals.
 * Pages can split one day's groups, so amounts for the same account and day are added, not replaced.
 */
export function groupCosts(resultsByTime: readonly ResultByTime[]): CostSummary {
    const byAccountAndDay = new Map<string, Map<string, number>>();
    let asOf: string | null = null;
    for (const result of resultsByTime) {
        const date = result.TimePeriod?.Start;
        if (!date) continue;
        if (asOf === null || date > asOf) asOf = date;
        for (const group of result.Groups ?? []) {
            const accountId = group.Keys?.[0];
            const amount = Number(group.Metrics?.UnblendedCost?.Amount ?? 0);
            if (!accountId || !Number.isFinite(amount)) continue;
            const days = byAccountAndDay.get(accountId) ?? new Map<string, number>();
            days.set(date, (days.get(date) ?? 0) + amount);
            byAccountAndDay.set(accountId, days);
        }
    }

    const perAccount: Record<string, AccountCosts> = {};
    let totalUsd = 0;
    for (const [accountId, days] of byAccountAndDay) {
        const daily = [...days].sort(([a], [b]) => a.localeCompare(b)).map(([date, usd]) => ({ date, usd: roundMicros(usd) }));
        const monthToDateUsd = roundMicros(daily.reduce((sum, day) => sum + day.usd, 0));
        perAccount[accountId] = { monthToDateUsd, daily };
        totalUsd += monthToDateUsd;
    }
    return { perAccount, totalUsd: roundMicros(totalUsd), asOf };
}
