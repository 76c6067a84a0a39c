import type { CostExplorerClient, ResultByTime } from "@aws-sdk/client-cost-explorer";

import { type BillingPeriod,monthToDate } from "./billing-period";
import { serviceCostRequest } from "./cost-request";
import { fetchCostAndUsage } from "./fetch-cost-and-usage";
import { setKey } from "./set-key";
import { readThroughCache } from "./ttl-cache";

/**
 * Where the workshop's money went, by AWS service: the one thing Budgets cannot say, so the
 * only Cost Explorer query the driver makes, once per report.
 */

export interface ServiceCost {
    service: string;
    usd: number;
}

export interface ServiceCosts {
    /** Most expensive first; services that cost nothing are left out. */
    services: ServiceCost[];
    totalUsd: number;
    period: BillingPeriod;
    /** When Cost Explorer was asked (ISO time), or null when there was nothing to ask about. */
    fetchedAt: string | null;
    /** Billed Cost Explorer requests this call made: its pages, 0 when answered from the cache. */
    billedRequests: number;
}

/** Float sums pick up noise (0.30000000000000004); micro-dollars keep totals stable and comparable. */
function roundMicros(usd: number): number {
    return Math.round(usd * 1e6) / 1e6;
}

/** Adds up each service over the results (one per month; pages can split a month's groups). */
export function groupByService(results: readonly ResultByTime[]): ServiceCost[] {
    const byService = new Map<string, number>();
    for (const result of results) {
        for (const group of result.Groups ?? []) {
            const service = group.Keys?.[0];
            const amount = Number(group.Metrics?.UnblendedCost?.Amount ?? 0);
            if (service && Number.isFinite(amount)) byService.set(service, (byService.get(service) ?? 0) + amount);
        }
    }
    return [...byService].map(([service, usd]) => ({ service, usd: roundMicros(usd) }))
        .filter((cost) => cost.usd !== 0)
        .sort((a, b) => b.usd - a.usd || a.service.localeCompare(b.service));
}

export interface ServiceCostsOptions {
    client: CostExplorerClient;
    accountIds: readonly string[];
    cachePath: string;
    ttlMs: number;
    now?: () => Date;
}

/** Month-to-date cost per service of the workshop's accounts: one paginated query, reused within the TTL. */
export async function getServiceCosts(options: ServiceCostsOptions): Promise<ServiceCosts> {
    const now = options.now ?? (() => new Date());
    const period = monthToDate(now());
    if (options.accountIds.length === 0) return { services: [], totalUsd: 0, period, fetchedAt: null, billedRequests: 0 };
    let billedRequests = 0;
    const cached = await readThroughCache({
        cachePath: options.cachePath,
        key: `${period.end}:${setKey(options.accountIds)}`,
        ttlMs: options.ttlMs,
        now,
        load: async () => {
            const { results, requests } = await fetchCostAndUsage(options.client, serviceCostRequest(options.accountIds, period));
            billedRequests = requests;
            return groupByService(results);
        },
    });
    const totalUsd = roundMicros(cached.value.reduce((sum, cost) => sum + cost.usd, 0));
    return { services: cached.value, totalUsd, period, fetchedAt: cached.fetchedAt, billedRequests };
}
