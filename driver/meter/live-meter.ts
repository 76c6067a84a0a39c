import { IAMClient } from "@aws-sdk/client-iam";
import { PricingClient } from "@aws-sdk/client-pricing";
import { DEFAULTS } from "../../infra/config";
import { freezeClients } from "../aws/budget-freeze";
import { GLOBAL_SERVICES_REGION } from "../aws/clients";
import type { DriverContext } from "../context";
import { workshopOutputs } from "../pulumi/stack-outputs";
import { liveFreezeStatePath } from "./live-freeze";
import { liveFreezeActions } from "./live-freeze-actions";
import { LIVE_FREEZE_CONFIG, liveFreezeThresholds, periodStart, SHARED_KEY_FREEZE_CONFIG } from "./meter-settings";
import { PriceBook, priceCachePath } from "./prices/price-book";
import type { InventoryReader, MeterPlan, MeterServices } from "./refresh";
import { meterLedgerPath, meterSnapshotPath } from "./snapshot";

export interface LiveMeterOptions {
    /** ISO date or time the estimate counts from; default the start of the month. */
    since?: string;
    dryRun: boolean;
    concurrency: number;
    /** Bundled prices only, no Price List calls. */
    offlinePrices?: boolean;
    inventory: InventoryReader;
}

export interface LiveMeter {
    plan: MeterPlan;
    services: MeterServices;
}

/**
 * Until driver/inventory/ lands, what runs in an account is not listed: every account says so as
 * an unknown part, and only Bedrock tokens are metered.
 */
export const inventoryNotWired: InventoryReader = async (accountId) => ({
    accountId, resources: [],
    gaps: [{ accountId, service: "running resources", reason: "the resource inventory is not wired into this build yet; only Bedrock tokens are metered" }],
});

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
    const services: MeterServices = {
        aws: ctx.aws,
        inventory: options.inventory,
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
