/**
 * "sending" is written just before SendEmail: if the process dies before the answer is
 * recorded, the next run finds it and holds that email instead of guessing.
 */
export const LEDGER_STATUSES = ["sending", "sent", "failed"] as const;
export type LedgerStatus = typeof LEDGER_STATUSES[number];

export interface LedgerRecord {
    email: string;
    accountId: string;
    status: LedgerStatus;
    messageId?: string;
    /** ISO time SES accepted the message. */
    sentAt?: string;
    /** SendEmail calls for this email and account, over all runs. */
    attempts: number;
    lastError?: string;
    updatedAt: string;
}

export interface LedgerFileContent {
    version: 1;
    records: Record<string, LedgerRecord>;
}

/**
 * One record per student email AND account: a student removed and added again gets a
 * new account, and so a new welcome email. Emails compare case-insensitively, as SES does.
 */
export function ledgerKey(email: string, accountId: string): string {
    return `${email.trim().toLowerCase()} ${accountId}`;
}

/** Why a ledger file cannot be trusted: each problem says where, what it holds and what was expected. */
export class LedgerFormatError extends Error {
    constructor(readonly problems: string[]) {
        super(problems.join("; "));
        this.name = "LedgerFormatError";
    }
}

function describe(value: unknown): string {
    if (value === undefined) return "missing";
    if (value === null) return "null";
    if (Array.isArray(value)) return "a list";
    if (typeof value === "string") return `the text ${JSON.stringify(value)}`;
    if (typeof value === "number" || typeof value === "boolean") return `the ${typeof value} ${String(value)}`;
    return "an object";
}

/** What toISOString writes (and a hand edit of it): Date.parse alone takes "1" or "May 1". */
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

function isObject(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Every problem of one record; none means the record is exactly what a run writes. */
function recordProblems(key: string, value: unknown): string[] {
    const where = `record ${JSON.stringify(key)}`;
    if (!isObject(value)) return [`${where} is ${describe(value)}; expected an object`];
    const problems: string[] = [];
    const text = (field: string, required: boolean) => {
        const v = value[field];
        if (v === undefined && !required) return;
        if (typeof v !== "string" || (required && !v.trim())) problems.push(`${where}: ${field} is ${describe(v)}; expected text`);
    };
    const date = (field: string, required: boolean) => {
        const v = value[field];
        if (v === undefined && !required) return;
        if (typeof v !== "string" || !ISO_DATE.test(v) || Number.isNaN(Date.parse(v))) {
            problems.push(`${where}: ${field} is ${typeof v === "string" ? JSON.stringify(v) : describe(v)}; expected an ISO date`);
        }
    };
    text("email", true);
    text("accountId", true);
    if (!(LEDGER_STATUSES as readonly unknown[]).includes(value.status)) {
        const status = typeof value.status === "string" ? JSON.stringify(value.status) : describe(value.status);
        problems.push(`${where}: status is ${status}; expected one of ${LEDGER_STATUSES.join(", ")}`);
    }
    if (!Number.isSafeInteger(value.attempts) || (value.attempts as number) < 0) {
        problems.push(`${where}: attempts is ${describe(value.attempts)}; expected a whole number 0 or more`);
    }
    date("updatedAt", true);
    date("sentAt", false);
    text("messageId", false);
    text("lastError", false);
    if (problems.length === 0 && ledgerKey(value.email as string, value.accountId as string) !== key) {
        // A key that does not match is never found, so that student would be emailed again.
        problems.push(`${where} is for ${String(value.email)} and account ${String(value.accountId)}; ` +
            `its key must be ${JSON.stringify(ledgerKey(value.email as string, value.accountId as string))}`);
    }
    return problems;
}

/**
 * Reads ledger file text, accepting only what a run of the driver writes (a byte order mark
 * from a Windows editor aside). Anything else throws LedgerFormatError listing every problem:
 * a ledger read wrongly would email students twice, or show them as never emailed.
 */
export function parseLedger(text: string): Record<string, LedgerRecord> {
    const body = text.replace(/^\uFEFF/, "");
    if (!body.trim()) throw new LedgerFormatError(["the file is empty"]);
    let content: unknown;
    try {
        content = JSON.parse(body);
    } catch (error) {
        throw new LedgerFormatError([`it is not valid JSON (${(error as Error).message})`]);
    }
    if (!isObject(content)) throw new LedgerFormatError([`the file holds ${describe(content)}; expected an object`]);
    const problems: string[] = [];
    if (content.version !== 1) {
        problems.push(content.version === undefined ? "version is missing; expected 1"
            : `version is ${JSON.stringify(content.version)}; this driver reads version 1`);
    }
    const records = content.records;
    if (!isObject(records)) {
        problems.push(`records is ${describe(records)}; expected an object of records keyed by "<email> <account id>"`);
    } else {
        for (const [key, value] of Object.entries(records)) problems.push(...recordProblems(key, value));
    }
    if (problems.length > 0) throw new LedgerFormatError(problems);
    return records as Record<string, LedgerRecord>;
}
