/**
 * The meter's stack config, read by the driver only: it changes no resource, so it needs no
 * `up` and is not part of infra/config.ts. Set with
 * `pulumi config set workshop-accounts:liveFreezeAtUsd 40`.
 */

export const LIVE_FREEZE_CONFIG = "liveFreezeAtUsd";
export const SHARED_KEY_FREEZE_CONFIG = "liveFreezeSharedKeyAtUsd";

export interface LiveFreezeThresholds {
    /** Per student, on the estimate since the start; undefined = off (the default). */
    studentUsd?: number;
    /** The shared workshop key's Bedrock estimate; defaults to studentUsd × students, since every student uses it. */
    sharedKeyUsd?: number;
}

function positive(key: string, raw: string | undefined): number | undefined {
    const text = raw?.trim();
    if (!text) return undefined;
    const value = Number(text);
    if (!Number.isFinite(value) || value <= 0) {
        throw new Error(`${key} must be a positive number of USD, got "${text}"; ` +
            `fix it with \`pulumi config set workshop-accounts:${key} 40\` or remove it with \`pulumi config rm workshop-accounts:${key}\``);
    }
    return value;
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
