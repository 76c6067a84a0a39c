import { resourcePricing } from "../catalogue/catalogue";
import type { AccountInventory, BillableResource } from "../inventory/billable";
import { type KnownPrice, type PriceAnswer, priceKey, type PriceQuery } from "../prices/price-query";
import { type PricedResource, priceParts, type PriceRef } from "../prices/resource-pricing";
import type { BedrockUse } from "./bedrock-tokens";

/**
 * The live meter's arithmetic, pure: what an account costs per hour now, and an estimate of what
 * it has cost since the period started. Every number is a sum of priced parts; a part without a
 * price, or a region that could not be read, is listed as unknown with its reason and adds nothing.
 *
 * Spend since the start accrues across refreshes in a ledger: at each refresh a billing resource
 * adds its hourly price times the hours since it was last seen (or, the first time, since it was
 * launched, clipped to the period start). A resource that was terminated keeps what it accrued.
 */

/** What one refresh read in one account. */
export interface AccountObservation {
    accountId: string;
    /** Absent when the account could not be read at all (see failure). */
    inventory?: AccountInventory;
    bedrock: RegionBedrock[];
    /** Why nothing could be read (e.g. the access role could not be assumed). */
    failure?: string;
}

export type RegionBedrock = { region: string; use: BedrockUse } | { region: string; error: string };

/** What the ledger remembers of one resource between refreshes. */
export interface LedgerEntry {
    label: string;
    lastSeenAt: string;
    usdPerHour: number;
    accruedUsd: number;
}

export type AccountLedger = Record<string, LedgerEntry>;

export type { PriceRef };

export interface ResourceLine {
    key: string;
    label: string;
    usdPerHour: number;
    sinceStartUsd: number;
    prices: PriceRef[];
}

export interface TokenLine {
    region: string;
    modelId: string;
    inputTokens: number;
    outputTokens: number;
    sinceStartUsd: number;
    lastHourUsd: number;
    prices: PriceRef[];
}

export interface UnknownPart {
    what: string;
    reason: string;
}

export interface AccountMeter {
    accountId: string;
    /** Sum of the priced parts running now (resources, plus Bedrock tokens of the last hour); null when nothing could be read. */
    usdPerHour: number | null;
    /** Estimated spend since the period started; null when this account was never read. */
    sinceStartUsd: number | null;
    resources: ResourceLine[];
    /** Resources seen earlier that are gone now, with what they accrued. */
    gone: ResourceLine[];
    tokens: TokenLine[];
    unknown: UnknownPart[];
    notes: string[];
}

export interface MeterInput {
    observation: AccountObservation;
    prices: (query: PriceQuery) => PriceAnswer;
    /** This account's ledger from the previous refresh of the same period. */
    ledger: AccountLedger;
    now: Date;
    periodStart: Date;
}

const HOUR_MS = 3600_000;
const round = (usd: number) => Math.round(usd * 1e6) / 1e6;

export function resourceKey(resource: BillableResource): string {
    return `${resource.region}/${resource.kind}/${resource.id}`;
}

const ref = (query: PriceQuery, price: KnownPrice): PriceRef => ({ key: priceKey(query), source: price.source, asOf: price.asOf });
const later = (a: number, b: number) => Math.max(a, b);

/** A timestamp the ledger can use: the inventory's, if it parses and is not in the future. */
function parsedSince(resource: BillableResource, now: number): number | undefined {
    const at = resource.since ? Date.parse(resource.since) : NaN;
    return Number.isFinite(at) ? Math.min(at, now) : undefined;
}

function priceResource(resource: BillableResource, prices: MeterInput["prices"]): PricedResource {
    return priceParts(resourcePricing(resource), prices);
}

function meterTokens(region: string, use: BedrockUse, prices: MeterInput["prices"], unknown: UnknownPart[]): TokenLine[] {
    for (const modelId of use.untokenized) {
        unknown.push({ what: `Bedrock ${modelId} in ${region}`, reason: "invoked without token metrics (images, video or embeddings per item): not priced" });
    }
    return use.models.map((model) => {
        const line: TokenLine = { region, modelId: model.modelId, inputTokens: model.inputTokens, outputTokens: model.outputTokens,
            sinceStartUsd: 0, lastHourUsd: 0, prices: [] };
        for (const [direction, total, lastHour] of [["input", model.inputTokens, model.lastHourInputTokens], ["output", model.outputTokens, model.lastHourOutputTokens]] as const) {
            if (total === 0) continue;
            const query: PriceQuery = { kind: "bedrock", region, modelId: model.modelId, direction };
            const price = prices(query);
            if (price.status === "unknown") {
                unknown.push({ what: `Bedrock ${model.modelId} ${direction} tokens in ${region} (${total.toLocaleString("en-US")})`, reason: price.reason });
                continue;
            }
            line.sinceStartUsd += (total / 1e6) * price.usd;
            line.lastHourUsd += (lastHour / 1e6) * price.usd;
            line.prices.push(ref(query, price));
        }
        line.sinceStartUsd = round(line.sinceStartUsd);
        line.lastHourUsd = round(line.lastHourUsd);
        return line;
    });
}

/** One account's meter and its ledger for the next refresh. Pure. */
export function meterAccount(input: MeterInput): { meter: AccountMeter; ledger: AccountLedger } {
    const { observation, prices } = input;
    const now = input.now.getTime();
    const periodStart = input.periodStart.getTime();
    const ledger: AccountLedger = { ...input.ledger };
    const unknown: UnknownPart[] = [];
    const notes: string[] = [];
    const resources: ResourceLine[] = [];
    const seen = new Set<string>();

    if (observation.failure) unknown.push({ what: `account ${observation.accountId}`, reason: observation.failure });
    for (const gap of observation.inventory?.gaps ?? []) {
        unknown.push({ what: [gap.service ?? "resources", gap.region ? `in ${gap.region}` : ""].filter(Boolean).join(" "), reason: gap.reason });
    }
    let undated = 0;
    for (const resource of observation.inventory?.resources ?? []) {
        const key = resourceKey(resource);
        seen.add(key);
        const previous = ledger[key];
        if (!resource.billing) {
            if (previous) ledger[key] = { ...previous, lastSeenAt: input.now.toISOString(), usdPerHour: 0 };
            continue;
        }
        const priced = priceResource(resource, prices);
        if ("free" in priced) continue;
        if ("unknown" in priced) {
            unknown.push(priced.unknown);
            continue;
        }
        const since = parsedSince(resource, now);
        if (!previous && since === undefined) undated++;
        // From when it was last seen, or launched since; the first time, from its launch, clipped to the period.
        const from = later(periodStart, previous
            ? later(Date.parse(previous.lastSeenAt), since ?? 0)
            : since ?? now);
        const accruedUsd = round((previous?.accruedUsd ?? 0) + priced.usdPerHour * Math.max(0, now - from) / HOUR_MS);
        ledger[key] = { label: priced.label, lastSeenAt: input.now.toISOString(), usdPerHour: round(priced.usdPerHour), accruedUsd };
        resources.push({ key, label: priced.label, usdPerHour: round(priced.usdPerHour), sinceStartUsd: accruedUsd, prices: priced.refs });
    }
    if (undated > 0) notes.push(`${undated} resource(s) without a launch time are counted from when the meter first saw them`);

    const gone = observation.inventory
        ? Object.entries(ledger).filter(([key, entry]) => !seen.has(key) && !isTokenKey(key) && entry.accruedUsd > 0 && regionWasRead(key, observation))
            .map(([key, entry]) => ({ key, label: entry.label, usdPerHour: 0, sinceStartUsd: entry.accruedUsd, prices: [] }))
        : [];

    const tokens: TokenLine[] = [];
    for (const region of observation.bedrock) {
        if ("error" in region) {
            const kept = Object.keys(ledger).filter((key) => isTokenKey(key) && key.startsWith(`${region.region}/`)).length;
            unknown.push({ what: `Bedrock tokens in ${region.region}`,
                reason: region.error + (kept ? ` (the estimate keeps the ${kept} model(s) read there before)` : "") });
            continue;
        }
        for (const line of meterTokens(region.region, region.use, prices, unknown)) {
            tokens.push(line);
            // CloudWatch sums since the start; the ledger keeps the last sum, so a failed read later does not lower it.
            ledger[tokenKey(line)] = { label: `Bedrock ${line.modelId} in ${line.region}`, lastSeenAt: input.now.toISOString(),
                usdPerHour: line.lastHourUsd, accruedUsd: line.sinceStartUsd };
        }
    }

    const readSomething = !!observation.inventory || observation.bedrock.some((r) => "use" in r);
    const meter: AccountMeter = {
        accountId: observation.accountId,
        usdPerHour: readSomething
            ? round(resources.reduce((sum, r) => sum + r.usdPerHour, 0) + tokens.reduce((sum, t) => sum + t.lastHourUsd, 0))
            : null,
        sinceStartUsd: readSomething || Object.keys(ledger).length > 0
            ? round(Object.values(ledger).reduce((sum, entry) => sum + entry.accruedUsd, 0))
            : null,
        resources, gone, tokens, unknown, notes,
    };
    return { meter, ledger };
}

const tokenKey = (line: TokenLine) => `${line.region}/bedrock/${line.modelId}`;
const isTokenKey = (key: string) => key.split("/")[1] === "bedrock";

/** A resource is "gone" only if its region's inventory was read this time; a gap says nothing about it. */
function regionWasRead(key: string, observation: AccountObservation): boolean {
    const region = key.split("/")[0];
    return !(observation.inventory?.gaps ?? []).some((gap) => !gap.region || gap.region === region);
}
