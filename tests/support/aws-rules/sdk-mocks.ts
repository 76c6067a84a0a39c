import * as budgetsSdk from "@aws-sdk/client-budgets";
import * as identitySdk from "@aws-sdk/client-identitystore";
import * as orgSdk from "@aws-sdk/client-organizations";
import * as stsSdk from "@aws-sdk/client-sts";
import { mockClient } from "aws-sdk-client-mock";
import { AwsServiceError } from "./errors";
import type { ModelAccount } from "./organizations";
import type { AwsWorld } from "./world";

/** Page sizes as the APIs cap them (ListAccounts: 20), so callers that forget NextToken miss data. */
const PAGE = 20;

function page<T>(items: T[], token: string | undefined): { items: T[]; NextToken?: string } {
    const start = token ? Number(token) : 0;
    const next = start + PAGE;
    return { items: items.slice(start, next), ...(next < items.length ? { NextToken: String(next) } : {}) };
}

/** The SDK's own exception class for a model error, so callers see what a real client throws. */
function sdkError(error: unknown, exceptions: Record<string, unknown>): unknown {
    if (!(error instanceof AwsServiceError)) return error;
    const Exception = exceptions[error.code] as (new (opts: object) => Error) | undefined;
    const options = { message: error.message, $metadata: { httpStatusCode: 400 }, ...(error.reason ? { Reason: error.reason } : {}) };
    if (Exception) return new Exception(options);
    return Object.assign(new Error(error.message), { name: error.code, $fault: "client", $metadata: options.$metadata, Reason: error.reason });
}

function answering<I, O>(exceptions: Record<string, unknown>, handler: (input: I) => O): (input: I) => Promise<O> {
    return async (input) => {
        try {
            return handler(input);
        } catch (error) {
            throw sdkError(error, exceptions);
        }
    };
}

/**
 * Backs the AWS SDK v3 clients with the rules model: every Organizations, Identity Store, Budgets and
 * STS call the code under test makes goes to `world`, which answers or rejects as AWS would. Call
 * `restore()` when done; the stubs are on the client classes, so they reach clients built anywhere.
 */
export function installSdkMocks(world: AwsWorld): { restore(): void } {
    const org = world.organizations;
    const orgAnswer = <I, O>(h: (input: I) => O) => answering(orgSdk, h);
    const describe = (a: ModelAccount): orgSdk.Account => {
        const status = org.status(a);
        const state = status === "CREATING" ? "PENDING_ACTIVATION" : status;
        return { Id: a.id, Name: a.name, Email: a.email, Arn: `arn:aws:organizations::${org.options.managementAccountId}:account/${org.options.organizationId}/${a.id}`,
            Status: (state === "PENDING_CLOSURE" ? "PENDING_CLOSURE" : state) as orgSdk.AccountStatus, State: state as orgSdk.AccountState };
    };

    const organizations = mockClient(orgSdk.OrganizationsClient);
    organizations
        .on(orgSdk.DescribeOrganizationCommand).callsFake(orgAnswer(() => ({
            Organization: { Id: org.options.organizationId, MasterAccountId: org.options.managementAccountId, FeatureSet: "ALL" },
        })))
        .on(orgSdk.ListRootsCommand).callsFake(orgAnswer(() => ({ Roots: [{ Id: org.rootId, Name: "Root" }] })))
        .on(orgSdk.ListAccountsCommand).callsFake(orgAnswer((input: orgSdk.ListAccountsCommandInput) => {
            const all = [org.account(org.options.managementAccountId), ...org.members()].map(describe);
            const { items, NextToken } = page(all, input.NextToken);
            return { Accounts: items, NextToken };
        }))
        .on(orgSdk.DescribeAccountCommand).callsFake(orgAnswer((input: orgSdk.DescribeAccountCommandInput) =>
            ({ Account: describe(org.account(input.AccountId!)) })))
        .on(orgSdk.ListParentsCommand).callsFake(orgAnswer((input: orgSdk.ListParentsCommandInput) => {
            const id = org.listParents(input.ChildId!);
            return { Parents: [{ Id: id, Type: id.startsWith("r-") ? "ROOT" : "ORGANIZATIONAL_UNIT" }] };
        }))
        .on(orgSdk.ListOrganizationalUnitsForParentCommand).callsFake(orgAnswer((input: orgSdk.ListOrganizationalUnitsForParentCommandInput) => {
            const { items, NextToken } = page(org.childOus(input.ParentId!).map((o) => ({ Id: o.id, Name: o.name })), input.NextToken);
            return { OrganizationalUnits: items, NextToken };
        }))
        .on(orgSdk.CreateOrganizationalUnitCommand).callsFake(orgAnswer((input: orgSdk.CreateOrganizationalUnitCommandInput) => {
            const ou = org.createOu({ parentId: input.ParentId!, name: input.Name! });
            return { OrganizationalUnit: { Id: ou.id, Name: ou.name } };
        }))
        .on(orgSdk.CreatePolicyCommand).callsFake(orgAnswer((input: orgSdk.CreatePolicyCommandInput) => {
            const policy = org.createPolicy({ name: input.Name!, content: input.Content!, type: input.Type });
            return { Policy: { PolicySummary: { Id: policy.id, Name: policy.name } } };
        }))
        .on(orgSdk.MoveAccountCommand).callsFake(orgAnswer((input: orgSdk.MoveAccountCommandInput) => {
            org.moveAccount({ accountId: input.AccountId!, sourceParentId: input.SourceParentId!, destinationParentId: input.DestinationParentId! });
            return {};
        }))
        .on(orgSdk.CloseAccountCommand).callsFake(orgAnswer((input: orgSdk.CloseAccountCommandInput) => { org.closeAccount(input.AccountId!); return {}; }))
        .on(orgSdk.AttachPolicyCommand).callsFake(orgAnswer((input: orgSdk.AttachPolicyCommandInput) => { org.attachPolicy(input.PolicyId!, input.TargetId!); return {}; }))
        .on(orgSdk.DetachPolicyCommand).callsFake(orgAnswer((input: orgSdk.DetachPolicyCommandInput) => { org.detachPolicy(input.PolicyId!, input.TargetId!); return {}; }))
        .on(orgSdk.ListTargetsForPolicyCommand).callsFake(orgAnswer((input: orgSdk.ListTargetsForPolicyCommandInput) => {
            const targets = org.targetsFor(input.PolicyId!).map((id) => ({
                TargetId: id, Type: (id.startsWith("r-") ? "ROOT" : id.startsWith("ou-") ? "ORGANIZATIONAL_UNIT" : "ACCOUNT") as orgSdk.TargetType,
            }));
            const { items, NextToken } = page(targets, input.NextToken);
            return { Targets: items, NextToken };
        }))
        .on(orgSdk.ListPoliciesForTargetCommand).callsFake(orgAnswer((input: orgSdk.ListPoliciesForTargetCommandInput) => {
            const { items, NextToken } = page(org.policiesFor(input.TargetId!).map((id) => ({ Id: id, Name: org.policy(id).name })), input.NextToken);
            return { Policies: items, NextToken };
        }));

    const idAnswer = <I, O>(h: (input: I) => O) => answering(identitySdk, h);
    const store = world.identityStore;
    const toUser = (u: ReturnType<typeof store.user>): identitySdk.User => ({
        IdentityStoreId: store.identityStoreId, UserId: u.userId, UserName: u.userName, DisplayName: u.displayName,
        Emails: u.emails.map((value) => ({ Value: value, Primary: true, Type: "work" })),
    });
    const identity = mockClient(identitySdk.IdentitystoreClient);
    identity
        .on(identitySdk.ListUsersCommand).callsFake(idAnswer((input: identitySdk.ListUsersCommandInput) => {
            const users = store.listUsers(input.IdentityStoreId!, (input.Filters ?? []).map((f) => ({ attributePath: f.AttributePath!, attributeValue: f.AttributeValue! })));
            const { items, NextToken } = page(users.map(toUser), input.NextToken);
            return { Users: items, NextToken };
        }))
        .on(identitySdk.GetUserIdCommand).callsFake(idAnswer((input: identitySdk.GetUserIdCommandInput) => {
            const unique = (input.AlternateIdentifier as { UniqueAttribute?: { AttributePath?: string; AttributeValue?: unknown } }).UniqueAttribute;
            return { IdentityStoreId: input.IdentityStoreId, UserId: store.getUserId(input.IdentityStoreId!, unique?.AttributePath ?? "", String(unique?.AttributeValue ?? "")) };
        }))
        .on(identitySdk.DescribeUserCommand).callsFake(idAnswer((input: identitySdk.DescribeUserCommandInput) => toUser(store.user(input.UserId!))));

    const sts = mockClient(stsSdk.STSClient);
    sts.on(stsSdk.AssumeRoleCommand).callsFake(answering(stsSdk, (input: stsSdk.AssumeRoleCommandInput) => {
        world.assumeRole(input.RoleArn!);
        return { Credentials: { AccessKeyId: "ASIAMOCK", SecretAccessKey: "mock", SessionToken: "mock", Expiration: new Date(world.clock.now() + 3600_000) } };
    }))
        .on(stsSdk.GetCallerIdentityCommand).resolves({ Account: org.options.managementAccountId });

    const budgets = mockClient(budgetsSdk.BudgetsClient);
    budgets.on(budgetsSdk.DescribeBudgetsCommand).callsFake(answering(budgetsSdk, () => ({
        Budgets: [...world.budgets.budgets.values()].map((b) => ({ BudgetName: b.name, BudgetType: "COST", TimeUnit: b.timeUnit as budgetsSdk.TimeUnit, BudgetLimit: { Amount: b.limitAmount, Unit: b.limitUnit } })),
    })));

    return {
        restore() {
            organizations.restore();
            identity.restore();
            sts.restore();
            budgets.restore();
        },
    };
}
