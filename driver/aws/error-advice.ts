/**
 * Turns the AWS error text Pulumi reports for a failed step into what the instructor should
 * do about it. Pure: the message is matched as text because it reaches us through the
 * provider and the CLI, long after any typed SDK error is gone.
 */

interface ErrorAdvice {
    /** Matched anywhere in the message, case-sensitive: AWS codes are stable identifiers. */
    pattern: RegExp;
    advice: string;
}

// Order matters: the quota codes arrive inside a ConstraintViolationException, so the
// specific reasons come before the generic exception name.
const ADVICE: ErrorAdvice[] = [
    {
        pattern: /AWS Organizations Account \(\d+\) name|PutAccountName|trusted access for AWS Account Management/,
        advice: "Renaming an account (a student's name changed) needs trusted access for AWS Account Management in the " +
            "organization: `aws organizations enable-aws-service-access --service-principal account.amazonaws.com`, " +
            "then `up` again. Nothing else of the student changed.",
    },
    {
        pattern: /EMAIL_ALREADY_EXISTS/,
        advice: "The account's root email is already used by another AWS account, or by one closed earlier " +
            "(a closed account's email can never be reused). Change workshopName, or remove the student and " +
            "add them again (`remove-student`, `up`, `add-student`, `up`) so they get a new random email suffix.",
    },
    {
        pattern: /ACCOUNT_LIMIT_EXCEEDED|ACCOUNT_NUMBER_LIMIT_EXCEEDED/,
        advice: "The organization reached its account quota (new organizations start at 10 accounts, closed " +
            "accounts count for 90 days). Request an increase in Service Quotas > AWS Organizations > " +
            "\"Default maximum number of accounts\", then run `up` again: students already created are kept.",
    },
    {
        pattern: /CLOSE_ACCOUNT_QUOTA_EXCEEDED|CLOSE_ACCOUNT_REQUESTS_LIMIT_EXCEEDED/,
        advice: "Organizations refused to close more accounts in this rolling 30-day window (its API reference says 10% " +
            "of member accounts, at least 10; its quotas page 20% or 250). The accounts not closed stay in the stack, " +
            "parked in the Suspended OU where nothing runs; run the same command again on the date printed above.",
    },
    {
        pattern: /CONSTRAINT_VIOLATION|ConstraintViolationException/,
        advice: "Organizations refused the change. Usually the organization is not in all-features mode " +
            "(Organizations console > Settings), the management account is not fully set up (payment method, " +
            "verified email), or an SCP/OU limit was hit; the message above names the reason.",
    },
    {
        pattern: /TooManyRequestsException|Throttling|ThrottlingException|Rate exceeded/,
        advice: "AWS throttled the requests. Wait a few minutes and run `up` again: nothing is lost, " +
            "finished students are kept and only the rest is retried.",
    },
    {
        pattern: /ConcurrentModificationException/,
        advice: "Another change to the organization was in progress at the same time (another run, or the " +
            "console). Wait a minute and run the command again.",
    },
    {
        pattern: /AccessDenied|UnauthorizedOperation|not authorized to perform/,
        advice: "The credentials lack a permission. Use the management account with the instructor policy in " +
            "policies/instructor-policy.json attached; the message above names the missing action.",
    },
    {
        pattern: /ExpiredToken|InvalidClientTokenId|could not load credentials|no valid credential sources/i,
        advice: "AWS credentials are missing or expired. Sign in again (e.g. `aws sso login`) and re-run.",
    },
];

/** What to do about a failed step, or undefined when the error is not one we know. */
export function adviseOnError(message: string): string | undefined {
    return ADVICE.find((entry) => entry.pattern.test(message))?.advice;
}
