import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";

import type { AwsClients } from "../aws/clients";
import { enterAccount, regionScope } from "../aws/region-scope";
import { retrying, type RetryOptions } from "../aws/retrying-client";
import { resourcePricing } from "../catalogue/catalogue";
import type { AccountInventory, InventoryGap } from "../inventory/billable";
import type { PriceBook } from "../prices/price-book";
import type { PriceQuery } from "../prices/price-query";
import { mapPool } from "../promise-pool";
import { errorText } from "../time/retry";
import { readBedrockUse, type TokenWindow } from "./bedrock-tokens";
import {
    applyFreezes, decideFreezes, type FreezeActions, type FreezeCandidate, freezeLine, type FreezeRecord,
loadFreezeState, saveFreezeState, } from "./live-freeze";
import { type AccountObservation, meterAccount, type RegionBedrock } from "./meter";
import type { LiveFreezeThresholds } from "./meter-settings";
import {
    loadMeterLedger, type MeterSnapshot, saveMeterLedger, type StudentMeterView,
writeMeterSnapshot, } from "./snapshot";

/** Lists what bills in one account (driver/inventory/); it enters the account through the same client factory. */
export type InventoryReader = (accountId: string, regions: string[], signal?: AbortSignal) => Promise<AccountInventory>;

export interface MeterStudent {
    key: string;
    name: string;
    email: string;
    accountId: string;
    budgetName: string;
}

export interface MeterPlan {
    students: MeterStudent[];
    regions: string[];
    periodStart: Date;
    /** Workshop mode's IAM user: its Bedrock use is read in the management account. */
    sharedKeyUser?: string;
    thresholds: LiveFreezeThresholds;
    dryRun: boolean;
}

export interface MeterServices {
    aws: AwsClients;
    inventory: InventoryReader;
    prices: PriceBook;
    freeze: FreezeActions;
    now: () => Date;
    /** Accounts read at once. */
    concurrency: number;
    /** How calls into the accounts are retried (throttling); the inventory's policy. */
    retry: RetryOptions;
    files: { snapshot: string; ledger: string; freezes: string };
    /** Terminal lines for freezes and failures. */
    log: (line: string) => void;
    warn: (line: string) => void;
}

export const SHARED_KEY_LEDGER = "shared-key";

/** CloudWatch in a region, retried by the driver's policy like every other call into the accounts. */
type CloudWatchIn = (region: string) => CloudWatchClient;

async function bedrockIn(cloudwatch: CloudWatchIn, regions: string[], window: TokenWindow, count: (n: number) => void, signal?: AbortSignal): Promise<RegionBedrock[]> {
    return Promise.all(regions.map(async (region): Promise<RegionBedrock> => {
        try {
            const use = await readBedrockUse(cloudwatch(region), window, signal);
            count(use.requests);
            return { region, use };
        } catch (error) {
            if (signal?.aborted) throw error;
            return { region, error: errorText(error) };
        }
    }));
}

/** One student account: one assume-role (reused by the factory), then inventory and tokens side by side. */
async function observeAccount(services: MeterServices, accountId: string, regions: string[], window: TokenWindow,
    count: (service: string, n: number) => void, signal?: AbortSignal): Promise<AccountObservation> {
    signal?.throwIfAborted();
    try {
        // Up front: a role that cannot be assumed is one failure, not one per region and service.
        await enterAccount(services.aws, accountId, services.retry);
    } catch (error) {
        if (signal?.aborted) throw error;
        return { accountId, bedrock: [], failure: (error as Error).message };
    }
    const [inventory, bedrock] = await Promise.all([
        services.inventory(accountId, regions, signal).catch((error: unknown): AccountInventory => {
            if (signal?.aborted) throw error;
            return { accountId, resources: [], gaps: [{ accountId, reason: `the inventory failed: ${errorText(error)}` }] };
        }),
        bedrockIn((region) => regionScope(services.aws, accountId, region, services.retry).client(CloudWatchClient), regions, window,
            (n) => count("cloudwatch", n), signal),
    ]);
    return { accountId, inventory, bedrock };
}

/**
 * Kinds the driver cannot list in any account (no SDK client for them): the same blind spot in
 * every account at every refresh, said once for the workshop rather than as a "+?" on every student.
 */
export function splitUnsupported(observations: AccountObservation[]): { observations: AccountObservation[]; notMetered: string[] } {
    const notMetered = new Set<string>();
    const kept = observations.map((o) => {
        if (!o.inventory) return o;
        const gaps: InventoryGap[] = [];
        for (const gap of o.inventory.gaps) {
            if (gap.unsupported) notMetered.add(`${gap.service ?? "resources"}: ${gap.reason}`);
            else gaps.push(gap);
        }
        return { ...o, inventory: { ...o.inventory, gaps } };
    });
    return { observations: kept, notMetered: [...notMetered] };
}

/** The price queries a set of observations needs, so the book asks the Price List once per key. */
export function queriesOf(observations: AccountObservation[]): PriceQuery[] {
    const queries: PriceQuery[] = [];
    for (const observation of observations) {
        for (const resource of observation.inventory?.resources ?? []) {
            if (!resource.billing) continue;
            const pricing = resourcePricing(resource);
            if (pricing.kind === "parts") queries.push(...pricing.parts.map((p) => p.query));
        }
        for (const region of observation.bedrock) {
            if (!("use" in region)) continue;
            for (const model of region.use.models) {
                if (model.inputTokens > 0) queries.push({ kind: "bedrock", region: region.region, modelId: model.modelId, direction: "input" });
                if (model.outputTokens > 0) queries.push({ kind: "bedrock", region: region.region, modelId: model.modelId, direction: "output" });
            }
        }
    }
    return queries;
}

/**
 * One refresh: read every account (at most `concurrency` at once), price what bills, accrue the
 * ledger, decide and apply live freezes, and write the snapshot. A failure in one account or
 * region becomes an unknown part of that account; the refresh itself fails only on an abort or
 * when its own files cannot be written.
 */
export async function refreshMeter(plan: MeterPlan, services: MeterServices, signal?: AbortSignal): Promise<{ snapshot: MeterSnapshot; fired: FreezeRecord[] }> {
    const startedAt = services.now();
    const window: TokenWindow = { start: plan.periodStart, end: startedAt };
    const requests: Record<string, number> = {};
    const count = (service: string, n: number) => { requests[service] = (requests[service] ?? 0) + n; };

    const read = await mapPool(plan.students, services.concurrency,
        (student) => observeAccount(services, student.accountId, plan.regions, window, count, signal));
    const { observations, notMetered } = splitUnsupported(read);
    const management: CloudWatchIn = (region) => retrying(services.aws.client(CloudWatchClient, { region, maxAttempts: 1 }), services.retry);
    const shared = plan.sharedKeyUser
        ? { accountId: SHARED_KEY_LEDGER, bedrock: await bedrockIn(management, plan.regions, window, (n) => count("cloudwatch", n), signal) }
        : undefined;

    const pricingBefore = services.prices.requests;
    await services.prices.resolve(queriesOf(shared ? [...observations, shared] : observations), signal);
    count("pricing", services.prices.requests - pricingBefore);
    const tally = { priceList: 0, bundled: 0, unknown: 0 };
    const prices = (query: PriceQuery) => {
        const answer = services.prices.get(query);
        if (answer.status === "unknown") tally.unknown++;
        else if (answer.source === "price-list") tally.priceList++;
        else tally.bundled++;
        return answer;
    };

    const finishedAt = services.now();
    const ledger = loadMeterLedger(services.files.ledger, plan.periodStart);
    const meterOf = (observation: AccountObservation, ledgerId: string) => {
        const result = meterAccount({ observation, prices, ledger: ledger.accounts[ledgerId] ?? {}, now: finishedAt, periodStart: plan.periodStart });
        ledger.accounts[ledgerId] = result.ledger;
        return result.meter;
    };
    const students: StudentMeterView[] = plan.students.map((student, i) => ({
        key: student.key, name: student.name, email: student.email, accountId: student.accountId,
        meter: meterOf(observations[i], student.accountId),
    }));
    const sharedKey = shared && plan.sharedKeyUser ? { userName: plan.sharedKeyUser, meter: meterOf(shared, SHARED_KEY_LEDGER) } : undefined;
    saveMeterLedger(services.files.ledger, ledger);

    const fired = await liveFreeze(plan, services, students, sharedKey, finishedAt);
    const state = loadFreezeState(services.files.freezes, plan.periodStart);
    const snapshot: MeterSnapshot = {
        version: 1, startedAt: startedAt.toISOString(), finishedAt: finishedAt.toISOString(), periodStart: plan.periodStart.toISOString(),
        students, ...(sharedKey ? { sharedKey } : {}), notMetered,
        freezes: Object.values(state.records).sort((a, b) => a.at.localeCompare(b.at)),
        requests, prices: tally,
    };
    writeMeterSnapshot(services.files.snapshot, snapshot);
    return { snapshot, fired };
}

async function liveFreeze(plan: MeterPlan, services: MeterServices, students: StudentMeterView[],
    sharedKey: MeterSnapshot["sharedKey"], now: Date): Promise<FreezeRecord[]> {
    const candidates: FreezeCandidate[] = plan.students.map((student, i) => ({
        target: { kind: "student", accountId: student.accountId, name: student.name, email: student.email, budgetName: student.budgetName },
        estimateUsd: students[i].meter.sinceStartUsd, thresholdUsd: plan.thresholds.studentUsd,
    }));
    if (sharedKey) {
        candidates.push({ target: { kind: "shared-key", userName: sharedKey.userName }, estimateUsd: sharedKey.meter.sinceStartUsd,
            thresholdUsd: plan.thresholds.sharedKeyUsd });
    }
    const state = loadFreezeState(services.files.freezes, plan.periodStart);
    const decided = decideFreezes(state, candidates, plan.dryRun);
    if (decided.length === 0) return [];
    const fired = await applyFreezes(decided, state, services.freeze, { dryRun: plan.dryRun, now });
    saveFreezeState(services.files.freezes, state);
    for (const record of fired) (record.outcome === "ok" ? services.log : services.warn)(freezeLine(record));
    return fired;
}
