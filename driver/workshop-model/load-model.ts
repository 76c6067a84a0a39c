import { OrganizationsClient } from "@aws-sdk/client-organizations";

import type { WorkshopOutputs } from "../../infra/outputs";
import type { DriverContext } from "../context";
import { getAccountStates } from "../costs/account-states";
import { monthToDate } from "../costs/billing-period";
import { accountStateCachePath, DEFAULT_CACHE_TTL_MS } from "../costs/cache-settings";
import { loadWorkshopSpend } from "../costs/load-spend";
import { emailLedgerPath } from "../email/ledger";
import { meterView } from "../meter/dashboard-view";
import { meterSnapshotPath, readMeterSnapshot } from "../meter/snapshot";
import type { OutputMap } from "../pulumi/engine";
import { outputsOnChange } from "../pulumi/outputs-on-change";
import { workshopOutputs } from "../pulumi/stack-outputs";
import { registrationCounts, registrationTable } from "../registration/table";
import { readEmailedMap } from "./email-ledger";
import { guardrailProofLine, guardrailProofPath, readGuardrailProof } from "./guardrail-proof-record";
import { type DashboardModel,dashboardModel } from "./model";

export interface LoadModelOptions {
    ttlMs?: number;
    /** When the meter's snapshot counts as stale; three default meter intervals. */
    meterStaleAfterMs?: number;
}

const METER_STALE_AFTER_MS = 15 * 60_000;

/**
 * The dashboard of given outputs: spend from AWS Budgets and account states from Organizations
 * (both free to ask, both through a TTL cache), and the email ledger. Nothing here is billed.
 */
export async function dashboardModelOf(ctx: DriverContext, outputs: WorkshopOutputs, options: LoadModelOptions = {}): Promise<DashboardModel> {
    const ttlMs = options.ttlMs ?? DEFAULT_CACHE_TTL_MS;
    const accountIds = Object.values(outputs.students).map((student) => student.accountId).filter(Boolean);
    const emailed = readEmailedMap(emailLedgerPath(ctx.dataDir));
    const [spend, accountStates] = await Promise.all([
        loadWorkshopSpend(ctx, outputs, ttlMs),
        getAccountStates({ client: ctx.aws.client(OrganizationsClient), ouId: outputs.ouId, accountIds,
            cachePath: accountStateCachePath(ctx.dataDir), ttlMs, now: () => ctx.now() }),
    ]);
    const model = dashboardModel(outputs, spend, monthToDate(ctx.now()), accountStates, emailed,
        { thresholds: outputs.budgetAlertThresholds, generatedAt: ctx.now() });
    // The meter's last completed refresh, read from its file: the page never waits for the meter.
    const meter = meterView(readMeterSnapshot(meterSnapshotPath(ctx.dataDir)), ctx.now(), options.meterStaleAfterMs ?? METER_STALE_AFTER_MS);
    const guardrailProof = guardrailProofLine(readGuardrailProof(guardrailProofPath(ctx.dataDir)));
    const table = registrationTable(ctx, outputs);
    if (!table) return { ...model, meter, guardrailProof };
    // Counts only: the page never shows a registration's name or address.
    const registrations = await registrationCounts(table, ctx.now()).catch(() => null);
    return { ...model, meter, guardrailProof, registrations };
}

/** Reads the stack outputs and builds the dashboard once (a snapshot, the report). */
export async function loadDashboardModel(ctx: DriverContext, options: LoadModelOptions = {}): Promise<DashboardModel> {
    return dashboardModelOf(ctx, workshopOutputs(await ctx.engine.outputs()), options);
}

/**
 * For the live dashboard, called on every poll: the stack outputs are read at the first call and
 * again only when the stack's state changes (each read runs the Pulumi CLI).
 */
export function dashboardLoader(ctx: DriverContext, options: LoadModelOptions = {},
    readOutputs: () => Promise<OutputMap> = outputsOnChange(ctx.engine)): () => Promise<DashboardModel> {
    return async () => dashboardModelOf(ctx, workshopOutputs(await readOutputs()), options);
}
