import { type RetryOptions } from "../../infra/rules/aws-retry";
import { systemClock } from "../time/clock";

/**
 * Calls into student accounts retried by one policy the driver controls and can test: the clients
 * are built with the SDK's own retries off (maxAttempts 1), and every send, paginated pages
 * included, goes through `retrying`. A region that keeps throttling is then given up on after a
 * known number of attempts and reported, instead of stalling the run. The retry itself is shared
 * with the Pulumi program's dynamic providers (infra/rules/aws-retry.ts).
 */
export { isRetryableAwsError, isThrottlingError, retrying, type RetryOptions } from "../../infra/rules/aws-retry";

/** About 4 s of backoff at most before a throttled call is given up on. */
export const DEFAULT_AWS_RETRY: RetryOptions = {
    policy: { maxAttempts: 5, baseDelayMs: 250, maxDelayMs: 2000, random: Math.random },
    clock: systemClock,
};
