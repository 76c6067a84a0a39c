/**
 * An error as an AWS API returns it: the exception name (what SDK v3 puts in `error.name`), its
 * message, and for ConstraintViolationException the `Reason`. The SDK mocks turn it into the
 * SDK's own exception class; the mock engine wraps it in the provider's message.
 */
export class AwsServiceError extends Error {
    constructor(readonly code: string, message: string, readonly reason?: string) {
        super(`${code}: ${message}${reason ? ` (${reason})` : ""}`);
        this.name = code;
    }
}

export function reject(code: string, message: string, reason?: string): never {
    throw new AwsServiceError(code, message, reason);
}

/** Fails with ValidationException unless `ok`: the shape check every AWS API runs before anything else. */
export function check(ok: boolean, code: string, message: string, reason?: string): void {
    if (!ok) reject(code, message, reason);
}
