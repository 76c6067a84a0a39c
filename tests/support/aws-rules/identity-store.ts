import { check, reject } from "./errors";

/**
 * The IAM Identity Center identity store: users, groups and memberships, with the rules of
 * https://docs.aws.amazon.com/singlesignon/latest/IdentityStoreAPIReference/ (API_CreateUser.html,
 * API_User.html) and the quotas of https://docs.aws.amazon.com/singlesignon/latest/userguide/limits.html.
 */
const API = "https://docs.aws.amazon.com/singlesignon/latest/IdentityStoreAPIReference";

/**
 * The optional attributes a user may carry besides its names and emails (API_User.html), as an
 * administrator or SCIM sync set them on a staff user: the workshop never writes them.
 */
export interface UserProfile {
    nickName?: string;
    profileUrl?: string;
    title?: string;
    userType?: string;
    preferredLanguage?: string;
    locale?: string;
    timezone?: string;
    addresses?: { streetAddress?: string; locality?: string; region?: string; postalCode?: string; country?: string; formatted?: string; type?: string; primary?: boolean }[];
    phoneNumbers?: { value?: string; type?: string; primary?: boolean }[];
}

export interface ModelUser {
    userId: string;
    userName: string;
    displayName?: string;
    givenName?: string;
    familyName?: string;
    emails: string[];
    profile?: UserProfile;
}

/** API_CreateUser.html UserName: 1-128 characters, pattern [\p{L}\p{M}\p{S}\p{N}\p{P}]+ (no spaces, no controls). */
const USER_NAME = /^[\p{L}\p{M}\p{S}\p{N}\p{P}]+$/u;
/**
 * API_CreateUser.html DisplayName (and the name parts): 1-1024 characters of
 * [\p{L}\p{M}\p{S}\p{N}\p{P}\t\n\r, space, no-break space, ideographic space]+ — letters, marks, symbols, numbers, punctuation and a few
 * spaces. Control characters (\p{Cc} beyond tab/newline) and format characters such as the bidi
 * overrides U+202A-U+202E and U+2066-U+2069 (\p{Cf}) are outside it.
 */
const DISPLAY_TEXT = /^[\p{L}\p{M}\p{S}\p{N}\p{P}\t\n\r \u00a0\u3000]+$/u;
/** API_CreateUser.html: "Administrator and AWSAdministrators are reserved names". */
const RESERVED = new Set(["administrator", "awsadministrators"]);

export function checkUserName(userName: string): void {
    check(userName.length >= 1 && userName.length <= 128 && USER_NAME.test(userName), "ValidationException",
        `UserName "${userName}" must be 1-128 letters, marks, symbols, numbers or punctuation (${API}/API_CreateUser.html)`);
    check(!RESERVED.has(userName.toLowerCase()), "ValidationException", `UserName "${userName}" is reserved (${API}/API_CreateUser.html)`);
}

export function checkDisplayText(field: string, value: string | undefined): void {
    if (value === undefined) return;
    check(value.length >= 1 && value.length <= 1024 && DISPLAY_TEXT.test(value), "ValidationException",
        `${field} ${JSON.stringify(value)} has characters Identity Center rejects (control or bidi characters) or is not 1-1024 long (${API}/API_CreateUser.html)`);
}

export interface CreateUserInput {
    userName: string;
    displayName?: string;
    givenName?: string;
    familyName?: string;
    emails?: string[];
    profile?: UserProfile;
}

export class IdentityStoreModel {
    readonly users = new Map<string, ModelUser>();
    readonly groups = new Map<string, { groupId: string; displayName: string }>();
    readonly memberships = new Map<string, { groupId: string; userId: string }>();
    readonly calls: { api: string; input: unknown }[] = [];
    private nextId = 1;

    /** `region`: where Identity Center is enabled; the default is the tests' AWS_REGION. */
    constructor(readonly identityStoreId: string, readonly region = "us-east-1") {}

    /**
     * Identity Center is enabled in one Region, and its identity store answers only there
     * (https://docs.aws.amazon.com/singlesignon/latest/userguide/regions.html): asked anywhere else,
     * the store is not found.
     */
    checkRegion(region: string): void {
        check(region === this.region, "ResourceNotFoundException",
            `identity store ${this.identityStoreId} not found in ${region || "(no region)"}: Identity Center is enabled in ${this.region} ` +
            "(https://docs.aws.amazon.com/singlesignon/latest/userguide/regions.html)");
    }

    private checkStore(identityStoreId: string): void {
        check(identityStoreId === this.identityStoreId, "ResourceNotFoundException", `no identity store ${identityStoreId}`);
    }

    /**
     * CreateUser: userName unique per identity store (ConflictException, API_CreateUser.html), and so
     * is a user's email (https://docs.aws.amazon.com/singlesignon/latest/userguide/limits.html).
     */
    createUser(identityStoreId: string, input: CreateUserInput, userId?: string): ModelUser {
        this.calls.push({ api: "CreateUser", input });
        this.checkStore(identityStoreId);
        this.checkUser(input);
        const taken = this.findByUserName(input.userName);
        check(!taken, "ConflictException", `a user named ${input.userName} already exists in ${identityStoreId} (${API}/API_CreateUser.html)`, "UNIQUENESS_CONSTRAINT_VIOLATION");
        for (const email of input.emails ?? []) {
            check(!this.findByEmail(email), "ConflictException", `a user with email ${email} already exists in ${identityStoreId}`, "UNIQUENESS_CONSTRAINT_VIOLATION");
        }
        const user: ModelUser = { userId: userId ?? `u-${String(this.nextId++).padStart(12, "0")}`, ...input, emails: [...input.emails ?? []] };
        check(!this.users.has(user.userId), "InternalFailure", `mock: user id ${user.userId} taken`);
        this.users.set(user.userId, user);
        return user;
    }

    updateUser(identityStoreId: string, userId: string, input: CreateUserInput): void {
        this.calls.push({ api: "UpdateUser", input: { userId, ...input } });
        this.checkStore(identityStoreId);
        this.checkUser(input);
        const user = this.user(userId);
        const other = this.findByUserName(input.userName);
        check(!other || other.userId === userId, "ConflictException", `a user named ${input.userName} already exists`, "UNIQUENESS_CONSTRAINT_VIOLATION");
        Object.assign(user, input, { emails: [...input.emails ?? user.emails] });
    }

    private checkUser(input: CreateUserInput): void {
        checkUserName(input.userName);
        checkDisplayText("DisplayName", input.displayName);
        checkDisplayText("GivenName", input.givenName);
        checkDisplayText("FamilyName", input.familyName);
    }

    deleteUser(identityStoreId: string, userId: string): void {
        this.calls.push({ api: "DeleteUser", input: { userId } });
        this.checkStore(identityStoreId);
        this.user(userId);
        this.users.delete(userId);
        for (const [id, m] of this.memberships) if (m.userId === userId) this.memberships.delete(id);
    }

    user(userId: string): ModelUser {
        const user = this.users.get(userId);
        if (!user) reject("ResourceNotFoundException", `no user ${userId}`);
        return user;
    }

    findByUserName(userName: string): ModelUser | undefined {
        // Compared without regard to case: stricter than a case-sensitive store, never looser.
        return [...this.users.values()].find((u) => u.userName.toLowerCase() === userName.toLowerCase());
    }

    findByEmail(email: string): ModelUser | undefined {
        return [...this.users.values()].find((u) => u.emails.some((e) => e.toLowerCase() === email.toLowerCase()));
    }

    /**
     * ListUsers with Filters (API_ListUsers.html, API_Filter.html): only the UserName attribute
     * path is filterable; anything else is a ValidationException.
     */
    listUsers(identityStoreId: string, filters: { attributePath: string; attributeValue: string }[] = []): ModelUser[] {
        this.calls.push({ api: "ListUsers", input: filters });
        this.checkStore(identityStoreId);
        for (const f of filters) check(f.attributePath === "UserName", "ValidationException", `ListUsers filters only on UserName, not ${f.attributePath} (${API}/API_Filter.html)`);
        return [...this.users.values()].filter((u) => filters.every((f) => u.userName.toLowerCase() === f.attributeValue.toLowerCase()));
    }

    /** GetUserId (API_GetUserId.html) by a unique attribute: userName or emails.value. */
    getUserId(identityStoreId: string, attributePath: string, value: string): string {
        this.calls.push({ api: "GetUserId", input: { attributePath, value } });
        this.checkStore(identityStoreId);
        const user = attributePath === "userName" ? this.findByUserName(value)
            : attributePath === "emails.value" ? this.findByEmail(value)
            : reject("ValidationException", `GetUserId takes userName or emails.value, not ${attributePath}`);
        if (!user) reject("ResourceNotFoundException", `no user with ${attributePath} ${value}`);
        return user.userId;
    }

    /** CreateGroup (API_CreateGroup.html): DisplayName unique per store, same character rules. */
    createGroup(identityStoreId: string, displayName: string, id?: string): string {
        this.calls.push({ api: "CreateGroup", input: { displayName } });
        this.checkStore(identityStoreId);
        checkDisplayText("DisplayName", displayName);
        check(![...this.groups.values()].some((g) => g.displayName === displayName), "ConflictException", `a group named ${displayName} exists`, "UNIQUENESS_CONSTRAINT_VIOLATION");
        const groupId = id ?? `g-${String(this.nextId++).padStart(12, "0")}`;
        this.groups.set(groupId, { groupId, displayName });
        return groupId;
    }

    deleteGroup(identityStoreId: string, groupId: string): void {
        this.checkStore(identityStoreId);
        check(this.groups.delete(groupId), "ResourceNotFoundException", `no group ${groupId}`);
    }

    createMembership(identityStoreId: string, groupId: string, userId: string): string {
        this.checkStore(identityStoreId);
        check(this.groups.has(groupId), "ResourceNotFoundException", `no group ${groupId}`);
        this.user(userId);
        const id = `m-${String(this.nextId++).padStart(12, "0")}`;
        this.memberships.set(id, { groupId, userId });
        return id;
    }

    deleteMembership(identityStoreId: string, membershipId: string): void {
        this.checkStore(identityStoreId);
        check(this.memberships.delete(membershipId), "ResourceNotFoundException", `no membership ${membershipId}`);
    }
}
