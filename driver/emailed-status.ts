import { promises as fs } from "fs";

/** A student's welcome email as the status table shows it. */
export interface EmailedStatus {
    status: string;
    sentAt?: string;
}

export type EmailedLookup = (email: string, accountId: string) => EmailedStatus | undefined;

/**
 * Reads the email ledger leniently, because another part of the driver writes it and its shape
 * may change: `{ version, records: { "<email> <accountId>": {...} } }` or a flat
 * `{ "<email>": { status, sentAt? } }`. Entries it cannot read are skipped.
 */
export function emailedLookup(ledger: unknown): EmailedLookup {
    const records = isObject(ledger) && isObject(ledger.records) ? ledger.records : ledger;
    const exact = new Map<string, EmailedStatus>();
    const byEmail = new Map<string, EmailedStatus>();
    if (isObject(records)) {
        for (const [key, entry] of Object.entries(records)) {
            if (!isObject(entry) || typeof entry.status !== "string") continue;
            const email = (typeof entry.email === "string" ? entry.email : key.split(" ")[0]).trim().toLowerCase();
            const status: EmailedStatus = { status: entry.status, ...(typeof entry.sentAt === "string" ? { sentAt: entry.sentAt } : {}) };
            if (typeof entry.accountId === "string") exact.set(`${email} ${entry.accountId}`, status);
            else byEmail.set(email, status);
        }
    }
    // A record for another account (the student was removed and added again) says nothing about this one.
    return (email, accountId) => exact.get(`${email.toLowerCase()} ${accountId}`) ?? byEmail.get(email.toLowerCase());
}

export async function readEmailedLookup(ledgerPath: string): Promise<EmailedLookup> {
    try {
        return emailedLookup(JSON.parse(await fs.readFile(ledgerPath, "utf8")));
    } catch {
        return () => undefined;
    }
}

/** "sent 2026-11-23", "failed", or "-" when there is no record. */
export function emailedCell(status: EmailedStatus | undefined): string {
    if (!status) return "-";
    return status.status === "sent" && status.sentAt ? `sent ${status.sentAt.slice(0, 10)}` : status.status;
}

function isObject(value: unknown): value is Record<string, unknown> {
    return !!value && typeof value === "object" && !Array.isArray(value);
}
