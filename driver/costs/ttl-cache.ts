import { promises as fs } from "fs";
import * as path from "path";

import { writeFileAtomic } from "../files/atomic-file";

/** What a cache file holds: one value, the key it answers and when it was fetched. */
interface CacheFile<T> {
    key: string;
    fetchedAt: string;
    value: T;
}

export interface Cached<T> {
    value: T;
    /** When the value was fetched from AWS (ISO time); older than now on a cache hit. */
    fetchedAt: string;
    fromCache: boolean;
}

export interface TtlCacheOptions<T> {
    cachePath: string;
    /** Anything that should force a refetch when it changes (account set, month, OU). */
    key: string;
    ttlMs: number;
    now: () => Date;
    load: () => Promise<T>;
}

async function readCacheFile<T>(cachePath: string): Promise<CacheFile<T> | undefined> {
    try {
        const parsed = JSON.parse(await fs.readFile(cachePath, "utf8")) as Partial<CacheFile<T>>;
        if (typeof parsed.key !== "string" || typeof parsed.fetchedAt !== "string" || !("value" in parsed)) return undefined;
        return parsed as CacheFile<T>;
    } catch {
        // Missing or half-written: either way the answer is to fetch again.
        return undefined;
    }
}

/** Replaced in one step, so a reader never sees half a file. */
async function writeCacheFile<T>(cachePath: string, file: CacheFile<T>): Promise<void> {
    await fs.mkdir(path.dirname(cachePath), { recursive: true });
    writeFileAtomic(cachePath, JSON.stringify(file, null, 2) + "\n");
}

/**
 * Returns the cached value when it answers the same key and is younger than the TTL, else loads
 * and stores a fresh one. Billed AWS calls go through here so a dashboard left open all day
 * costs one refresh per TTL. A fetchedAt in the future (clock moved back) counts as stale.
 */
export async function readThroughCache<T>(options: TtlCacheOptions<T>): Promise<Cached<T>> {
    const now = options.now();
    const cached = await readCacheFile<T>(options.cachePath);
    if (cached && cached.key === options.key) {
        const ageMs = now.getTime() - Date.parse(cached.fetchedAt);
        if (ageMs >= 0 && ageMs < options.ttlMs) return { value: cached.value, fetchedAt: cached.fetchedAt, fromCache: true };
    }
    const value = await options.load();
    const fetchedAt = now.toISOString();
    await writeCacheFile(options.cachePath, { key: options.key, fetchedAt, value });
    return { value, fetchedAt, fromCache: false };
}
