import { isServerError, isThrottlingError as sdkIsThrottling, isTransientError } from "@smithy/service-error-classification";

/**
 * How AWS wants a refused call retried (throttled, or a server or network hiccup): "full jitter"
 * exponential backoff, bounded. One piece shared by the driver and by the Pulumi program's dynamic
 * providers, which Pulumi serializes into their own process: this module imports only packages.
 */

export interface BackoffPolicy {
    /** Attempts in all, the first included. */
    maxAttempts: number;
    baseDelayMs: number;
    maxDelayMs: number;
    /** In [0, 1); injectable so tests see the exact delays. */
    random: () => number;
}

/** What a retry loop waits with; the driver's Clock is one. */
export interface Sleeper {
    sleep(ms: number): Promise<void>;
}

export interface RetryOptions {
    policy: BackoffPolicy;
    clock: Sleeper;
}

/** The delay before retry n is uniform in [0, min(max, base * 2^n)), so many throttled senders do not retry in lockstep. */
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
    clock: Sleeper,
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

// The SDK's own classification (@smithy/service-error-classification), used while the SDK's retries are off.
type Classified = Parameters<typeof sdkIsThrottling>[0];

export function isThrottlingError(error: unknown): boolean {
    return typeof error === "object" && error !== null && sdkIsThrottling(error as Classified);
}

/** Worth another attempt: throttled, or a server or network hiccup. Access denied and bad input are not. */
export function isRetryableAwsError(error: unknown): boolean {
    if (typeof error !== "object" || error === null) return false;
    const e = error as Classified;
    return sdkIsThrottling(e) || isTransientError(e) || isServerError(e);
}

interface Sender {
    send(command: unknown, ...rest: unknown[]): Promise<unknown>;
}

/**
 * The same client, its `send` retried. It inherits from the client, so the SDK's paginators
 * (which check `instanceof`) accept it and test stubs on the client still answer. An error that
 * outlasts every attempt keeps its name and says how often it was tried.
 */
export function retrying<T extends object>(client: T, retry: RetryOptions): T {
    const inner = client as unknown as Sender;
    const send = async (command: unknown, ...rest: unknown[]): Promise<unknown> => {
        const outcome = await withRetries(() => inner.send(command, ...rest), isRetryableAwsError, retry.policy, retry.clock);
        if (outcome.ok) return outcome.value;
        if (!outcome.exhausted) throw outcome.error;
        const last = outcome.error as Error;
        const gaveUp = new Error(`${last.message ?? String(last)} (still failing after ${outcome.attempts} attempts)`, { cause: last });
        gaveUp.name = last.name ?? "Error";
        throw gaveUp;
    };
    return Object.create(client, { send: { value: send } }) as T;
}
