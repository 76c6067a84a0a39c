import { promises as fs } from "fs";
import { ledgerKey } from "../email/ledger";

/**
 * Who got their welcome email → sentAt (ISO time, or "" when the ledger did not say when).
 * Keyed by ledgerKey(email, accountId) when the ledger names the account, else by lower-cased email.
 */
export type EmailedMap = Record<string, string>;

interface LedgerEntry {
    email?: unknown;
    accountId?: unknown;
    status?: unknown;
    sentAt?: unknown;
}

function isObject(value: unknown): value is Record<string, unknown> {
    return !!value && typeof value === "object" && !Array.isArray(value);
}

/**
 * The sent emails of a ledger, read defensively because the email command owns it. Accepts the
 * email command's `{ version: 1, records: { "<email> <account>": { email, accountId, status, sentAt } } }`
 * and a flat `{ "<email>": { status, sentAt } }`; anything odd means "not emailed", never an error.
 */
export function emailedFromLedger(ledger: unknown): EmailedMap {
    const emailed: EmailedMap = {};
    if (!isObject(ledger)) return emailed;
    const entries = isObject(ledger.records) ? ledger.records : ledger;
    for (const [key, entry] of Object.entries(entries)) {
        if (!isObject(entry)) continue;
        const { email, accountId, status, sentAt } = entry as LedgerEntry;
        if (status !== "sent") continue;
        const address = (typeof email === "string" ? email : key.split(" ")[0]).trim().toLowerCase();
        const mapKey = typeof accountId === "string" && accountId ? ledgerKey(address, accountId) : address;
        emailed[mapKey] = typeof sentAt === "string" ? sentAt : "";
    }
    return emailed;
}

/** When this student's welcome email for this account went out: undefined if it did not. */
export function emailedAt(emailed: EmailedMap, email: string, accountId: string): string | undefined {
    return emailed[ledgerKey(email, accountId)] ?? emailed[email.trim().toLowerCase()];
}

/** A missing or unreadable ledger reads as nobody emailed yet. */
export async function readEmailedMap(ledgerPath: string): Promise<EmailedMap> {
    try {
        return emailedFromLedger(JSON.parse(await fs.readFile(ledgerPath, "utf8")));
    } catch {
        return {};
    }
}
