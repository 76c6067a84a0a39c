import type { GetCostAndUsageCommandInput, GetCostAndUsageCommandOutput, ResultByTime } from "@aws-sdk/client-cost-explorer";

/**
 * A stand-in for Cost Explorer's GetCostAndUsage, for tests and benchmarks only (the driver never
 * imports it). It answers the way the real service does when a response is too big: the (time
 * period, group) pairs are cut into pages of `groupsPerPage`, a period can be split across two
 * pages, and NextPageToken says where the next page starts. It groups by LINKED_ACCOUNT (the
 * accounts of the filter) or by SERVICE (`services`), DAILY or MONTHLY, and refuses what the API
 * refuses (https://docs.aws.amazon.com/aws-cost-management/latest/APIReference/API_GetCostAndUsage.html):
 * an End not after Start, more than two GroupBy keys, an And or Or of fewer than two expressions.
 * Plug it into aws-sdk-client-mock and count pages with `mock.commandCalls(GetCostAndUsageCommand).length`.
 */
export interface SimulatedCostExplorerOptions {
    groupsPerPage: number;
    /** The services that have costs, for SERVICE grouping. */
    services?: readonly string[];
    /** Cost of one group (account or service) over one period (a day, or the month's days in range); a dollar a day by default. */
    usd?: (key: string, start: string, days: number) => number;
}

const DAY_MS = 24 * 3600 * 1000;

function isoDay(ms: number): string {
    return new Date(ms).toISOString().slice(0, 10);
}

/** The granularity's periods between Start (inclusive) and End (exclusive), as [start, end, days]. */
function periodsOf(start: string, end: string, monthly: boolean): [string, string, number][] {
    const periods: [string, string, number][] = [];
    for (let from = Date.parse(`${start}T00:00:00Z`), stop = Date.parse(`${end}T00:00:00Z`); from < stop;) {
        const date = new Date(from);
        const next = monthly ? Math.min(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1), stop) : from + DAY_MS;
        periods.push([isoDay(from), isoDay(next), Math.round((next - from) / DAY_MS)]);
        from = next;
    }
    return periods;
}

class ValidationException extends Error {
    readonly $metadata = { httpStatusCode: 400 };
    constructor(message: string) {
        super(message);
        this.name = "ValidationException";
    }
}

function checkExpression(expression: NonNullable<GetCostAndUsageCommandInput["Filter"]>): void {
    for (const list of [expression.And, expression.Or]) {
        if (list && list.length < 2) throw new ValidationException("And and Or need at least two expressions");
        list?.forEach(checkExpression);
    }
    if (expression.Not) checkExpression(expression.Not);
}

function groupKeys(input: GetCostAndUsageCommandInput, services: readonly string[]): string[] {
    const key = input.GroupBy?.[0]?.Key;
    if (key === "SERVICE") return [...services];
    if (key === "LINKED_ACCOUNT") {
        return input.Filter?.And?.find((operand) => operand.Dimensions?.Key === "LINKED_ACCOUNT")?.Dimensions?.Values ?? [];
    }
    throw new ValidationException(`the simulation groups by SERVICE or LINKED_ACCOUNT, not ${String(key)}`);
}

export function simulatedCostExplorer(options: SimulatedCostExplorerOptions):
    (input: GetCostAndUsageCommandInput) => Promise<Partial<GetCostAndUsageCommandOutput>> {
    const usd = options.usd ?? ((_key: string, _start: string, days: number) => days);
    const services = options.services ?? ["Amazon Elastic Compute Cloud - Compute", "Amazon Simple Storage Service", "AWS Lambda"];
    return async (input) => {
        const start = input.TimePeriod?.Start ?? "";
        const end = input.TimePeriod?.End ?? "";
        if (!(start < end)) throw new ValidationException("Start date (and hour) should be before end date (and hour)");
        if ((input.GroupBy?.length ?? 0) > 2) throw new ValidationException("GroupBy takes at most two keys");
        if (input.Filter) checkExpression(input.Filter);
        const keys = groupKeys(input, services);
        const groups = periodsOf(start, end, input.Granularity === "MONTHLY").flatMap(([from, to, days]) =>
            keys.map((key) => ({ from, to, days, key })));
        const offset = Number(input.NextPageToken ?? 0);
        const resultsByTime: ResultByTime[] = [];
        for (const { from, to, days, key } of groups.slice(offset, offset + options.groupsPerPage)) {
            let result = resultsByTime[resultsByTime.length - 1];
            if (result?.TimePeriod?.Start !== from) {
                result = { TimePeriod: { Start: from, End: to }, Groups: [], Estimated: true };
                resultsByTime.push(result);
            }
            result.Groups!.push({ Keys: [key], Metrics: { UnblendedCost: { Amount: String(usd(key, from, days)), Unit: "USD" } } });
        }
        const next = offset + options.groupsPerPage;
        return { ResultsByTime: resultsByTime, ...(next < groups.length ? { NextPageToken: String(next) } : {}) };
    };
}
