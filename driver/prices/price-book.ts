import type { PricingClient } from "@aws-sdk/client-pricing";
import * as fs from "fs";
import * as path from "path";

import { writeFileAtomic } from "../files/atomic-file";
import { mapPool } from "../promise-pool";
import { bundledPrice } from "./bundled";
import { askPriceList, type PriceListAnswer } from "./price-list";
import { type PriceAnswer, priceKey, type PriceQuery,unitOf } from "./price-query";

/**
 * Every price the meter uses, resolved once per key and kept for the workshop in a file under
 * the stack's data directory: the Price List first, the bundled table when the Price List has no
 * answer or cannot be asked, otherwise "unknown" with both reasons.
 */

export function priceCachePath(dataDir: string): string {
    return path.join(dataDir, "price-cache.json");
}

/** List prices change rarely; a month-old answer is asked again. */
const ANSWER_TTL_MS = 30 * 24 * 3600_000;
/** "No such product" is asked again the next day, in case the filters or the offer changed. */
const NO_PRODUCT_TTL_MS = 24 * 3600_000;
/** A failed call (throttled, no permission) is not retried at every refresh. */
const ERROR_RETRY_MS = 30 * 60_000;
const CONCURRENCY = 4;

interface CacheEntry {
    answer: PriceListAnswer;
    fetchedAt: string;
}

interface CacheFile {
    version: 1;
    entries: Record<string, CacheEntry>;
}

export interface PriceBookOptions {
    cachePath: string;
    /** The Price List client; absent means offline (the bundled table only). */
    client?: PricingClient;
    now: () => Date;
}

export class PriceBook {
    private readonly entries: Record<string, CacheEntry>;
    /** Keys whose last Price List call failed, with the error and when. Kept in memory only. */
    private readonly errors = new Map<string, { message: string; at: number }>();
    /** How many GetProducts requests this book started (pages of a paginated answer included). */
    requests = 0;

    constructor(private readonly options: PriceBookOptions) {
        this.entries = readCache(options.cachePath);
    }

    /** Asks the Price List for every key not yet cached (or stale), then saves the cache. Never throws for a price. */
    async resolve(queries: PriceQuery[], signal?: AbortSignal): Promise<void> {
        const client = this.options.client;
        if (!client) return;
        const now = this.options.now().getTime();
        const wanted = new Map(queries.map((q) => [priceKey(q), q]));
        const missing = [...wanted.entries()].filter(([key]) => {
            const error = this.errors.get(key);
            if (error && now - error.at < ERROR_RETRY_MS) return false;
            const entry = this.entries[key];
            if (!entry) return true;
            const age = now - Date.parse(entry.fetchedAt);
            return !(age >= 0 && age < ("unknown" in entry.answer ? NO_PRODUCT_TTL_MS : ANSWER_TTL_MS));
        });
        if (missing.length === 0) return;
        const counted = countRequests(client, () => this.requests++);
        await mapPool(missing, CONCURRENCY, async ([key, query]) => {
            signal?.throwIfAborted();
            try {
                this.entries[key] = { answer: await askPriceList(counted, query, signal), fetchedAt: this.options.now().toISOString() };
                this.errors.delete(key);
            } catch (error) {
                if (signal?.aborted) throw error;
                this.errors.set(key, { message: (error as Error).message, at: now });
            }
        });
        writeCache(this.options.cachePath, this.entries);
    }

    /** The price to use for a query: Price List, else bundled, else unknown with the reasons. */
    get(query: PriceQuery): PriceAnswer {
        const key = priceKey(query);
        const entry = this.entries[key];
        if (entry && "usd" in entry.answer) {
            return { status: "known", usd: entry.answer.usd, unit: unitOf(query), source: "price-list",
                asOf: entry.fetchedAt.slice(0, 10), detail: entry.answer.detail };
        }
        const error = this.errors.get(key);
        const whyNot = entry && "unknown" in entry.answer ? entry.answer.unknown
            : error ? `the Price List could not be asked: ${error.message}`
                : this.options.client ? "the Price List was not asked yet" : "offline: the Price List is not asked";
        const bundled = bundledPrice(query);
        if (bundled.status === "known") return { ...bundled, detail: `${bundled.detail}; ${whyNot}` };
        return { status: "unknown", reason: `${whyNot}; ${bundled.reason}` };
    }
}

/** Counts every request the client sends (each page of a paginated answer is one), for the benchmark and the log. */
function countRequests(client: PricingClient, count: () => void): PricingClient {
    return new Proxy(client, {
        get(target, property, receiver) {
            if (property !== "send") return Reflect.get(target, property, receiver) as unknown;
            return (...args: Parameters<PricingClient["send"]>) => {
                count();
                return target.send(...args);
            };
        },
    });
}

function readCache(cachePath: string): Record<string, CacheEntry> {
    try {
        const parsed = JSON.parse(fs.readFileSync(cachePath, "utf8")) as Partial<CacheFile>;
        return parsed.version === 1 && parsed.entries ? parsed.entries : {};
    } catch {
        // Missing or unreadable: the prices are asked again.
        return {};
    }
}

function writeCache(cachePath: string, entries: Record<string, CacheEntry>): void {
    fs.mkdirSync(path.dirname(cachePath), { recursive: true });
    writeFileAtomic(cachePath, JSON.stringify({ version: 1, entries } satisfies CacheFile, null, 1) + "\n");
}
