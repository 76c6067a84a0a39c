import * as budgetsSdk from "@aws-sdk/client-budgets";
import * as identitySdk from "@aws-sdk/client-identitystore";
import * as orgSdk from "@aws-sdk/client-organizations";
import * as quotasSdk from "@aws-sdk/client-service-quotas";
import * as stsSdk from "@aws-sdk/client-sts";

import { AwsServiceError } from "./errors";
import type { ModelAccount } from "./organizations";
import { ASSUMED_ROLE_KEY, type AwsWorld } from "./world";

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

type Handler = (input: never) => unknown;
/** A command class and what the rules model answers to it. */
type Route = [new (input: never) => { input: unknown }, Handler];

/**
 * Puts `send` on the client class's prototype, remembering what was there (another suite's mock,
 * or nothing) so restoring gives exactly that back. A command without a route fails loudly.
 */
/** What a rule may ask of the client a call came from: its resolved region and credentials. */
export interface CallingClient {
    region(): Promise<string>;
    credentials(): Promise<{ accessKeyId: string; secretAccessKey: string; sessionToken?: string }>;
}

function route(Client: { prototype: object; name: string }, exceptions: Record<string, unknown>, routes: Route[], guard?: (client: CallingClient) => Promise<void>): () => void {
    const proto = Client.prototype as { send?: unknown };
    const previous = Object.getOwnPropertyDescriptor(proto, "send");
    const send = async function (this: { config?: Partial<CallingClient> }, command: { input: unknown; constructor: { name: string } }) {
        const found = routes.find(([Command]) => command instanceof Command);
        if (!found) throw new Error(`the AWS rules model has no answer for ${Client.name} ${command.constructor.name}`);
        const config = this.config ?? {};
        const caller: CallingClient = {
            region: async () => (config.region ? await config.region() : ""),
            credentials: async () => (config.credentials ? await config.credentials() : { accessKeyId: "", secretAccessKey: "" }),
        };
        try {
            await guard?.(caller);
            return found[1](command.input as never);
        } catch (error) {
            throw sdkError(error, exceptions);
        }
    };
    Object.defineProperty(proto, "send", { value: send, configurable: true, writable: true });
    return () => {
        if (previous) Object.defineProperty(proto, "send", previous);
        else delete proto.send;
    };
}

let installed: { world: AwsWorld; users: number; restore(): void } | undefined;

/**
 * Backs the AWS SDK v3 clients with the rules model: every Organizations, Identity Store, Budgets and
 * STS call the code under test makes goes to `world`, which answers or rejects as AWS would. Call
 * `restore()` when done; the stubs are on the client classes, so they reach clients built anywhere.
 * Nested installs for the same world share the stubs (a test's driver and the engine's dynamic providers).
 */
export function installSdkMocks(world: AwsWorld): { restore(): void } {
    if (installed) {
        if (installed.world !== world) throw new Error("SDK mocks are already installed for another world");
        installed.users++;
    } else {
        installed = { world, users: 1, restore: stub(world) };
    }
    let restored = false;
    return {
        restore() {
            if (restored || !installed) return;
            restored = true;
            if (--installed.users === 0) {
                installed.restore();
                installed = undefined;
            }
        },
    };
}

function stub(world: AwsWorld): () => void {
    const org = world.organizations;
    // Resolving a client's credentials may read the machine's profile: only done when a test pins them.
    const signedBy = async (client: CallingClient) => { if (world.validCredentials) world.checkSignature(await client.credentials()); };
    const describe = (a: ModelAccount): orgSdk.Account => {
        const status = org.status(a);
        const state = status === "CREATING" ? "PENDING_ACTIVATION" : status;
        return {
            Id: a.id, Name: a.name, Email: a.email, Arn: `arn:aws:organizations::${org.options.managementAccountId}:account/${org.options.organizationId}/${a.id}`,
            Status: (state === "PENDING_ACTIVATION" ? "ACTIVE" : state) as orgSdk.AccountStatus, State: state as orgSdk.AccountState,
        };
    };
    const targetType = (id: string) => (id.startsWith("r-") ? "ROOT" : id.startsWith("ou-") ? "ORGANIZATIONAL_UNIT" : "ACCOUNT") as orgSdk.TargetType;
    const organizations = route(orgSdk.OrganizationsClient, orgSdk, [
        [orgSdk.DescribeOrganizationCommand, () => ({
            Organization: { Id: org.options.organizationId, MasterAccountId: org.options.managementAccountId, FeatureSet: "ALL" },
        })],
        [orgSdk.ListRootsCommand, () => ({ Roots: [{ Id: org.rootId, Name: "Root" }] })],
        [orgSdk.ListAccountsCommand, (input: orgSdk.ListAccountsCommandInput) => {
            const all = [org.account(org.options.managementAccountId), ...org.members()].map(describe);
            const { items, NextToken } = page(all, input.NextToken);
            return { Accounts: items, NextToken };
        }],
        [orgSdk.ListAccountsForParentCommand, (input: orgSdk.ListAccountsForParentCommandInput) => {
            const { items, NextToken } = page(org.members().filter((a) => a.parentId === input.ParentId).map(describe), input.NextToken);
            return { Accounts: items, NextToken };
        }],
        [orgSdk.ListPoliciesCommand, (input: orgSdk.ListPoliciesCommandInput) => {
            const policies = [...org.policies.values()].filter((p) => p.type === input.Filter).map((p) => ({ Id: p.id, Name: p.name, AwsManaged: !!p.awsManaged }));
            const { items, NextToken } = page(policies, input.NextToken);
            return { Policies: items, NextToken };
        }],
        [orgSdk.DescribeAccountCommand, (input: orgSdk.DescribeAccountCommandInput) => ({ Account: describe(org.account(input.AccountId!)) })],
        [orgSdk.ListParentsCommand, (input: orgSdk.ListParentsCommandInput) => {
            const id = org.listParents(input.ChildId!);
            return { Parents: [{ Id: id, Type: id.startsWith("r-") ? "ROOT" : "ORGANIZATIONAL_UNIT" }] };
        }],
        [orgSdk.ListOrganizationalUnitsForParentCommand, (input: orgSdk.ListOrganizationalUnitsForParentCommandInput) => {
            const { items, NextToken } = page(org.childOus(input.ParentId!).map((o) => ({ Id: o.id, Name: o.name })), input.NextToken);
            return { OrganizationalUnits: items, NextToken };
        }],
        [orgSdk.CreateOrganizationalUnitCommand, (input: orgSdk.CreateOrganizationalUnitCommandInput) => {
            const ou = org.createOu({ parentId: input.ParentId!, name: input.Name! });
            return { OrganizationalUnit: { Id: ou.id, Name: ou.name } };
        }],
        [orgSdk.CreatePolicyCommand, (input: orgSdk.CreatePolicyCommandInput) => {
            const policy = org.createPolicy({ name: input.Name!, content: input.Content!, type: input.Type });
            return { Policy: { PolicySummary: { Id: policy.id, Name: policy.name } } };
        }],
        [orgSdk.MoveAccountCommand, (input: orgSdk.MoveAccountCommandInput) => {
            org.moveAccount({ accountId: input.AccountId!, sourceParentId: input.SourceParentId!, destinationParentId: input.DestinationParentId! });
            return {};
        }],
        [orgSdk.ListCreateAccountStatusCommand, (input: orgSdk.ListCreateAccountStatusCommandInput) => {
            // API_ListCreateAccountStatus.html: every request in the organization, filtered by States.
            const requests = [...org.accounts.values()].filter((a) => a.id !== org.options.managementAccountId).map((a): orgSdk.CreateAccountStatus => ({
                Id: `car-${a.id}`, AccountName: a.name, AccountId: a.id, RequestedTimestamp: new Date(a.createdAt),
                State: org.status(a) === "CREATING" ? "IN_PROGRESS" : "SUCCEEDED",
            })).filter((r) => !input.States || input.States.includes(r.State!));
            org.calls.push({ api: "ListCreateAccountStatus", input });
            const { items, NextToken } = page(requests, input.NextToken);
            return { CreateAccountStatuses: items, NextToken };
        }],
        [orgSdk.TagResourceCommand, (input: orgSdk.TagResourceCommandInput) => {
            org.tagResource(input.ResourceId!, Object.fromEntries((input.Tags ?? []).map((t) => [t.Key!, t.Value!])));
            return {};
        }],
        [orgSdk.UntagResourceCommand, (input: orgSdk.UntagResourceCommandInput) => {
            org.tagResource(input.ResourceId!, {}, input.TagKeys ?? []);
            return {};
        }],
        [orgSdk.ListTagsForResourceCommand, (input: orgSdk.ListTagsForResourceCommandInput) => {
            const { items, NextToken } = page(Object.entries(org.listTags(input.ResourceId!)).map(([Key, Value]) => ({ Key, Value })), input.NextToken);
            return { Tags: items, NextToken };
        }],
        [orgSdk.CloseAccountCommand, (input: orgSdk.CloseAccountCommandInput) => { org.closeAccount(input.AccountId!); return {}; }],
        [orgSdk.AttachPolicyCommand, (input: orgSdk.AttachPolicyCommandInput) => { org.attachPolicy(input.PolicyId!, input.TargetId!); return {}; }],
        [orgSdk.DetachPolicyCommand, (input: orgSdk.DetachPolicyCommandInput) => { org.detachPolicy(input.PolicyId!, input.TargetId!); return {}; }],
        [orgSdk.ListTargetsForPolicyCommand, (input: orgSdk.ListTargetsForPolicyCommandInput) => {
            const { items, NextToken } = page(org.targetsFor(input.PolicyId!).map((id) => ({ TargetId: id, Type: targetType(id) })), input.NextToken);
            return { Targets: items, NextToken };
        }],
        [orgSdk.ListPoliciesForTargetCommand, (input: orgSdk.ListPoliciesForTargetCommandInput) => {
            const { items, NextToken } = page(org.policiesFor(input.TargetId!).map((id) => ({ Id: id, Name: org.policy(id).name })), input.NextToken);
            return { Policies: items, NextToken };
        }],
    ], signedBy);

    const store = world.identityStore;
    const toUser = (u: ReturnType<typeof store.user>): identitySdk.User => ({
        IdentityStoreId: store.identityStoreId, UserId: u.userId, UserName: u.userName, DisplayName: u.displayName,
        Emails: u.emails.map((value) => ({ Value: value, Primary: true, Type: "work" })),
    });
    const identity = route(identitySdk.IdentitystoreClient, identitySdk, [
        [identitySdk.ListUsersCommand, (input: identitySdk.ListUsersCommandInput) => {
            const filters = (input.Filters ?? []).map((f) => ({ attributePath: f.AttributePath!, attributeValue: f.AttributeValue! }));
            const { items, NextToken } = page(store.listUsers(input.IdentityStoreId!, filters).map(toUser), input.NextToken);
            return { Users: items, NextToken };
        }],
        [identitySdk.GetUserIdCommand, (input: identitySdk.GetUserIdCommandInput) => {
            const unique = (input.AlternateIdentifier as { UniqueAttribute?: { AttributePath?: string; AttributeValue?: unknown } }).UniqueAttribute;
            return { IdentityStoreId: input.IdentityStoreId, UserId: store.getUserId(input.IdentityStoreId!, unique?.AttributePath ?? "", String(unique?.AttributeValue ?? "")) };
        }],
        [identitySdk.DescribeUserCommand, (input: identitySdk.DescribeUserCommandInput) => toUser(store.user(input.UserId!))],
    ], async (client) => store.checkRegion(await client.region()));

    const sts = route(stsSdk.STSClient, stsSdk, [
        [stsSdk.AssumeRoleCommand, (input: stsSdk.AssumeRoleCommandInput) => {
            world.assumeRole(input.RoleArn!);
            return { Credentials: { AccessKeyId: ASSUMED_ROLE_KEY, SecretAccessKey: "mock", SessionToken: "mock", Expiration: new Date(world.clock.now() + 3600_000) } };
        }],
        [stsSdk.GetCallerIdentityCommand, () => ({ Account: org.options.managementAccountId })],
    ], signedBy);

    const budgets = route(budgetsSdk.BudgetsClient, budgetsSdk, [
        [budgetsSdk.DescribeBudgetsCommand, () => ({
            Budgets: [...world.budgets.budgets.values()].map((b) => ({
                BudgetName: b.name, BudgetType: "COST" as const, TimeUnit: b.timeUnit as budgetsSdk.TimeUnit, BudgetLimit: { Amount: b.limitAmount, Unit: b.limitUnit },
            })),
        })],
        [budgetsSdk.DescribeBudgetActionsForBudgetCommand, (input: budgetsSdk.DescribeBudgetActionsForBudgetCommandInput) => ({
            Actions: world.budgets.actionsFor(input.AccountId!, input.BudgetName!).map((a) => ({
                ActionId: a.actionId, BudgetName: a.budgetName, NotificationType: "ACTUAL" as const, ActionType: "APPLY_SCP_POLICY" as const,
                ActionThreshold: { ActionThresholdType: "PERCENTAGE" as const, ActionThresholdValue: 100 },
                Definition: { ScpActionDefinition: { PolicyId: a.policyId, TargetIds: a.targetIds } },
                ExecutionRoleArn: a.roleArn, ApprovalModel: "AUTOMATIC" as const, Status: a.status, Subscribers: [],
            })),
        })],
    ]);

    // Service Quotas lists the organization's account quota under this name (us-east-1, ServiceCode organizations).
    const quotas = route(quotasSdk.ServiceQuotasClient, quotasSdk, [
        [quotasSdk.ListServiceQuotasCommand, (input: quotasSdk.ListServiceQuotasCommandInput) => ({
            Quotas: input.ServiceCode === "organizations" ? [{ QuotaName: "Default maximum number of accounts", QuotaCode: "L-MODEL", Value: org.accountQuota, Adjustable: true }] : [],
        })],
    ]);

    return () => {
        quotas();
        organizations();
        identity();
        sts();
        budgets();
    };
}
