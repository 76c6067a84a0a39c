import type { BackoffPolicy } from "../../infra/rules/aws-retry";

// Backoff with full jitter and the retry loop live with the AWS rules the program shares with the driver.
export { backoffDelayMs, type BackoffPolicy, type RetryOutcome, withRetries } from "../../infra/rules/aws-retry";

export const DEFAULT_BACKOFF: BackoffPolicy = { maxAttempts: 5, baseDelayMs: 500, maxDelayMs: 8000, random: Math.random };

/** "Name: message" for SDK errors, whose name says more than their message. */
export function errorText(error: unknown): string {
    if (error instanceof Error) return error.name && error.name !== "Error" ? `${error.name}: ${error.message}` : error.message;
    return String(error);
}
