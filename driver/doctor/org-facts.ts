import type { OrganizationAccountCounts } from "../aws/close-quota";
import type { Answer } from "./facts";

/**
 * What AWS said about the organization, for `doctor --org` and the first step of `up` and
 * `preview`: gathered read-only by driver/doctor/org-gather.ts, judged by the pure checks in
 * driver/doctor/org-checks.ts. Every field is an Answer: a question AWS refused to answer is
 * "could not check", never "ok".
 */

/** What this `up` would do to accounts, from the roster against the stack's outputs (no preview needed). */
export interface RosterDelta {
    /** Students in the roster: welcome emails go to each. */
    rosterEmails: string[];
    /** Roster students without an account yet: CreateAccount calls. */
    toCreate: number;
    /** Deployed students no longer in the roster: CloseAccount calls. */
    toClose: number;
    /** Deployed students whose account name changes: PutAccountName calls. */
    toRename: number;
}

/** Organizations DescribeOrganization with the caller from STS GetCallerIdentity, and the root (ListRoots). */
export interface OrganizationFact {
    featureSet: string;
    managementAccountId: string;
    callerAccountId: string;
    /** Policy types on the root and their status, e.g. SERVICE_CONTROL_POLICY: ENABLED. */
    rootPolicyTypes: Record<string, string>;
    rootId: string;
}

/** Service Quotas' quota for accounts in an organization, found by listing (never by a hard-coded code). */
export interface AccountQuotaFact {
    quotaName: string;
    quotaCode: string;
    value: number;
    /** "applied" when ListServiceQuotas had it (an increase was granted), else AWS's default. */
    source: "applied" | "default";
}

/** Every account of the organization by state: ListAccounts counts SUSPENDED ones too. */
export interface AccountCountFact extends OrganizationAccountCounts {
    /** Every listed account, the management account included. */
    total: number;
}

/** sso-admin ListInstances in the stack's region, and the permission set named like ours. */
export interface IdentityCenterFact {
    region: string;
    /** The instance whose ARN the config names, when it is in this region. */
    instance?: { instanceArn: string; identityStoreId: string; status?: string };
    /** Instances seen in this region, for the message when the configured one is not among them. */
    otherInstances: string[];
    /** ARN of a permission set with our name, if one exists. */
    permissionSetWithOurName?: string;
}

/** An OU (or the root) and the SCPs attached to it. */
export interface ScpTarget {
    id: string;
    scps: { id: string; name: string; denyAll: boolean }[];
}

export interface OusFact {
    /** The OU the workshop OU is created under (or the root); absent when it does not exist. */
    parent?: { id: string };
    /** The workshop OU when the stack has already created it. */
    workshopOu?: ScpTarget;
    /** The OU closed accounts are parked in; absent when none is configured and none is named "Suspended". */
    suspendedOu?: ScpTarget;
    /** Where the Suspended OU was looked for, for the message. */
    suspendedOuWanted: string;
}

/** Organizations ListAWSServiceAccessForOrganization: is account.amazonaws.com trusted? */
export interface TrustedAccessFact {
    accountManagement: boolean;
}

/** SESv2 GetAccount in the sending region, and the identities the welcome emails need. */
export interface SesFact {
    region: string;
    productionAccess: boolean;
    sendingEnabled: boolean;
    max24HourSend: number;
    maxSendRate: number;
    sentLast24Hours: number;
    from: string;
    /** The From address, or its domain, is verified for sending. */
    fromVerified: boolean;
    /** Roster addresses not verified as identities (matters only in the sandbox). */
    unverifiedRecipients: string[];
}

/** The rendered trust policy of the budget freeze role, simulated for budgets.amazonaws.com. */
export interface BudgetTrustFact {
    /** False when budgetFreeze is off: there is no role. */
    applies: boolean;
    decision?: string;
    /** The request simulated, for the message. */
    sourceArn?: string;
    /** Sids or reasons of a denial. */
    why?: string;
}

/** Cost Explorer answers (one GetCostAndUsage request, $0.01). */
export interface CostExplorerFact {
    enabled: boolean;
    reason?: string;
}

/** IAM SimulatePrincipalPolicy of the caller over the instructor policy's actions. */
export type CallerPermissionsFact =
    | { simulated: true; principalArn: string; actions: number; denied: string[]; conditional: string[] }
    | { simulated: false; why: string };

export interface OrgFacts {
    delta: Answer<RosterDelta>;
    organization: Answer<OrganizationFact>;
    accountQuota: Answer<AccountQuotaFact>;
    accounts: Answer<AccountCountFact>;
    identityCenter: Answer<IdentityCenterFact>;
    ous: Answer<OusFact>;
    trustedAccess: Answer<TrustedAccessFact>;
    ses: Answer<SesFact>;
    budgetTrust: Answer<BudgetTrustFact>;
    /** Asked by `doctor --org` only: it costs a cent, and only `report` needs it. */
    costExplorer?: Answer<CostExplorerFact>;
    callerPermissions?: Answer<CallerPermissionsFact>;
}

/** The workshop settings the organization checks compare against. */
export interface OrgSettings {
    workshopName: string;
    /** `${workshopName}-student`, cut to 32 characters, as infra/identity/workshop-identity.ts names it. */
    permissionSetName: string;
    /** The stack's own permission set, when deployed: a permission set with our name and this ARN is ours. */
    permissionSetArn?: string;
    identityCenterInstanceArn?: string;
    identityStoreId?: string;
    budgetFreeze: boolean;
    /** The SCPs the stack attaches to the workshop OU, by name. */
    guardrailScpNames: string[];
}
