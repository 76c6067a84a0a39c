import type { LedgerRecord } from "./ledger";

/** "sent 2026-11-23", "failed", "sending", or "-" when the ledger has no record. */
export function emailedCell(record: Pick<LedgerRecord, "status" | "sentAt"> | undefined): string {
    if (!record) return "-";
    return record.status === "sent" && record.sentAt ? `sent ${record.sentAt.slice(0, 10)}` : record.status;
}
