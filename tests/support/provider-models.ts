import type { ModelNotification } from "./aws-rules/budgets";
import { MINUTE, SECOND } from "./aws-rules/clock";
import { AwsServiceError } from "./aws-rules/errors";
import { CLOSE_ACCOUNT_DURATION } from "./aws-rules/organizations";
import type { AwsWorld } from "./aws-rules/world";

/** Resource properties as the engine holds them: untyped data, whatever the resource type declares. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Props = Record<string, any>;

/**
 * What @pulumi/aws (the Terraform AWS provider underneath) does against AWS for each resource type
 * the program declares: which inputs force a replacement, and which API calls create, update and
 * delete make — read from terraform-provider-aws internal/service/<service>/*.go. Types without a
 * model here touch nothing the rules model tracks and simply succeed.
 */

export interface Timeouts { create?: string; update?: string; delete?: string }

export interface OpContext {
    world: AwsWorld;
    timeouts: Timeouts;
}

export interface OpResult {
    id?: string;
    outputs?: Record<string, unknown>;
    /** Simulated time the operation took. */
    duration?: number;
}

/** A failed provider operation, with the time it took before failing (a timed-out wait takes its timeout). */
export class ProviderError extends Error {
    constructor(message: string, readonly duration = SECOND) {
        super(message);
    }
}

export interface ProviderModel {
    /** Inputs marked ForceNew in the provider schema. */
    forceNew: string[];
    /** `id` and `planned` are what the mocks answered while the program ran, so outputs and AWS agree. */
    create(args: { name: string; id: string; inputs: Props; planned: Props }, ctx: OpContext): OpResult;
    update?(args: { id: string; olds: Props; news: Props; outputs: Props }, ctx: OpContext): OpResult;
    delete(args: { id: string; inputs: Props; outputs: Props }, ctx: OpContext): OpResult;
    /** For the `import` option: the existing resource's state, or an error if there is none. */
    read?(id: string, ctx: OpContext): Record<string, unknown>;
    /** Computed attributes in what `read` returns: outputs, never compared with the program's inputs. */
    computed?: string[];
    /** An id no live resource of this kind has, from the one the mocks proposed. */
    freshId?(proposed: string, world: AwsWorld): string;
}

/** Go duration text as customTimeouts take it ("30m", "1h30m", "10m0s") in milliseconds. */
export function parseDuration(text: string): number {
    let total = 0;
    for (const [, value, unit] of text.matchAll(/(\d+(?:\.\d+)?)(h|m|s)/g)) {
        total += Number(value) * (unit === "h" ? 60 * MINUTE : unit === "m" ? MINUTE : SECOND);
    }
    return total;
}

function timeout(ctx: OpContext, op: keyof Timeouts, fallback: number): number {
    const text = ctx.timeouts[op];
    return text ? parseDuration(text) : fallback;
}

function formatDuration(ms: number): string {
    return `${Math.floor(ms / MINUTE)}m${Math.round((ms % MINUTE) / SECOND)}s`;
}

/** Runs a model call and words its error as the provider does ("<verb> <what> (<id>): <error>"). */
function call<T>(what: string, fn: () => T, duration = SECOND): T {
    try {
        return fn();
    } catch (error) {
        if (error instanceof AwsServiceError) throw new ProviderError(`${what}: ${error.message}`, duration);
        throw error;
    }
}

function uniqueId(proposed: string, taken: (id: string) => boolean): string {
    let id = proposed;
    for (let n = 2; taken(id); n++) id = `${proposed.slice(0, -String(n).length)}${n}`;
    return id;
}

const ACCOUNT_DEFAULT_TIMEOUT = 10 * MINUTE; // account.go: schema.DefaultTimeout(10 * time.Minute) for create and delete

/** internal/service/organizations/account.go */
const account: ProviderModel = {
    forceNew: ["email", "iamUserAccessToBilling", "roleName", "createGovcloud"],
    create({ id, inputs }, ctx) {
        const org = ctx.world.organizations;
        const limit = timeout(ctx, "create", ACCOUNT_DEFAULT_TIMEOUT);
        const created = (() => {
            try {
                return org.createAccount({ id, name: inputs.name, email: inputs.email, tags: inputs.tags ?? {} });
            } catch (error) {
                if (error instanceof AwsServiceError && error.code === "CreateAccountFailed") {
                    // The request is accepted; DescribeCreateAccountStatus then reports FAILED with the reason.
                    throw new ProviderError(`waiting for AWS Organizations Account (${inputs.name}) create: unexpected state 'FAILED', ` +
                        `wanted target 'SUCCEEDED'. last error: ${error.reason}`, 30 * SECOND);
                }
                if (error instanceof AwsServiceError) throw new ProviderError(`creating AWS Organizations Account (${inputs.name}): ${error.message}`);
                throw error;
            }
        })();
        // waitAccountCreated polls DescribeCreateAccountStatus every 10 s until SUCCEEDED.
        const creating = created.readyAt - created.createdAt;
        const polled = Math.ceil(creating / (10 * SECOND)) * 10 * SECOND;
        if (creating > limit) {
            throw new ProviderError(`waiting for AWS Organizations Account (${inputs.name}) create: timeout while waiting for state to become 'SUCCEEDED' ` +
                `(last state: 'IN_PROGRESS', timeout: ${formatDuration(limit)})`, limit);
        }
        if (inputs.parentId && inputs.parentId !== org.rootId) {
            // The provider moves the account once DescribeCreateAccountStatus reports SUCCEEDED.
            const start = ctx.world.clock.now();
            ctx.world.clock.set(created.readyAt);
            try {
                call(`moving AWS Organizations Account (${created.id})`, () =>
                    org.moveAccount({ accountId: created.id, sourceParentId: org.rootId, destinationParentId: inputs.parentId }), polled);
            } finally {
                ctx.world.clock.set(start);
            }
        }
        return { id: created.id, outputs: { status: "ACTIVE" }, duration: polled + SECOND };
    },
    update({ id, olds, news }, ctx) {
        const org = ctx.world.organizations;
        if (olds.parentId !== news.parentId) {
            call(`moving AWS Organizations Account (${id})`, () => org.moveAccount({ accountId: id, sourceParentId: olds.parentId, destinationParentId: news.parentId }));
        }
        // Since terraform-provider-aws#42350 a name change is applied in place with account:PutAccountName.
        if (olds.name !== news.name) call(`updating AWS Organizations Account (${id}) name`, () => org.putAccountName(id, news.name));
        const oldTags: Record<string, string> = olds.tags ?? {};
        const newTags: Record<string, string> = news.tags ?? {};
        const changed = Object.fromEntries(Object.entries(newTags).filter(([k, v]) => oldTags[k] !== v));
        const removed = Object.keys(oldTags).filter((k) => !(k in newTags));
        if (Object.keys(changed).length > 0 || removed.length > 0) {
            call(`updating tags of AWS Organizations Account (${id})`, () => org.tagResource(id, changed, removed));
        }
        return {};
    },
    delete({ id, inputs }, ctx) {
        const org = ctx.world.organizations;
        if (!inputs.closeOnDeletion) {
            call(`deleting AWS Organizations Account (${id})`, () => org.removeAccount(id));
            return {};
        }
        try {
            org.closeAccount(id);
        } catch (error) {
            if (error instanceof AwsServiceError && error.code === "AccountNotFoundException") return {};
            if (error instanceof AwsServiceError) throw new ProviderError(`deleting AWS Organizations Account (${id}): ${error.message}`);
            throw error;
        }
        // waitAccountDeleted polls until the account is no longer ACTIVE or PENDING_CLOSURE.
        const limit = timeout(ctx, "delete", ACCOUNT_DEFAULT_TIMEOUT);
        if (CLOSE_ACCOUNT_DURATION > limit) {
            throw new ProviderError(`waiting for AWS Organizations Account (${id}) delete: timeout while waiting for resource to be gone ` +
                `(last state: 'PENDING_CLOSURE', timeout: ${formatDuration(limit)})`, limit);
        }
        return { duration: CLOSE_ACCOUNT_DURATION + 10 * SECOND };
    },
    freshId: (proposed, world) => uniqueId(proposed, (id) => world.organizations.accounts.has(id)),
};

/** internal/service/organizations/organizational_unit.go (parent_id is ForceNew, name updates in place). */
const organizationalUnit: ProviderModel = {
    forceNew: ["parentId"],
    create({ id, inputs }, ctx) {
        const ou = call(`creating Organizations Organizational Unit (${inputs.name})`, () =>
            ctx.world.organizations.createOu({ id, parentId: inputs.parentId, name: inputs.name, tags: inputs.tags }));
        return { id: ou.id };
    },
    update({ id, news }, ctx) {
        ctx.world.organizations.ou(id).name = news.name;
        return {};
    },
    delete({ id }, ctx) {
        call(`deleting Organizations Organizational Unit (${id})`, () => ctx.world.organizations.deleteOu(id));
        return {};
    },
    freshId: (proposed, world) => uniqueId(proposed, (id) => world.organizations.ous.has(id)),
};

/** internal/service/organizations/policy.go */
const policy: ProviderModel = {
    forceNew: ["type"],
    create({ id, inputs }, ctx) {
        call(`creating Organizations Policy (${inputs.name})`, () => ctx.world.organizations.createPolicy({ id, name: inputs.name, content: inputs.content, type: inputs.type }));
        return {};
    },
    update({ id, news }, ctx) {
        call(`updating Organizations Policy (${id})`, () => ctx.world.organizations.updatePolicy(id, news.content));
        return {};
    },
    delete({ id }, ctx) {
        call(`deleting Organizations Policy (${id})`, () => ctx.world.organizations.deletePolicy(id));
        return {};
    },
    freshId: (proposed, world) => uniqueId(proposed, (id) => world.organizations.policies.has(id)),
};

/** internal/service/organizations/policy_attachment.go: delete ignores a policy that is already detached. */
const policyAttachment: ProviderModel = {
    forceNew: ["policyId", "targetId"],
    create({ inputs }, ctx) {
        call(`creating Organizations Policy Attachment (${inputs.policyId}, ${inputs.targetId})`, () =>
            ctx.world.organizations.attachPolicy(inputs.policyId, inputs.targetId));
        return { id: `${inputs.targetId}:${inputs.policyId}` };
    },
    delete({ inputs }, ctx) {
        try {
            ctx.world.organizations.detachPolicy(inputs.policyId, inputs.targetId);
        } catch (error) {
            if (!(error instanceof AwsServiceError && ["PolicyNotAttachedException", "PolicyNotFoundException", "TargetNotFoundException"].includes(error.code))) {
                throw new ProviderError(`deleting Organizations Policy Attachment: ${(error as Error).message}`);
            }
        }
        return {};
    },
};

function userFields(inputs: Props) {
    return {
        userName: inputs.userName, displayName: inputs.displayName,
        givenName: inputs.name?.givenName, familyName: inputs.name?.familyName,
        emails: inputs.emails?.value ? [inputs.emails.value] : [],
    };
}

/** internal/service/identitystore/user.go (identity_store_id and user_name ForceNew); the resource id is "<identity store id>/<user id>". */
const user: ProviderModel = {
    forceNew: ["identityStoreId", "userName"],
    create({ inputs, planned }, ctx) {
        const created = call(`creating IdentityStore User (${inputs.userName})`, () =>
            ctx.world.identityStore.createUser(inputs.identityStoreId, userFields(inputs), planned.userId));
        return { id: `${inputs.identityStoreId}/${created.userId}`, outputs: { userId: created.userId } };
    },
    update({ outputs, news }, ctx) {
        call(`updating IdentityStore User (${outputs.userId})`, () => ctx.world.identityStore.updateUser(news.identityStoreId, outputs.userId, userFields(news)));
        return {};
    },
    delete({ inputs, outputs }, ctx) {
        call(`deleting IdentityStore User (${outputs.userId})`, () => ctx.world.identityStore.deleteUser(inputs.identityStoreId, outputs.userId));
        return {};
    },
    // resourceUserRead sets every attribute the schema has, optional ones included: an import compares them all.
    read(id, ctx) {
        const [storeId, userId] = id.split("/");
        const found = call(`reading IdentityStore User (${id})`, () => ctx.world.identityStore.user(userId));
        const p = found.profile ?? {};
        const present = (fields: Props) => Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
        return present({
            identityStoreId: storeId, userId, userName: found.userName, displayName: found.displayName,
            name: { givenName: found.givenName, familyName: found.familyName }, emails: { value: found.emails[0], primary: true, type: "work" },
            nickname: p.nickName, profileUrl: p.profileUrl, title: p.title, userType: p.userType,
            preferredLanguage: p.preferredLanguage, locale: p.locale, timezone: p.timezone,
            // MaxItems 1 in the schema: Pulumi holds the first entry as an object.
            addresses: p.addresses?.[0], phoneNumbers: p.phoneNumbers?.[0],
        });
    },
    computed: ["userId", "externalIds", "region"],
};

const group: ProviderModel = {
    forceNew: ["identityStoreId"],
    create({ inputs, planned }, ctx) {
        const groupId = call(`creating IdentityStore Group (${inputs.displayName})`, () =>
            ctx.world.identityStore.createGroup(inputs.identityStoreId, inputs.displayName, planned.groupId));
        return { id: `${inputs.identityStoreId}/${groupId}`, outputs: { groupId } };
    },
    delete({ inputs, outputs }, ctx) {
        call("deleting IdentityStore Group", () => ctx.world.identityStore.deleteGroup(inputs.identityStoreId, outputs.groupId));
        return {};
    },
};

const groupMembership: ProviderModel = {
    forceNew: ["identityStoreId", "groupId", "memberId"],
    create({ inputs }, ctx) {
        const membershipId = call("creating IdentityStore Group Membership", () =>
            ctx.world.identityStore.createMembership(inputs.identityStoreId, inputs.groupId, inputs.memberId));
        return { id: `${inputs.identityStoreId}/${membershipId}`, outputs: { membershipId } };
    },
    delete({ inputs, outputs }, ctx) {
        call("deleting IdentityStore Group Membership", () => ctx.world.identityStore.deleteMembership(inputs.identityStoreId, outputs.membershipId));
        return {};
    },
};

function budgetOf(inputs: Props) {
    const notifications: ModelNotification[] = (inputs.notifications ?? []).map((n: Props) => ({
        notificationType: n.notificationType, comparisonOperator: n.comparisonOperator, threshold: n.threshold,
        thresholdType: n.thresholdType, emails: n.subscriberEmailAddresses ?? [], sns: n.subscriberSnsTopicArns ?? [],
    }));
    return {
        name: inputs.name, limitAmount: inputs.limitAmount, limitUnit: inputs.limitUnit, timeUnit: inputs.timeUnit,
        costTypes: inputs.costTypes,
        linkedAccounts: (inputs.costFilters ?? []).filter((f: Props) => f.name === "LinkedAccount").flatMap((f: Props) => f.values),
        notifications,
    };
}

/** internal/service/budgets/budget.go: CreateBudget, then CreateNotification with its subscribers. */
const budget: ProviderModel = {
    forceNew: ["name", "accountId"],
    create({ inputs }, ctx) {
        call(`creating Budget (${inputs.name})`, () => ctx.world.budgets.createBudget(ctx.world.budgets.accountId, budgetOf(inputs)));
        return { id: `${ctx.world.budgets.accountId}:${inputs.name}` };
    },
    update({ news }, ctx) {
        call(`updating Budget (${news.name})`, () => ctx.world.budgets.updateBudget(ctx.world.budgets.accountId, budgetOf(news)));
        return {};
    },
    delete({ inputs }, ctx) {
        call(`deleting Budget (${inputs.name})`, () => ctx.world.budgets.deleteBudget(ctx.world.budgets.accountId, inputs.name));
        return {};
    },
};

/** internal/service/budgets/budget_action.go */
const budgetAction: ProviderModel = {
    forceNew: ["budgetName", "actionType", "notificationType"],
    create({ inputs }, ctx) {
        const scp = inputs.definition?.scpActionDefinition ?? {};
        const created = call(`creating Budget Action (${inputs.budgetName})`, () => ctx.world.budgets.createAction(ctx.world.budgets.accountId, {
            budgetName: inputs.budgetName, policyId: scp.policyId, targetIds: scp.targetIds ?? [], roleArn: inputs.executionRoleArn,
        }));
        return { outputs: { actionId: created.actionId } };
    },
    update() {
        return {};
    },
    delete({ outputs }, ctx) {
        call("deleting Budget Action", () => ctx.world.budgets.deleteAction(ctx.world.budgets.accountId, outputs.actionId));
        return {};
    },
};

const MODELS: Record<string, ProviderModel> = {
    "aws:organizations/account:Account": account,
    "aws:organizations/organizationalUnit:OrganizationalUnit": organizationalUnit,
    "aws:organizations/policy:Policy": policy,
    "aws:organizations/policyAttachment:PolicyAttachment": policyAttachment,
    "aws:identitystore/user:User": user,
    "aws:identitystore/group:Group": group,
    "aws:identitystore/groupMembership:GroupMembership": groupMembership,
    "aws:budgets/budget:Budget": budget,
    "aws:budgets/budgetAction:BudgetAction": budgetAction,
};

export function providerModel(type: string): ProviderModel | undefined {
    return MODELS[type];
}
