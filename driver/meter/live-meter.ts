import { IAMClient } from "@aws-sdk/client-iam";
import { PricingClient } from "@aws-sdk/client-pricing";

import { DEFAULTS } from "../../infra/config";
import { freezeClients } from "../aws/budget-freeze";
import { type AwsClients,GLOBAL_SERVICES_REGION } from "../aws/clients";
import { DEFAULT_AWS_RETRY, type RetryOptions } from "../aws/retrying-client";
import type { DriverContext } from "../context";
import { listInventories } from "../inventory/inventory";
import { PriceBook, priceCachePath } from "../prices/price-book";
import { workshopOutputs } from "../pulumi/stack-outputs";
import { liveFreezeStatePath } from "./live-freeze";
import { liveFreezeActions } from "./live-freeze-actions";
import { LIVE_FREEZE_CONFIG, liveFreezeThresholds, periodStart, SHARED_KEY_FREEZE_CONFIG } from "./meter-settings";
import type { InventoryReader, MeterPlan, MeterServices } from "./refresh";
import { meterLedgerPath, meterSnapshotPath } from "./snapshot";

export interface LiveMeterOptions {
    /** ISO date or time the estimate counts from; default the start of the month. */
    since?: string;
    dryRun: boolean;
    concurrency: number;
    /** Bundled prices only, no Price List calls. */
    offlinePrices?: boolean;
    /** Defaults to the shared inventory. */
    inventory?: InventoryReader;
    /** Defaults to the inventory's policy (about 4 s of backoff before a throttled call is given up). */
    retry?: RetryOptions;
}

export interface LiveMeter {
    plan: MeterPlan;
    services: MeterServices;
}

/** What bills in one account, from the shared inventory (driver/inventory/), through the same sessions; gated kinds only when opened. */
export function workshopInventory(aws: AwsClients, retry: RetryOptions, openedServices?: readonly string[]): InventoryReader {
    return async (accountId, regions) => (await listInventories(aws, [accountId], regions, { retry, ...(openedServices ? { openedServices } : {}) }))[0];
}

/** The meter for this stack: students and regions from the outputs, thresholds from config, clients from the context. */
export async function liveMeter(ctx: DriverContext, options: LiveMeterOptions): Promise<LiveMeter> {
    const outputs = workshopOutputs(await ctx.engine.outputs());
    const students = Object.entries(outputs.students).filter(([, s]) => s.accountId)
        .map(([key, s]) => ({ key, name: s.name, email: s.email, accountId: s.accountId, budgetName: s.budgetName }))
        .sort((a, b) => a.name.localeCompare(b.name) || a.email.localeCompare(b.email));
    const config = new Map(await Promise.all([LIVE_FREEZE_CONFIG, SHARED_KEY_FREEZE_CONFIG]
        .map(async (key) => [key, await ctx.engine.getConfig(key)] as const)));
    const plan: MeterPlan = {
        students,
        regions: outputs.allowedRegions.length > 0 ? outputs.allowedRegions : [...DEFAULTS.allowedRegions],
        periodStart: periodStart(options.since, ctx.now()),
        ...(outputs.workshopModeUserName ? { sharedKeyUser: outputs.workshopModeUserName } : {}),
        thresholds: liveFreezeThresholds((key) => config.get(key), students.length),
        dryRun: options.dryRun,
    };
    const retry = options.retry ?? DEFAULT_AWS_RETRY;
    const services: MeterServices = {
        aws: ctx.aws,
        retry,
        inventory: options.inventory ?? workshopInventory(ctx.aws, retry, outputs.allowedServices),
        prices: new PriceBook({ cachePath: priceCachePath(ctx.dataDir), now: () => ctx.now(),
            ...(options.offlinePrices ? {} : { client: ctx.aws.client(PricingClient, { region: GLOBAL_SERVICES_REGION }) }) }),
        freeze: liveFreezeActions({ ...freezeClients(ctx.aws), iam: ctx.aws.client(IAMClient) }),
        now: () => ctx.now(),
        concurrency: options.concurrency,
        files: { snapshot: meterSnapshotPath(ctx.dataDir), ledger: meterLedgerPath(ctx.dataDir), freezes: liveFreezeStatePath(ctx.dataDir) },
        log: ctx.log,
        warn: ctx.warn,
    };
    return { plan, services };
}
