import type { Clock } from "./clock";

export interface BackoffPolicy {
    /** Attempts in all, the first included. */
    maxAttempts: number;
    baseDelayMs: number;
    maxDelayMs: number;
    /** In [0, 1); injectable so tests see the exact delays. */
    random: () => number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { maxAttempts: 5, baseDelayMs: 500, maxDelayMs: 8000, random: Math.random };

/**
 * "Full jitter" exponential backoff: the delay before retry n is uniform in
 * [0, min(max, base * 2^n)), so many throttled senders do not retry in lockstep.
 */
export function backoffDelayMs(retry: number, policy: BackoffPolicy): number {
    const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
    return Math.floor(policy.random() * ceiling);
}

export type RetryOutcome<T> =
    | { ok: true; value: T; attempts: number }
    /** `exhausted`: the last error was retryable but the attempts ran out. */
    | { ok: false; error: unknown; attempts: number; exhausted: boolean };

/**
 * Runs `attempt` until it succeeds, fails with an error `isRetryable` rejects, or the
 * policy's attempts run out. Never throws: the caller records every outcome.
 */
export async function withRetries<T>(
    attempt: () => Promise<T>,
    isRetryable: (error: unknown) => boolean,
    policy: BackoffPolicy,
    clock: Clock,
): Promise<RetryOutcome<T>> {
    for (let n = 1; ; n++) {
        try {
            return { ok: true, value: await attempt(), attempts: n };
        } catch (error) {
            const retryable = isRetryable(error);
            if (!retryable || n >= policy.maxAttempts) return { ok: false, error, attempts: n, exhausted: retryable };
            await clock.sleep(backoffDelayMs(n - 1, policy));
        }
    }
}

/** "Name: message" for SDK errors, whose name says more than their message. */
export function errorText(error: unknown): string {
    if (error instanceof Error) return error.name && error.name !== "Error" ? `${error.name}: ${error.message}` : error.message;
    return String(error);
}
