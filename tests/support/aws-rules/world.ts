import { BudgetsModel } from "./budgets";
import { Clock, SECOND } from "./clock";
import { check } from "./errors";
import { IdentityStoreModel } from "./identity-store";
import { CloseQuotaRule, OrganizationsModel } from "./organizations";
import { Simulation } from "./simulation";

/** The organization the tests run in (also what getOrganization returns under mocks). */
export const MOCK_ORGANIZATION = {
    id: "o-exampleorg1",
    arn: "arn:aws:organizations::111111111111:organization/o-exampleorg1",
    masterAccountId: "111111111111",
    roots: [{ id: "r-ab12", arn: "arn:aws:organizations::111111111111:root/o-exampleorg1/r-ab12", name: "Root", policyTypes: [] }],
};
export const MOCK_IDENTITY_STORE_ID = "d-0123456789";
export const SUSPENDED_OU_NAME = "Suspended";
export const DENY_ALL_SCP = JSON.stringify({ Version: "2012-10-17", Statement: [{ Sid: "DenyAll", Effect: "Deny", Action: "*", Resource: "*" }] });

/**
 * OrganizationAccountAccessRole exists once CreateAccount succeeds, but IAM is eventually consistent:
 * assuming it right away can fail for a short while (https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_general.html#troubleshoot_general_eventual-consistency).
 */
export const ROLE_PROPAGATION_DELAY = 45 * SECOND;
/** The access key id of every session AssumeRole hands out in the model. */
export const ASSUMED_ROLE_KEY = "ASIAMOCK";

export interface WorldOptions {
    accountQuota?: number;
    closeQuotaRule?: CloseQuotaRule;
    /** The instructor's one-time setup from the README: a "Suspended" OU with a deny-all SCP. Default true. */
    suspendedOu?: boolean;
    /** The Region Identity Center is enabled in (the stack's aws:region); us-east-1 by default. */
    identityCenterRegion?: string;
    /** How long each CreateAccount takes (a draw per account); CREATE_ACCOUNT_DURATION when absent. */
    createDuration?: () => number;
}

/** Everything AWS holds for a workshop, one model per service on one simulated clock. */
export class AwsWorld {
    readonly clock = new Clock();
    /** Every stack deploying into this world, and every wait inside them, runs on this one timeline. */
    readonly sim = new Simulation(this.clock);
    readonly organizations: OrganizationsModel;
    readonly identityStore: IdentityStoreModel;
    readonly budgets = new BudgetsModel(MOCK_ORGANIZATION.masterAccountId, this.clock);
    readonly suspendedOuId?: string;
    /** Ids the mocks handed to each stack's planned resources, so stacks planned together never share one. */
    private readonly plannedIds = new Map<string, string>();
    /** How long after creation a new account's role becomes assumable; a test may stretch it. */
    rolePropagationDelay = ROLE_PROPAGATION_DELAY;

    constructor(options: WorldOptions = {}) {
        this.identityStore = new IdentityStoreModel(MOCK_IDENTITY_STORE_ID, options.identityCenterRegion);
        this.organizations = new OrganizationsModel(this.clock, {
            organizationId: MOCK_ORGANIZATION.id, managementAccountId: MOCK_ORGANIZATION.masterAccountId,
            rootId: MOCK_ORGANIZATION.roots[0].id, accountQuota: options.accountQuota, closeQuotaRule: options.closeQuotaRule,
            createDuration: options.createDuration,
        });
        if (options.suspendedOu ?? true) {
            const ou = this.organizations.createOu({ parentId: this.organizations.rootId, name: SUSPENDED_OU_NAME });
            const denyAll = this.organizations.createPolicy({ name: "suspended-deny-all", content: DENY_ALL_SCP });
            this.organizations.attachPolicy(denyAll.id, ou.id);
            this.suspendedOuId = ou.id;
            this.organizations.calls.length = 0;
        }
    }

    /** `id` for `stack`'s planned resource, or a variant of it when another stack was promised it first. */
    reserveId(id: string, stack: string): string {
        let candidate = id;
        for (let n = 2; (this.plannedIds.get(candidate) ?? stack) !== stack; n++) candidate = `${id.slice(0, -String(n).length)}${n}`;
        this.plannedIds.set(candidate, stack);
        return candidate;
    }

    /**
     * The management account's credentials AWS currently honours, when a test pins them: a call
     * signed with any other key or session token is refused as STS and Organizations refuse an
     * expired session (ExpiredTokenException, https://docs.aws.amazon.com/STS/latest/APIReference/CommonErrors.html,
     * https://docs.aws.amazon.com/organizations/latest/APIReference/CommonErrors.html). Credentials
     * of an assumed role (ASIAMOCK, from AssumeRole below) are always honoured.
     */
    validCredentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };

    checkSignature(used: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }): void {
        const valid = this.validCredentials;
        if (!valid || used.accessKeyId === ASSUMED_ROLE_KEY) return;
        check(used.accessKeyId === valid.accessKeyId && used.secretAccessKey === valid.secretAccessKey && used.sessionToken === valid.sessionToken,
            "ExpiredTokenException", "The security token included in the request is expired");
    }

    /**
     * sts:AssumeRole into a member account's role: AccessDenied until the account exists and IAM
     * has propagated its role (https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html).
     */
    assumeRole(roleArn: string): void {
        const accountId = /^arn:aws:iam::(\d{12}):role\//.exec(roleArn)?.[1] ?? "";
        const account = this.organizations.accounts.get(accountId);
        const ready = account && this.organizations.status(account) === "ACTIVE" &&
            this.clock.now() >= account.readyAt + this.rolePropagationDelay;
        check(Boolean(ready), "AccessDenied", `not authorized to perform sts:AssumeRole on ${roleArn}`);
    }

    /** What AWS Budgets does at 100% of a student's budget: attach the freeze SCP, outside Pulumi. */
    freeze(accountId: string, freezePolicyName: string): void {
        const policy = [...this.organizations.policies.values()].find((p) => p.name === freezePolicyName);
        check(Boolean(policy), "NotFoundException", `no policy ${freezePolicyName}`);
        this.organizations.attachPolicy(policy!.id, accountId);
    }

    /** Accounts that sit in `parentId`, with their state: what the console shows in an OU. */
    accountsIn(parentId: string): { id: string; status: string }[] {
        return this.organizations.members().filter((a) => a.parentId === parentId)
            .map((a) => ({ id: a.id, status: this.organizations.status(a) }));
    }
}
