import type { StudentOutput } from "../../infra/outputs";
import type { UnfreezePlan } from "../aws/budget-freeze";
import type { LedgerRecord } from "../email/ledger";

/**
 * What AWS (and the driver's own records) said about one student, as plain data: gathered by
 * driver/doctor/gather.ts, judged by the pure checks in driver/doctor/checks.ts.
 */

/** One answer, or why there is none (access denied, throttled, no region...): a check then says "unknown", never "ok". */
export type Answer<T> = { ok: true; value: T } | { ok: false; error: string };

/** Organizations DescribeAccount: State (ACTIVE, PENDING_ACTIVATION, SUSPENDED, PENDING_CLOSURE, CLOSED), or not in the organization. */
export type AccountFact = { found: true; state: string } | { found: false };

/** Organizations ListParents: the OU (or root) the account sits in. */
export interface ParentFact {
    id: string;
    type: string;
}

/** identitystore DescribeUser by the stack's user id; when gone, GetUserId by user name. */
export type UserFact =
    | { found: true; userName: string; emails: { value: string; primary: boolean }[]; status?: string }
    | { found: false; sameUserNameId?: string };

/** sso-admin ListAccountAssignments, and when missing, the latest creation request for this account and user. */
export interface AssignmentFact {
    assigned: boolean;
    latestRequest?: { status: string; failureReason?: string; createdDate?: string };
}

/** sso-admin ListAccountsForProvisionedPermissionSet: where the permission set's latest version is (not) provisioned. */
export type ProvisioningFact = "provisioned" | "outdated" | "absent";

/** SESv2 GetSuppressedDestination on the account-level suppression list; `removed` after --unsuppress. */
export type SuppressionFact =
    | { suppressed: false }
    | { suppressed: true; reason: string; since?: string; removed?: boolean };

/** Budgets DescribeBudget: this month's actual spend (and forecast) against the limit, in USD. */
export interface BudgetFact {
    limitUsd: number;
    actualUsd: number;
    forecastUsd?: number;
}

/** Organizations ListPoliciesForTarget on the account, and the budget's freeze action (driver/aws/budget-freeze.ts). */
export interface FreezeFact {
    scpAttached: boolean;
    action: UnfreezePlan;
    /** When Budgets last ran the freeze (DescribeBudgetActionHistories), if it is in effect. */
    frozenAt?: string;
}

/** Budgets DescribeNotificationsForBudget: each alert and whether it is in ALARM (its threshold crossed). */
export interface AlertFact {
    type: string;
    threshold: number;
    inAlarm: boolean;
}

export interface StudentFacts {
    email: string;
    /** The roster as the program reads it: is this email in it? */
    inRoster: Answer<boolean>;
    /** The stack's record of the student; absent when not deployed (then no AWS check runs). */
    deployed?: StudentOutput;
    account?: Answer<AccountFact>;
    parent?: Answer<ParentFact>;
    user?: Answer<UserFact>;
    assignment?: Answer<AssignmentFact>;
    provisioning?: Answer<ProvisioningFact>;
    /** The welcome email ledger's record for this email and account: undefined when never attempted. */
    ledger?: Answer<LedgerRecord | undefined>;
    suppression?: Answer<SuppressionFact>;
    budget?: Answer<BudgetFact>;
    freeze?: Answer<FreezeFact>;
    alerts?: Answer<AlertFact[]>;
}

/** The workshop-wide values the checks compare against. */
export interface WorkshopFacts {
    workshopName: string;
    ouId: string;
    budgetFreeze: boolean;
    permissionSetName: string;
    /** The roster file, for messages. */
    rosterFile?: string;
    stack: string;
}
