import {
type Action,
    BudgetsClient, ExecuteBudgetActionCommand, paginateDescribeBudgetActionsForBudget, } from "@aws-sdk/client-budgets";
import {
    AttachPolicyCommand, DetachPolicyCommand, OrganizationsClient, paginateListPoliciesForTarget,
} from "@aws-sdk/client-organizations";

import type { StudentOutput, WorkshopOutputs } from "../../infra/outputs";
import type { AwsClients } from "./clients";
import { describeOrganization } from "./organization";

/**
 * The budget freeze seen from the driver: at 100% of actual spend AWS Budgets attaches the
 * freeze SCP to a student's account (infra/accounts/student-account.ts); unfreezing asks Budgets to
 * reverse that action, so Budgets itself detaches the SCP and keeps its history straight.
 */

/** The student whose roster email this is, matched without regard to case. */
export function findStudent(outputs: WorkshopOutputs, email: string): StudentOutput | undefined {
    const wanted = email.trim().toLowerCase();
    return Object.values(outputs.students).find((s) => s.email.toLowerCase() === wanted);
}

/** Budgets statuses in which the freeze SCP is attached (or its removal failed and may be retried). */
const FROZEN = new Set(["EXECUTION_SUCCESS", "REVERSE_FAILURE"]);
/** Statuses Budgets is still working through; reversing now would be refused. */
const BUSY = new Set(["EXECUTION_IN_PROGRESS", "REVERSE_IN_PROGRESS", "RESET_IN_PROGRESS"]);

export type UnfreezePlan =
    | { kind: "reverse"; actionIds: string[] }
    /** No freeze action targets the account: budgetFreeze is off, or `up` has not run since it was turned on. */
    | { kind: "no-action" }
    | { kind: "not-frozen"; statuses: string[] }
    | { kind: "busy"; statuses: string[] };

/** The budget's actions that attach an SCP to this account: the freeze. */
function freezeActions(actions: Action[], accountId: string): Action[] {
    return actions.filter((a) => a.ActionType === "APPLY_SCP_POLICY" &&
        (a.Definition?.ScpActionDefinition?.TargetIds ?? []).includes(accountId));
}

/** Decides, from the actions on the student's budget, which to reverse. Pure. */
export function planUnfreeze(actions: Action[], accountId: string): UnfreezePlan {
    const freezes = freezeActions(actions, accountId);
    if (freezes.length === 0) return { kind: "no-action" };
    const statuses = freezes.map((a) => a.Status ?? "UNKNOWN");
    const frozen = freezes.filter((a) => FROZEN.has(a.Status ?? "") && a.ActionId);
    if (frozen.length > 0) return { kind: "reverse", actionIds: frozen.map((a) => a.ActionId!) };
    if (statuses.some((s) => BUSY.has(s))) return { kind: "busy", statuses };
    return { kind: "not-frozen", statuses };
}

/** The AWS clients the freeze needs; tests pass mocked ones. */
export interface FreezeClients {
    budgets: BudgetsClient;
    organizations: OrganizationsClient;
}

export function freezeClients(aws: AwsClients): FreezeClients {
    return { budgets: aws.client(BudgetsClient), organizations: aws.client(OrganizationsClient) };
}

/** Budgets addresses budgets by the payer's account id, which the stack outputs do not carry. */
export async function managementAccountId(clients: FreezeClients): Promise<string> {
    return (await describeOrganization(clients.organizations)).managementAccountId;
}

export async function budgetActions(clients: FreezeClients, accountId: string, budgetName: string): Promise<Action[]> {
    const actions: Action[] = [];
    for await (const page of paginateDescribeBudgetActionsForBudget({ client: clients.budgets }, { AccountId: accountId, BudgetName: budgetName })) {
        actions.push(...(page.Actions ?? []));
    }
    return actions;
}

/** Asks Budgets to undo the action: it detaches the freeze SCP with its own execution role. */
export async function reverseBudgetAction(clients: FreezeClients, accountId: string, budgetName: string, actionId: string): Promise<void> {
    await clients.budgets.send(new ExecuteBudgetActionCommand({
        AccountId: accountId, BudgetName: budgetName, ActionId: actionId, ExecutionType: "REVERSE_BUDGET_ACTION",
    }));
}

/**
 * The freeze SCP's id as the student's budget action names it, so the driver needs no stack output
 * of its own for it; undefined when no freeze action targets the account (budgetFreeze off).
 */
export function freezePolicyId(actions: Action[], accountId: string): string | undefined {
    return freezeActions(actions, accountId).map((a) => a.Definition?.ScpActionDefinition?.PolicyId).find((id) => !!id);
}

/** True when the SCP is attached to the account itself (by Budgets or by `freeze`). */
export async function isScpAttached(organizations: OrganizationsClient, accountId: string, policyId: string): Promise<boolean> {
    for await (const page of paginateListPoliciesForTarget({ client: organizations }, { TargetId: accountId, Filter: "SERVICE_CONTROL_POLICY" })) {
        if ((page.Policies ?? []).some((p) => p.Id === policyId)) return true;
    }
    return false;
}

/**
 * Attaches the freeze SCP now, without waiting for the budget. Budgets cannot be asked to: its
 * ExecuteBudgetAction only approves, retries, reverses or resets an action the threshold already
 * triggered (https://docs.aws.amazon.com/aws-cost-management/latest/APIReference/API_budgets_ExecuteBudgetAction.html).
 */
export async function attachScp(organizations: OrganizationsClient, accountId: string, policyId: string): Promise<"attached" | "already"> {
    try {
        await organizations.send(new AttachPolicyCommand({ PolicyId: policyId, TargetId: accountId }));
        return "attached";
    } catch (error) {
        if ((error as Error).name === "DuplicatePolicyAttachmentException") return "already";
        throw error;
    }
}

export async function detachScp(organizations: OrganizationsClient, accountId: string, policyId: string): Promise<"detached" | "not-attached"> {
    try {
        await organizations.send(new DetachPolicyCommand({ PolicyId: policyId, TargetId: accountId }));
        return "detached";
    } catch (error) {
        if ((error as Error).name === "PolicyNotAttachedException") return "not-attached";
        throw error;
    }
}
