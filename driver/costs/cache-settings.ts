import * as path from "path";

/** Cost Explorer refreshes its data a few times a day; half an hour is fresh enough for a workshop. */
export const DEFAULT_CACHE_TTL_MS = 30 * 60 * 1000;

export function minutesToMs(minutes: number): number {
    return minutes * 60 * 1000;
}

export function costCachePath(dataDir: string): string {
    return path.join(dataDir, "cost-cache.json");
}

export function accountStateCachePath(dataDir: string): string {
    return path.join(dataDir, "account-state-cache.json");
}
