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

/**
 * The month to date of every workshop account as one total per AWS service. MONTHLY granularity
 * makes one group per service, however many students and days: a page holds them all.
 */
export function serviceCostRequest(accountIds: readonly string[], period: BillingPeriod): GetCostAndUsageCommandInput {
    return {
        TimePeriod: { Start: period.start, End: period.end },
        Granularity: "MONTHLY",
        Metrics: ["UnblendedCost"],
        GroupBy: [{ Type: "DIMENSION", Key: "SERVICE" }],
        Filter: workshopCostFilter(accountIds),
    };
}
