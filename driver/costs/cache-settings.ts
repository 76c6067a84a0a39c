import * as path from "path";

/**
 * Budgets recalculates spend up to three times a day and Cost Explorer refreshes a few times a
 * day; asking again within half an hour would only return the same numbers.
 */
export const DEFAULT_CACHE_TTL_MS = 30 * 60 * 1000;

export function minutesToMs(minutes: number): number {
    return minutes * 60 * 1000;
}

export function budgetSpendCachePath(dataDir: string): string {
    return path.join(dataDir, "budget-spend-cache.json");
}

export function serviceCostCachePath(dataDir: string): string {
    return path.join(dataDir, "service-cost-cache.json");
}

export function accountStateCachePath(dataDir: string): string {
    return path.join(dataDir, "account-state-cache.json");
}
