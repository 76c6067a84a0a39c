/**
 * The meter's stack config, read by the driver only: it changes no resource, so it needs no
 * `up` (infra/config.ts still checks it at `up`, like every other key). Set with
 * `pulumi config set workshop-accounts:liveFreezeAtUsd 40`.
 */

import { LIVE_FREEZE_CONFIG, SHARED_KEY_FREEZE_CONFIG } from "../../infra/config";
import { parseBudgetUsd } from "../../infra/rules/budget-amount";

export { LIVE_FREEZE_CONFIG, SHARED_KEY_FREEZE_CONFIG };

export interface LiveFreezeThresholds {
    /** Per student, on the estimate since the start; undefined = off (the default). */
    studentUsd?: number;
    /** The shared workshop key's Bedrock estimate; defaults to studentUsd × students, since every student uses it. */
    sharedKeyUsd?: number;
}

/** The same money parser as every budget's (infra/rules/budget-amount.ts): decimal, whole cents, bounded. */
function positive(key: string, raw: string | undefined): number | undefined {
    const text = raw?.trim();
    if (!text) return undefined;
    const parsed = parseBudgetUsd(text, key);
    if (parsed.problem !== undefined) {
        throw new Error(`${parsed.problem}; ` +
            `fix it with \`pulumi config set workshop-accounts:${key} 40\` or remove it with \`pulumi config rm workshop-accounts:${key}\``);
    }
    return parsed.usd;
}

/** Pure: the raw config values in, the thresholds or an actionable error out. */
export function liveFreezeThresholds(get: (key: string) => string | undefined, students: number): LiveFreezeThresholds {
    const studentUsd = positive(LIVE_FREEZE_CONFIG, get(LIVE_FREEZE_CONFIG));
    const sharedKeyUsd = positive(SHARED_KEY_FREEZE_CONFIG, get(SHARED_KEY_FREEZE_CONFIG))
        ?? (studentUsd !== undefined ? studentUsd * Math.max(1, students) : undefined);
    return { studentUsd, sharedKeyUsd };
}

/** Parses --since: an ISO date or time; the default is the start of the current month (UTC), the period Budgets reports. */
export function periodStart(since: string | undefined, now: Date): Date {
    if (!since) return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
    const at = new Date(since);
    if (!/^\d{4}-\d{2}-\d{2}/.test(since) || Number.isNaN(at.getTime())) {
        throw new Error(`--since must be an ISO date or time such as 2026-11-23 or 2026-11-23T09:00:00Z, got "${since}"`);
    }
    if (at.getTime() > now.getTime()) throw new Error(`--since ${since} is in the future`);
    return at;
}
