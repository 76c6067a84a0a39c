import { type CostExplorerClient, GetCostAndUsageCommand, type GetCostAndUsageCommandInput, type ResultByTime } from "@aws-sdk/client-cost-explorer";

/** Every GetCostAndUsage request, each page of an answer included (https://aws.amazon.com/aws-cost-management/aws-cost-explorer/pricing/). */
export const USD_PER_REQUEST = 0.01;

/** "1 billed Cost Explorer request ($0.01)", or that the answer came from the cache. */
export function billedRequestsText(requests: number): string {
    return requests === 0
        ? "no billed request (answered from the cache)"
        : `${requests} billed Cost Explorer request${requests === 1 ? "" : "s"} ($${(requests * USD_PER_REQUEST).toFixed(2)})`;
}

export interface CostAndUsage {
    results: ResultByTime[];
    /** Pages asked for: each is a billed request ($0.01). */
    requests: number;
}

/**
 * Every page of one query. Each page is billed, so this loops by hand on NextPageToken (the SDK
 * has no paginator for GetCostAndUsage) and never asks twice for a page.
 */
export async function fetchCostAndUsage(client: CostExplorerClient, request: GetCostAndUsageCommandInput): Promise<CostAndUsage> {
    const results: ResultByTime[] = [];
    let requests = 0;
    let nextPageToken: string | undefined;
    do {
        const page = await client.send(new GetCostAndUsageCommand({ ...request, ...(nextPageToken ? { NextPageToken: nextPageToken } : {}) }));
        requests++;
        results.push(...(page.ResultsByTime ?? []));
        nextPageToken = page.NextPageToken || undefined;
    } while (nextPageToken);
    return { results, requests };
}
