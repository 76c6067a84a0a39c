import type { GetCostAndUsageCommandInput, GetCostAndUsageCommandOutput, ResultByTime } from "@aws-sdk/client-cost-explorer";

/**
 * A stand-in for Cost Explorer's paging, for tests and benchmarks only (the driver never imports it).
 * It answers a GetCostAndUsage request the way the real service does when a response is too big:
 * the (day, account) groups are cut into pages of `groupsPerPage`, a day can be split across two
 * pages, and NextPageToken says where the next page starts. Plug it into aws-sdk-client-mock:
 *   mockClient(CostExplorerClient).on(GetCostAndUsageCommand).callsFake(simulatedCostExplorer({ groupsPerPage: 100 }))
 * and count pages with `mock.commandCalls(GetCostAndUsageCommand).length`.
 */
export interface SimulatedCostExplorerOptions {
    groupsPerPage: number;
    /** Daily cost of one account; defaults to one dollar a day. */
    dailyUsd?: (accountId: string, date: string) => number;
}

function daysOf(start: string, end: string): string[] {
    const days: string[] = [];
    for (let day = new Date(`${start}T00:00:00Z`); day.toISOString().slice(0, 10) < end; day.setUTCDate(day.getUTCDate() + 1)) {
        days.push(day.toISOString().slice(0, 10));
    }
    return days;
}

function nextDay(date: string): string {
    const day = new Date(`${date}T00:00:00Z`);
    day.setUTCDate(day.getUTCDate() + 1);
    return day.toISOString().slice(0, 10);
}

function requestedAccounts(input: GetCostAndUsageCommandInput): string[] {
    const accountFilter = input.Filter?.And?.find((operand) => operand.Dimensions?.Key === "LINKED_ACCOUNT");
    return accountFilter?.Dimensions?.Values ?? [];
}

export function simulatedCostExplorer(options: SimulatedCostExplorerOptions):
    (input: GetCostAndUsageCommandInput) => Promise<Partial<GetCostAndUsageCommandOutput>> {
    const dailyUsd = options.dailyUsd ?? (() => 1);
    return async (input) => {
        const groups = daysOf(input.TimePeriod!.Start!, input.TimePeriod!.End!).flatMap((date) =>
            requestedAccounts(input).map((accountId) => ({ date, accountId })));
        const offset = Number(input.NextPageToken ?? 0);
        const page = groups.slice(offset, offset + options.groupsPerPage);
        const resultsByTime: ResultByTime[] = [];
        for (const { date, accountId } of page) {
            let result = resultsByTime[resultsByTime.length - 1];
            if (result?.TimePeriod?.Start !== date) {
                result = { TimePeriod: { Start: date, End: nextDay(date) }, Groups: [], Estimated: true };
                resultsByTime.push(result);
            }
            result.Groups!.push({ Keys: [accountId], Metrics: { UnblendedCost: { Amount: String(dailyUsd(accountId, date)), Unit: "USD" } } });
        }
        const next = offset + options.groupsPerPage;
        return { ResultsByTime: resultsByTime, ...(next < groups.length ? { NextPageToken: String(next) } : {}) };
    };
}
