import type { SESv2Client } from "@aws-sdk/client-sesv2";

import type { WorkshopOutputs } from "../../infra/outputs";
import { isValidEmail } from "../../infra/roster/validate";
import { type Clock,systemClock } from "../time/clock";
import { type BackoffPolicy,DEFAULT_BACKOFF, errorText, withRetries } from "../time/retry";
import { EmailLedger } from "./ledger";
import { isWelcomeMailer, type SesAccountLimits, sesMailer, type WelcomeMailer } from "./mailer";
import { Pacer } from "./pacer";
import { type PlannedEmail, planWelcomeEmails, type ResendSelection } from "./plan";
import { type RenderedEmail,renderWelcomeEmail } from "./render";
import { withRunLock } from "./run-lock";
import { classifySendError, isThrottling, type SendFailure } from "./ses-errors";
import { type WelcomeEmailInput, welcomeInputs, type WelcomeOptions } from "./welcome-input";

export interface SendWelcomeEmailsOptions {
    outputs: WorkshopOutputs;
    /** Usually emailLedgerPath(ctx.dataDir). */
    ledgerPath: string;
    /** A client (e.g. sesClient(ctx.aws)) or a wrapped mailer (tests). */
    ses: SESv2Client | WelcomeMailer;
    /** Stack config `workshop-accounts:senderEmail`, else the instructor's email. */
    from: string;
    resend?: ResendSelection;
    /** Budget facts the outputs do not carry (thresholds, freeze). */
    welcome?: Partial<WelcomeOptions>;
    /** Wall clock for the ledger's timestamps. */
    now?: () => Date;
    log?: (line: string) => void;
    /** Warnings (sandbox, quota, held emails); default: log with a "warning:" prefix. */
    warn?: (line: string) => void;
    /** Time for pacing and backoff. */
    clock?: Clock;
    backoff?: Partial<BackoffPolicy>;
    /** Send slower than SES allows (never faster: the account's MaxSendRate caps it). */
    maxSendRate?: number;
}

interface StudentRef {
    email: string;
    name: string;
    accountId: string;
}

export type EmailResult = StudentRef & (
    | { status: "sent"; messageId: string; attempts: number }
    | { status: "skipped-already-sent"; messageId?: string; sentAt?: string }
    | { status: "failed"; error: string; advice: string; attempts: number }
    | { status: "in-doubt"; advice: string }
);

export interface EmailRunReport {
    results: EmailResult[];
    sent: number;
    skipped: number;
    /** Failed and in-doubt: each needs the instructor, and makes `ok` false. */
    failed: number;
    ok: boolean;
    /** Undefined when nothing needed sending, so SES was not asked. */
    account?: SesAccountLimits;
    /** Messages per second actually used. */
    sendRate?: number;
    warnings: string[];
}

/** The report of a run with nobody to email. */
export function emptyEmailRunReport(): EmailRunReport {
    return { results: [], sent: 0, skipped: 0, failed: 0, ok: true, warnings: [] };
}

/** When GetAccount cannot be read, pace like a sandbox account: slow, but never throttled. */
const FALLBACK_SEND_RATE = 1;

/**
 * Sends each student's welcome email once. Safe to call after every `up`: students already
 * emailed are skipped without asking SES anything; failures from earlier runs are retried;
 * a failure for one student never stops the others (unless SES would refuse them all alike).
 */
export async function sendWelcomeEmails(options: SendWelcomeEmailsOptions): Promise<EmailRunReport> {
    // Before the first `up` there is nobody to email, and no portal or sender to check either.
    if (Object.keys(options.outputs.students).length === 0) return emptyEmailRunReport();
    if (!isValidEmail(options.from)) {
        throw new Error(`the sender "${options.from}" is not an email address: set workshop-accounts:senderEmail ` +
            "(or instructorEmail) to an SES-verified address.");
    }
    const inputs = welcomeInputs(options.outputs, options.welcome);
    return withRunLock(options.ledgerPath, async () => {
        const ledger = EmailLedger.load(options.ledgerPath);
        const plan = planWelcomeEmails(inputs, ledger, options.resend);
        return new WelcomeRun(options, ledger).run(plan);
    });
}

class WelcomeRun {
    private readonly mailer: WelcomeMailer;
    private readonly clock: Clock;
    private readonly now: () => Date;
    private readonly log: (line: string) => void;
    private readonly warnLine: (line: string) => void;
    private readonly backoff: BackoffPolicy;
    private readonly warnings: string[] = [];

    constructor(private readonly options: SendWelcomeEmailsOptions, private readonly ledger: EmailLedger) {
        this.mailer = isWelcomeMailer(options.ses) ? options.ses : sesMailer(options.ses);
        this.clock = options.clock ?? systemClock;
        this.now = options.now ?? (() => new Date());
        this.log = options.log ?? (() => {});
        this.warnLine = options.warn ?? ((line) => this.log(`warning: ${line}`));
        this.backoff = { ...DEFAULT_BACKOFF, ...options.backoff };
    }

    async run(plan: PlannedEmail[]): Promise<EmailRunReport> {
        const toSend = plan.filter((p) => p.action === "send");
        // Render everything first: a template bug should stop the run before the first email, not halfway.
        const rendered = new Map(toSend.map((p) => [p, renderWelcomeEmail(p.input)]));
        const account = toSend.length > 0 ? await this.readAccount(toSend.length) : undefined;
        const sendRate = toSend.length > 0 ? this.sendRate(account) : undefined;
        const pacer = new Pacer(sendRate ?? FALLBACK_SEND_RATE, this.clock);

        const results: EmailResult[] = [];
        let stopped: SendFailure | undefined;
        for (const planned of plan) {
            const student = studentRef(planned.input);
            if (planned.action === "skip") {
                results.push({ ...student, status: "skipped-already-sent", messageId: planned.record?.messageId, sentAt: planned.record?.sentAt });
            } else if (planned.action === "hold") {
                results.push({ ...student, status: "in-doubt", advice: inDoubtAdvice(student.email) });
                this.warn(`${student.email}: a previous run stopped while sending; not sent again. ${inDoubtAdvice(student.email)}`);
            } else if (stopped) {
                results.push({ ...student, status: "failed", error: `not attempted: ${stopped.error}`, advice: stopped.advice, attempts: 0 });
            } else {
                const result = await this.sendOne(planned, rendered.get(planned)!, pacer, account);
                results.push(result.result);
                if (result.failure?.stopsRun) {
                    stopped = result.failure;
                    this.warn(`stopping: every remaining email would fail the same way. ${result.failure.advice}`);
                }
            }
        }
        return this.report(results, account, sendRate);
    }

    /** GetAccount once per run: it sets the pace and explains sandbox rejections. */
    private async readAccount(pending: number): Promise<SesAccountLimits | undefined> {
        let account: SesAccountLimits;
        try {
            account = await this.mailer.account();
        } catch (error) {
            this.warn(`could not read the SES account (GetAccount: ${errorText(error)}); sending at ${FALLBACK_SEND_RATE}/s.`);
            return undefined;
        }
        if (!account.productionAccess) {
            this.warn("SES is in the sandbox: only verified addresses receive mail. Verify each student's address " +
                "or request production access (SES console > Account dashboard).");
        }
        if (!account.sendingEnabled) this.warn("SES sending is disabled for this account: every email will fail until it is re-enabled.");
        if (account.remainingToday !== undefined && account.remainingToday < pending) {
            this.warn(`SES allows ${account.remainingToday} more email(s) in the next 24 hours and ${pending} are due; ` +
                "the rest stay pending for the next run.");
        }
        return account;
    }

    private sendRate(account: SesAccountLimits | undefined): number {
        const allowed = account?.maxSendRate && account.maxSendRate > 0 ? account.maxSendRate : FALLBACK_SEND_RATE;
        return this.options.maxSendRate ? Math.min(allowed, this.options.maxSendRate) : allowed;
    }

    private async sendOne(planned: PlannedEmail, rendered: RenderedEmail, pacer: Pacer, account: SesAccountLimits | undefined):
        Promise<{ result: EmailResult; failure?: SendFailure }> {
        const { input, record } = planned;
        const student = studentRef(input);
        const previousAttempts = record?.attempts ?? 0;
        const base = { email: student.email, accountId: student.accountId };

        const replyTo = input.instructor.email.toLowerCase() !== this.options.from.toLowerCase() ? input.instructor.email : undefined;
        const outcome = await withRetries(async () => {
            await pacer.take();
            // Marked only now, right before SES is called: a run stopped while waiting for its turn
            // (most of the time at 1 message/s) has sent nothing and must not leave the student in doubt.
            this.ledger.put({ ...base, status: "sending", attempts: previousAttempts, updatedAt: this.timestamp(),
                ...(record?.lastError ? { lastError: record.lastError } : {}) });
            return this.mailer.send({ from: this.options.from, to: student.email, ...(replyTo ? { replyTo } : {}), ...rendered });
        }, isThrottling, this.backoff, this.clock);

        const attempts = previousAttempts + outcome.attempts;
        if (outcome.ok) {
            const sentAt = this.timestamp();
            this.ledger.put({ ...base, status: "sent", messageId: outcome.value.messageId, sentAt, attempts, updatedAt: sentAt });
            this.log(`sent     ${student.email} (account ${student.accountId}) ${outcome.value.messageId}`);
            return { result: { ...student, status: "sent", messageId: outcome.value.messageId, attempts: outcome.attempts } };
        }
        const failure = classifySendError(outcome.error, { from: this.options.from, to: student.email, sandbox: account ? !account.productionAccess : undefined });
        const error = outcome.exhausted ? `${failure.error} (after ${outcome.attempts} attempts)` : failure.error;
        this.ledger.put({ ...base, status: "failed", attempts, lastError: error, updatedAt: this.timestamp() });
        this.warnLine(`failed   ${student.email} (account ${student.accountId}): ${error}`);
        this.warnLine(`         ${failure.advice}`);
        return { result: { ...student, status: "failed", error, advice: failure.advice, attempts: outcome.attempts }, failure };
    }

    private report(results: EmailResult[], account: SesAccountLimits | undefined, sendRate: number | undefined): EmailRunReport {
        const count = (...statuses: EmailResult["status"][]) => results.filter((r) => statuses.includes(r.status)).length;
        const failed = count("failed", "in-doubt");
        return {
            results,
            sent: count("sent"),
            skipped: count("skipped-already-sent"),
            failed,
            ok: failed === 0,
            ...(account ? { account } : {}),
            ...(sendRate ? { sendRate } : {}),
            warnings: this.warnings,
        };
    }

    private warn(line: string): void {
        this.warnings.push(line);
        this.warnLine(line);
    }

    private timestamp(): string {
        return this.now().toISOString();
    }
}

function studentRef(input: WelcomeEmailInput): StudentRef {
    return { email: input.student.email, name: input.student.name, accountId: input.accountId };
}

function inDoubtAdvice(email: string): string {
    return `SES may or may not have accepted it. Ask the student (or check SES sending statistics), then run ` +
        `\`email --resend ${email}\` if it did not arrive.`;
}
