import { promises as fs } from "fs";

/**
 * Who got their welcome email → sentAt (ISO time, or "" when the ledger did not say when).
 * Keyed by emailedKey(email, accountId) when the ledger names the account, else by email alone.
 */
export type EmailedMap = Record<string, string>;

/**
 * A student removed and added again gets a new account, and the old account's welcome email
 * does not count for it; so an entry that names its account only matches that account.
 */
export function emailedKey(email: string, accountId?: string): string {
    const address = email.trim().toLowerCase();
    return accountId ? `${address} ${accountId}` : address;
}

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
 * The sent emails of a ledger, read defensively because the email command owns its format:
 * `{ "<email>": { accountId?, status: "sent" | "failed" | ..., sentAt? } }`, or the same records
 * wrapped as `{ version, records: {...} }`. Anything odd means "not emailed", never an error.
 */
export function emailedFromLedger(ledger: unknown): EmailedMap {
    const emailed: EmailedMap = {};
    if (!isObject(ledger)) return emailed;
    const entries = isObject(ledger.records) ? ledger.records : ledger;
    for (const [key, entry] of Object.entries(entries)) {
        if (!isObject(entry)) continue;
        const { email, accountId, status, sentAt } = entry as LedgerEntry;
        if (status !== "sent") continue;
        const address = typeof email === "string" ? email : key.split(" ")[0];
        emailed[emailedKey(address, typeof accountId === "string" ? accountId : undefined)] = typeof sentAt === "string" ? sentAt : "";
    }
    return emailed;
}

/** When this student's welcome email for this account went out: undefined if it did not. */
export function emailedAt(emailed: EmailedMap, email: string, accountId: string): string | undefined {
    return emailed[emailedKey(email, accountId)] ?? emailed[emailedKey(email)];
}

/** A missing or unreadable ledger reads as nobody emailed yet. */
export async function readEmailedMap(ledgerPath: string): Promise<EmailedMap> {
    try {
        return emailedFromLedger(JSON.parse(await fs.readFile(ledgerPath, "utf8")));
    } catch {
        return {};
    }
}
