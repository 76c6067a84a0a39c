import { CostExplorerClient } from "@aws-sdk/client-cost-explorer";
import { OrganizationsClient } from "@aws-sdk/client-organizations";
import type { DriverContext } from "../context";
import { getAccountStates } from "../costs/account-states";
import { accountStateCachePath, costCachePath, DEFAULT_CACHE_TTL_MS } from "../costs/cache-settings";
import { getWorkshopCosts } from "../costs/workshop-costs";
import { emailLedgerPath } from "../email/ledger";
import { workshopOutputs } from "../pulumi/stack-outputs";
import { readEmailedMap } from "./email-ledger";
import { dashboardModel, type DashboardModel } from "./model";

export interface LoadModelOptions {
    ttlMs?: number;
}

/**
 * Gathers the dashboard from the stack outputs (the only source of students and accounts), the
 * cached costs and account states, and the email ledger. Called on every poll; the caches keep
 * AWS to one query of each per TTL.
 */
export async function loadDashboardModel(ctx: DriverContext, options: LoadModelOptions = {}): Promise<DashboardModel> {
    const ttlMs = options.ttlMs ?? DEFAULT_CACHE_TTL_MS;
    const now = () => ctx.now();
    const outputs = workshopOutputs(await ctx.engine.outputs());
    const accountIds = Object.values(outputs.students).map((student) => student.accountId).filter(Boolean);

    const emailed = readEmailedMap(emailLedgerPath(ctx.dataDir));
    const [costs, accountStates] = await Promise.all([
        getWorkshopCosts({ client: ctx.aws.client(CostExplorerClient), accountIds, cachePath: costCachePath(ctx.dataDir), ttlMs, now }),
        getAccountStates({ client: ctx.aws.client(OrganizationsClient), ouId: outputs.ouId, accountIds,
            cachePath: accountStateCachePath(ctx.dataDir), ttlMs, now }),
    ]);
    return dashboardModel(outputs, costs, accountStates, emailed, { thresholds: outputs.budgetAlertThresholds, generatedAt: ctx.now() });
}
