import { CostExplorerClient, DataUnavailableException, GetCostAndUsageCommand } from "@aws-sdk/client-cost-explorer";
import { GetRoleCommand, IAMClient, SimulatePrincipalPolicyCommand } from "@aws-sdk/client-iam";
import {
    AccessDeniedException, type Account, DescribeOrganizationalUnitCommand, DescribeOrganizationCommand, DescribePolicyCommand,
    ListAccountsCommand, ListAWSServiceAccessForOrganizationCommand, ListOrganizationalUnitsForParentCommand, ListPoliciesForTargetCommand,
    ListRootsCommand, OrganizationalUnitNotFoundException, OrganizationsClient, type PolicySummary,
} from "@aws-sdk/client-organizations";
import {
    AccessDeniedException as QuotasAccessDenied, ListAWSDefaultServiceQuotasCommand, ListServiceQuotasCommand, ServiceQuotasClient,
} from "@aws-sdk/client-service-quotas";
import { GetAccountCommand, GetEmailIdentityCommand, NotFoundException, SESv2Client } from "@aws-sdk/client-sesv2";
import { DescribePermissionSetCommand, ListInstancesCommand, ListPermissionSetsCommand, SSOAdminClient } from "@aws-sdk/client-sso-admin";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { mockClient } from "aws-sdk-client-mock";
import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import { organizationReadiness } from "../../../driver/doctor/org-readiness";
import { accountName, budgetName, studentKey } from "../../../infra/roster/naming";
import { FakeEngine, plainOutputs } from "../../support/fake-engine";
import { policyFile, simulate } from "../../support/iam-simulation";
import { runCli } from "../../support/run-cli";

/**
 * `doctor --org` through the real command line, AWS answering through aws-sdk-client-mock in the
 * shapes its APIs document. A healthy organization first; each case then breaks one thing and
 * reads the line of the check that should catch it, with its fix.
 */

const PAYER = "999988887777";
const ROOT = "r-ab12";
const OU = "ou-ab12-cd34ef56";
const SUSPENDED = "ou-ab12-susp0001";
const INSTANCE = "arn:aws:sso:::instance/ssoins-0123456789abcdef";
const PERMISSION_SET = "arn:aws:sso:::permissionSet/ssoins-0123456789abcdef/ps-0123456789abcdef";
const STORE = "d-0123456789";
const IC_REGION = "eu-west-1";
const WORKSHOP = "aws101";
const NAMES = ["Ada Lovelace", "Grace Hopper", "Alan Turing", "Katherine Johnson"];
const OURS = ["scp-regions", "scp-compute-limits", "scp-service-limits", "scp-organization-protection"]
    .map((file, i): PolicySummary => ({ Id: `p-ours000${i}`, Name: `${WORKSHOP}-${file}` }));
const FULL: PolicySummary = { Id: "p-FullAWSAccess", Name: "FullAWSAccess" };
const DENY_ALL: PolicySummary = { Id: "p-denyall01", Name: "deny-all" };

const emailOf = (name: string) => `${name.toLowerCase().replace(/\s+/g, ".")}@uni.example`;

function outputs(names: string[]) {
    const students = Object.fromEntries(names.map((name, i) => {
        const email = emailOf(name);
        const key = studentKey(email);
        return [key, {
            email, name, accountId: String(111111111111 * (i + 1)).slice(0, 12), accountName: accountName(WORKSHOP, { name, email, key }),
            accountEmail: `aws+${WORKSHOP}-${key}-x1y2z@instructor.example`, userName: email, identityStoreUserId: `user-${i}`,
            budgetName: budgetName(WORKSHOP, key), budgetLimitUsd: 25,
        }];
    }));
    return plainOutputs({
        workshopName: WORKSHOP, instructorEmail: "teacher@school.example", accessPortalUrl: "https://d-0123456789.awsapps.com/start", ouId: OU,
        allowedRegions: ["us-east-1"], masterBudgetName: `${WORKSHOP}-master`, masterBudgetUsd: 100, budgetAlertThresholds: [50, 80, 100],
        budgetFreeze: true, permissionSetName: `${WORKSHOP}-student`, permissionSetArn: PERMISSION_SET, students,
    });
}

const organizations = mockClient(OrganizationsClient);
const sts = mockClient(STSClient);
const quotas = mockClient(ServiceQuotasClient);
const ssoAdmin = mockClient(SSOAdminClient);
const ses = mockClient(SESv2Client);
const costExplorer = mockClient(CostExplorerClient);
const iam = mockClient(IAMClient);

function accounts(deployed: number, suspended = 0): Account[] {
    const list: Account[] = [{ Id: PAYER, State: "ACTIVE" }];
    for (let i = 0; i < deployed; i++) list.push({ Id: `1000000000${String(i).padStart(2, "0")}`, State: "ACTIVE" });
    for (let i = 0; i < suspended; i++) list.push({ Id: `2000000000${String(i).padStart(2, "0")}`, State: "SUSPENDED" });
    return list;
}

let scpsOn: Record<string, PolicySummary[]>;

function healthyAws(): void {
    for (const mock of [organizations, sts, quotas, ssoAdmin, ses, costExplorer, iam]) mock.reset();
    sts.on(GetCallerIdentityCommand).resolves({ Account: PAYER, Arn: `arn:aws:sts::${PAYER}:assumed-role/Instructor/teacher`, UserId: "AROA:teacher" });
    organizations.on(DescribeOrganizationCommand).resolves({ Organization: { Id: "o-exampleorg1", MasterAccountId: PAYER, FeatureSet: "ALL" } });
    organizations.on(ListRootsCommand).resolves({ Roots: [{ Id: ROOT, PolicyTypes: [{ Type: "SERVICE_CONTROL_POLICY", Status: "ENABLED" }] }] });
    organizations.on(ListAccountsCommand).resolves({ Accounts: accounts(NAMES.length) });
    organizations.on(ListAWSServiceAccessForOrganizationCommand).resolves({ EnabledServicePrincipals: [{ ServicePrincipal: "account.amazonaws.com" }] });
    organizations.on(DescribeOrganizationalUnitCommand).callsFake(({ OrganizationalUnitId }) => ({ OrganizationalUnit: { Id: OrganizationalUnitId } }));
    organizations.on(ListOrganizationalUnitsForParentCommand).resolves({ OrganizationalUnits: [{ Id: "ou-ab12-other001", Name: "Research" }, { Id: SUSPENDED, Name: "Suspended" }] });
    scpsOn = { [OU]: [FULL, ...OURS], [SUSPENDED]: [FULL, DENY_ALL] };
    organizations.on(ListPoliciesForTargetCommand).callsFake(({ TargetId }) => ({ Policies: scpsOn[TargetId] ?? [] }));
    organizations.on(DescribePolicyCommand).callsFake(({ PolicyId }) => ({
        Policy: {
            Content: PolicyId === DENY_ALL.Id
                ? JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Deny", Action: "*", Resource: "*" }] })
                : JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] }),
        },
    }));
    // Organizations' quotas as Service Quotas lists them: no increase applied, so only the defaults.
    quotas.on(ListServiceQuotasCommand).resolves({ Quotas: [] });
    quotas.on(ListAWSDefaultServiceQuotasCommand).resolves({
        Quotas: [
            { ServiceCode: "organizations", QuotaName: "Maximum number of organizational units (OUs)", QuotaCode: "L-OU", Value: 1000 },
            { ServiceCode: "organizations", QuotaName: "Default maximum number of accounts", QuotaCode: "L-29A0C5DF", Value: 20 },
        ],
    });
    ssoAdmin.on(ListInstancesCommand).resolves({ Instances: [{ InstanceArn: INSTANCE, IdentityStoreId: STORE, Status: "ACTIVE" }] });
    ssoAdmin.on(ListPermissionSetsCommand).resolves({ PermissionSets: [PERMISSION_SET] });
    ssoAdmin.on(DescribePermissionSetCommand).resolves({ PermissionSet: { Name: `${WORKSHOP}-student`, PermissionSetArn: PERMISSION_SET } });
    ses.on(GetAccountCommand).resolves({ ProductionAccessEnabled: true, SendingEnabled: true, SendQuota: { Max24HourSend: 50000, MaxSendRate: 14, SentLast24Hours: 10 } });
    ses.on(GetEmailIdentityCommand).callsFake(({ EmailIdentity }) => {
        if (EmailIdentity === "school.example") return { IdentityType: "DOMAIN", VerifiedForSendingStatus: true };
        throw new NotFoundException({ message: `Email identity <${EmailIdentity}> does not exist.`, $metadata: { httpStatusCode: 404 } });
    });
    costExplorer.on(GetCostAndUsageCommand).resolves({ ResultsByTime: [] });
    iam.on(GetRoleCommand).resolves({ Role: { Arn: `arn:aws:iam::${PAYER}:role/Instructor`, RoleName: "Instructor", Path: "/", RoleId: "AROA", CreateDate: new Date() } });
    iam.on(SimulatePrincipalPolicyCommand).callsFake(({ ActionNames }: { ActionNames: string[] }) => ({
        EvaluationResults: ActionNames.map((EvalActionName) => ({ EvalActionName, EvalDecision: "allowed" })), IsTruncated: false,
    }));
}

interface Setup {
    roster?: string[];
    deployed?: string[];
    config?: Record<string, string>;
}

async function doctorOrg(setup: Setup = {}) {
    const projectDir = fs.mkdtempSync(path.join(os.tmpdir(), "doctor-org-"));
    const roster = setup.roster ?? NAMES;
    // "New Name=old@email" keeps a student's email under another name (an account rename).
    const entry = (n: string) => (n.includes("=") ? n.split("=") : [n, emailOf(n)]);
    fs.writeFileSync(path.join(projectDir, "roster.yaml"), `students:\n${roster.map(entry).map(([n, e]) => `  - email: ${e}\n    name: ${n}\n`).join("")}`);
    const engine = new FakeEngine({
        outputs: outputs(setup.deployed ?? NAMES),
        config: { identityCenterInstanceArn: INSTANCE, identityStoreId: STORE, "aws:region": IC_REGION, ...setup.config },
    });
    const run = await runCli(["doctor", "--org"], { engine, context: { projectDir } });
    return { ...run, output: run.lines.join("\n") };
}

/** One check's line and what is printed under it (fix, doc). */
function checkOf(output: string, check: string): { status: string; text: string } {
    const lines = output.split("\n");
    const i = lines.findIndex((l) => new RegExp(`^  (ok|warn|FAIL|UNKNOWN)\\s+${check}\\s{2}`).test(l));
    expect(i, `no "${check}" line in:\n${output}`).to.be.greaterThan(-1);
    const under = [];
    for (let j = i + 1; j < lines.length && /^\s{6,}(fix|see):/.test(lines[j]); j++) under.push(lines[j].trim());
    return { status: /^ {2}(\S+)/.exec(lines[i])![1], text: [lines[i], ...under].join("\n") };
}

const manyNames = (n: number) => Array.from({ length: n }, (_, i) => `Student Number${i + 1}`);

describe("doctor --org (aws-sdk-client-mock)", function () {
    after(() => [organizations, sts, quotas, ssoAdmin, ses, costExplorer, iam].forEach((m) => m.restore()));
    beforeEach(healthyAws);

    it("a ready organization: every check ok but the identity source, which no API reads; exit 0", async () => {
        const run = await doctorOrg();
        expect(run.exitCode, run.output).to.equal(0);
        const notOk = run.output.split("\n").filter((l) => /^ {2}(warn|FAIL|UNKNOWN) /.test(l));
        expect(notOk, run.output).to.have.length(1);
        expect(checkOf(run.output, "identity source").text).to.contain("could not check: AWS has no API").and.contain("Identity Center directory");
        expect(checkOf(run.output, "account quota").text).to.contain('5 account(s) in the organization').and.contain('"Default maximum number of accounts" is 20');
        expect(checkOf(run.output, "budget freeze role").text).to.match(/^ {2}ok .*budgets\.amazonaws\.com.*\(simulated\)/);
        expect(checkOf(run.output, "your permissions").text).to.match(/may do all \d+ action/);
        expect(run.output).to.contain("$0.01");
    });

    const cases: { name: string; check: string; status: "ok" | "warn" | "FAIL" | "UNKNOWN"; setup?: Setup; breaks?: () => void; text: RegExp[] }[] = [
        {
            name: "a 10-account quota against a 30-student roster", check: "account quota", status: "FAIL",
            setup: { roster: manyNames(30), deployed: [] },
            breaks: () => {
                organizations.on(ListAccountsCommand).resolves({ Accounts: accounts(0) });
                quotas.on(ListAWSDefaultServiceQuotasCommand).resolves({ Quotas: [{ QuotaName: "Default maximum number of accounts", QuotaCode: "L-29A0C5DF", Value: 10 }] });
            },
            text: [/You need 31; your quota is 10: request 40 in Service Quotas/, /--quota-code L-29A0C5DF --desired-value 40/, /or start with 9 student\(s\)/],
        },
        {
            name: "SUSPENDED accounts count against the quota, and an applied increase is read by listing", check: "account quota", status: "FAIL",
            breaks: () => {
                organizations.on(ListAccountsCommand).resolves({ Accounts: accounts(4, 12) });
                quotas.on(ListServiceQuotasCommand).resolves({ Quotas: [{ QuotaName: "Default maximum number of accounts", QuotaCode: "L-29A0C5DF", Value: 15 }] });
            },
            text: [/17 account\(s\) in the organization \(12 SUSPENDED/, /is 15: 2 account/, /You need 17; your quota is 15/],
        },
        {
            name: "a quota with too little room for students added on the day", check: "account quota", status: "warn",
            breaks: () => quotas.on(ListAWSDefaultServiceQuotasCommand).resolves({ Quotas: [{ QuotaName: "Default maximum number of accounts", QuotaCode: "L-29A0C5DF", Value: 6 }] }),
            text: [/1 to spare/, /fix: Request 10 in Service Quotas/],
        },
        {
            name: "AccessDenied on the quota itself is 'could not check', never ok", check: "account quota", status: "UNKNOWN",
            breaks: () => quotas.on(ListServiceQuotasCommand).rejects(new QuotasAccessDenied({ message: "User is not authorized to perform: servicequotas:ListServiceQuotas", $metadata: { httpStatusCode: 400 } })),
            text: [/could not check: AccessDeniedException: User is not authorized to perform: servicequotas:ListServiceQuotas/, /fix: /],
        },
        {
            name: "consolidated billing only", check: "organization", status: "FAIL",
            breaks: () => organizations.on(DescribeOrganizationCommand).resolves({ Organization: { MasterAccountId: PAYER, FeatureSet: "CONSOLIDATED_BILLING" } }),
            text: [/only CONSOLIDATED_BILLING features/, /fix: Organizations console > Settings > Enable all features/],
        },
        {
            name: "credentials of a member account", check: "organization", status: "FAIL",
            breaks: () => sts.on(GetCallerIdentityCommand).resolves({ Account: "123456789012", Arn: "arn:aws:sts::123456789012:assumed-role/Admin/x" }),
            text: [/account 123456789012, not the management account 999988887777/, /fix: Run with credentials of account 999988887777/],
        },
        {
            name: "SCPs not enabled on the root", check: "SCPs on the root", status: "FAIL",
            breaks: () => organizations.on(ListRootsCommand).resolves({ Roots: [{ Id: ROOT, PolicyTypes: [] }] }),
            text: [/not enabled on root r-ab12/, /enable-policy-type --root-id r-ab12 --policy-type SERVICE_CONTROL_POLICY/],
        },
        {
            name: "accounts to close within the quota", check: "close quota", status: "ok", setup: { roster: NAMES.slice(0, 3) },
            text: [/Closing 1 account\(s\)/],
        },
        {
            name: "accounts to close when the window may be full", check: "close quota", status: "warn", setup: { roster: NAMES.slice(0, 3) },
            breaks: () => organizations.on(ListAccountsCommand).resolves({ Accounts: accounts(4, 10) }),
            text: [/CLOSE_ACCOUNT_QUOTA_EXCEEDED/, /fix: Nothing to do before `up`/],
        },
        {
            name: "the Identity Center instance in another region", check: "Identity Center", status: "FAIL",
            breaks: () => ssoAdmin.on(ListInstancesCommand).resolves({ Instances: [] }),
            text: [/no Identity Center instance .* in eu-west-1, the stack's aws:region \(none there\)/, /fix: Set the stack's aws:region/],
        },
        {
            name: "another identity store than the config says", check: "Identity Center", status: "FAIL",
            breaks: () => ssoAdmin.on(ListInstancesCommand).resolves({ Instances: [{ InstanceArn: INSTANCE, IdentityStoreId: "d-9999999999", Status: "ACTIVE" }] }),
            text: [/uses identity store d-9999999999/, /identityStoreId d-9999999999/],
        },
        {
            name: "a permission set with our name that is not ours", check: "permission set", status: "FAIL",
            breaks: () => ssoAdmin.on(ListPermissionSetsCommand).resolves({ PermissionSets: ["arn:aws:sso:::permissionSet/ssoins-0123456789abcdef/ps-other"] }),
            text: [/already exists .*ps-other.* ConflictException/, /fix: Choose another workshopName/],
        },
        {
            name: "a parent OU that does not exist", check: "workshop OU parent", status: "FAIL", setup: { config: { parentOuId: "ou-ab12-gone0001" } },
            breaks: () => organizations.on(DescribeOrganizationalUnitCommand, { OrganizationalUnitId: "ou-ab12-gone0001" })
                .rejects(new OrganizationalUnitNotFoundException({ message: "not found", $metadata: {} })),
            text: [/parentOuId names an OU that does not exist/],
        },
        {
            name: "an OU that already carries 5 SCPs", check: "workshop OU SCPs", status: "FAIL",
            breaks: () => { scpsOn[OU] = [FULL, ...[1, 2, 3, 4].map((i) => ({ Id: `p-other00${i}`, Name: `team-policy-${i}` }))]; },
            text: [/4 SCP\(s\) not from this stack \(team-policy-1, .*that is 9, and Organizations allows 5 per OU/, /detach-policy --target-id ou-ab12-cd34ef56 .*p-other001/],
        },
        {
            name: "an OU without FullAWSAccess", check: "workshop OU SCPs", status: "FAIL",
            breaks: () => { scpsOn[OU] = [...OURS]; },
            text: [/no FullAWSAccess SCP/, /attach-policy --target-id ou-ab12-cd34ef56 --policy-id p-FullAWSAccess/],
        },
        {
            name: "a missing Suspended OU", check: "Suspended OU", status: "FAIL",
            breaks: () => organizations.on(ListOrganizationalUnitsForParentCommand).resolves({ OrganizationalUnits: [{ Id: "ou-ab12-other001", Name: "Research" }] }),
            text: [/an OU named "Suspended" under root r-ab12 does not exist/, /create-organizational-unit --parent-id <root id> --name Suspended/],
        },
        {
            name: "a Suspended OU without a deny-all SCP", check: "Suspended OU", status: "warn",
            breaks: () => { scpsOn[SUSPENDED] = [FULL]; },
            text: [/no deny-all SCP/, /attach-policy --target-id ou-ab12-susp0001/],
        },
        {
            name: "renames needed without trusted access", check: "account renames", status: "FAIL",
            setup: { roster: [`Ada Byron=${emailOf("Ada Lovelace")}`, ...NAMES.slice(1)] },
            breaks: () => organizations.on(ListAWSServiceAccessForOrganizationCommand).resolves({ EnabledServicePrincipals: [] }),
            text: [/renames 1 account/, /enable-aws-service-access --service-principal account\.amazonaws\.com/],
        },
        {
            name: "no trusted access and nothing to rename", check: "account renames", status: "warn",
            breaks: () => organizations.on(ListAWSServiceAccessForOrganizationCommand).resolves({ EnabledServicePrincipals: [] }),
            text: [/cannot have their account renamed/],
        },
        {
            name: "the SES sandbox with unverified students", check: "SES sending", status: "FAIL",
            breaks: () => ses.on(GetAccountCommand).resolves({ ProductionAccessEnabled: false, SendingEnabled: true, SendQuota: { Max24HourSend: 200, MaxSendRate: 1, SentLast24Hours: 0 } }),
            text: [/SES sandbox in us-east-1: it sends only to verified addresses, and 4 of the 4/, /fix: Request production access/],
        },
        {
            name: "the SES sandbox with every student verified", check: "SES sending", status: "warn",
            breaks: () => {
                ses.on(GetAccountCommand).resolves({ ProductionAccessEnabled: false, SendingEnabled: true, SendQuota: { Max24HourSend: 200, MaxSendRate: 1, SentLast24Hours: 0 } });
                ses.on(GetEmailIdentityCommand, { EmailIdentity: "uni.example" }).resolves({ VerifiedForSendingStatus: true });
            },
            text: [/every one of the 4 student address\(es\) is verified/],
        },
        {
            name: "a sending quota smaller than the class", check: "SES quota", status: "FAIL", setup: { roster: manyNames(30), deployed: [] },
            breaks: () => ses.on(GetAccountCommand).resolves({ ProductionAccessEnabled: true, SendingEnabled: true, SendQuota: { Max24HourSend: 200, MaxSendRate: 1, SentLast24Hours: 190 } }),
            text: [/30 welcome email\(s\) against 10 of 200 left/, /at least 220/],
        },
        {
            name: "an unverified From address", check: "SES From", status: "FAIL",
            breaks: () => ses.on(GetEmailIdentityCommand, { EmailIdentity: "school.example" }).resolves({ VerifiedForSendingStatus: false }),
            text: [/teacher@school\.example, the welcome emails' From address, is not verified/, /create-email-identity --email-identity teacher@school\.example/],
        },
        {
            name: "budgetFreeze off: no role to check", check: "budget freeze role", status: "ok", setup: { config: { budgetFreeze: "false" } },
            text: [/budgetFreeze is off/],
        },
        {
            name: "Cost Explorer not enabled", check: "Cost Explorer", status: "warn",
            breaks: () => costExplorer.on(GetCostAndUsageCommand).rejects(new DataUnavailableException({ message: "Data is not available.", $metadata: {} })),
            text: [/not available: Data is not available/, /Launch Cost Explorer/],
        },
        {
            name: "the caller is denied actions up needs", check: "your permissions", status: "warn",
            breaks: () => iam.on(SimulatePrincipalPolicyCommand).callsFake(({ ActionNames }: { ActionNames: string[] }) => ({
                EvaluationResults: ActionNames.map((EvalActionName) => ({ EvalActionName, EvalDecision: EvalActionName === "organizations:CreateAccount" ? "implicitDeny" : "allowed" })),
            })),
            text: [/is denied 1 of \d+ action\(s\) `up` may need: organizations:CreateAccount/, /instructor-policy --out/],
        },
        {
            name: "a caller that cannot be simulated", check: "your permissions", status: "UNKNOWN",
            breaks: () => iam.on(SimulatePrincipalPolicyCommand).rejects(Object.assign(new Error("not authorized to perform: iam:SimulatePrincipalPolicy"), { name: "AccessDenied" })),
            text: [/could not check: the caller cannot be simulated: iam:SimulatePrincipalPolicy was refused/],
        },
        {
            name: "AccessDenied on Organizations: every check that needs it says so", check: "organization", status: "UNKNOWN",
            breaks: () => organizations.on(DescribeOrganizationCommand).rejects(new AccessDeniedException({ message: "You don't have permissions to access this resource.", $metadata: {} })),
            text: [/could not check: AccessDeniedException: You don't have permissions/],
        },
    ];

    for (const c of cases) {
        it(`${c.status} ${c.check}: ${c.name}`, async () => {
            c.breaks?.();
            const run = await doctorOrg(c.setup);
            const found = checkOf(run.output, c.check);
            expect(found.status, run.output).to.equal(c.status);
            for (const pattern of c.text) expect(found.text, run.output).to.match(pattern);
            if (c.status !== "ok") expect(found.text).to.match(/see: https:\/\/docs\.aws\.amazon\.com\//);
            expect(run.exitCode).to.equal(c.status === "FAIL" ? 1 : 0);
        });
    }

    describe("in a pull request, under the read-only preview role (policies/preview-policy.json)", () => {
        const MOCKED: [{ prototype: { send: unknown } }, string][] = [
            [OrganizationsClient, "organizations"], [STSClient, "sts"], [ServiceQuotasClient, "servicequotas"], [SSOAdminClient, "sso"],
            [SESv2Client, "ses"], [CostExplorerClient, "ce"], [IAMClient, "iam"],
        ];
        const sends = new Map<string, unknown>();
        const previewPolicy = policyFile("preview-policy", { managementAccountId: PAYER, organizationId: "o-exampleorg1", stateBucket: "s", stateObjects: "s/*" });

        /** The ARN an Organizations call names (the readiness check asks about the root, OUs and SCPs); "*" otherwise. */
        function resourceOf(service: string, input: Record<string, unknown>): string {
            const org = (path: string) => `arn:aws:organizations::${PAYER}:${path}`;
            const id = String(input.ParentId ?? input.TargetId ?? input.OrganizationalUnitId ?? "");
            if (service !== "organizations") return "*";
            if (id.startsWith("r-")) return org(`root/o-exampleorg1/${id}`);
            if (id.startsWith("ou-")) return org(`ou/o-exampleorg1/${id}`);
            if (input.PolicyId) return org(`policy/o-exampleorg1/service_control_policy/${String(input.PolicyId)}`);
            return "*";
        }

        /** IAM's decision on the call for the preview role, as the simulator gives it. */
        async function allowed(service: string, command: { constructor: { name: string }; input: Record<string, unknown> }): Promise<boolean> {
            const action = `${service}:${command.constructor.name.replace(/Command$/, "")}`;
            // "No permissions are required to perform this operation." (https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html)
            if (action === "sts:GetCallerIdentity") return true;
            const verdict = await simulate({
                request: {
                    principal: `arn:aws:sts::${PAYER}:assumed-role/workshop-preview/pr-7`, action,
                    resource: { resource: resourceOf(service, command.input), accountId: PAYER }, contextVariables: {},
                },
                identityPolicies: [previewPolicy], serviceControlPolicies: [], resourceControlPolicies: [],
            });
            return verdict.result === "Allowed";
        }

        beforeEach(() => {
            // Every call first goes through IAM: what the preview policy does not allow is refused as AWS refuses it
            // (AccessDenied from IAM's query API, AccessDeniedException from the JSON APIs), before the mock answers.
            for (const [client, service] of MOCKED) {
                const answer = client.prototype.send as (this: unknown, command: unknown) => Promise<unknown>;
                sends.set(service, answer);
                client.prototype.send = async function (this: unknown, command: { constructor: { name: string }; input: Record<string, unknown> }) {
                    if (!(await allowed(service, command))) {
                        const name = service === "iam" ? "AccessDenied" : "AccessDeniedException";
                        throw Object.assign(new Error(`User: arn:aws:sts::${PAYER}:assumed-role/workshop-preview/pr-7 is not authorized to perform: ` +
                            `${service}:${command.constructor.name.replace(/Command$/, "")}`), { name, $fault: "client", $metadata: { httpStatusCode: 403 } });
                    }
                    return answer.call(this, command);
                };
            }
        });
        afterEach(() => {
            for (const [client, service] of MOCKED) client.prototype.send = sends.get(service);
        });

        it("preview goes on: what the role may not read is 'could not be checked', never a FAIL", async () => {
            const projectDir = fs.mkdtempSync(path.join(os.tmpdir(), "doctor-org-preview-"));
            fs.writeFileSync(path.join(projectDir, "roster.yaml"), `students:\n${NAMES.map((n) => `  - email: ${emailOf(n)}\n    name: ${n}\n`).join("")}`);
            const engine = new FakeEngine({
                outputs: outputs(NAMES), config: { identityCenterInstanceArn: INSTANCE, identityStoreId: STORE, "aws:region": IC_REGION },
                preview: () => ({ changes: [] }),
            });
            const run = await runCli(["preview"], { engine, context: { projectDir }, commandOptions: { checkOrganization: organizationReadiness } });
            const output = run.lines.join("\n");
            expect(run.exitCode, output).to.equal(0);
            expect(engine.calls, "the preview ran").to.include("preview");
            expect(output).to.match(/Organization: .*\d+ could not be checked/);
            expect(output.split("\n").filter((l) => /^ {2}FAIL /.test(l)), output).to.deep.equal([]);
            expect(checkOf(output, "account quota").text).to.contain("could not check");
        });
    });
});
