import { expect } from "chai";

import { adviseOnError } from "../../driver/aws/error-advice";
import { GUARDRAIL_SCPS } from "../../infra/guardrails/policy-documents";
import type { ModelNotification } from "../support/aws-rules/budgets";
import { checkLimitAmount, checkNotifications } from "../support/aws-rules/budgets";
import { DAY } from "../support/aws-rules/clock";
import { AwsServiceError } from "../support/aws-rules/errors";
import { checkDisplayText, checkUserName } from "../support/aws-rules/identity-store";
import { checkAccountEmail, checkAccountName, checkPolicyContent, checkTags, CLOSE_ACCOUNT_DURATION, FULL_AWS_ACCESS } from "../support/aws-rules/organizations";
import { AwsWorld, DENY_ALL_SCP, MOCK_IDENTITY_STORE_ID } from "../support/aws-rules/world";
import { type RosterStudent,students, TYPES, WorkshopOnWorld } from "../support/workshop-on-world";

/**
 * One test per documented AWS rule: the rules model rejects the bad input (as AWS would), and the
 * program never sends it — shown on a workshop whose roster and config push at every limit, run
 * up, frozen and destroyed in the model, or refused before anything is sent.
 */

function rejects(fn: () => unknown, code: string, reason?: string): void {
    try {
        fn();
    } catch (error) {
        expect(error).to.be.instanceOf(AwsServiceError);
        expect((error as AwsServiceError).code).to.equal(code);
        if (reason) expect((error as AwsServiceError).reason).to.equal(reason);
        return;
    }
    expect.fail(`expected ${code}`);
}

/** Students that push at the limits while staying valid roster entries. */
const EDGY: RosterStudent[] = [
    { email: "o'brien@uni.example", name: "Siobhán O'Brien" },
    { email: "ada+aws@uni.example", name: "Ada Lovelace" },
    { email: `${"x".repeat(60)}@uni.example`, name: "Long Mailbox" },
    { email: "taro@uni.example", name: "山田 太郎" },
    { email: "long@uni.example", name: `${"Bartholomew ".repeat(8)}Smith` },
    { email: "cents@uni.example", name: "Cent Budget", budget: 12.5 },
];

type Call = { api: string; input: unknown };
const inputsOf = (calls: Call[], api: string) => calls.filter((c) => c.api === api).map((c) => c.input as Record<string, unknown>);

describe("AWS rules: the model rejects what AWS rejects, the program never sends it", function () {
    this.timeout(300_000);
    let workshop: WorkshopOnWorld;
    let organizationsCalls: Call[];
    let identityCalls: Call[];
    let budgetCalls: Call[];
    let ouId: string;
    let upFailures: string[];
    let destroyFailures: string[];

    before(async () => {
        // Ten students: the CloseAccount quota of a 10-account organization, so destroy closes them all.
        workshop = new WorkshopOnWorld([...EDGY, ...students(4)], { config: { budgetAlertThresholds: "[25, 50, 80, 100]" } });
        upFailures = (await workshop.engine.up()).failures.map((f) => f.message);
        ouId = workshop.ouId();
        workshop.world.freeze(workshop.ofType(TYPES.account)[0].id, "k8s-nov-scp-freeze");
        workshop.world.clock.advance(DAY);
        destroyFailures = (await workshop.engine.destroy()).failures.map((f) => f.message);
        organizationsCalls = workshop.world.organizations.calls;
        identityCalls = workshop.world.identityStore.calls;
        budgetCalls = workshop.world.budgets.calls;
    });
    after(() => workshop.close());

    it("the edgy workshop goes up and is destroyed without AWS refusing a single call", () => {
        expect(upFailures).to.deep.equal([]);
        expect(destroyFailures).to.deep.equal([]);
        expect(workshop.engine.resources()).to.deep.equal([]);
    });

    describe("account name: 1-50 printable ASCII (API_CreateAccount.html)", () => {
        it("the model rejects an empty, a 51-character and a non-ASCII name", () => {
            rejects(() => checkAccountName(""), "ValidationException");
            rejects(() => checkAccountName("x".repeat(51)), "ValidationException");
            rejects(() => checkAccountName("k8s Siobhán"), "ValidationException");
            checkAccountName("k8s-nov Siobhan O'Brien");
        });
        it("the program sends only such names, whatever the roster's names", () => {
            const names = inputsOf(organizationsCalls, "CreateAccount").map((i) => i.name as string);
            expect(names).to.have.length(EDGY.length + 4);
            for (const name of names) expect(name).to.match(/^[\x20-\x7e]{1,50}$/);
        });
    });

    describe("root email: 6-64 characters, the CreateAccount email rules (API_CreateAccount.html)", () => {
        it("the model rejects a short, a long and a malformed email", () => {
            rejects(() => checkAccountEmail("a@b.c"), "ValidationException");
            rejects(() => checkAccountEmail(`aws+${"x".repeat(60)}@school.example`), "ValidationException");
            rejects(() => checkAccountEmail("aws+o'brien@school.example"), "ValidationException");
            rejects(() => checkAccountEmail(".aws@school.example"), "ValidationException");
            rejects(() => checkAccountEmail("aws@-school.example"), "ValidationException");
            checkAccountEmail("aws+k8s-nov-ada-x7k2p@school.example");
        });
        it("the program sends root emails that fit, from a 72-character and an apostrophe student email", () => {
            const emails = inputsOf(organizationsCalls, "CreateAccount").map((i) => i.email as string);
            for (const email of emails) {
                expect(email.length).to.be.within(6, 64);
                expect(email).to.match(/^aws\+k8s-nov-[a-z0-9-]+@school\.example$/);
            }
        });
    });

    describe("Organizations tags: key ≤ 128, value ≤ 256, ^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$ (API_Tag.html)", () => {
        it("the model rejects an apostrophe, a percent sign, a long value and an aws: key", () => {
            rejects(() => checkTags({ student: "o'brien@uni.example" }), "InvalidInputException");
            rejects(() => checkTags({ student: "100%" }), "InvalidInputException");
            rejects(() => checkTags({ student: "x".repeat(257) }), "InvalidInputException");
            rejects(() => checkTags({ ["k".repeat(129)]: "v" }), "InvalidInputException");
            rejects(() => checkTags({ "aws:owner": "me" }), "InvalidInputException");
            checkTags({ workshop: "k8s-nov", student: "ada-at-uni-example", note: "Zoë + co @ 10:00" });
        });
        it("the program tags accounts with the student key, never the raw email", () => {
            for (const input of inputsOf(organizationsCalls, "CreateAccount")) {
                const tags = input.tags as Record<string, string>;
                expect(tags.student).to.match(/^[a-z0-9-]+$/);
                expect(tags.workshop).to.equal("k8s-nov");
            }
        });
    });

    describe("Identity Center userName: ≤ 128 characters, no spaces or controls (IdentityStore API_CreateUser.html)", () => {
        it("the model rejects a 129-character user name, a space and a reserved name", () => {
            rejects(() => checkUserName(`${"x".repeat(117)}@uni.example`), "ValidationException");
            rejects(() => checkUserName("ada lovelace"), "ValidationException");
            rejects(() => checkUserName("Administrator"), "ValidationException");
            checkUserName("o'brien@uni.example");
        });
        it("the program refuses such a student before sending anything", async () => {
            const refused = new WorkshopOnWorld([{ email: `${"x".repeat(120)}@uni.example`, name: "Too Long" }]);
            try {
                const result = await refused.engine.up();
                expect(result.ok).to.equal(false);
                expect(result.error).to.contain("at most 128");
                expect(refused.world.identityStore.calls).to.deep.equal([]);
                expect(refused.world.organizations.calls).to.deep.equal([]);
            } finally {
                refused.close();
            }
        });
    });

    describe("Identity Center displayName and name parts: no control or bidi characters (API_CreateUser.html)", () => {
        it("the model rejects a bell, a right-to-left override and an isolate", () => {
            rejects(() => checkDisplayText("DisplayName", "Bob\u0007"), "ValidationException");
            rejects(() => checkDisplayText("DisplayName", "Mallory\u202Etxt.exe"), "ValidationException");
            rejects(() => checkDisplayText("DisplayName", "\u2067Eve\u2069"), "ValidationException");
            checkDisplayText("DisplayName", "山田 太郎");
        });
        it("the program refuses such a name before sending anything, naming the student", async () => {
            const refused = new WorkshopOnWorld([{ email: "mallory@uni.example", name: "Mallory\u202Etxt.exe" }]);
            try {
                const result = await refused.engine.up();
                expect(result.ok).to.equal(false);
                expect(result.error).to.contain("mallory@uni.example").and.contain("bidirectional control character");
                expect(refused.world.identityStore.calls).to.deep.equal([]);
            } finally {
                refused.close();
            }
        });
        it("the names the program sent all pass", () => {
            for (const input of inputsOf(identityCalls, "CreateUser")) {
                checkDisplayText("DisplayName", input.displayName as string);
                checkUserName(input.userName as string);
            }
        });
    });

    describe("Identity Center userName and email: unique per identity store (API_CreateUser.html, limits.html)", () => {
        it("the model rejects a second user with the same name or email", () => {
            const world = new AwsWorld();
            world.identityStore.createUser(MOCK_IDENTITY_STORE_ID, { userName: "ada@uni.example", emails: ["ada@uni.example"] });
            rejects(() => world.identityStore.createUser(MOCK_IDENTITY_STORE_ID, { userName: "ADA@uni.example" }), "ConflictException");
            rejects(() => world.identityStore.createUser(MOCK_IDENTITY_STORE_ID, { userName: "ada", emails: ["ada@uni.example"] }), "ConflictException");
        });
        it("the program adopts a listed existing user (import) instead of creating it, and keeps it at destroy", async () => {
            const world = new AwsWorld();
            const staff = world.identityStore.createUser(MOCK_IDENTITY_STORE_ID,
                { userName: "student1@uni.example", displayName: "Staff Member", givenName: "Staff", familyName: "Member", emails: ["student1@uni.example"] });
            world.identityStore.calls.length = 0;
            const adopting = new WorkshopOnWorld(students(2), {
                world, config: { adoptExistingUsers: "true", adoptedUsers: JSON.stringify({ "student1@uni.example": staff.userId }) },
            });
            try {
                const up = await adopting.engine.up();
                expect(up.failures).to.deep.equal([]);
                expect(inputsOf(world.identityStore.calls, "CreateUser").map((i) => i.userName)).to.deep.equal(["student2@uni.example"]);
                const students = (await adopting.engine.outputs()).students.value as Record<string, { identityStoreUserId: string; name: string }>;
                expect(students["student1-at-uni-example"].identityStoreUserId).to.equal(staff.userId);
                expect(world.identityStore.user(staff.userId).displayName).to.equal("Staff Member");
                expect((await adopting.engine.up()).failures, "a second up leaves the adopted user alone").to.deep.equal([]);
                expect((await adopting.engine.destroy()).failures).to.deep.equal([]);
                expect(world.identityStore.users.has(staff.userId), "adopted user kept").to.equal(true);
                expect(world.identityStore.users.size).to.equal(1);
            } finally {
                adopting.close();
            }
        });
    });

    describe("DeleteOrganizationalUnit: only once no account of any state and no OU is in it (API_DeleteOrganizationalUnit.html)", () => {
        it("the model rejects deleting an OU that holds a SUSPENDED account", () => {
            const world = new AwsWorld();
            const org = world.organizations;
            const ou = org.createOu({ parentId: org.rootId, name: "workshop" });
            const account = org.createAccount({ name: "a", email: "aws+a@school.example" });
            world.clock.advance(DAY);
            org.moveAccount({ accountId: account.id, sourceParentId: org.rootId, destinationParentId: ou.id });
            org.closeAccount(account.id);
            world.clock.advance(CLOSE_ACCOUNT_DURATION);
            expect(org.status(account)).to.equal("SUSPENDED");
            rejects(() => org.deleteOu(ou.id), "OrganizationalUnitNotEmptyException");
            org.createOu({ parentId: ou.id, name: "child" });
            rejects(() => org.deleteOu(ou.id), "OrganizationalUnitNotEmptyException");
        });
        it("the program deletes the workshop OU only after moving every account out of it", () => {
            const deleteAt = organizationsCalls.findIndex((c) => c.api === "DeleteOrganizationalUnit" && (c.input as { id: string }).id === ouId);
            expect(deleteAt).to.be.greaterThan(-1);
            expect(workshop.world.organizations.ous.has(ouId)).to.equal(false);
            const moves = inputsOf(organizationsCalls.slice(0, deleteAt), "MoveAccount").filter((m) => m.sourceParentId === ouId);
            expect(moves).to.have.length(EDGY.length + 4);
        });
    });

    describe("DeletePolicy: only once detached from every root, OU and account (API_DeletePolicy.html)", () => {
        it("the model rejects deleting an attached policy", () => {
            const world = new AwsWorld();
            const policy = world.organizations.createPolicy({ name: "freeze", content: DENY_ALL_SCP });
            world.organizations.attachPolicy(policy.id, world.suspendedOuId!);
            rejects(() => world.organizations.deletePolicy(policy.id), "PolicyInUseException");
        });
        it("the program detaches the freeze SCP Budgets attached before deleting it", () => {
            for (const { id } of inputsOf(organizationsCalls, "DeletePolicy") as { id: string }[]) {
                const deleteAt = organizationsCalls.findIndex((c) => c.api === "DeletePolicy" && (c.input as { id: string }).id === id);
                expect(organizationsCalls.slice(0, deleteAt).some((c) => c.api === "DetachPolicy" && (c.input as { policyId: string }).policyId === id)).to.equal(true);
            }
            expect(inputsOf(organizationsCalls, "DeletePolicy")).to.have.length(Object.keys(GUARDRAIL_SCPS).length + 1);
        });
    });

    describe("SCPs: at most 5 per root, OU or account, FullAWSAccess included (orgs_reference_limits.html)", () => {
        it("the model rejects a sixth", () => {
            const world = new AwsWorld();
            const org = world.organizations;
            const ou = org.createOu({ parentId: org.rootId, name: "busy" });
            for (let i = 0; i < 4; i++) org.attachPolicy(org.createPolicy({ name: `p${i}`, content: DENY_ALL_SCP }).id, ou.id);
            expect(org.policiesFor(ou.id)).to.have.length(5);
            rejects(() => org.attachPolicy(org.createPolicy({ name: "p5", content: DENY_ALL_SCP }).id, ou.id),
                "ConstraintViolationException", "MAX_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED");
        });
        it("the program attaches guardrails to the OU and the freeze to an account within the limit", () => {
            const attached = new Map<string, number>();
            for (const { targetId } of inputsOf(organizationsCalls, "AttachPolicy") as { targetId: string }[]) {
                attached.set(targetId, (attached.get(targetId) ?? 0) + 1);
            }
            // Beside FullAWSAccess, which AWS attaches to every new OU and account.
            expect(attached.get(ouId)).to.equal(Object.keys(GUARDRAIL_SCPS).length);
            expect(workshop.world.organizations.calls.length).to.be.greaterThan(0);
            expect(Object.keys(GUARDRAIL_SCPS).length + 1).to.be.at.most(5);
            expect(FULL_AWS_ACCESS).to.equal("p-FullAWSAccess");
        });
    });

    describe("SCP size: at most 5,120 characters (orgs_reference_limits.html)", () => {
        it("the model rejects 5,121 characters", () => {
            rejects(() => checkPolicyContent(JSON.stringify({ Version: "2012-10-17", Statement: [], x: "y".repeat(5100) })),
                "ConstraintViolationException", "POLICY_CONTENT_LIMIT_EXCEEDED");
        });
        it("the program refuses an instance-type list that would not fit, before sending anything", async () => {
            const types = Array.from({ length: 400 }, (_, i) => `m${i}.xlarge`);
            const refused = new WorkshopOnWorld(students(1), { config: { allowedInstanceTypes: JSON.stringify(types) } });
            try {
                const result = await refused.engine.up();
                expect(result.ok).to.equal(false);
                expect(result.error).to.match(/more than the 5120 Organizations allows/);
                expect(refused.world.organizations.calls).to.deep.equal([]);
            } finally {
                refused.close();
            }
        });
    });

    describe("budget limit: at least 0.01, at most two decimals (API_budgets_Spend.html)", () => {
        it("the model rejects 0.00, 0.004 and 12.345", () => {
            for (const amount of ["0.00", "0.004", "12.345", "abc"]) rejects(() => checkLimitAmount(amount), "InvalidParameterException");
            checkLimitAmount("12.50");
        });
        it("the program refuses a roster budget finer than a cent and sends 12.5 as 12.50", async () => {
            const refused = new WorkshopOnWorld([{ email: "tiny@uni.example", name: "Tiny Budget", budget: 10.005 }]);
            try {
                const result = await refused.engine.up();
                expect(result.ok).to.equal(false);
                expect(result.error).to.contain("tiny@uni.example").and.contain("at most 2 decimals");
                expect(refused.world.budgets.calls).to.deep.equal([]);
            } finally {
                refused.close();
            }
            const limits = inputsOf(budgetCalls, "CreateBudget").map((b) => b.limitAmount);
            expect(limits).to.include("12.50");
            for (const limit of limits) checkLimitAmount(limit as string);
        });
    });

    describe("budget notifications: at most 10 per budget, 10 email subscribers each (API_budgets_Notification.html)", () => {
        const notification = (threshold: number, emails: number): ModelNotification => ({
            notificationType: "ACTUAL", comparisonOperator: "GREATER_THAN", threshold, emails: Array.from({ length: emails }, (_, i) => `s${i}@uni.example`), sns: [],
        });
        it("the model rejects 11 notifications and 11 email subscribers", () => {
            rejects(() => checkNotifications(Array.from({ length: 11 }, (_, i) => notification(i + 1, 1))), "InvalidParameterException");
            rejects(() => checkNotifications([notification(50, 11)]), "InvalidParameterException");
            checkNotifications(Array.from({ length: 10 }, (_, i) => notification(i + 1, 10)));
        });
        it("the program sends at most 5 notifications of 2 subscribers, even with 4 alert thresholds", () => {
            for (const budget of inputsOf(budgetCalls, "CreateBudget")) {
                const notifications = budget.notifications as ModelNotification[];
                expect(notifications.length).to.be.at.most(5);
                for (const n of notifications) expect(n.emails.length).to.be.at.most(2);
            }
            expect(budgetCalls.some((c) => c.api === "CreateBudget" && (c.input as { notifications: unknown[] }).notifications.length === 5)).to.equal(true);
        });
    });

    describe("account creations and closures in flight: 5 and 3 (orgs_reference_limits.html)", () => {
        it("the model rejects a sixth creation and a fourth closure in progress", () => {
            const world = new AwsWorld();
            const org = world.organizations;
            for (let i = 0; i < 5; i++) org.createAccount({ name: `a${i}`, email: `aws+a${i}@school.example` });
            rejects(() => org.createAccount({ name: "a5", email: "aws+a5@school.example" }), "ConcurrentModificationException");
            world.clock.advance(DAY);
            const ids = org.members().map((a) => a.id);
            for (const id of ids.slice(0, 3)) org.closeAccount(id);
            rejects(() => org.closeAccount(ids[3]), "ConcurrentModificationException");
        });
        it("the program never had more than 3 accounts creating or closing at once", () => {
            // Any more and the model would have refused the call; tests/infra/accounts/account-pace.test.ts covers removals, failures and several stacks.
            expect(inputsOf(organizationsCalls, "CreateAccount")).to.have.length(EDGY.length + 4);
            expect(inputsOf(organizationsCalls, "CloseAccount")).to.have.length(EDGY.length + 4);
        });
    });

    describe("CloseAccount quota and state (API_CloseAccount.html)", () => {
        it("the model rejects closing beyond the 30-day quota, and closing a closed account", () => {
            const world = new AwsWorld();
            const org = world.organizations;
            for (let i = 0; i < 12; i++) {
                org.createAccount({ name: `a${i}`, email: `aws+a${i}@school.example` });
                world.clock.advance(DAY);
            }
            const ids = org.members().map((a) => a.id);
            for (const id of ids.slice(0, 10)) {
                org.closeAccount(id);
                world.clock.advance(CLOSE_ACCOUNT_DURATION);
            }
            rejects(() => org.closeAccount(ids[10]), "ConstraintViolationException", "CLOSE_ACCOUNT_QUOTA_EXCEEDED");
            rejects(() => org.closeAccount(ids[0]), "AccountAlreadyClosedException");
            world.clock.advance(31 * DAY);
            org.closeAccount(ids[10]);
        });
    });

    describe("account rename: account:PutAccountName needs trusted access for AWS Account Management (using-orgs-trusted-access.html)", () => {
        it("the model rejects a rename without trusted access", () => {
            const world = new AwsWorld();
            const account = world.organizations.createAccount({ name: "a", email: "aws+a@school.example" });
            world.clock.advance(DAY);
            rejects(() => world.organizations.putAccountName(account.id, "b"), "AccessDeniedException");
        });
        it("the program renames in place: same account, new name, once trusted access is on", async () => {
            const world = new AwsWorld();
            const renaming = new WorkshopOnWorld([{ email: "ada@uni.example", name: "Ada Lovelace" }], { world });
            try {
                expect((await renaming.engine.up()).failures).to.deep.equal([]);
                const [before] = renaming.ofType(TYPES.account);
                renaming.writeRoster([{ email: "ada@uni.example", name: "Ada King" }]);
                const plan = await renaming.engine.preview();
                expect(plan.changes.find((c) => c.type === TYPES.account)?.op).to.equal("update");
                // Without trusted access the rename alone fails, with advice (driver/aws/error-advice.ts); the account stays.
                const denied = await renaming.engine.up();
                expect(denied.failures.map((f) => f.message)).to.have.length(1);
                expect(adviseOnError(denied.failures[0].message)).to.contain("enable-aws-service-access");
                expect(renaming.ofType(TYPES.account)[0].id).to.equal(before.id);
                world.organizations.trustedServices.add("account.amazonaws.com");
                expect((await renaming.engine.up()).failures).to.deep.equal([]);
                const [after] = renaming.ofType(TYPES.account);
                expect(after.id).to.equal(before.id);
                expect(world.organizations.account(after.id).name).to.equal("k8s-nov Ada King");
            } finally {
                renaming.close();
            }
        });
    });
});
