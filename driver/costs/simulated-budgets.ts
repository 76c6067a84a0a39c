import {
type Budget, type DescribeBudgetsCommandInput,
    type DescribeBudgetsCommandOutput,
    InvalidNextTokenException, InvalidParameterException, } from "@aws-sdk/client-budgets";

/**
 * A stand-in for AWS Budgets' DescribeBudgets, for tests and benchmarks only (the driver never
 * imports it). It pages the payer account's budgets as the API reference describes
 * (https://docs.aws.amazon.com/aws-cost-management/latest/APIReference/API_budgets_DescribeBudgets.html):
 * AccountId must be 12 digits, MaxResults 1-1,000 (default 100), and NextToken one it handed out.
 * Plug it into aws-sdk-client-mock:
 *   mockClient(BudgetsClient).on(DescribeBudgetsCommand).callsFake(simulatedBudgets([...]))
 */
export function simulatedBudgets(budgets: readonly Budget[]):
    (input: DescribeBudgetsCommandInput) => Promise<Partial<DescribeBudgetsCommandOutput>> {
    const meta = { $metadata: { httpStatusCode: 400 } };
    return async (input) => {
        if (!/^\d{12}$/.test(input.AccountId ?? "")) {
            throw new InvalidParameterException({ ...meta, Message: "AccountId must be 12 digits", message: "AccountId must be 12 digits" });
        }
        const size = input.MaxResults ?? 100;
        if (!Number.isInteger(size) || size < 1 || size > 1000) {
            throw new InvalidParameterException({ ...meta, Message: "MaxResults must be 1-1000", message: "MaxResults must be 1-1000" });
        }
        const offset = input.NextToken === undefined ? 0 : Number(input.NextToken);
        if (input.NextToken !== undefined && (!Number.isInteger(offset) || offset <= 0 || offset >= budgets.length)) {
            throw new InvalidNextTokenException({ ...meta, Message: "invalid next token", message: "invalid next token" });
        }
        const next = offset + size;
        return { Budgets: budgets.slice(offset, next).map((budget) => structuredClone(budget)), ...(next < budgets.length ? { NextToken: String(next) } : {}) };
    };
}

export interface CostBudgetSpend {
    actualUsd: number;
    forecastedUsd?: number;
    limitUsd?: number;
    /** AWS's default is true (CostTypes.IncludeCredit). */
    includeCredit?: boolean;
}

/** A monthly COST budget as DescribeBudgets returns it, with its calculated spend. */
export function costBudget(name: string, spend: CostBudgetSpend): Budget {
    const usd = (amount: number) => ({ Amount: amount.toFixed(2), Unit: "USD" });
    return {
        BudgetName: name,
        BudgetType: "COST",
        TimeUnit: "MONTHLY",
        BudgetLimit: usd(spend.limitUsd ?? 25),
        CostTypes: { IncludeCredit: spend.includeCredit ?? true, IncludeRefund: spend.includeCredit ?? true },
        CalculatedSpend: { ActualSpend: usd(spend.actualUsd), ...(spend.forecastedUsd !== undefined ? { ForecastedSpend: usd(spend.forecastedUsd) } : {}) },
        TimePeriod: { Start: new Date("2026-11-01T00:00:00Z"), End: new Date("2087-06-15T00:00:00Z") },
    };
}
