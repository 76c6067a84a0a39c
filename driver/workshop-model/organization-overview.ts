import type { WorkshopOutputs } from "../../infra/outputs";
import { type CloseQuotas,closeQuotas } from "../aws/close-quota";
import type { BudgetSpend } from "../costs/budget-spend";

/** One workshop (stack) of the organization, as `workshops` and the dashboard's overview show it. */
export interface WorkshopOverview {
    stack: string;
    workshopName: string;
    students: number;
    accounts: {
        active: number;
        /** The Budgets freeze SCP is attached. */
        frozen: number;
        /** PENDING_CLOSURE or SUSPENDED: the close went through. */
        closing: number;
        /** Still ACTIVE in the parking OU: parked for closing, CloseAccount refused for the 30-day quota. */
        waitingForCloseQuota: number;
    };
    /** Month to date over the students' budgets; null when Budgets could not be read. */
    spendUsd: number | null;
    budgetUsd: number;
    lastUpdate: string | null;
}

export interface OrganizationOverview {
    workshops: WorkshopOverview[];
    totals: {
        /** Member accounts of the organization, every workshop's and anyone else's, SUSPENDED ones included. */
        members: number;
        active: number;
        closing: number;
        suspended: number;
        /** The account quota from Service Quotas; null when it could not be read. */
        accountQuota: number | null;
        /** Accounts closing or closed in the last 90 days (an upper bound of what the 30-day window holds). */
        closedRecently: number;
        closeQuota: CloseQuotas;
    };
}

export interface OverviewFacts {
    stacks: { name: string; lastUpdate?: string; outputs: WorkshopOutputs }[];
    /** Every member account's State (ListAccounts), management account excluded. */
    accountStates: Map<string, string>;
    /** Accounts the freeze SCP of each workshop is attached to, by workshop name. */
    frozen: Map<string, Set<string>>;
    /** Accounts in the parking (Suspended) OU. */
    parked: Set<string>;
    spend: Record<string, BudgetSpend> | null;
    accountQuota: number | null;
}

/** The organization's workshops and totals from what AWS and the state backend report. */
export function organizationOverview(facts: OverviewFacts): OrganizationOverview {
    const workshops = facts.stacks.map(({ name, lastUpdate, outputs }): WorkshopOverview => {
        const students = Object.values(outputs.students);
        const states = students.map((s) => ({ id: s.accountId, state: facts.accountStates.get(s.accountId) ?? "GONE" }));
        const frozen = facts.frozen.get(outputs.workshopName) ?? new Set<string>();
        const budgets = students.map((s) => facts.spend?.[s.budgetName]);
        return {
            stack: name,
            workshopName: outputs.workshopName,
            students: students.length,
            accounts: {
                active: states.filter((a) => a.state === "ACTIVE" && !facts.parked.has(a.id)).length,
                frozen: states.filter((a) => a.state === "ACTIVE" && frozen.has(a.id)).length,
                closing: states.filter((a) => a.state === "PENDING_CLOSURE" || a.state === "SUSPENDED").length,
                waitingForCloseQuota: states.filter((a) => a.state === "ACTIVE" && facts.parked.has(a.id)).length,
            },
            spendUsd: facts.spend ? budgets.reduce((sum, b) => sum + (b?.actualUsd ?? 0), 0) : null,
            budgetUsd: students.reduce((sum, s) => sum + s.budgetLimitUsd, 0),
            lastUpdate: lastUpdate ?? null,
        };
    });
    const states = [...facts.accountStates.values()];
    const count = (state: string) => states.filter((s) => s === state).length;
    return {
        workshops,
        totals: {
            members: states.length,
            active: count("ACTIVE"),
            closing: count("PENDING_CLOSURE"),
            suspended: count("SUSPENDED"),
            accountQuota: facts.accountQuota,
            closedRecently: count("PENDING_CLOSURE") + count("SUSPENDED"),
            closeQuota: closeQuotas(states.length),
        },
    };
}
