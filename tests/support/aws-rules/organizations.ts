import { Clock, DAY, MINUTE, SECOND } from "./clock";
import { check, reject } from "./errors";

/**
 * AWS Organizations as the workshop meets it: accounts with their lifecycle, OUs, SCPs and their
 * attachments, with every documented rule the workshop could run into. Each rule cites its page.
 */

const API = "https://docs.aws.amazon.com/organizations/latest/APIReference";
const QUOTAS = "https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html";

/** Account creation is asynchronous; a few minutes is typical (the provider polls DescribeCreateAccountStatus). */
export const CREATE_ACCOUNT_DURATION = 4 * MINUTE;
/** "A few minutes" (API_CreateAccount.html), as a spread: uniform over this range, mean CREATE_ACCOUNT_DURATION. */
export const CREATE_ACCOUNT_RANGE = [2 * MINUTE, 6 * MINUTE] as const;

/** Creation times drawn from CREATE_ACCOUNT_RANGE with `random` (seeded: the same draws every run). */
export function drawnCreateDurations(random: () => number): () => number {
    return () => CREATE_ACCOUNT_RANGE[0] + random() * (CREATE_ACCOUNT_RANGE[1] - CREATE_ACCOUNT_RANGE[0]);
}
/** Closing measured at 10 min 18 s and 10 min 46 s, past Terraform's 10-minute default (terraform-provider-aws#46284). */
export const CLOSE_ACCOUNT_DURATION = 10 * MINUTE + 40 * SECOND;
/** Closed accounts stay SUSPENDED this long, then leave the organization for good (orgs_manage_accounts_close.html). */
export const SUSPENSION_PERIOD = 90 * DAY;
export const FULL_AWS_ACCESS = "p-FullAWSAccess";
export const ACCOUNT_MANAGEMENT_PRINCIPAL = "account.amazonaws.com";

export type AccountStatus = "ACTIVE" | "PENDING_CLOSURE" | "SUSPENDED";

export interface ModelAccount {
    id: string;
    name: string;
    email: string;
    parentId: string;
    tags: Record<string, string>;
    createdAt: number;
    /** When its creation completes (DescribeCreateAccountStatus SUCCEEDED): createdAt plus this account's creation time. */
    readyAt: number;
    closeRequestedAt?: number;
}

export interface ModelOu { id: string; name: string; parentId: string; tags: Record<string, string> }
export interface ModelPolicy { id: string; name: string; type: string; content: string; awsManaged?: boolean }

/** Which of the two documented close quotas the model enforces (they disagree; see closeQuota). */
export type CloseQuotaRule = "api-reference" | "quotas-page";

export interface OrganizationsOptions {
    organizationId: string;
    managementAccountId: string;
    rootId: string;
    /** Accounts per organization. New organizations get 10; tests default to a raised quota. */
    accountQuota?: number;
    closeQuotaRule?: CloseQuotaRule;
    /** How long each creation takes; a draw per account models AWS's spread. */
    createDuration?: () => number;
}

/** orgs_reference_limits.html: requests Organizations keeps in progress at once, organization-wide. */
export const CREATIONS_IN_PROGRESS_LIMIT = 5;
export const CLOSURES_IN_PROGRESS_LIMIT = 3;

// --- Rules on single values -------------------------------------------------------------------

/** API_CreateAccount.html: AccountName, 1-50 characters, pattern [\u0020-\u007E]+ (printable ASCII). */
export function checkAccountName(name: string): void {
    check(name.length >= 1 && name.length <= 50 && /^[\u0020-\u007E]+$/.test(name), "ValidationException",
        `AccountName "${name}" must be 1-50 printable ASCII characters (${API}/API_CreateAccount.html)`);
}

/**
 * API_CreateAccount.html, Email: 6-64 characters, 7-bit ASCII, exactly one @, a local part without
 * whitespace or " ' ( ) < > [ ] : ; , \ | % & and not starting with a dot, a domain of letters,
 * digits, hyphens and dots that neither starts nor ends with a hyphen or dot and has a dot.
 */
export function checkAccountEmail(email: string): void {
    const at = email.indexOf("@");
    const local = email.slice(0, at);
    const domain = email.slice(at + 1);
    const ok = email.length >= 6 && email.length <= 64 && [...email].every((c) => c.charCodeAt(0) < 128) &&
        at > 0 && email.indexOf("@", at + 1) === -1 &&
        !/[\s"'()<>[\]:;,\\|%&]/.test(local) && !local.startsWith(".") &&
        /^[A-Za-z0-9.-]+$/.test(domain) && !/^[.-]|[.-]$/.test(domain) && domain.includes(".");
    check(ok, "ValidationException", `Email "${email}" is not a valid account email (${API}/API_CreateAccount.html)`);
}

const TAG_PATTERN = /^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$/u;

/** API_Tag.html: Key 1-128 and Value 0-256 characters, both ^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$; "aws:" is reserved. */
export function checkTags(tags: Record<string, string>): void {
    check(Object.keys(tags).length <= 50, "ConstraintViolationException", `at most 50 tags per resource (${API}/API_TagResource.html)`, "TAG_POLICY_VIOLATION");
    for (const [key, value] of Object.entries(tags)) {
        check(key.length >= 1 && key.length <= 128 && TAG_PATTERN.test(key) && !key.toLowerCase().startsWith("aws:"),
            "InvalidInputException", `tag key "${key}" is not allowed (${API}/API_Tag.html)`, "INVALID_INPUT");
        check(value.length <= 256 && TAG_PATTERN.test(value),
            "InvalidInputException", `tag value "${value}" of "${key}" is not allowed (${API}/API_Tag.html)`, "INVALID_INPUT");
    }
}

/** API_CreatePolicy.html: an SCP's content is at most 5,120 characters (orgs_reference_limits.html). */
export function checkPolicyContent(content: string): void {
    check(content.length <= 5120, "ConstraintViolationException",
        `policy content is ${content.length} characters, more than 5,120 (${QUOTAS})`, "POLICY_CONTENT_LIMIT_EXCEEDED");
    try {
        JSON.parse(content);
    } catch {
        reject("MalformedPolicyDocumentException", `policy content is not JSON (${API}/API_CreatePolicy.html)`);
    }
}

/**
 * The close quota, as two pages state it. API_CloseAccount.html: "10% of member accounts, between
 * 10 and 1000, within a rolling 30 day period". orgs_reference_limits.html: "20% of member accounts
 * or 250, whichever is higher, up to 1000". The model enforces one of them; the driver warns with both.
 */
export function closeQuota(memberAccounts: number, rule: CloseQuotaRule): number {
    return rule === "api-reference"
        ? Math.min(1000, Math.max(10, Math.floor(memberAccounts * 0.1)))
        : Math.min(1000, Math.max(250, Math.floor(memberAccounts * 0.2)));
}

/** orgs_reference_limits.html, "Throttling limits": requests per second and burst, per organization. */
export const API_RATES: Record<string, { perSecond: number; burst: number }> = {
    CreateAccount: { perSecond: 0.1, burst: 3 },
    CloseAccount: { perSecond: 0.05, burst: 1 },
    MoveAccount: { perSecond: 2, burst: 3 },
    AttachPolicy: { perSecond: 2, burst: 3 },
};

// --- The organization --------------------------------------------------------------------------

export class OrganizationsModel {
    readonly accounts = new Map<string, ModelAccount>();
    readonly ous = new Map<string, ModelOu>();
    readonly policies = new Map<string, ModelPolicy>();
    /** policy id -> target ids (root, OU or account). */
    readonly attachments = new Map<string, Set<string>>();
    /** Service principals with trusted access (EnableAWSServiceAccess). */
    readonly trustedServices = new Set<string>();
    /** Every CloseAccount that Organizations accepted, for the rolling 30-day quota. */
    readonly closeRequests: number[] = [];
    /** Every API call, in order: tests prove what the program sent and what it never sent. */
    readonly calls: { api: string; input: unknown }[] = [];
    accountQuota: number;
    closeQuotaRule: CloseQuotaRule;
    /** The most creations and closures that were ever in progress at once, refused attempts included. */
    peakCreations = 0;
    peakClosures = 0;
    private nextId = 1;

    constructor(private readonly clock: Clock, readonly options: OrganizationsOptions) {
        this.accountQuota = options.accountQuota ?? 500;
        this.closeQuotaRule = options.closeQuotaRule ?? "api-reference";
        this.policies.set(FULL_AWS_ACCESS, { id: FULL_AWS_ACCESS, name: "FullAWSAccess", type: "SERVICE_CONTROL_POLICY", content: "{}", awsManaged: true });
        this.attachments.set(FULL_AWS_ACCESS, new Set([options.rootId]));
        this.accounts.set(options.managementAccountId, {
            id: options.managementAccountId, name: "management", email: "management@school.example",
            parentId: options.rootId, tags: {}, createdAt: 0, readyAt: 0,
        });
    }

    get rootId(): string {
        return this.options.rootId;
    }

    private record(api: string, input: unknown): void {
        this.calls.push({ api, input });
        this.throttle(api);
    }

    /**
     * Whether the documented request rates are enforced. Off by default: the provider models
     * (tests/support/provider-models.ts) do not yet retry the way the Terraform provider's SDK does,
     * so a test that means to meet throttling turns it on.
     */
    throttling = false;
    /** Calls refused with TooManyRequestsException. */
    throttled = 0;
    private readonly buckets = new Map<string, { tokens: number; at: number }>();

    /**
     * A token bucket per API at the rate and burst of orgs_reference_limits.html ("Throttling limits"):
     * a call past it is refused with TooManyRequestsException ("You have sent too many requests in too
     * short a period of time", API_MoveAccount.html and the other write APIs' Errors).
     */
    private throttle(api: string): void {
        const limit = API_RATES[api];
        if (!this.throttling || !limit) return;
        const now = this.clock.now();
        const bucket = this.buckets.get(api) ?? { tokens: limit.burst, at: now };
        bucket.tokens = Math.min(limit.burst, bucket.tokens + ((now - bucket.at) / SECOND) * limit.perSecond);
        bucket.at = now;
        this.buckets.set(api, bucket);
        if (bucket.tokens < 1) {
            this.throttled++;
            reject("TooManyRequestsException", `You have sent too many requests in too short a period of time (${api}: ${limit.perSecond}/s, burst ${limit.burst}; ${QUOTAS})`);
        }
        bucket.tokens -= 1;
    }

    // --- accounts ---

    /**
     * An account's state at the current time. PENDING_CLOSURE until the closure completes, then
     * SUSPENDED for 90 days, then gone. (API_Account.html, orgs_manage_accounts_account_state.html)
     */
    status(account: ModelAccount): AccountStatus | "CREATING" | "GONE" {
        const now = this.clock.now();
        if (account.closeRequestedAt !== undefined) {
            if (now >= account.closeRequestedAt + CLOSE_ACCOUNT_DURATION + SUSPENSION_PERIOD) return "GONE";
            return now >= account.closeRequestedAt + CLOSE_ACCOUNT_DURATION ? "SUSPENDED" : "PENDING_CLOSURE";
        }
        return now < account.readyAt ? "CREATING" : "ACTIVE";
    }

    /** Accounts still in the organization (a closed one leaves 90 days after closure). */
    members(): ModelAccount[] {
        return [...this.accounts.values()].filter((a) => a.id !== this.options.managementAccountId && this.status(a) !== "GONE");
    }

    /** CreateAccount requests IN_PROGRESS (ListCreateAccountStatus), whoever sent them. */
    creationsInProgress(): ModelAccount[] {
        return this.members().filter((a) => this.status(a) === "CREATING");
    }

    /** Accounts whose closure is in progress: State PENDING_CLOSURE (API_Account.html). */
    closuresInProgress(): ModelAccount[] {
        return this.members().filter((a) => this.status(a) === "PENDING_CLOSURE");
    }

    account(id: string): ModelAccount {
        const account = this.accounts.get(id);
        if (!account || this.status(account) === "GONE") reject("AccountNotFoundException", `account ${id} is not in the organization`);
        return account;
    }

    /**
     * CreateAccount (API_CreateAccount.html). Its asynchronous failures (DescribeCreateAccountStatus
     * FailureReason) surface here as CreateAccountFailed with the reason, as the provider reports them.
     */
    createAccount(input: { name: string; email: string; tags?: Record<string, string>; id?: string }): ModelAccount {
        this.record("CreateAccount", input);
        checkAccountName(input.name);
        checkAccountEmail(input.email);
        checkTags(input.tags ?? {});
        const now = this.clock.now();
        // orgs_reference_limits.html: at most 5 account creations in progress at once, in the whole
        // organization (every stack and tool). CloudFormation's AWS::Organizations::Account page:
        // creating several at the same time returns an error.
        const inProgress = this.creationsInProgress().length;
        this.peakCreations = Math.max(this.peakCreations, inProgress + 1);
        check(inProgress < CREATIONS_IN_PROGRESS_LIMIT, "ConcurrentModificationException",
            `${inProgress} account creations are already in progress; Organizations allows ${CREATIONS_IN_PROGRESS_LIMIT} (${QUOTAS})`);
        // A root email can never be used again, even after the account is closed (orgs_manage_accounts_close.html).
        check(![...this.accounts.values()].some((a) => a.email.toLowerCase() === input.email.toLowerCase()),
            "CreateAccountFailed", `an account already uses ${input.email} (${API}/API_CreateAccountStatus.html)`, "EMAIL_ALREADY_EXISTS");
        // Suspended accounts count until they leave, 90 days after closure (orgs_reference_limits.html).
        check(this.members().length + 1 < this.accountQuota, "CreateAccountFailed",
            `the organization already has ${this.members().length + 1} of ${this.accountQuota} accounts (${QUOTAS})`, "ACCOUNT_LIMIT_EXCEEDED");
        const id = input.id ?? String(200000000000 + this.nextId++);
        check(!this.accounts.has(id), "InternalFailure", `mock: account id ${id} taken`);
        const readyAt = now + (this.options.createDuration?.() ?? CREATE_ACCOUNT_DURATION);
        const account: ModelAccount = { id, name: input.name, email: input.email, parentId: this.rootId, tags: { ...input.tags }, createdAt: now, readyAt };
        this.accounts.set(id, account);
        // Every new account gets FullAWSAccess attached directly (orgs_manage_policies_scps.html).
        this.attachments.get(FULL_AWS_ACCESS)!.add(id);
        return account;
    }

    /** MoveAccount (API_MoveAccount.html): SourceParentId must be the account's current parent. */
    moveAccount(input: { accountId: string; sourceParentId: string; destinationParentId: string }): void {
        this.record("MoveAccount", input);
        const account = this.account(input.accountId);
        check(this.status(account) === "ACTIVE", "AccountNotFoundException",
            `account ${account.id} is ${this.status(account)}; only an active account moves (${API}/API_MoveAccount.html)`);
        check(account.parentId === input.sourceParentId, "SourceParentNotFoundException",
            `account ${account.id} is not in ${input.sourceParentId} (${API}/API_MoveAccount.html)`);
        check(this.isParent(input.destinationParentId), "DestinationParentNotFoundException",
            `no root or OU ${input.destinationParentId} (${API}/API_MoveAccount.html)`);
        check(input.sourceParentId !== input.destinationParentId, "DuplicateAccountException",
            `account ${account.id} is already in ${input.destinationParentId} (${API}/API_MoveAccount.html)`);
        account.parentId = input.destinationParentId;
    }

    /**
     * CloseAccount (API_CloseAccount.html): a member account only, not one already closing or closed
     * (AccountAlreadyClosedException), at most 3 closures in progress (orgs_reference_limits.html),
     * and the rolling 30-day quota (ConstraintViolationException, CLOSE_ACCOUNT_QUOTA_EXCEEDED).
     */
    closeAccount(accountId: string): void {
        this.record("CloseAccount", { accountId });
        check(accountId !== this.options.managementAccountId, "ConstraintViolationException",
            "the management account cannot be closed with CloseAccount", "MASTER_ACCOUNT_MISSING_CONTACT_INFO");
        const account = this.account(accountId);
        const status = this.status(account);
        check(status !== "PENDING_CLOSURE" && status !== "SUSPENDED", "AccountAlreadyClosedException",
            `account ${accountId} is ${status}: you attempted to close an account that is already closed (${API}/API_CloseAccount.html)`);
        check(status === "ACTIVE", "ConcurrentModificationException", `account ${accountId} is still being created`);
        const closing = this.closuresInProgress().length;
        this.peakClosures = Math.max(this.peakClosures, closing + 1);
        check(closing < CLOSURES_IN_PROGRESS_LIMIT, "ConcurrentModificationException",
            `${closing} account closures are already in progress; Organizations closes at most ${CLOSURES_IN_PROGRESS_LIMIT} at a time (${QUOTAS})`);
        const now = this.clock.now();
        const used = this.closeRequests.filter((t) => t > now - 30 * DAY).length;
        const quota = closeQuota(this.members().length, this.closeQuotaRule);
        check(used < quota, "ConstraintViolationException",
            `${used} accounts closed in the last 30 days; the quota is ${quota} (${API}/API_CloseAccount.html, ${QUOTAS})`,
            "CLOSE_ACCOUNT_QUOTA_EXCEEDED");
        this.closeRequests.push(now);
        account.closeRequestedAt = now;
    }

    /**
     * RemoveAccountFromOrganization (API_RemoveAccountFromOrganization.html): the account must be
     * able to stand alone (payment method, contact, support plan): never true for a vended account.
     */
    removeAccount(accountId: string): void {
        this.record("RemoveAccountFromOrganization", { accountId });
        this.account(accountId);
        reject("ConstraintViolationException",
            `account ${accountId} has no payment method or contact information to stand alone (${API}/API_RemoveAccountFromOrganization.html)`,
            "ACCOUNT_CANNOT_LEAVE_WITHOUT_PHONE_VERIFICATION");
    }

    /**
     * account:PutAccountName (https://docs.aws.amazon.com/accounts/latest/reference/API_PutAccountName.html):
     * for a member account, from the management account, only with trusted access for AWS Account
     * Management enabled (https://docs.aws.amazon.com/accounts/latest/reference/using-orgs-trusted-access.html).
     */
    putAccountName(accountId: string, name: string): void {
        this.record("PutAccountName", { accountId, name });
        check(this.trustedServices.has(ACCOUNT_MANAGEMENT_PRINCIPAL), "AccessDeniedException",
            "trusted access for AWS Account Management (account.amazonaws.com) is not enabled in the organization " +
            "(https://docs.aws.amazon.com/accounts/latest/reference/using-orgs-trusted-access.html)");
        checkAccountName(name);
        const account = this.account(accountId);
        check(this.status(account) === "ACTIVE", "AccessDeniedException", `account ${accountId} is ${this.status(account)}`);
        account.name = name;
    }

    /** TagResource / UntagResource (API_TagResource.html) on an account or OU; at most 50 tags each. */
    tagResource(id: string, tags: Record<string, string>, untagKeys: string[] = []): void {
        this.record("TagResource", { id, tags, untagKeys });
        checkTags(tags);
        const target = this.accounts.has(id) ? this.account(id) : this.ou(id);
        const after = { ...target.tags };
        for (const key of untagKeys) delete after[key];
        Object.assign(after, tags);
        checkTags(after);
        target.tags = after;
    }

    /** ListTagsForResource (API_ListTagsForResource.html). */
    listTags(id: string): Record<string, string> {
        this.record("ListTagsForResource", { id });
        return { ...(this.accounts.has(id) ? this.account(id) : this.ou(id)).tags };
    }

    listParents(childId: string): string {
        this.record("ListParents", { childId });
        return this.accounts.has(childId) ? this.account(childId).parentId : this.ou(childId).parentId;
    }

    // --- OUs ---

    isParent(id: string): boolean {
        return id === this.rootId || this.ous.has(id);
    }

    ou(id: string): ModelOu {
        const ou = this.ous.get(id);
        if (!ou) reject("OrganizationalUnitNotFoundException", `no OU ${id}`);
        return ou;
    }

    /**
     * CreateOrganizationalUnit (API_CreateOrganizationalUnit.html): Name 1-128 characters, unique
     * under its parent (DuplicateOrganizationalUnitException); at most 5 levels of OUs under the root.
     */
    createOu(input: { parentId: string; name: string; tags?: Record<string, string>; id?: string }): ModelOu {
        this.record("CreateOrganizationalUnit", input);
        check(input.name.length >= 1 && input.name.length <= 128, "ValidationException",
            `OU name must be 1-128 characters (${API}/API_CreateOrganizationalUnit.html)`);
        checkTags(input.tags ?? {});
        check(this.isParent(input.parentId), "ParentNotFoundException", `no root or OU ${input.parentId}`);
        check(![...this.ous.values()].some((o) => o.parentId === input.parentId && o.name === input.name),
            "DuplicateOrganizationalUnitException", `an OU named ${input.name} already exists in ${input.parentId} (${API}/API_CreateOrganizationalUnit.html)`);
        check(this.depth(input.parentId) < 5, "ConstraintViolationException", `OUs nest at most 5 deep (${QUOTAS})`, "OU_DEPTH_LIMIT_EXCEEDED");
        const ou = { id: input.id ?? `ou-${this.rootId.slice(2)}-${String(this.nextId++).padStart(8, "0")}`, name: input.name, parentId: input.parentId, tags: { ...input.tags } };
        this.ous.set(ou.id, ou);
        // A new OU gets FullAWSAccess attached (orgs_manage_policies_scps.html).
        this.attachments.get(FULL_AWS_ACCESS)!.add(ou.id);
        return ou;
    }

    private depth(parentId: string): number {
        let depth = 0;
        for (let id = parentId; id !== this.rootId; id = this.ou(id).parentId) depth++;
        return depth;
    }

    /**
     * DeleteOrganizationalUnit (API_DeleteOrganizationalUnit.html): "you must first remove all
     * accounts and child OUs" — accounts of every state count, closed ones included, until they
     * leave the organization 90 days after closure.
     */
    deleteOu(id: string): void {
        this.record("DeleteOrganizationalUnit", { id });
        this.ou(id);
        const accounts = this.members().filter((a) => a.parentId === id);
        const children = [...this.ous.values()].filter((o) => o.parentId === id);
        check(accounts.length === 0 && children.length === 0, "OrganizationalUnitNotEmptyException",
            `OU ${id} still holds ${accounts.length} account(s) (${accounts.map((a) => `${a.id} ${this.status(a)}`).join(", ")}) ` +
            `and ${children.length} OU(s) (${API}/API_DeleteOrganizationalUnit.html)`);
        this.ous.delete(id);
        for (const targets of this.attachments.values()) targets.delete(id);
    }

    childOus(parentId: string): ModelOu[] {
        this.record("ListOrganizationalUnitsForParent", { parentId });
        return [...this.ous.values()].filter((o) => o.parentId === parentId);
    }

    // --- policies ---

    policy(id: string): ModelPolicy {
        const policy = this.policies.get(id);
        if (!policy) reject("PolicyNotFoundException", `no policy ${id}`);
        return policy;
    }

    /** CreatePolicy (API_CreatePolicy.html): Name 1-128 characters; content rules in checkPolicyContent. */
    createPolicy(input: { name: string; content: string; type?: string; id?: string }): ModelPolicy {
        this.record("CreatePolicy", input);
        check(input.name.length >= 1 && input.name.length <= 128, "ValidationException", `policy name must be 1-128 characters (${API}/API_CreatePolicy.html)`);
        checkPolicyContent(input.content);
        const policy = { id: input.id ?? `p-${String(this.nextId++).padStart(8, "0")}`, name: input.name, type: input.type ?? "SERVICE_CONTROL_POLICY", content: input.content };
        this.policies.set(policy.id, policy);
        this.attachments.set(policy.id, new Set());
        return policy;
    }

    updatePolicy(id: string, content: string): void {
        this.record("UpdatePolicy", { id, content });
        checkPolicyContent(content);
        this.policy(id).content = content;
    }

    /** DeletePolicy (API_DeletePolicy.html): "you must first detach the policy from all OUs, roots, and accounts". */
    deletePolicy(id: string): void {
        this.record("DeletePolicy", { id });
        this.policy(id);
        const targets = [...this.attachments.get(id) ?? []];
        check(targets.length === 0, "PolicyInUseException",
            `policy ${id} is still attached to ${targets.join(", ")} (${API}/API_DeletePolicy.html)`);
        this.policies.delete(id);
        this.attachments.delete(id);
    }

    /**
     * AttachPolicy (API_AttachPolicy.html): at most 5 SCPs on a root, OU or account, FullAWSAccess
     * included (orgs_reference_limits.html); the same policy twice is DuplicatePolicyAttachmentException.
     */
    attachPolicy(policyId: string, targetId: string): void {
        this.record("AttachPolicy", { policyId, targetId });
        this.policy(policyId);
        check(this.isParent(targetId) || this.accounts.has(targetId), "TargetNotFoundException", `no target ${targetId}`);
        if (this.accounts.has(targetId)) this.account(targetId);
        const targets = this.attachments.get(policyId)!;
        check(!targets.has(targetId), "DuplicatePolicyAttachmentException", `${policyId} is already attached to ${targetId}`);
        const onTarget = this.policiesFor(targetId).length;
        check(onTarget < 5, "ConstraintViolationException",
            `${targetId} already has ${onTarget} SCPs; a target takes at most 5 (${QUOTAS})`, "MAX_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED");
        targets.add(targetId);
    }

    /** DetachPolicy (API_DetachPolicy.html): PolicyNotAttachedException when it is not attached there. */
    detachPolicy(policyId: string, targetId: string): void {
        this.record("DetachPolicy", { policyId, targetId });
        this.policy(policyId);
        const targets = this.attachments.get(policyId)!;
        check(targets.has(targetId), "PolicyNotAttachedException", `${policyId} is not attached to ${targetId}`);
        targets.delete(targetId);
    }

    policiesFor(targetId: string): string[] {
        return [...this.attachments].filter(([, targets]) => targets.has(targetId)).map(([id]) => id);
    }

    targetsFor(policyId: string): string[] {
        this.record("ListTargetsForPolicy", { policyId });
        this.policy(policyId);
        return [...this.attachments.get(policyId)!];
    }
}
