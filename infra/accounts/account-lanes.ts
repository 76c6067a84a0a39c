import { createHash } from "crypto";

/**
 * Organizations allows at most 5 account creations and 3 closures in progress at once
 * (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html); more fail.
 * Accounts are chained into this many lanes: each waits for the previous one in its lane, so at most
 * this many are created, or closed (the chain runs backwards on delete), at the same time.
 */
export const ACCOUNT_LANES = 3;

/** A student's lane: from their key alone, so adding or removing a student moves nobody else. */
export function accountLane(key: string, lanes = ACCOUNT_LANES): number {
    return createHash("sha256").update(key).digest().readUInt32BE(0) % lanes;
}

/**
 * For each key, the key its account waits for: the previous key (in sorted order) of the same
 * lane, or undefined for a lane's first. Adding a student changes only the successor's wait.
 */
export function lanePredecessors(keys: readonly string[], lanes = ACCOUNT_LANES): Map<string, string | undefined> {
    const last = new Map<number, string>();
    const before = new Map<string, string | undefined>();
    for (const key of [...keys].sort()) {
        const lane = accountLane(key, lanes);
        before.set(key, last.get(lane));
        last.set(lane, key);
    }
    return before;
}
