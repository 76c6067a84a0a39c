import type { AwsClients } from "../aws/clients";
import { type RegionScope,regionScope } from "../aws/region-scope";
import { DEFAULT_AWS_RETRY, type RetryOptions } from "../aws/retrying-client";
import { DEFAULT_INVENTORY_CONCURRENCY } from "../inventory/inventory";
import { mapPool } from "../promise-pool";
import { errorText } from "../time/retry";
import { type AccountFreezePlan, FREEZE_RULES, type FreezeAction, isAtRest } from "./plan";

export type FreezeOutcome = "done" | "already" | "failed";

export interface ActionResult {
    action: FreezeAction;
    outcome: FreezeOutcome;
    /** The state it was found in ("already"), or why it failed. */
    detail?: string;
}

export interface AccountFreezeResult {
    accountId: string;
    results: ActionResult[];
}

export interface ExecuteOptions {
    concurrency?: number;
    retry?: RetryOptions;
}

/**
 * Carries out the plans: account-region pairs side by side (at most `concurrency`), the actions of
 * a pair one after the other in the plan's order. Idempotent: what was at rest is not called, a
 * call refused because the thing is at rest (or gone) by now counts as "already", and running it
 * again only repeats what failed. Never throws: every action ends done, already or failed.
 */
export async function executeFreeze(aws: AwsClients, plans: AccountFreezePlan[], options: ExecuteOptions = {}): Promise<AccountFreezeResult[]> {
    const retry = options.retry ?? DEFAULT_AWS_RETRY;
    const units = plans.flatMap((plan) => [...new Set(plan.actions.map((a) => a.resource.region))]
        .map((region) => ({ plan, region, actions: plan.actions.filter((a) => a.resource.region === region) })));
    const done = await mapPool(units, options.concurrency ?? DEFAULT_INVENTORY_CONCURRENCY, async (unit) => {
        const scope = regionScope(aws, unit.plan.accountId, unit.region, retry);
        const results: ActionResult[] = [];
        for (const action of unit.actions) results.push(await carryOut(scope, action));
        return results;
    });
    return plans.map((plan) => {
        const results = done.filter((_, i) => units[i].plan === plan).flat();
        // Back in the plan's order.
        results.sort((a, b) => plan.actions.indexOf(a.action) - plan.actions.indexOf(b.action));
        return { accountId: plan.accountId, results };
    });
}

async function carryOut(scope: RegionScope, action: FreezeAction): Promise<ActionResult> {
    if (action.already) return { action, outcome: "already", detail: action.resource.state };
    const stopper = FREEZE_RULES[action.resource.kind];
    if (!stopper) return { action, outcome: "failed", detail: `the driver has no call that stops a ${action.resource.kind}` };
    try {
        const outcome = await stopper.stop(scope, action.resource);
        return outcome === "already" ? { action, outcome, detail: "stopped before the call" } : { action, outcome };
    } catch (error) {
        try {
            const now = await stopper.current(scope, action.resource);
            if (!now) return { action, outcome: "already", detail: "gone" };
            if (isAtRest(now)) return { action, outcome: "already", detail: now.state };
        } catch {
            // The refusal below says more than a failed second look.
        }
        return { action, outcome: "failed", detail: errorText(error) };
    }
}
