import { BudgetsClient } from "@aws-sdk/client-budgets";
import {
    ListRootsCommand, OrganizationsClient, paginateListAccounts, paginateListAccountsForParent,
    paginateListOrganizationalUnitsForParent, paginateListPolicies, paginateListTargetsForPolicy,
} from "@aws-sdk/client-organizations";
import { ServiceQuotasClient } from "@aws-sdk/client-service-quotas";
import type { Argv, CommandModule } from "yargs";

import { FREEZE_SCP } from "../../infra/guardrails/policy-documents";
import { organizationAccountQuota } from "../aws/account-quota";
import { GLOBAL_SERVICES_REGION } from "../aws/clients";
import { describeOrganization } from "../aws/organization";
import type { ContextFactory, DriverContext } from "../context";
import { type BudgetSpend, budgetSpend, describeBudgetsNamed } from "../costs/budget-spend";
import { workshopOutputs } from "../pulumi/stack-outputs";
import { renderTable } from "../ui/table";
import { type OrganizationOverview, organizationOverview, type OverviewFacts } from "../workshop-model/organization-overview";
import { type GlobalArgs, runWith } from "./command";

export interface WorkshopsArgs extends GlobalArgs {
    json?: boolean;
}

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

const usd = (amount: number | null) => (amount === null ? "?" : `$${amount.toFixed(2)}`);

/** One table of every workshop in the state backend, then the organization's totals against its quotas. */
export async function runWorkshops(ctx: DriverContext, argv: WorkshopsArgs): Promise<number> {
    const overview = await gatherOverview(ctx);
    if (argv.json) {
        ctx.log(JSON.stringify(overview, null, 2));
        return 0;
    }
    const rows = overview.workshops.map((w) => [
        w.workshopName || "?", w.stack, String(w.students), String(w.accounts.active), String(w.accounts.frozen), String(w.accounts.closing),
        String(w.accounts.waitingForCloseQuota), `${usd(w.spendUsd)} of ${usd(w.budgetUsd)}`, w.lastUpdate ?? "never",
    ]);
    if (rows.length === 0) ctx.log("No workshop stacks in this state backend yet.");
    else {
        renderTable(["workshop", "stack", "students", "active", "frozen", "closing", "waiting for close quota", "spend / budgets", "last update"], rows,
            { align: ["left", "left", "right", "right", "right", "right", "right", "right", "left"] }).forEach((line) => ctx.log(line));
    }
    const t = overview.totals;
    ctx.log(`Organization: ${t.members} member account(s) (${t.active} active, ${t.closing} closing, ${t.suspended} suspended: closed accounts count for 90 days) ` +
        `of an account quota of ${t.accountQuota ?? "? (Service Quotas did not say)"}.`);
    ctx.log(`Close quota for a rolling 30 days: ${t.closeQuota.apiReference} (CloseAccount API reference) to ${t.closeQuota.quotasPage} (quotas page); ` +
        `${t.closedRecently} account(s) were closed in the last 90 days, the most the window can already hold.`);
    return 0;
}

export function workshopsCommand(getContext: ContextFactory): CommandModule<object, WorkshopsArgs> {
    return {
        command: "workshops",
        describe: "Every workshop (stack) in the state backend: students, accounts by state, spend, and the organization's quotas",
        builder: (yargs: Argv) => yargs.option("json", { type: "boolean", describe: "Print it as JSON (for scripts)" }) as Argv<WorkshopsArgs>,
        handler: runWith(getContext, runWorkshops),
    };
}
