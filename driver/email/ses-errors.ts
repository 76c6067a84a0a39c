import { errorText } from "../time/retry";

export type SendFailureKind =
    | "throttled"
    | "recipient-unverified"
    | "sender-unverified"
    | "quota-exhausted"
    | "account-blocked"
    | "credentials"
    | "other";

export interface SendFailure {
    kind: SendFailureKind;
    /** Worth another attempt in this run, after a backoff. */
    retryable: boolean;
    /** Every other email of this run would fail the same way: stop instead of burning through the list. */
    stopsRun: boolean;
    error: string;
    /** What the instructor should do about it, in a sentence or two. */
    advice: string;
}

export interface SendSituation {
    from: string;
    to: string;
    /** From GetAccount; undefined when it could not be read. */
    sandbox: boolean | undefined;
}

const THROTTLING = new Set(["TooManyRequestsException", "LimitExceededException", "Throttling", "ThrottlingException"]);
const ACCOUNT_BLOCKED = new Set(["SendingPausedException", "AccountSuspendedException", "MailFromDomainNotVerifiedException"]);
const CREDENTIALS = new Set(["AccessDeniedException", "UnrecognizedClientException", "InvalidClientTokenId",
    "ExpiredTokenException", "CredentialsProviderError", "InvalidSignatureException"]);

/** True when SES asked us to slow down; the daily quota is not that, see classifySendError. */
export function isThrottling(error: unknown): boolean {
    const { name, status, message } = describe(error);
    return (THROTTLING.has(name) || status === 429) && !isDailyQuota(message);
}

/** Sorts an SES SendEmail failure into what it means for this student and for the run. */
export function classifySendError(error: unknown, situation: SendSituation): SendFailure {
    const { name, status, message } = describe(error);
    const text = errorText(error);
    const failure = (kind: SendFailureKind, advice: string, stopsRun = false): SendFailure =>
        ({ kind, retryable: kind === "throttled", stopsRun, error: text, advice });

    if (name === "MessageRejected" && /not verified/i.test(message)) {
        // SES lists every unverified identity of the message; the sender is checked too.
        if (mentions(message, situation.from)) {
            return failure("sender-unverified",
                `The sender ${situation.from} is not a verified SES identity in this region: verify it ` +
                `(aws sesv2 create-email-identity --email-identity ${situation.from}) or set ` +
                "`workshop-accounts:senderEmail` to a verified address, then run `email` again.", true);
        }
        const verify = `verify ${situation.to} (aws sesv2 create-email-identity --email-identity ${situation.to}; ` +
            "the student clicks the link AWS sends)";
        return failure("recipient-unverified", situation.sandbox === false
            ? `SES rejected ${situation.to} as unverified: ${verify}, then run \`email\` again.`
            : `SES is in the sandbox: ${verify} or request production access (SES console > Account dashboard > ` +
              "Request production access), then run `email` again.");
    }
    if (isDailyQuota(message)) {
        return failure("quota-exhausted", "The SES 24-hour sending quota is used up: run `email` again tomorrow, " +
            "or ask AWS for a higher quota. Unsent emails stay pending in the ledger.", true);
    }
    if (isThrottling(error)) {
        return failure("throttled", "SES kept throttling: run `email` again in a minute; failed emails are retried.");
    }
    if (ACCOUNT_BLOCKED.has(name)) {
        return failure("account-blocked", `SES will not send for this account (${name}): check the SES console's ` +
            "Account dashboard, fix the cause, then run `email` again.", true);
    }
    if (CREDENTIALS.has(name) || status === 403) {
        return failure("credentials", "The AWS credentials cannot send with SES: check AWS_PROFILE/AWS_REGION and that " +
            "the identity may call ses:SendEmail and ses:GetAccount, then run `email` again.", true);
    }
    return failure("other", "Run `email` again to retry; if it keeps failing, the error above says why.");
}

function describe(error: unknown): { name: string; status?: number; message: string } {
    const e = error as { name?: unknown; message?: unknown; $metadata?: { httpStatusCode?: number } } | undefined;
    return {
        name: typeof e?.name === "string" ? e.name : "",
        status: e?.$metadata?.httpStatusCode,
        message: typeof e?.message === "string" ? e.message : String(error),
    };
}

function isDailyQuota(message: string): boolean {
    return /daily message quota|24.hour.*quota|maximum sending quota/i.test(message);
}

function mentions(message: string, address: string): boolean {
    return message.toLowerCase().includes(address.toLowerCase());
}
