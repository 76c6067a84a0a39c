import {
type Action,
    BudgetsClient, DescribeBudgetActionHistoriesCommand, DescribeBudgetActionsForBudgetCommand, DescribeBudgetCommand,
    DescribeNotificationsForBudgetCommand, } from "@aws-sdk/client-budgets";
import { DescribeUserCommand, GetUserIdCommand, IdentitystoreClient, ResourceNotFoundException } from "@aws-sdk/client-identitystore";
import {
    AccessDeniedException, AccountNotFoundException, DescribeAccountCommand, DescribeOrganizationCommand, ListParentsCommand,
    ListPoliciesForTargetCommand, OrganizationsClient,
} from "@aws-sdk/client-organizations";
import {
    DeleteSuppressedDestinationCommand, GetSuppressedDestinationCommand, NotFoundException, SESv2Client,
} from "@aws-sdk/client-sesv2";
import {
    DescribeAccountAssignmentCreationStatusCommand, ListAccountAssignmentCreationStatusCommand, ListAccountAssignmentsCommand,
    ListAccountsForProvisionedPermissionSetCommand, SSOAdminClient,
} from "@aws-sdk/client-sso-admin";
import { type AwsClientStub,mockClient } from "aws-sdk-client-mock";
import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import { EmailLedger, emailLedgerPath, type LedgerRecord } from "../../../driver/email/ledger";
import { firstSignInSteps } from "../../../driver/email/render";
import { welcomeInput } from "../../../driver/email/welcome-input";
import { workshopDataDir } from "../../../driver/paths";
import { workshopOutputs } from "../../../driver/pulumi/stack-outputs";
import { fixtureOutputMap } from "../../fixtures/outputs";
import { FakeEngine } from "../../support/fake-engine";
import { runCli } from "../../support/run-cli";
import { type SesEmulator,startSesEmulator } from "../../support/ses-emulator";

const PAYER = "999988887777";
const OU = "ou-ab12-cd34ef56";
const INSTANCE = "arn:aws:sso:::instance/ssoins-0123456789abcdef";
const PERMISSION_SET = "arn:aws:sso:::permissionSet/ssoins-0123456789abcdef/ps-0123456789abcdef";
const STORE = "d-0123456789";
const IDENTITY_REGION = "eu-west-1";
const OUTPUTS = { ...fixtureOutputMap(), permissionSetArn: { value: PERMISSION_SET, secret: false } };
const STUDENTS = workshopOutputs(OUTPUTS).students;
const ADA = STUDENTS.ada;
const GRACE = STUDENTS.grace;
const DEPLOYED = Object.values(STUDENTS);

let organizations: AwsClientStub<OrganizationsClient>;
let identitystore: AwsClientStub<IdentitystoreClient>;
let ssoAdmin: AwsClientStub<SSOAdminClient>;
let ses: AwsClientStub<SESv2Client>;
let budgets: AwsClientStub<BudgetsClient>;

function freezeAction(accountId: string, status: Action["Status"]): Action {
    return {
        ActionId: `a-${accountId}`, BudgetName: "b", NotificationType: "ACTUAL", ActionType: "APPLY_SCP_POLICY",
        ActionThreshold: { ActionThresholdType: "PERCENTAGE", ActionThresholdValue: 100 },
        Definition: { ScpActionDefinition: { PolicyId: "p-freeze01", TargetIds: [accountId] } },
        ExecutionRoleArn: `arn:aws:iam::${PAYER}:role/aws101-budget-freeze`, ApprovalModel: "AUTOMATIC", Status: status, Subscribers: [],
    };
}

/** AWS answering as it would for a workshop where everyone can sign in; each test breaks one thing. */
function healthyAws(): void {
    for (const mock of [organizations, identitystore, ssoAdmin, ses, budgets]) mock.reset();
    organizations.on(DescribeOrganizationCommand).resolves({ Organization: { Id: "o-exampleorg1", MasterAccountId: PAYER } });
    organizations.on(DescribeAccountCommand).callsFake(({ AccountId }) => ({ Account: { Id: AccountId, State: "ACTIVE", Status: "ACTIVE" } }));
    organizations.on(ListParentsCommand).resolves({ Parents: [{ Id: OU, Type: "ORGANIZATIONAL_UNIT" }] });
    organizations.on(ListPoliciesForTargetCommand).resolves({ Policies: [{ Id: "p-FullAWSAccess", Name: "FullAWSAccess" }] });
    const byUserId = new Map(DEPLOYED.map((s) => [s.identityStoreUserId, s]));
    identitystore.on(DescribeUserCommand).callsFake(({ UserId }) => {
        const s = byUserId.get(UserId)!;
        return { IdentityStoreId: STORE, UserId, UserName: s.email, Emails: [{ Value: s.email, Primary: true }], UserStatus: "ENABLED" };
    });
    identitystore.on(GetUserIdCommand).rejects(new ResourceNotFoundException({ message: "USER not found", $metadata: {} }));
    const byAccount = new Map(DEPLOYED.map((s) => [s.accountId, s]));
    ssoAdmin.on(ListAccountAssignmentsCommand).callsFake(({ AccountId }) => ({
        AccountAssignments: [{ AccountId, PermissionSetArn: PERMISSION_SET, PrincipalType: "USER", PrincipalId: byAccount.get(AccountId)!.identityStoreUserId }],
    }));
    ssoAdmin.on(ListAccountAssignmentCreationStatusCommand).resolves({ AccountAssignmentsCreationStatus: [] });
    ssoAdmin.on(ListAccountsForProvisionedPermissionSetCommand, { ProvisioningStatus: "LATEST_PERMISSION_SET_PROVISIONED" })
        .resolves({ AccountIds: DEPLOYED.map((s) => s.accountId) });
    ssoAdmin.on(ListAccountsForProvisionedPermissionSetCommand, { ProvisioningStatus: "LATEST_PERMISSION_SET_NOT_PROVISIONED" }).resolves({ AccountIds: [] });
    ses.on(GetSuppressedDestinationCommand).rejects(new NotFoundException({ message: "Email address is not on the suppression list", $metadata: {} }));
    budgets.on(DescribeBudgetCommand).callsFake(({ BudgetName }) => ({
        Budget: {
            BudgetName, BudgetType: "COST", TimeUnit: "MONTHLY", BudgetLimit: { Amount: "25.0", Unit: "USD" },
            CalculatedSpend: { ActualSpend: { Amount: "3.5", Unit: "USD" }, ForecastedSpend: { Amount: "9.0", Unit: "USD" } },
        },
    }));
    budgets.on(DescribeBudgetActionsForBudgetCommand).callsFake(({ BudgetName }) => {
        const s = DEPLOYED.find((d) => d.budgetName === BudgetName)!;
        return { Actions: [freezeAction(s.accountId, "STANDBY")] };
    });
    budgets.on(DescribeNotificationsForBudgetCommand).resolves({
        Notifications: [50, 80, 100].map((Threshold) => ({ NotificationType: "ACTUAL", ComparisonOperator: "GREATER_THAN", Threshold, NotificationState: "OK" })),
    });
}

interface Setup {
    /** Roster emails; default: every deployed student. */
    roster?: string[];
    ledger?: Partial<LedgerRecord>[] | "none" | "damaged";
}

/** `doctor` through the real command line, on a project with a roster and an email ledger. */
async function doctor(args: string[], setup: Setup = {}) {
    const projectDir = fs.mkdtempSync(path.join(os.tmpdir(), "doctor-"));
    const roster = setup.roster ?? DEPLOYED.map((s) => s.email);
    fs.writeFileSync(path.join(projectDir, "roster.yaml"), `students:\n${roster.map((e) => `  - email: ${e}\n    name: ${e.split("@")[0]}\n`).join("")}`);
    const ledger = EmailLedger.load(emailLedgerPath(workshopDataDir(projectDir, "dev")));
    const records = setup.ledger === "none" || setup.ledger === "damaged" ? [] : setup.ledger ?? DEPLOYED.map((s) => ({ email: s.email, accountId: s.accountId }));
    for (const r of records) {
        ledger.put({ status: "sent", messageId: `m-${r.email}`, sentAt: "2026-11-23T09:00:00.000Z", attempts: 1, updatedAt: "2026-11-23T09:00:00.000Z", ...r } as LedgerRecord);
    }
    if (setup.ledger === "damaged") {
        fs.mkdirSync(path.dirname(ledger.filePath), { recursive: true });
        fs.writeFileSync(ledger.filePath, "{ not json");
    }
    const engine = new FakeEngine({
        outputs: OUTPUTS,
        config: { "identityCenterInstanceArn": INSTANCE, "identityStoreId": STORE, "aws:region": IDENTITY_REGION },
    });
    const run = await runCli(["doctor", ...args], { engine, context: { projectDir } });
    return { ...run, output: run.lines.join("\n") };
}

/** The line of one check in a single-student report, and the fix printed under it. */
function checkLine(output: string, check: string): string {
    const lines = output.split("\n");
    const i = lines.findIndex((l) => new RegExp(`^  \\S+\\s+${check}\\s{2}`).test(l));
    expect(i, `no "${check}" line in:\n${output}`).to.be.greaterThan(-1);
    return [lines[i], ...(lines[i + 1]?.trimStart().startsWith("fix:") ? [lines[i + 1].trim()] : [])].join("\n");
}

describe("doctor", function () {
before(() => {
    organizations = mockClient(OrganizationsClient);
    identitystore = mockClient(IdentitystoreClient);
    ssoAdmin = mockClient(SSOAdminClient);
    ses = mockClient(SESv2Client);
    budgets = mockClient(BudgetsClient);
});
after(() => [organizations, identitystore, ssoAdmin, ses, budgets].forEach((m) => m.restore()));
beforeEach(healthyAws);

describe("doctor <email> (aws-sdk-client-mock)", function () {

    it("a student who can get in: every check ok, exit 0, then the portal and the exact steps of their welcome email", async () => {
        const run = await doctor([ADA.email]);
        expect(run.exitCode, run.output).to.equal(0);
        expect(run.output).to.contain(`Doctor for Ada Lovelace <${ADA.email}>:`).and.contain("Every check passed.");
        for (const check of ["roster", "stack", "account", "ou", "user", "user email", "assignment", "permission set", "welcome email", "suppression", "budget", "freeze", "alerts"]) {
            expect(checkLine(run.output, check)).to.match(/^ {2}ok /);
        }
        expect(checkLine(run.output, "budget")).to.contain("spent $3.50 of $25.00 this month (14%, forecast $9.00)");
        const steps = firstSignInSteps(welcomeInput(workshopOutputs(OUTPUTS), ADA));
        expect(run.output).to.contain(`access portal ${workshopOutputs(OUTPUTS).accessPortalUrl}`);
        steps.forEach((step, i) => expect(run.output).to.contain(`  ${i + 1}. ${step}`));
        // Identity Center is asked in the stack's region; Budgets with the payer account.
        expect(await identitystore.call(0).thisValue.config.region()).to.equal(IDENTITY_REGION);
        expect(await ssoAdmin.call(0).thisValue.config.region()).to.equal(IDENTITY_REGION);
        expect(budgets.commandCalls(DescribeBudgetCommand)[0].args[0].input).to.deep.equal({ AccountId: PAYER, BudgetName: ADA.budgetName });
        expect(ses.commandCalls(DeleteSuppressedDestinationCommand)).to.have.length(0);
    });

    it("not in the roster: the next up would close their account", async () => {
        const run = await doctor([ADA.email], { roster: [GRACE.email] });
        expect(run.exitCode).to.equal(1);
        expect(checkLine(run.output, "roster")).to.match(/PROBLEM\s+roster\s+not in .*roster\.yaml\n.*fix: They are still deployed, and the next `up` closes their account/);
    });

    it("in the roster but not deployed: run up; no AWS question about an account that does not exist", async () => {
        const run = await doctor(["new.student@uni.example"], { roster: ["new.student@uni.example"] });
        expect(run.exitCode).to.equal(1);
        expect(checkLine(run.output, "stack")).to.match(/PROBLEM\s+stack\s+not deployed in stack dev\n.*fix: Run `npm run up`/);
        expect(checkLine(run.output, "account")).to.match(/^ {2}-\s+account\s+not deployed/);
        expect(organizations.commandCalls(DescribeAccountCommand)).to.have.length(0);
        expect(run.output).to.contain("Access portal: https://");
    });

    for (const state of ["SUSPENDED", "PENDING_CLOSURE"]) {
        it(`account ${state}: nobody can sign in; a new account is the fix`, async () => {
            organizations.on(DescribeAccountCommand, { AccountId: ADA.accountId }).resolves({ Account: { Id: ADA.accountId, State: state as "SUSPENDED", Status: state as "SUSPENDED" } });
            const run = await doctor([ADA.email]);
            expect(run.exitCode).to.equal(1);
            expect(checkLine(run.output, "account")).to.match(new RegExp(`PROBLEM\\s+account\\s+account ${ADA.accountId} is ${state}: nobody can sign in to it\\n.*remove-student`));
        });
    }

    it("account not in the organization (AccountNotFoundException)", async () => {
        organizations.on(DescribeAccountCommand).rejects(new AccountNotFoundException({ message: "not found", $metadata: {} }));
        const run = await doctor([ADA.email]);
        expect(checkLine(run.output, "account")).to.match(/PROBLEM\s+account\s+account 111111111111 is not in this organization/);
    });

    it("account moved out of the workshop OU: the guardrails do not apply", async () => {
        organizations.on(ListParentsCommand).resolves({ Parents: [{ Id: "r-ab12", Type: "ROOT" }] });
        const run = await doctor([ADA.email]);
        expect(checkLine(run.output, "ou")).to.match(/PROBLEM\s+ou\s+in ROOT r-ab12, not the workshop OU ou-ab12-cd34ef56.*\n.*move-account --account-id 111111111111/);
    });

    it("Identity Center user deleted (DescribeUser: ResourceNotFoundException, none by that user name)", async () => {
        identitystore.on(DescribeUserCommand).rejects(new ResourceNotFoundException({ message: "USER not found", $metadata: {} }));
        const run = await doctor([ADA.email]);
        expect(checkLine(run.output, "user")).to.match(/PROBLEM\s+user\s+the stack's Identity Center user .* does not exist/);
        expect(identitystore.commandCalls(GetUserIdCommand)[0].args[0].input).to.deep.equal({
            IdentityStoreId: STORE, AlternateIdentifier: { UniqueAttribute: { AttributePath: "userName", AttributeValue: ADA.email } },
        });
    });

    it("Identity Center user recreated by hand: another user has their user name", async () => {
        identitystore.on(DescribeUserCommand).rejects(new ResourceNotFoundException({ message: "USER not found", $metadata: {} }));
        identitystore.on(GetUserIdCommand).resolves({ IdentityStoreId: STORE, UserId: "u-byhand" });
        const run = await doctor([ADA.email]);
        expect(checkLine(run.output, "user")).to.match(/PROBLEM\s+user\s+.*another user u-byhand has the user name ada@students\.example.*\n.*Delete user u-byhand/);
    });

    it("Identity Center user disabled", async () => {
        identitystore.on(DescribeUserCommand).resolves({ IdentityStoreId: STORE, UserId: ADA.identityStoreUserId, UserName: ADA.email, Emails: [{ Value: ADA.email, Primary: true }], UserStatus: "DISABLED" });
        const run = await doctor([ADA.email]);
        expect(checkLine(run.output, "user")).to.match(/PROBLEM\s+user\s+.*DISABLED.*\n.*Enable user access/);
    });

    it("Identity Center email differs from the roster: the one-time code goes elsewhere", async () => {
        identitystore.on(DescribeUserCommand).resolves({ IdentityStoreId: STORE, UserId: ADA.identityStoreUserId, UserName: ADA.email, Emails: [{ Value: "ada@typo.example", Primary: true }] });
        const run = await doctor([ADA.email]);
        expect(checkLine(run.output, "user email")).to.match(/PROBLEM\s+user email\s+Identity Center sends their one-time sign-in code to ada@typo\.example/);
    });

    it("no account assignment, and its creation FAILED (ListAccountAssignmentCreationStatus + Describe...)", async () => {
        ssoAdmin.on(ListAccountAssignmentsCommand).resolves({ AccountAssignments: [] });
        ssoAdmin.on(ListAccountAssignmentCreationStatusCommand, { Filter: { Status: "FAILED" } }).resolves({
            AccountAssignmentsCreationStatus: [{ RequestId: "r-old", Status: "FAILED", CreatedDate: new Date("2026-11-20T10:00:00Z") }, { RequestId: "r-ada", Status: "FAILED", CreatedDate: new Date("2026-11-23T10:00:00Z") }],
        });
        ssoAdmin.on(DescribeAccountAssignmentCreationStatusCommand, { AccountAssignmentCreationRequestId: "r-old" }).resolves({
            AccountAssignmentCreationStatus: { RequestId: "r-old", Status: "FAILED", TargetId: GRACE.accountId, PrincipalId: GRACE.identityStoreUserId, FailureReason: "someone else's" },
        });
        ssoAdmin.on(DescribeAccountAssignmentCreationStatusCommand, { AccountAssignmentCreationRequestId: "r-ada" }).resolves({
            AccountAssignmentCreationStatus: { RequestId: "r-ada", Status: "FAILED", TargetId: ADA.accountId, PrincipalId: ADA.identityStoreUserId, FailureReason: "Received a 404 status error: Not supported policy", CreatedDate: new Date("2026-11-23T10:00:00Z") },
        });
        const run = await doctor([ADA.email]);
        expect(checkLine(run.output, "assignment")).to.match(/PROBLEM\s+assignment\s+creating their access to account 111111111111 failed: Received a 404 status error: Not supported policy\n.*npm run up/);
        expect(ssoAdmin.commandCalls(ListAccountAssignmentsCommand)[0].args[0].input).to.include({ InstanceArn: INSTANCE, AccountId: ADA.accountId, PermissionSetArn: PERMISSION_SET });
    });

    it("no account assignment, and nothing pending: up creates it", async () => {
        ssoAdmin.on(ListAccountAssignmentsCommand).resolves({ AccountAssignments: [{ AccountId: ADA.accountId, PrincipalType: "GROUP", PrincipalId: "g-1" }] });
        const run = await doctor([ADA.email]);
        expect(checkLine(run.output, "assignment")).to.match(/PROBLEM\s+assignment\s+no assignment of their user to account 111111111111/);
    });

    it("account assignment still being created (IN_PROGRESS)", async () => {
        ssoAdmin.on(ListAccountAssignmentsCommand).resolves({ AccountAssignments: [] });
        ssoAdmin.on(ListAccountAssignmentCreationStatusCommand, { Filter: { Status: "IN_PROGRESS" } }).resolves({ AccountAssignmentsCreationStatus: [{ RequestId: "r-1", Status: "IN_PROGRESS" }] });
        ssoAdmin.on(DescribeAccountAssignmentCreationStatusCommand).resolves({
            AccountAssignmentCreationStatus: { RequestId: "r-1", Status: "IN_PROGRESS", TargetId: ADA.accountId, PrincipalId: ADA.identityStoreUserId, CreatedDate: new Date("2026-11-23T11:58:00Z") },
        });
        const run = await doctor([ADA.email]);
        expect(checkLine(run.output, "assignment")).to.match(/PROBLEM\s+assignment\s+.*being created right now \(since 2026-11-23T11:58:00\.000Z\)/);
    });

    it("permission set not provisioned to the account, or provisioned in an old version", async () => {
        ssoAdmin.on(ListAccountsForProvisionedPermissionSetCommand, { ProvisioningStatus: "LATEST_PERMISSION_SET_PROVISIONED" }).resolves({ AccountIds: [GRACE.accountId] });
        expect(checkLine((await doctor([ADA.email])).output, "permission set")).to.match(/PROBLEM\s+permission set\s+aws101-student is not provisioned to account 111111111111/);
        ssoAdmin.on(ListAccountsForProvisionedPermissionSetCommand, { ProvisioningStatus: "LATEST_PERMISSION_SET_NOT_PROVISIONED" }).resolves({ AccountIds: [ADA.accountId] });
        expect(checkLine((await doctor([ADA.email])).output, "permission set")).to.match(/PROBLEM\s+permission set\s+aws101-student changed since it was provisioned to account 111111111111/);
    });

    it("welcome email: not sent, failed, in doubt (the ledger)", async () => {
        expect(checkLine((await doctor([ADA.email], { ledger: "none" })).output, "welcome email")).to.match(/PROBLEM\s+welcome email\s+not sent yet\n.*npm run email/);
        const failed = await doctor([ADA.email], { ledger: [{ email: ADA.email, accountId: ADA.accountId, status: "failed", lastError: "MessageRejected: Email address is not verified." }] });
        expect(checkLine(failed.output, "welcome email")).to.match(/PROBLEM\s+welcome email\s+failed: MessageRejected: Email address is not verified\./);
        const sending = await doctor([ADA.email], { ledger: [{ email: ADA.email, accountId: ADA.accountId, status: "sending" }] });
        expect(checkLine(sending.output, "welcome email")).to.match(/PROBLEM\s+welcome email\s+in doubt.*\n.*--resend ada@students\.example/);
        const damaged = await doctor([ADA.email], { ledger: "damaged" });
        expect(checkLine(damaged.output, "welcome email")).to.match(/UNKNOWN\s+welcome email\s+could not check: LedgerDamagedError: the email ledger .* is damaged/);
    });

    it("address on SES's suppression list: a problem, and --unsuppress removes it", async () => {
        ses.on(GetSuppressedDestinationCommand).resolves({ SuppressedDestination: { EmailAddress: ADA.email, Reason: "BOUNCE", LastUpdateTime: new Date("2026-11-22T08:00:00Z") } });
        ses.on(DeleteSuppressedDestinationCommand).resolves({});
        const found = await doctor([ADA.email]);
        expect(found.exitCode).to.equal(1);
        expect(checkLine(found.output, "suppression")).to.match(/PROBLEM\s+suppression\s+on SES's account-level suppression list \(BOUNCE since 2026-11-22T08:00:00\.000Z\): SES drops every email to it.*\n.*--unsuppress/);
        expect(ses.commandCalls(DeleteSuppressedDestinationCommand)).to.have.length(0);

        const removed = await doctor([ADA.email, "--unsuppress"]);
        expect(ses.commandCalls(DeleteSuppressedDestinationCommand).map((c) => c.args[0].input)).to.deep.equal([{ EmailAddress: ADA.email }]);
        expect(checkLine(removed.output, "suppression")).to.match(/ok\s+suppression\s+removed from SES's suppression list just now \(was BOUNCE/);
        expect(removed.exitCode).to.equal(0);
    });

    it("over budget and frozen: spend, limit, the freeze SCP attached since the action ran, the alerts crossed", async () => {
        budgets.on(DescribeBudgetCommand).resolves({ Budget: { BudgetName: ADA.budgetName, BudgetType: "COST", TimeUnit: "MONTHLY", BudgetLimit: { Amount: "25", Unit: "USD" }, CalculatedSpend: { ActualSpend: { Amount: "27.4", Unit: "USD" } } } });
        budgets.on(DescribeBudgetActionsForBudgetCommand).resolves({ Actions: [freezeAction(ADA.accountId, "EXECUTION_SUCCESS")] });
        budgets.on(DescribeBudgetActionHistoriesCommand).resolves({ ActionHistories: [
            { Timestamp: new Date("2026-11-23T10:15:00Z"), Status: "EXECUTION_SUCCESS", EventType: "EXECUTE_ACTION", ActionHistoryDetails: { Message: "", Action: freezeAction(ADA.accountId, "EXECUTION_SUCCESS") } },
            { Timestamp: new Date("2026-11-01T00:00:00Z"), Status: "STANDBY", EventType: "CREATE_ACTION", ActionHistoryDetails: { Message: "", Action: freezeAction(ADA.accountId, "STANDBY") } },
        ] });
        organizations.on(ListPoliciesForTargetCommand).resolves({ Policies: [{ Id: "p-FullAWSAccess", Name: "FullAWSAccess" }, { Id: "p-freeze01", Name: "aws101-scp-freeze" }] });
        budgets.on(DescribeNotificationsForBudgetCommand).resolves({ Notifications: [50, 80, 100].map((Threshold) => ({ NotificationType: "ACTUAL", ComparisonOperator: "GREATER_THAN", Threshold, NotificationState: "ALARM" })) });
        const run = await doctor([ADA.email]);
        expect(checkLine(run.output, "budget")).to.match(/PROBLEM\s+budget\s+spent \$27\.40 of \$25\.00 this month \(110%\): over their budget/);
        expect(checkLine(run.output, "freeze")).to.match(/PROBLEM\s+freeze\s+frozen since 2026-11-23T10:15:00\.000Z: the freeze SCP is attached.*\n.*npm run unfreeze ada@students\.example/);
        expect(checkLine(run.output, "alerts")).to.match(/ok\s+alerts\s+crossed 50%, 80%, 100% this month, last 100%/);
        expect(organizations.commandCalls(ListPoliciesForTargetCommand)[0].args[0].input).to.include({ TargetId: ADA.accountId, Filter: "SERVICE_CONTROL_POLICY" });
    });

    it("frozen since: the newest run of every page of the action's history, not only the first page", async () => {
        budgets.on(DescribeBudgetActionsForBudgetCommand).resolves({ Actions: [freezeAction(ADA.accountId, "EXECUTION_SUCCESS")] });
        const run = (at: string) => ({ Timestamp: new Date(at), Status: "EXECUTION_SUCCESS" as const, EventType: "EXECUTE_ACTION" as const,
            ActionHistoryDetails: { Message: "", Action: freezeAction(ADA.accountId, "EXECUTION_SUCCESS") } });
        // Budgets pages the history (MaxResults up to 100, API_budgets_DescribeBudgetActionHistories.html); the order is not documented.
        budgets.on(DescribeBudgetActionHistoriesCommand, { NextToken: undefined }).resolves({ ActionHistories: [run("2026-11-02T08:00:00Z")], NextToken: "page-2" });
        budgets.on(DescribeBudgetActionHistoriesCommand, { NextToken: "page-2" }).resolves({ ActionHistories: [run("2026-11-23T10:15:00Z")], NextToken: "page-3" });
        budgets.on(DescribeBudgetActionHistoriesCommand, { NextToken: "page-3" }).resolves({ ActionHistories: [run("2026-11-10T00:00:00Z")] });
        organizations.on(ListPoliciesForTargetCommand).resolves({ Policies: [{ Id: "p-FullAWSAccess", Name: "FullAWSAccess" }, { Id: "p-freeze01", Name: "aws101-scp-freeze" }] });
        const result = await doctor([ADA.email]);
        expect(checkLine(result.output, "freeze")).to.match(/frozen since 2026-11-23T10:15:00\.000Z/);
        expect(budgets.commandCalls(DescribeBudgetActionHistoriesCommand)).to.have.length(3);
    });

    it("AWS refuses a question (access denied): that check is UNKNOWN with the advice, never ok; the others still run", async () => {
        organizations.on(DescribeAccountCommand).rejects(new AccessDeniedException({ message: "User is not authorized to perform: organizations:DescribeAccount", $metadata: {} }));
        const run = await doctor([ADA.email]);
        expect(run.exitCode).to.equal(1);
        expect(checkLine(run.output, "account")).to.match(/UNKNOWN\s+account\s+could not check: AccessDeniedException: User is not authorized.*\n.*instructor policy/);
        expect(checkLine(run.output, "user")).to.match(/^ {2}ok /);
        expect(run.output).to.contain("1 check could not run.");
    });

    it("--all: one line per student (deployed or only in the roster) with the first problem found", async () => {
        organizations.on(DescribeAccountCommand, { AccountId: GRACE.accountId }).resolves({ Account: { Id: GRACE.accountId, State: "SUSPENDED" } });
        ses.on(GetSuppressedDestinationCommand, { EmailAddress: STUDENTS.linus.email }).resolves({ SuppressedDestination: { EmailAddress: STUDENTS.linus.email, Reason: "BOUNCE", LastUpdateTime: new Date("2026-11-22T08:00:00Z") } });
        const run = await doctor(["--all"], { roster: [...DEPLOYED.map((s) => s.email), "zoe@uni.example"] });
        expect(run.exitCode).to.equal(1);
        const row = (email: string) => run.lines.find((l) => l.startsWith(email))!;
        expect(row(ADA.email)).to.match(/111111111111\s+ok$/);
        expect(row(GRACE.email)).to.match(/222222222222\s+PROBLEM account: account 222222222222 is SUSPENDED/);
        expect(row(STUDENTS.linus.email)).to.match(/PROBLEM suppression: on SES's account-level suppression list/);
        expect(row("zoe@uni.example")).to.match(/-\s+PROBLEM stack: not deployed in stack dev/);
        expect(run.output).to.contain("3 of 5 students need a look");
        expect(ses.commandCalls(DeleteSuppressedDestinationCommand)).to.have.length(0);
    });

    it("asks for one email, --all, --org or --guardrails, and --unsuppress only with an email", async () => {
        const one = "give one student's email, or --all, or --org, or --guardrails <student email>";
        for (const [args, message] of [[[], one], [[ADA.email, "--all"], one], [["--org", "--guardrails", ADA.email], one],
            [["--guardrails", ""], "--guardrails needs the email of a student who has an account"],
            [["--all", "--unsuppress"], "--unsuppress works on one student: give their email"]] as const) {
            const run = await doctor([...args]);
            expect(run.exitCode, args.join(" ")).to.equal(1);
            expect(run.stderr).to.equal(`error: ${message}`);
            expect(organizations.calls()).to.have.length(0);
        }
    });
});

describe("doctor against the SES emulator (aws-ses-v2-local)", function () {
    this.timeout(30_000);
    let emulator: SesEmulator;
    before(async () => { emulator = await startSesEmulator(); });
    after(async () => emulator?.stop());

    it("the emulator does not implement GetSuppressedDestination (aws-ses-v2-local 2.10.2 answers 404 UnknownOperation): doctor says it cannot tell, never 'not suppressed'", async () => {
        ses.restore();
        try {
            const projectDir = fs.mkdtempSync(path.join(os.tmpdir(), "doctor-ses-"));
            fs.writeFileSync(path.join(projectDir, "roster.yaml"), `students:\n  - email: ${ADA.email}\n    name: Ada\n`);
            const engine = new FakeEngine({ outputs: OUTPUTS, config: { identityCenterInstanceArn: INSTANCE, identityStoreId: STORE } });
            const run = await runCli(["doctor", ADA.email], { engine, context: { projectDir, env: { SES_ENDPOINT: emulator.endpoint, AWS_REGION: "us-east-1" } } });
            const output = run.lines.join("\n");
            expect(checkLine(output, "suppression")).to.match(/^ {2}UNKNOWN\s+suppression\s+could not check: /);
            expect(run.exitCode).to.equal(1);
        } finally {
            ses = mockClient(SESv2Client);
        }
    });
});
});
