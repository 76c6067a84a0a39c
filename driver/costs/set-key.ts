import { createHash } from "crypto";

/**
 * A short, order-independent fingerprint of a set of names (accounts, budgets), for cache keys:
 * adding a student must miss the cache.
 */
export function setKey(values: readonly string[]): string {
    const joined = [...new Set(values)].sort().join(",");
    return createHash("sha256").update(joined).digest("hex").slice(0, 16);
}
