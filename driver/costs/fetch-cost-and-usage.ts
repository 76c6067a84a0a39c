import { GetCostAndUsageCommand, type CostExplorerClient, type ResultByTime } from "@aws-sdk/client-cost-explorer";
import type { BillingPeriod } from "./billing-period";
import { costAndUsageRequest } from "./cost-request";

/**
 * Every page of one refresh. Each page is a billed request ($0.01), so this loops by hand on
 * NextPageToken (the SDK has no paginator for GetCostAndUsage) and never asks twice for a page.
 */
export async function fetchCostAndUsage(client: CostExplorerClient, accountIds: readonly string[], period: BillingPeriod):
    Promise<ResultByTime[]> {
    const results: ResultByTime[] = [];
    let nextPageToken: string | undefined;
    do {
        const page = await client.send(new GetCostAndUsageCommand(costAndUsageRequest(accountIds, period, nextPageToken)));
        results.push(...(page.ResultsByTime ?? []));
        nextPageToken = page.NextPageToken || undefined;
    } while (nextPageToken);
    return results;
}
