import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { STSClient } from "@aws-sdk/client-sts";
import { ACCOUNT_ACCESS_ROLE, type AwsClients } from "../aws/clients";
import type { AccountInventory } from "../inventory/billable";
import { readBedrockUse, type TokenWindow } from "./bedrock-tokens";
import {
    applyFreezes, decideFreezes, freezeLine, loadFreezeState, saveFreezeState, type FreezeActions, type FreezeCandidate, type FreezeRecord,
} from "./live-freeze";
import { meterAccount, type AccountObservation, type RegionBedrock } from "./meter";
import type { LiveFreezeThresholds } from "./meter-settings";
import { mapPool } from "./pool";
import type { PriceBook } from "./prices/price-book";
import type { PriceQuery } from "./prices/price-query";
import { resourcePricing } from "./resource-prices";
import {
    loadMeterLedger, saveMeterLedger, writeMeterSnapshot, type MeterSnapshot, type StudentMeterView,
} from "./snapshot";

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
    files: { snapshot: string; ledger: string; freezes: string };
    /** Terminal lines for freezes and failures. */
    log: (line: string) => void;
    warn: (line: string) => void;
}

export const SHARED_KEY_LEDGER = "shared-key";

function errorText(error: unknown): string {
    const e = error as { name?: string; message?: string };
    const name = e?.name && e.name !== "Error" ? `${e.name}: ` : "";
    return `${name}${e?.message ?? String(error)}`.slice(0, 300);
}

async function bedrockIn(aws: AwsClients, regions: string[], window: TokenWindow, count: (n: number) => void, signal?: AbortSignal): Promise<RegionBedrock[]> {
    return Promise.all(regions.map(async (region): Promise<RegionBedrock> => {
        try {
            const use = await readBedrockUse(aws.client(CloudWatchClient, { region }), window, signal);
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
    const inAccount = services.aws.forAccount(accountId);
    try {
        // Resolve the session once up front: a role that cannot be assumed fails here, not once per region and service.
        await inAccount.client(STSClient).config.credentials();
    } catch (error) {
        if (signal?.aborted) throw error;
        return { accountId, bedrock: [], failure: `cannot assume ${ACCOUNT_ACCESS_ROLE}: ${errorText(error)}` };
    }
    const [inventory, bedrock] = await Promise.all([
        services.inventory(accountId, regions, signal).catch((error: unknown): AccountInventory => {
            if (signal?.aborted) throw error;
            return { accountId, resources: [], gaps: [{ accountId, reason: `the inventory failed: ${errorText(error)}` }] };
        }),
        bedrockIn(inAccount, regions, window, (n) => count("cloudwatch", n), signal),
    ]);
    return { accountId, inventory, bedrock };
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

    const observations = await mapPool(plan.students, services.concurrency,
        (student) => observeAccount(services, student.accountId, plan.regions, window, count, signal), signal);
    const shared = plan.sharedKeyUser
        ? { accountId: SHARED_KEY_LEDGER, bedrock: await bedrockIn(services.aws, plan.regions, window, (n) => count("cloudwatch", n), signal) }
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
        students, ...(sharedKey ? { sharedKey } : {}),
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
