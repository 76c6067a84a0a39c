import { EmailLedger, ledgerKey } from "../email/ledger";

/** Sent welcome emails, by ledger key (email and account) → when SES accepted them ("" when unknown). */
export type EmailedMap = Record<string, string>;

export function emailedFromLedger(ledger: EmailLedger): EmailedMap {
    return Object.fromEntries(ledger.all().filter((r) => r.status === "sent").map((r) => [ledgerKey(r.email, r.accountId), r.sentAt ?? ""]));
}

/**
 * When this student's welcome email for this account went out: undefined if it did not. A student
 * removed and added again has a new account, and the old account's email does not count for it.
 */
export function emailedAt(emailed: EmailedMap, email: string, accountId: string): string | undefined {
    return emailed[ledgerKey(email, accountId)];
}

/** Nobody when there is no ledger yet; a damaged ledger throws LedgerDamagedError, never "nobody emailed". */
export function readEmailedMap(ledgerPath: string): EmailedMap {
    return emailedFromLedger(EmailLedger.load(ledgerPath));
}
