import { createHash } from "crypto";

/** A short, order-independent fingerprint of an account set, for cache keys: adding a student must miss the cache. */
export function accountSetKey(accountIds: readonly string[]): string {
    const accounts = [...new Set(accountIds)].sort().join(",");
    return createHash("sha256").update(accounts).digest("hex").slice(0, 16);
}
