import * as fs from "fs";
import * as path from "path";
import { writeFileAtomic } from "../atomic-file";

/**
 * "sending" is written just before SendEmail: if the process dies before the answer is
 * recorded, the next run finds it and holds that email instead of guessing.
 */
export type LedgerStatus = "sending" | "sent" | "failed";

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

interface LedgerFileContent {
    version: 1;
    records: Record<string, LedgerRecord>;
}

export const LEDGER_FILE_NAME = "email-ledger.json";

/** Where the ledger of a stack lives, given its data dir (driver/paths.ts workshopDataDir). */
export function emailLedgerPath(dataDir: string): string {
    return path.join(dataDir, LEDGER_FILE_NAME);
}

/**
 * One record per student email AND account: a student removed and added again gets a
 * new account, and so a new welcome email. Emails compare case-insensitively, as SES does.
 */
export function ledgerKey(email: string, accountId: string): string {
    return `${email.trim().toLowerCase()} ${accountId}`;
}

/** Which welcome emails went out. Every change is on disk before the next email is sent. */
export class EmailLedger {
    private constructor(readonly filePath: string, private readonly records: Record<string, LedgerRecord>) {}

    /** A missing file is an empty ledger; an unreadable one is an error, never a silent restart. */
    static load(filePath: string): EmailLedger {
        let text: string;
        try {
            text = fs.readFileSync(filePath, "utf8");
        } catch (error) {
            if ((error as NodeJS.ErrnoException).code === "ENOENT") return new EmailLedger(filePath, {});
            throw error;
        }
        let content: Partial<LedgerFileContent>;
        try {
            content = JSON.parse(text) as Partial<LedgerFileContent>;
        } catch (error) {
            throw new Error(`the email ledger ${filePath} is not valid JSON (${(error as Error).message}). ` +
                "Repair it, or move it away to start over (then every student is emailed again).", { cause: error });
        }
        if (content.version !== 1 || typeof content.records !== "object" || content.records === null) {
            throw new Error(`the email ledger ${filePath} is not a version 1 ledger; repair or move it away ` +
                "(then every student is emailed again).");
        }
        return new EmailLedger(filePath, content.records);
    }

    /**
     * For showing who was emailed (status, dashboard, report): a missing or damaged ledger shows
     * as nobody emailed. Sending never uses this; it refuses a damaged ledger (see load).
     */
    static loadOrEmpty(filePath: string): EmailLedger {
        try {
            return EmailLedger.load(filePath);
        } catch {
            return new EmailLedger(filePath, {});
        }
    }

    get(email: string, accountId: string): LedgerRecord | undefined {
        return this.records[ledgerKey(email, accountId)];
    }

    all(): LedgerRecord[] {
        return Object.values(this.records);
    }

    /** Replaces the record of one email and account, and saves the whole ledger before returning. */
    put(record: LedgerRecord): void {
        this.records[ledgerKey(record.email, record.accountId)] = record;
        this.save();
    }

    private save(): void {
        fs.mkdirSync(path.dirname(this.filePath), { recursive: true });
        const content: LedgerFileContent = { version: 1, records: this.records };
        // Only the instructor may read it: it lists every student's email.
        writeFileAtomic(this.filePath, JSON.stringify(content, null, 2) + "\n", 0o600);
    }
}
