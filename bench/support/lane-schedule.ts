import { createHash } from "crypto";

/**
 * The scheduler accounts had before issue 22, kept here only so bench/account-pace.ts can measure
 * it: accounts chained in 3 lanes by a hash of the student key, each created after the previous one
 * of its lane and closed before it (the chain runs backwards on delete). Copied from the removed
 * infra/accounts/account-lanes.ts.
 */
export const ACCOUNT_LANES = 3;

export function accountLane(key: string, lanes = ACCOUNT_LANES): number {
    return createHash("sha256").update(key).digest().readUInt32BE(0) % lanes;
}

/** For each key, the key its account waits for: the previous key (sorted) of the same lane. */
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
