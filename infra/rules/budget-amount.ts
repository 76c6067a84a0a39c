/**
 * Every amount of money the workshop is given, in USD: a budget as the roster, the stack config and
 * `add-student --budget` give it, and the live meter's freeze thresholds. One parser, decimal only:
 * Number() also reads "0x10" as 16, "1e3" as 1000 and "5e-324" as a positive amount that freezes at
 * any spend, and none of these is how anyone writes money.
 *
 * Budgets takes the limit as a decimal string (Spend.Amount, pattern ([0-9]*\.)?[0-9]+) and the
 * program writes it with two decimals, so a finer amount would be rounded without a word: 0.004
 * became a "0.00" budget whose every alert fires at once.
 * https://docs.aws.amazon.com/aws-cost-management/latest/APIReference/API_budgets_Spend.html
 * The floor of one dollar is ours: a smaller monthly budget cannot run a lab. The ceiling is ours
 * too: no workshop budget is a million dollars a month, and staying far below 2^53 cents keeps
 * every amount exact in a JavaScript number.
 */
export const MIN_BUDGET_USD = 1;
export const MAX_BUDGET_USD = 1_000_000;
export const BUDGET_RULE = `a number of USD from ${MIN_BUDGET_USD.toFixed(2)} to ${MAX_BUDGET_USD.toFixed(2)} with at most 2 decimals (e.g. 25 or 37.50)`;

const DECIMAL = /^(?:\d+\.?\d*|\.\d+)$/;

export type BudgetParse = { usd: number; problem?: undefined } | { usd?: undefined; problem: string };

/** Reads an amount from a number or a text; `field` names it in the problem ("budget", "--budget", "liveFreezeAtUsd"). */
export function parseBudgetUsd(raw: unknown, field: string): BudgetParse {
    const refuse = (hint = ""): BudgetParse => ({ problem: `${field} must be ${BUDGET_RULE}, got ${raw === null ? "nothing" : `"${String(raw)}"`}${hint}` });
    let usd: number;
    if (typeof raw === "number") {
        // A number the caller already holds (add-student's own, a default); YAML's are passed as their source text.
        usd = raw;
    } else if (typeof raw === "string" && DECIMAL.test(raw.trim())) {
        usd = Number(raw.trim());
    } else {
        return typeof raw === "string" && /^\d+,\d{1,2}$/.test(raw.trim()) ? refuse("; write the decimals with a dot") : refuse();
    }
    const cents = usd * 100;
    // A tolerance, because 37.1 * 100 is 3710.0000000000005 in floating point.
    if (!Number.isFinite(usd) || Math.abs(cents - Math.round(cents)) > 1e-6) return refuse();
    const rounded = Math.round(cents) / 100;
    if (rounded < MIN_BUDGET_USD || rounded > MAX_BUDGET_USD) return refuse();
    return { usd: rounded };
}
