import {
    BudgetsClient, DescribeBudgetCommand, DescribeNotificationsForBudgetCommand, paginateDescribeBudgetActionHistories,
} from "@aws-sdk/client-budgets";
import { DescribeUserCommand, GetUserIdCommand, IdentitystoreClient } from "@aws-sdk/client-identitystore";
import { DescribeAccountCommand, OrganizationsClient, paginateListParents } from "@aws-sdk/client-organizations";
import { DeleteSuppressedDestinationCommand, GetSuppressedDestinationCommand, SESv2Client } from "@aws-sdk/client-sesv2";
import {
    DescribeAccountAssignmentCreationStatusCommand, paginateListAccountAssignmentCreationStatus, paginateListAccountAssignments,
    paginateListAccountsForProvisionedPermissionSet, type ProvisioningStatus,
SSOAdminClient, } from "@aws-sdk/client-sso-admin";

import type { StudentOutput, WorkshopOutputs } from "../../infra/outputs";
import { budgetActions, findStudent, freezeClients, freezePolicyId, isScpAttached, planUnfreeze } from "../aws/budget-freeze";
import type { AwsClients } from "../aws/clients";
import { describeOrganization } from "../aws/organization";
import { type DriverContext, identityCenterRegion } from "../context";
import { EmailLedger, emailLedgerPath } from "../email/ledger";
import { workshopOutputs } from "../pulumi/stack-outputs";
import { loadStackRoster } from "../roster/stack-roster";
import type {
    AccountFact, AlertFact, Answer, AssignmentFact, BudgetFact, FreezeFact, ParentFact, ProvisioningFact, StudentFacts,
    SuppressionFact, UserFact, WorkshopFacts,
} from "./facts";

/**
 * What `doctor` asks AWS, through the context's client factory: the workshop-wide answers once
 * (the organization, where the permission set is provisioned, the stack's Identity Center
 * settings), then each student's own. Every call is read-only except DeleteSuppressedDestination,
 * made only for --unsuppress. A failed call becomes an answer that says why (driver/doctor/facts.ts).
 */

/** Runs one question; a thrown error becomes the answer "could not tell, because...". */
export async function ask<T>(question: () => Promise<T> | T): Promise<Answer<T>> {
    try {
        return { ok: true, value: await question() };
    } catch (error) {
        const err = error as Error;
        return { ok: false, error: err?.name && err.name !== "Error" ? `${err.name}: ${err.message}` : String(err?.message ?? error) };
    }
}

const failed = (error: string): Answer<never> => ({ ok: false, error });
export const isNamed = (error: unknown, ...names: string[]) => names.includes((error as Error)?.name);

interface IdentityCenter {
    region: string;
    identityStoreId: string;
    instanceArn: string;
    /** Absent from stacks last updated before the output existed. */
    permissionSetArn?: string;
}

export interface DoctorSetup {
    workshop: WorkshopFacts;
    outputs: WorkshopOutputs;
    /** Roster emails, lower-cased, to the spelling the roster uses. */
    roster: Answer<Map<string, string>>;
    /** A damaged ledger is an answer too: "cannot tell who was emailed", never "nobody was". */
    ledger: Answer<EmailLedger>;
    identityCenter: Answer<IdentityCenter>;
    /** Budgets addresses the workshop's budgets by the payer account. */
    managementAccountId: Answer<string>;
    /** Accounts with the permission set's latest version, and with an older one. */
    provisioned: Answer<{ latest: Set<string>; outdated: Set<string> }>;
    sesRegion: Answer<string>;
}

/** The answers every student's checks share, asked once. */
export async function gatherSetup(ctx: DriverContext): Promise<DoctorSetup> {
    const outputs = workshopOutputs(await ctx.engine.outputs());
    const config = async (key: string) => (await ctx.engine.getConfig(key))?.trim() || undefined;
    let rosterFile: string | undefined;
    const roster = await ask(async () => {
        const loaded = await loadStackRoster(ctx);
        rosterFile = loaded.file;
        return new Map(loaded.students.map((s) => [s.email.toLowerCase(), s.email]));
    });
    const identityCenter = await ask(async (): Promise<IdentityCenter> => {
        const [instanceArn, identityStoreId, region] = await Promise.all([
            config("identityCenterInstanceArn"), config("identityStoreId"), identityCenterRegion(ctx),
        ]);
        if (!instanceArn || !identityStoreId) {
            throw new Error("the stack config lacks identityCenterInstanceArn or identityStoreId (see Pulumi.dev.yaml)");
        }
        return { instanceArn, identityStoreId, region, ...(outputs.permissionSetArn ? { permissionSetArn: outputs.permissionSetArn } : {}) };
    });
    const [managementAccountId, provisioned] = await Promise.all([
        ask(async () => (await describeOrganization(ctx.aws.client(OrganizationsClient))).managementAccountId),
        provisionedAccounts(ctx.aws, identityCenter),
    ]);
    return {
        workshop: {
            workshopName: outputs.workshopName, ouId: outputs.ouId, budgetFreeze: outputs.budgetFreeze,
            permissionSetName: outputs.permissionSetName, stack: ctx.stack, ...(rosterFile ? { rosterFile } : {}),
        },
        outputs, roster, identityCenter, managementAccountId, provisioned,
        ledger: await ask(() => EmailLedger.load(emailLedgerPath(ctx.dataDir))),
        sesRegion: await ask(() => ctx.aws.homeRegion()),
    };
}

const NO_PERMISSION_SET_ARN = "the stack has no permissionSetArn output yet (last updated before `doctor` existed): run `npm run up` once";

async function provisionedAccounts(aws: AwsClients, identityCenter: Answer<IdentityCenter>): Promise<DoctorSetup["provisioned"]> {
    if (!identityCenter.ok) return identityCenter;
    const { instanceArn, permissionSetArn, region } = identityCenter.value;
    if (!permissionSetArn) return failed(NO_PERMISSION_SET_ARN);
    const client = aws.client(SSOAdminClient, { region });
    const accounts = async (status: ProvisioningStatus) => {
        const ids = new Set<string>();
        for await (const page of paginateListAccountsForProvisionedPermissionSet({ client },
            { InstanceArn: instanceArn, PermissionSetArn: permissionSetArn, ProvisioningStatus: status })) {
            for (const id of page.AccountIds ?? []) ids.add(id);
        }
        return ids;
    };
    return ask(async () => {
        const [latest, outdated] = await Promise.all([accounts("LATEST_PERMISSION_SET_PROVISIONED"), accounts("LATEST_PERMISSION_SET_NOT_PROVISIONED")]);
        return { latest, outdated };
    });
}

export interface GatherOptions {
    /** Remove the address from SES's suppression list when it is on it (--unsuppress). */
    unsuppress?: boolean;
}

/** Everything the checks need about one student. Students not in the stack get no AWS calls. */
export async function gatherStudent(aws: AwsClients, setup: DoctorSetup, email: string, options: GatherOptions = {}): Promise<StudentFacts> {
    const deployed = findStudent(setup.outputs, email);
    const inRoster: Answer<boolean> = setup.roster.ok ? { ok: true, value: setup.roster.value.has(email.trim().toLowerCase()) } : setup.roster;
    const spelled = deployed?.email ?? (setup.roster.ok ? setup.roster.value.get(email.trim().toLowerCase()) : undefined) ?? email.trim();
    if (!deployed) return { email: spelled, inRoster };
    const [account, parent, user, assignment, suppression, budget, freeze, alerts] = await Promise.all([
        ask(() => describeAccount(aws, deployed.accountId)),
        ask(() => accountParent(aws, deployed.accountId)),
        given(setup.identityCenter, (ic) => identityUser(aws, ic, deployed)),
        given(setup.identityCenter, (ic) => accountAssignment(aws, ic, deployed)),
        given(setup.sesRegion, (region) => suppressionOf(aws, region, deployed.email, !!options.unsuppress)),
        given(setup.managementAccountId, (payer) => budgetOf(aws, payer, deployed.budgetName)),
        given(setup.managementAccountId, (payer) => freezeOf(aws, payer, deployed)),
        given(setup.managementAccountId, (payer) => alertsOf(aws, payer, deployed.budgetName)),
    ]);
    return {
        email: spelled, inRoster, deployed, account, parent, user, assignment,
        provisioning: provisioningOf(setup, deployed.accountId),
        ledger: setup.ledger.ok ? { ok: true, value: setup.ledger.value.get(deployed.email, deployed.accountId) } : setup.ledger,
        suppression, budget, freeze, alerts,
    };
}

/** A question that needs an earlier answer: asked only when that one is there, else it fails for the same reason. */
function given<P, T>(prerequisite: Answer<P>, question: (value: P) => Promise<T>): Promise<Answer<T>> {
    return prerequisite.ok ? ask(() => question(prerequisite.value)) : Promise.resolve(prerequisite);
}

function provisioningOf(setup: DoctorSetup, accountId: string): Answer<ProvisioningFact> {
    if (!setup.provisioned.ok) return setup.provisioned;
    const { latest, outdated } = setup.provisioned.value;
    return { ok: true, value: latest.has(accountId) ? "provisioned" : outdated.has(accountId) ? "outdated" : "absent" };
}

async function describeAccount(aws: AwsClients, accountId: string): Promise<AccountFact> {
    try {
        const { Account } = await aws.client(OrganizationsClient).send(new DescribeAccountCommand({ AccountId: accountId }));
        // State replaces the deprecated Status and adds PENDING_ACTIVATION and CLOSED.
        return { found: true, state: Account?.State ?? Account?.Status ?? "UNKNOWN" };
    } catch (error) {
        if (isNamed(error, "AccountNotFoundException")) return { found: false };
        throw error;
    }
}

async function accountParent(aws: AwsClients, accountId: string): Promise<ParentFact> {
    for await (const page of paginateListParents({ client: aws.client(OrganizationsClient) }, { ChildId: accountId })) {
        const parent = page.Parents?.[0];
        if (parent?.Id) return { id: parent.Id, type: parent.Type ?? "parent" };
    }
    throw new Error(`Organizations listed no parent for account ${accountId}`);
}

async function identityUser(aws: AwsClients, ic: IdentityCenter, student: StudentOutput): Promise<UserFact> {
    const client = aws.client(IdentitystoreClient, { region: ic.region });
    try {
        const user = await client.send(new DescribeUserCommand({ IdentityStoreId: ic.identityStoreId, UserId: student.identityStoreUserId }));
        return {
            found: true, userName: user.UserName ?? "", status: user.UserStatus,
            emails: (user.Emails ?? []).map((e) => ({ value: e.Value ?? "", primary: !!e.Primary })),
        };
    } catch (error) {
        if (!isNamed(error, "ResourceNotFoundException")) throw error;
    }
    // Gone under its id: is there another user with their user name (made by hand, say)?
    try {
        const { UserId } = await client.send(new GetUserIdCommand({
            IdentityStoreId: ic.identityStoreId,
            AlternateIdentifier: { UniqueAttribute: { AttributePath: "userName", AttributeValue: student.userName || student.email } },
        }));
        return UserId ? { found: false, sameUserNameId: UserId } : { found: false };
    } catch (error) {
        if (isNamed(error, "ResourceNotFoundException")) return { found: false };
        throw error;
    }
}

/** How many of the newest failed or running assignment requests are looked at for this account. */
const RECENT_REQUESTS = 20;

async function accountAssignment(aws: AwsClients, ic: IdentityCenter, student: StudentOutput): Promise<AssignmentFact> {
    if (!ic.permissionSetArn) throw new Error(NO_PERMISSION_SET_ARN);
    const client = aws.client(SSOAdminClient, { region: ic.region });
    for await (const page of paginateListAccountAssignments({ client },
        { InstanceArn: ic.instanceArn, AccountId: student.accountId, PermissionSetArn: ic.permissionSetArn })) {
        if ((page.AccountAssignments ?? []).some((a) => a.PrincipalType === "USER" && a.PrincipalId === student.identityStoreUserId)) {
            return { assigned: true };
        }
    }
    // Not there: a request that failed or is still running says why. The list holds only ids and dates.
    const requests: { RequestId?: string; CreatedDate?: Date }[] = [];
    for (const Status of ["IN_PROGRESS", "FAILED"] as const) {
        for await (const page of paginateListAccountAssignmentCreationStatus({ client }, { InstanceArn: ic.instanceArn, Filter: { Status } })) {
            requests.push(...(page.AccountAssignmentsCreationStatus ?? []));
        }
    }
    const newest = requests.filter((r) => r.RequestId)
        .sort((a, b) => (b.CreatedDate?.getTime() ?? 0) - (a.CreatedDate?.getTime() ?? 0)).slice(0, RECENT_REQUESTS);
    for (const request of newest) {
        const { AccountAssignmentCreationStatus: status } = await client.send(new DescribeAccountAssignmentCreationStatusCommand({
            InstanceArn: ic.instanceArn, AccountAssignmentCreationRequestId: request.RequestId,
        }));
        if (status?.TargetId === student.accountId && status.PrincipalId === student.identityStoreUserId) {
            return {
                assigned: false,
                latestRequest: {
                    status: status.Status ?? "UNKNOWN",
                    ...(status.FailureReason ? { failureReason: status.FailureReason } : {}),
                    ...(status.CreatedDate ? { createdDate: status.CreatedDate.toISOString() } : {}),
                },
            };
        }
    }
    return { assigned: false };
}

async function suppressionOf(aws: AwsClients, region: string, email: string, unsuppress: boolean): Promise<SuppressionFact> {
    const ses = aws.client(SESv2Client, { region });
    let found;
    try {
        ({ SuppressedDestination: found } = await ses.send(new GetSuppressedDestinationCommand({ EmailAddress: email })));
    } catch (error) {
        // Only SES's own "not on the list" means not suppressed; anything else (an endpoint that does not know the call) is unknown.
        if (isNamed(error, "NotFoundException")) return { suppressed: false };
        throw error;
    }
    if (!found) throw new Error("SES answered GetSuppressedDestination without a destination");
    const fact: SuppressionFact = {
        suppressed: true, reason: found.Reason ?? "UNKNOWN", ...(found.LastUpdateTime ? { since: found.LastUpdateTime.toISOString() } : {}),
    };
    if (!unsuppress) return fact;
    await ses.send(new DeleteSuppressedDestinationCommand({ EmailAddress: email }));
    return { ...fact, removed: true };
}

async function budgetOf(aws: AwsClients, payer: string, budgetName: string): Promise<BudgetFact> {
    const { Budget } = await aws.client(BudgetsClient).send(new DescribeBudgetCommand({ AccountId: payer, BudgetName: budgetName }));
    const amount = (text: string | undefined) => (text === undefined ? undefined : Number(text));
    const forecastUsd = amount(Budget?.CalculatedSpend?.ForecastedSpend?.Amount);
    return {
        limitUsd: amount(Budget?.BudgetLimit?.Amount) ?? 0,
        actualUsd: amount(Budget?.CalculatedSpend?.ActualSpend?.Amount) ?? 0,
        ...(forecastUsd === undefined ? {} : { forecastUsd }),
    };
}

/** Attached by Budgets at 100%, or by `freeze <email>`: either way the SCP on the account is what stops them. */
async function freezeOf(aws: AwsClients, payer: string, student: StudentOutput): Promise<FreezeFact> {
    const clients = freezeClients(aws);
    const actions = await budgetActions(clients, payer, student.budgetName);
    // No freeze action means budgetFreeze is off, and then the workshop has no freeze SCP at all.
    const policyId = freezePolicyId(actions, student.accountId);
    const scpAttached = !!policyId && await isScpAttached(clients.organizations, student.accountId, policyId);
    const budgets = clients.budgets;
    const action = planUnfreeze(actions, student.accountId);
    let frozenAt: string | undefined;
    if (action.kind === "reverse") {
        // Every page: the history's order is not documented, so the newest run can be on any of them.
        const runs: number[] = [];
        const pages = paginateDescribeBudgetActionHistories({ client: budgets }, {
            AccountId: payer, BudgetName: student.budgetName, ActionId: action.actionIds[0],
        });
        for await (const page of pages) {
            runs.push(...(page.ActionHistories ?? []).filter((h) => h.Status === "EXECUTION_SUCCESS" && h.Timestamp).map((h) => h.Timestamp!.getTime()));
        }
        if (runs.length) frozenAt = new Date(Math.max(...runs)).toISOString();
    }
    return { scpAttached, action, ...(frozenAt ? { frozenAt } : {}) };
}

async function alertsOf(aws: AwsClients, payer: string, budgetName: string): Promise<AlertFact[]> {
    const { Notifications } = await aws.client(BudgetsClient).send(new DescribeNotificationsForBudgetCommand({ AccountId: payer, BudgetName: budgetName }));
    return (Notifications ?? []).map((n) => ({ type: n.NotificationType ?? "ACTUAL", threshold: n.Threshold ?? 0, inAlarm: n.NotificationState === "ALARM" }));
}

/** Every student the workshop knows of: deployed, or in the roster waiting for `up`. */
export function allStudentEmails(setup: DoctorSetup): string[] {
    const emails = new Map<string, string>();
    for (const s of Object.values(setup.outputs.students)) emails.set(s.email.toLowerCase(), s.email);
    if (setup.roster.ok) for (const [lower, email] of setup.roster.value) if (!emails.has(lower)) emails.set(lower, email);
    return [...emails.values()].sort((a, b) => a.localeCompare(b));
}
