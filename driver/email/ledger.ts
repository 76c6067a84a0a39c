import * as fs from "fs";
import * as path from "path";

import { writeFileAtomic } from "../files/atomic-file";
import { type LedgerFileContent, LedgerFormatError, ledgerKey, type LedgerRecord,parseLedger } from "./ledger-format";

export { ledgerKey, type LedgerRecord, type LedgerStatus } from "./ledger-format";

export const LEDGER_FILE_NAME = "email-ledger.json";

/** Where the ledger of a stack lives, given its data dir (driver/paths.ts workshopDataDir). */
export function emailLedgerPath(dataDir: string): string {
    return path.join(dataDir, LEDGER_FILE_NAME);
}

const SHOWN_PROBLEMS = 5;

/**
 * A ledger that cannot be trusted: sending from it could email students twice, and showing it
 * could say nobody was emailed. Every command that reads the ledger stops with this message.
 */
export class LedgerDamagedError extends Error {
    constructor(readonly filePath: string, readonly problems: string[], options?: ErrorOptions) {
        const shown = problems.slice(0, SHOWN_PROBLEMS).map((p) => `  - ${p}`);
        if (problems.length > SHOWN_PROBLEMS) shown.push(`  - and ${problems.length - SHOWN_PROBLEMS} more problem(s)`);
        super([
            `the email ledger ${filePath} is damaged, so who already got a welcome email is unknown:`,
            ...shown,
            'Repair it by hand (it is JSON: {"version": 1, "records": {"<email> <account id>": {...}}}), or move it aside to start over:',
            `  mv ${filePath} ${filePath}.damaged`,
            "and then every student is emailed again by the next `email` or `up` (`email --dry-run` lists who).",
        ].join("\n"), options);
        this.name = "LedgerDamagedError";
    }
}

/** Which welcome emails went out. Every change is on disk before the next email is sent. */
export class EmailLedger {
    private constructor(readonly filePath: string, private readonly records: Record<string, LedgerRecord>) {}

    /**
     * A missing file is an empty ledger; anything but a ledger as a run writes it is a
     * LedgerDamagedError, never a silent restart (which would email everyone again).
     */
    static load(filePath: string): EmailLedger {
        let text: string;
        try {
            text = fs.readFileSync(filePath, "utf8");
        } catch (error) {
            if ((error as NodeJS.ErrnoException).code === "ENOENT") return new EmailLedger(filePath, {});
            throw error;
        }
        try {
            return new EmailLedger(filePath, parseLedger(text));
        } catch (error) {
            if (error instanceof LedgerFormatError) throw new LedgerDamagedError(filePath, error.problems, { cause: error });
            throw error;
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
