import type { CostExplorerClient } from "@aws-sdk/client-cost-explorer";
import { monthToDate, type BillingPeriod } from "./billing-period";
import { fetchCostAndUsage } from "./fetch-cost-and-usage";
import { groupCosts, type CostSummary } from "./group-costs";
import { setKey } from "./set-key";
import { readThroughCache } from "./ttl-cache";

export interface WorkshopCosts extends CostSummary {
    period: BillingPeriod;
    /** When Cost Explorer was asked (ISO time), or null when there was nothing to ask about. */
    fetchedAt: string | null;
}

export interface WorkshopCostsOptions {
    client: CostExplorerClient;
    accountIds: readonly string[];
    cachePath: string;
    ttlMs: number;
    now?: () => Date;
}

/** Month-to-date spend of the workshop's accounts: one paginated Cost Explorer query per TTL, none without accounts. */
export async function getWorkshopCosts(options: WorkshopCostsOptions): Promise<WorkshopCosts> {
    const now = options.now ?? (() => new Date());
    const period = monthToDate(now());
    if (options.accountIds.length === 0) return { perAccount: {}, totalUsd: 0, asOf: null, period, fetchedAt: null };

    const cached = await readThroughCache({
        cachePath: options.cachePath,
        // A new student or a new month must never read old numbers.
        key: `${period.month}:${setKey(options.accountIds)}`,
        ttlMs: options.ttlMs,
        now,
        load: async () => groupCosts(await fetchCostAndUsage(options.client, options.accountIds, period)),
    });
    return { ...cached.value, period, fetchedAt: cached.fetchedAt };
}
