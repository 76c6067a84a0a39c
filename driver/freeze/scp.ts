import type { Action } from "@aws-sdk/client-budgets";
import type { OrganizationsClient } from "@aws-sdk/client-organizations";

import { attachScp, freezePolicyId, isScpAttached, planUnfreeze } from "../aws/budget-freeze";

/** Where a student's freeze SCP stands, read before anything changes. */
export type ScpStep =
    /** Budgets attached it at 100% of the budget. */
    | { kind: "by-budget"; policyId?: string }
    /** Attached to the account by an earlier `freeze`. */
    | { kind: "attached"; policyId: string }
    | { kind: "attach"; policyId: string; statuses: string[] }
    /** budgetFreeze is off for the stack: there is no freeze SCP to attach. */
    | { kind: "none" };

export async function readScpStep(organizations: OrganizationsClient, actions: Action[], accountId: string): Promise<ScpStep> {
    const budget = planUnfreeze(actions, accountId);
    const policyId = freezePolicyId(actions, accountId);
    if (budget.kind === "reverse") return { kind: "by-budget", ...(policyId ? { policyId } : {}) };
    if (budget.kind === "no-action" || !policyId) return { kind: "none" };
    if (await isScpAttached(organizations, accountId, policyId)) return { kind: "attached", policyId };
    return { kind: "attach", policyId, statuses: budget.statuses };
}

/** One line for the plan, before anything is done. */
export function describeScpStep(step: ScpStep): string {
    switch (step.kind) {
        case "by-budget": return "freeze SCP: already attached by the budget action";
        case "attached": return `freeze SCP ${step.policyId}: already attached`;
        case "attach": return `freeze SCP ${step.policyId}: attach now (budget action ${step.statuses.join(", ")}; \`unfreeze\` detaches it)`;
        case "none": return "freeze SCP: none (budgetFreeze is off for this stack): resources are stopped, but the student can start them again";
    }
}

/** Attaches the SCP where the step says so; returns the line to report. */
export async function applyScpStep(organizations: OrganizationsClient, accountId: string, step: ScpStep): Promise<{ ok: boolean; line: string }> {
    if (step.kind !== "attach") return { ok: true, line: describeScpStep(step) };
    try {
        const outcome = await attachScp(organizations, accountId, step.policyId);
        return { ok: true, line: `freeze SCP ${step.policyId}: ${outcome === "attached" ? "attached" : "already attached"}` };
    } catch (error) {
        return { ok: false, line: `freeze SCP ${step.policyId}: FAILED to attach: ${(error as Error).name}: ${(error as Error).message}` };
    }
}
