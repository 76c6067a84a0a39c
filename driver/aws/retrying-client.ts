import { type Clock,systemClock } from "../time/clock";
import { type BackoffPolicy,withRetries } from "../time/retry";

/**
 * Calls into student accounts retried by one policy the driver controls and can test: the clients
 * are built with the SDK's own retries off (maxAttempts 1), and every send, paginated pages
 * included, goes through withRetries. A region that keeps throttling is then given up on after a
 * known number of attempts and reported, instead of stalling the run.
 */

export interface RetryOptions {
    policy: BackoffPolicy;
    clock: Clock;
}

/** About 4 s of backoff at most before a throttled call is given up on. */
export const DEFAULT_AWS_RETRY: RetryOptions = {
    policy: { maxAttempts: 5, baseDelayMs: 250, maxDelayMs: 2000, random: Math.random },
    clock: systemClock,
};

// The SDK's own classification (@smithy/core retry: THROTTLING_ERROR_CODES, TRANSIENT_ERROR_CODES),
// which this stands in for while the SDK's retries are off.
const THROTTLING = new Set(["BandwidthLimitExceeded", "EC2ThrottledException", "LimitExceededException", "PriorRequestNotComplete",
    "ProvisionedThroughputExceededException", "RequestLimitExceeded", "RequestThrottled", "RequestThrottledException", "SlowDown",
    "ThrottledException", "Throttling", "ThrottlingException", "TooManyRequestsException", "TransactionInProgressException"]);
const TRANSIENT = new Set(["TimeoutError", "RequestTimeout", "RequestTimeoutException", "InternalError", "InternalFailure", "ServiceUnavailable"]);
const NETWORK = new Set(["ECONNRESET", "ECONNREFUSED", "EPIPE", "ETIMEDOUT", "EAI_AGAIN"]);

interface AwsErrorShape {
    name?: string;
    code?: string;
    $metadata?: { httpStatusCode?: number };
    $retryable?: { throttling?: boolean };
}

export function isThrottlingError(error: unknown): boolean {
    const e = (error ?? {}) as AwsErrorShape;
    return THROTTLING.has(e.name ?? "") || e.$metadata?.httpStatusCode === 429 || e.$retryable?.throttling === true;
}

/** Worth another attempt: throttled, or a server or network hiccup. Access denied and bad input are not. */
export function isRetryableAwsError(error: unknown): boolean {
    const e = (error ?? {}) as AwsErrorShape;
    const status = e.$metadata?.httpStatusCode ?? 0;
    return isThrottlingError(error) || e.$retryable !== undefined || TRANSIENT.has(e.name ?? "") ||
        NETWORK.has(e.code ?? "") || [500, 502, 503, 504].includes(status);
}

interface Sender {
    send(command: unknown, ...rest: unknown[]): Promise<unknown>;
}

/**
 * The same client, its `send` retried. It inherits from the client, so the SDK's paginators
 * (which check `instanceof`) accept it and aws-sdk-client-mock's stubs still answer.
 */
export function retrying<T extends object>(client: T, retry: RetryOptions = DEFAULT_AWS_RETRY): T {
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
