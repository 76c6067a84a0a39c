import { BudgetsClient } from "@aws-sdk/client-budgets";
import {
    ListRootsCommand, OrganizationsClient, paginateListAccounts, paginateListAccountsForParent,
    paginateListOrganizationalUnitsForParent, paginateListPolicies, paginateListTargetsForPolicy,
} from "@aws-sdk/client-organizations";
import { ServiceQuotasClient } from "@aws-sdk/client-service-quotas";
import { LRUCache } from "lru-cache";

import { FREEZE_SCP } from "../../infra/guardrails/policy-documents";
import { organizationAccountQuota } from "../aws/account-quota";
import { GLOBAL_SERVICES_REGION } from "../aws/clients";
import { describeOrganization } from "../aws/organization";
import type { DriverContext } from "../context";
import { type BudgetSpend, budgetSpend, describeBudgetsNamed } from "../costs/budget-spend";
import { workshopOutputs } from "../pulumi/stack-outputs";
import { type OrganizationOverview, organizationOverview, type OverviewFacts } from "./organization-overview";

/**
 * What the organization overview (`workshops`, the dashboard's overview page) is made of: every stack
 * of the state backend, and what Organizations, Budgets and Service Quotas report for the whole
 * organization. Every call is a free read.
 */

/** The OU closed accounts are parked in: the one named "Suspended" under the root (README). */
async function parkingOuId(org: OrganizationsClient): Promise<string | undefined> {
    const { Roots } = await org.send(new ListRootsCommand({}));
    const rootId = Roots?.[0]?.Id;
    if (!rootId) return undefined;
    for await (const page of paginateListOrganizationalUnitsForParent({ client: org }, { ParentId: rootId })) {
        const ou = (page.OrganizationalUnits ?? []).find((o) => o.Name === "Suspended");
        if (ou?.Id) return ou.Id;
    }
    return undefined;
}

/** Accounts each workshop's freeze SCP (`<workshop>-scp-freeze`, infra/guardrails) is attached to. */
async function frozenAccounts(org: OrganizationsClient, workshopNames: string[]): Promise<Map<string, Set<string>>> {
    const wanted = new Map(workshopNames.map((name) => [`${name}-${FREEZE_SCP}`, name]));
    const frozen = new Map<string, Set<string>>();
    for await (const page of paginateListPolicies({ client: org }, { Filter: "SERVICE_CONTROL_POLICY" })) {
        for (const policy of page.Policies ?? []) {
            const workshop = wanted.get(policy.Name ?? "");
            if (!workshop || !policy.Id) continue;
            const targets = new Set<string>();
            for await (const t of paginateListTargetsForPolicy({ client: org }, { PolicyId: policy.Id })) {
                for (const target of t.Targets ?? []) if (target.Type === "ACCOUNT" && target.TargetId) targets.add(target.TargetId);
            }
            frozen.set(workshop, targets);
        }
    }
    return frozen;
}

/** Everything `workshops` shows: the state backend's stacks and what AWS reports for the whole organization. */
export async function gatherOverview(ctx: DriverContext): Promise<OrganizationOverview> {
    const stacks = (await ctx.engine.listStacks()).map((s) => ({ name: s.name, lastUpdate: s.lastUpdate, outputs: workshopOutputs(s.outputs) }));
    const org = ctx.aws.client(OrganizationsClient);
    const { managementAccountId } = await describeOrganization(org);
    const accountStates = new Map<string, string>();
    for await (const page of paginateListAccounts({ client: org }, {})) {
        for (const a of page.Accounts ?? []) if (a.Id && a.Id !== managementAccountId) accountStates.set(a.Id, a.State ?? a.Status ?? "UNKNOWN");
    }
    const parked = new Set<string>();
    const parking = await parkingOuId(org);
    if (parking) {
        for await (const page of paginateListAccountsForParent({ client: org }, { ParentId: parking })) {
            for (const a of page.Accounts ?? []) if (a.Id) parked.add(a.Id);
        }
    }
    const frozen = await frozenAccounts(org, stacks.map((s) => s.outputs.workshopName).filter(Boolean));
    let spend: Record<string, BudgetSpend> | null = null;
    const budgetNames = stacks.flatMap((s) => Object.values(s.outputs.students).map((st) => st.budgetName));
    try {
        const budgets = await describeBudgetsNamed(ctx.aws.client(BudgetsClient), managementAccountId, budgetNames);
        spend = Object.fromEntries(budgets.map((b) => [b.BudgetName!, budgetSpend(b)]));
    } catch (error) {
        ctx.warn(`Spend could not be read from AWS Budgets, so it shows "?": ${(error as Error).message}`);
    }
    let accountQuota: number | null = null;
    try {
        accountQuota = (await organizationAccountQuota(ctx.aws.client(ServiceQuotasClient, { region: GLOBAL_SERVICES_REGION }))) ?? null;
    } catch (error) {
        ctx.warn(`The account quota could not be read from Service Quotas: ${(error as Error).message}`);
    }
    const facts: OverviewFacts = { stacks, accountStates, frozen, parked, spend, accountQuota };
    return organizationOverview(facts);
}

/**
 * For the dashboard: the overview when the state backend holds more than one workshop, else undefined
 * (one workshop's overview is its own dashboard). Each load is reused for `ttlMs`: it lists every
 * account and budget of the organization, which a page left open should not repeat every minute.
 */
export async function overviewLoader(ctx: DriverContext, ttlMs: number): Promise<(() => Promise<OrganizationOverview>) | undefined> {
    if ((await ctx.engine.listStacks()).length < 2) return undefined;
    const cache = new LRUCache<"overview", OrganizationOverview>({ max: 1, ttl: ttlMs, fetchMethod: () => gatherOverview(ctx) });
    return async () => (await cache.fetch("overview"))!;
}
