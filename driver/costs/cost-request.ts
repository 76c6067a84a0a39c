import type { Expression, GetCostAndUsageCommandInput } from "@aws-sdk/client-cost-explorer";
import type { BillingPeriod } from "./billing-period";

/** Record types that would hide real spend: a student's credits must not make their usage look free. */
export const EXCLUDED_RECORD_TYPES = ["Credit", "Refund"];

/**
 * The workshop's accounts, without credits and refunds. The And always has exactly two operands
 * (the account list is one Dimensions operand, however many accounts), so a single-student
 * workshop still sends a valid expression.
 */
export function workshopCostFilter(accountIds: readonly string[]): Expression {
    return {
        And: [
            { Dimensions: { Key: "LINKED_ACCOUNT", Values: [...accountIds] } },
            { Not: { Dimensions: { Key: "RECORD_TYPE", Values: [...EXCLUDED_RECORD_TYPES] } } },
        ],
    };
}

/** One page of the month-to-date daily spend of every workshop account, grouped by account. */
export function costAndUsageRequest(accountIds: readonly string[], period: BillingPeriod, nextPageToken?: string):
    GetCostAndUsageCommandInput {
    return {
        TimePeriod: { Start: period.start, End: period.end },
        Granularity: "DAILY",
        Metrics: ["UnblendedCost"],
        GroupBy: [{ Type: "DIMENSION", Key: "LINKED_ACCOUNT" }],
        Filter: workshopCostFilter(accountIds),
        ...(nextPageToken ? { NextPageToken: nextPageToken } : {}),
    };
}
