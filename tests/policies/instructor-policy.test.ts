import type { Simulation } from "@cloud-copilot/iam-simulate";
import { expect } from "chai";

import { LEASE_PREFIX } from "../../infra/dynamic/account-admission";
import { loadPolicyTemplate, renderPolicy } from "../../infra/guardrails/policy-documents";
import { testSettings } from "../fixtures/workshop";
import {
    type Authorization, type ContextValues, type Expectation, expectVerdict, policyFile, type RequestResource, simulateAuthorization,
} from "../support/iam-simulation";
import { MOCK_ORGANIZATION } from "../support/pulumi-harness";

/**
 * policies/instructor-policy.json is what the instructor's credentials need for `up`, `destroy`
 * and the driver's commands, scoped to this workshop where AWS lets a policy name it: by name
 * where the resource ARN holds it, by the `workshop` tag where the Service Authorization
 * Reference lists aws:ResourceTag / aws:RequestTag for the action. Each call is authorized on
 * every resource it touches (MoveAccount: the account, where it comes from and where it goes),
 * and carries only the keys AWS sends for it (the harness refuses any other).
 */

const MANAGEMENT = MOCK_ORGANIZATION.masterAccountId;
const ORG = MOCK_ORGANIZATION.id;
const STUDENT_ACCOUNT = "222222222222";
const WORKSHOP = testSettings().workshopName;
const OTHER_WORKSHOP = "finance-q4";
const SUSPENDED_OU_ID = "ou-ab12-suspend1";
const VARIABLES = { managementAccountId: MANAGEMENT, organizationId: ORG, workshopName: WORKSHOP, suspendedOuId: SUSPENDED_OU_ID };
/** IAM rejects a managed policy longer than this, whitespace excluded. */
const MAX_MANAGED_POLICY_SIZE = 6144;

const organizations = (path: string) => `arn:aws:organizations::${MANAGEMENT}:${path}`;
const iam = (path: string) => `arn:aws:iam::${MANAGEMENT}:${path}`;
const BUDGET = `arn:aws:budgets::${MANAGEMENT}:budget/${WORKSHOP}-student1-at-uni-example`;
const INSTANCE = "arn:aws:sso:::instance/ssoins-0123456789abcdef";
const ACCESS_ROLE = `arn:aws:iam::${STUDENT_ACCOUNT}:role/OrganizationAccountAccessRole`;
const IDENTITY_STORE = `arn:aws:identitystore::${MANAGEMENT}:identitystore/d-0123456789`;

/** A resource with its tags, as aws:ResourceTag/<key> (the harness refuses them where the resource type takes none). */
const withTags = (arn: string, tags: Record<string, string> = {}): RequestResource =>
    ({ arn, context: Object.fromEntries(Object.entries(tags).map(([key, value]) => [`aws:ResourceTag/${key}`, value])) });
const ours = (arn: string) => withTags(arn, { workshop: WORKSHOP });
const theirs = (arn: string) => withTags(arn, { workshop: OTHER_WORKSHOP });

/** What `up` creates and tags, and what it finds. */
const ROOT = withTags(organizations(`root/${ORG}/r-ab12`));
const WORKSHOP_OU = ours(organizations(`ou/${ORG}/ou-ab12-workshop`));
const SUSPENDED_OU = withTags(organizations(`ou/${ORG}/${SUSPENDED_OU_ID}`));
/** The key prefix of admission leases (infra/dynamic/account-admission.ts). */
const LEASE = `${LEASE_PREFIX}:`;
const PRODUCTION_OU = withTags(organizations(`ou/${ORG}/ou-ab12-prod0001`));
const OTHER_WORKSHOP_OU = theirs(organizations(`ou/${ORG}/ou-ab12-finance1`));
const STUDENT = withTags(organizations(`account/${ORG}/${STUDENT_ACCOUNT}`), { workshop: WORKSHOP, student: "student1-at-uni-example" });
const OTHER_STUDENT = theirs(organizations(`account/${ORG}/333333333333`));
const PRODUCTION_ACCOUNT = withTags(organizations(`account/${ORG}/444444444444`));
const scp = (id: string) => organizations(`policy/${ORG}/service_control_policy/${id}`);
const GUARDRAIL = ours(scp("p-guardrl1"));
const FREEZE = ours(scp("p-freeze01"));
const SUSPENDED_DENY_ALL = withTags(scp("p-denyall1"));
const OTHER_WORKSHOP_SCP = theirs(scp("p-finance1"));
const permissionSet = (id: string) => `arn:aws:sso:::permissionSet/ssoins-0123456789abcdef/${id}`;
const PERMISSION_SET = ours(permissionSet("ps-0123456789abcdef"));
const ADMIN_PERMISSION_SET = withTags(permissionSet("ps-admin0000000000"));
const SSO_ACCOUNT = withTags(`arn:aws:sso:::account/${STUDENT_ACCOUNT}`);
const RENAME_TARGET = (account: string, org = ORG) => withTags(`arn:aws:account::${MANAGEMENT}:account/${org}/${account}`);

/** The tags `up` creates a resource with, as the create call carries them. */
const CREATED_WITH = (tags: Record<string, string>): ContextValues => ({
    ...Object.fromEntries(Object.entries(tags).map(([key, value]) => [`aws:RequestTag/${key}`, value])),
    "aws:TagKeys": Object.keys(tags),
});

interface InstructorCase {
    name: string;
    call: Authorization;
    expected: Expectation;
}

/** One action on one or more resources (strings are untagged resources). */
const call = (action: string, resources: (string | RequestResource)[], context?: ContextValues): Authorization =>
    ({ action, resources: resources.map((r) => (typeof r === "string" ? withTags(r) : r)), ...(context ? { context } : {}) });
const allowed = (name: string, c: Authorization): InstructorCase => ({ name, call: c, expected: "Allowed" });
const denied = (name: string, c: Authorization): InstructorCase => ({ name, call: c, expected: "ImplicitlyDenied" });

const CASES: InstructorCase[] = [
    // What `up` calls.
    allowed("creates accounts with the workshop tag", call("organizations:CreateAccount", ["*"], CREATED_WITH({ workshop: WORKSHOP, student: "student1-at-uni-example" }))),
    allowed("moves a new account from the root into the workshop OU", call("organizations:MoveAccount", [STUDENT, ROOT, WORKSHOP_OU])),
    allowed("creates the workshop OU, tagged, under the root", call("organizations:CreateOrganizationalUnit", [ROOT], CREATED_WITH({ workshop: WORKSHOP }))),
    allowed("creates the workshop OU, tagged, under a parent OU (parentOuId)", call("organizations:CreateOrganizationalUnit", [PRODUCTION_OU], CREATED_WITH({ workshop: WORKSHOP }))),
    allowed("creates the guardrail SCPs, tagged", call("organizations:CreatePolicy", [scp("p-guardrl1")], { ...CREATED_WITH({ workshop: WORKSHOP }), "organizations:PolicyType": "SERVICE_CONTROL_POLICY" })),
    allowed("attaches a guardrail SCP to the workshop OU", call("organizations:AttachPolicy", [GUARDRAIL, WORKSHOP_OU], { "organizations:PolicyType": "SERVICE_CONTROL_POLICY" })),
    allowed("updates a guardrail SCP", call("organizations:UpdatePolicy", [GUARDRAIL], { "organizations:PolicyType": "SERVICE_CONTROL_POLICY" })),
    allowed("renames the workshop OU", call("organizations:UpdateOrganizationalUnit", [WORKSHOP_OU])),
    allowed("changes a student tag on an account", call("organizations:TagResource", [STUDENT], CREATED_WITH({ student: "ada-at-uni-example" }))),
    allowed("creates student users", call("identitystore:CreateUser", [IDENTITY_STORE])),
    allowed("adds students to the workshop group", call("identitystore:CreateGroupMembership", [IDENTITY_STORE, "arn:aws:identitystore:::group/g-0123456789", "arn:aws:identitystore:::user/u-0123456789"])),
    allowed("creates the permission set, tagged", call("sso:CreatePermissionSet", [INSTANCE, permissionSet("ps-0123456789abcdef")], CREATED_WITH({ workshop: WORKSHOP }))),
    allowed("attaches the managed policy to the workshop permission set", call("sso:AttachManagedPolicyToPermissionSet", [INSTANCE, PERMISSION_SET])),
    allowed("assigns a student to their account with the workshop permission set", call("sso:CreateAccountAssignment", [SSO_ACCOUNT, INSTANCE, PERMISSION_SET])),
    allowed("provisions the workshop permission set", call("sso:ProvisionPermissionSet", [SSO_ACCOUNT, INSTANCE, PERMISSION_SET])),
    allowed("creates a student budget", call("budgets:ModifyBudget", [BUDGET])),
    allowed("creates the freeze budget action", call("budgets:CreateBudgetAction", [`${BUDGET}/action/0123abcd-0000-1111-2222-333344445555`])),
    allowed("creates the budget freeze role", call("iam:CreateRole", [iam(`role/${WORKSHOP}-budget-freeze`)])),
    allowed("passes the freeze role to Budgets", call("iam:PassRole", [iam(`role/${WORKSHOP}-budget-freeze`)], { "iam:PassedToService": "budgets.amazonaws.com" })),
    allowed("creates the workshop-mode user", call("iam:CreateUser", [iam(`user/${WORKSHOP}-workshop-mode`)])),
    allowed("creates workshop-mode access keys", call("iam:CreateAccessKey", [iam(`user/${WORKSHOP}-workshop-mode`)])),
    allowed("creates the billing alarm topic", call("sns:CreateTopic", [`arn:aws:sns:us-east-1:${MANAGEMENT}:${WORKSHOP}-billing-alarm`])),
    allowed("creates the billing alarm", call("cloudwatch:PutMetricAlarm", [`arn:aws:cloudwatch:us-east-1:${MANAGEMENT}:alarm:${WORKSHOP}-estimated-charges`])),
    allowed("enters a student account to build its lab network", call("sts:AssumeRole", [ACCESS_ROLE], { "aws:ResourceOrgID": ORG })),
    // Account Management sends no tag for PutAccountName: the rename is scoped to the organization's member accounts by ARN.
    allowed("renames a workshop account in place", call("account:PutAccountName", [RENAME_TARGET(STUDENT_ACCOUNT)])),
    allowed("looks up an existing Identity Center user by email", call("identitystore:GetUserId", [IDENTITY_STORE])),
    // What `destroy` and the driver call.
    // Admission (infra/dynamic/account-admission.ts) leases a creation or closure slot as a tag on the shared Suspended OU.
    allowed("leases an admission slot: tags the Suspended OU", call("organizations:TagResource", [SUSPENDED_OU], CREATED_WITH({ [`${LEASE}create:0123456789abcdef0123`]: "1764230400000" }))),
    allowed("gives an admission slot back: untags the Suspended OU", call("organizations:UntagResource", [SUSPENDED_OU], { "aws:TagKeys": [`${LEASE}close:0123456789abcdef0123`] })),
    allowed("parks an account: moves it from the workshop OU into the Suspended OU", call("organizations:MoveAccount", [STUDENT, WORKSHOP_OU, SUSPENDED_OU])),
    allowed("detaches the freeze SCP Budgets attached", call("organizations:DetachPolicy", [FREEZE, STUDENT], { "organizations:PolicyType": "SERVICE_CONTROL_POLICY" })),
    allowed("closes a workshop account", call("organizations:CloseAccount", [STUDENT])),
    allowed("deletes a guardrail SCP", call("organizations:DeletePolicy", [GUARDRAIL], { "organizations:PolicyType": "SERVICE_CONTROL_POLICY" })),
    allowed("deletes the workshop OU", call("organizations:DeleteOrganizationalUnit", [WORKSHOP_OU])),
    allowed("removes a student from the permission set", call("sso:DeleteAccountAssignment", [SSO_ACCOUNT, INSTANCE, PERMISSION_SET])),
    allowed("deletes the workshop permission set", call("sso:DeletePermissionSet", [INSTANCE, PERMISSION_SET])),
    allowed("reads which SCPs a student account has (freeze, unfreeze)", call("organizations:ListPoliciesForTarget", [STUDENT])),
    allowed("attaches the freeze SCP to a student account (freeze, live freeze)", call("organizations:AttachPolicy", [FREEZE, STUDENT], { "organizations:PolicyType": "SERVICE_CONTROL_POLICY" })),
    allowed("reads a student's budget actions (freeze --all-frozen)", call("budgets:DescribeBudgetActionsForBudget", [BUDGET])),
    allowed("unfreezes a student (reverses the budget action)", call("budgets:ExecuteBudgetAction", [`${BUDGET}/action/0123abcd-0000-1111-2222-333344445555`])),
    allowed("reads the report's costs by service", call("ce:GetCostAndUsage", ["*"])),
    // DescribeBudgets lists every budget of the payer account; the driver keeps the workshop's.
    allowed("reads budget spend (DescribeBudgets)", call("budgets:ViewBudget", [`arn:aws:budgets::${MANAGEMENT}:budget/finance-q4`])),
    allowed("reads on-demand list prices for the live meter", call("pricing:GetProducts", ["*"])),
    allowed("reads the shared key's Bedrock token metrics", call("cloudwatch:GetMetricStatistics", ["*"])),
    allowed("lists which Bedrock models have metrics", call("cloudwatch:ListMetrics", ["*"])),
    allowed("deactivates the shared key (live freeze)", call("iam:UpdateAccessKey", [iam(`user/${WORKSHOP}-workshop-mode`)])),
    allowed("sends welcome emails", call("ses:SendEmail", [`arn:aws:ses:us-east-1:${MANAGEMENT}:identity/school.example`])),
    // What `doctor` reads, and the one change it makes (--unsuppress).
    allowed("doctor: reads a student's account state", call("organizations:DescribeAccount", [STUDENT])),
    allowed("doctor: reads a student's Identity Center user", call("identitystore:DescribeUser", [IDENTITY_STORE, "arn:aws:identitystore:::user/9067111111-user"])),
    allowed("doctor: lists a student's account assignments", call("sso:ListAccountAssignments", [SSO_ACCOUNT, INSTANCE, PERMISSION_SET])),
    allowed("doctor: lists assignment creation requests", call("sso:ListAccountAssignmentCreationStatus", [INSTANCE])),
    allowed("doctor: lists where the permission set is provisioned", call("sso:ListAccountsForProvisionedPermissionSet", [INSTANCE, PERMISSION_SET])),
    allowed("doctor: reads a student's budget and its alerts", call("budgets:ViewBudget", [BUDGET])),
    allowed("doctor: looks an address up on SES's suppression list", call("ses:GetSuppressedDestination", ["*"])),
    allowed("doctor --unsuppress: removes it from the list", call("ses:DeleteSuppressedDestination", ["*"])),

    // Nothing else of the organization: what carries no workshop tag, or another workshop's.
    denied("cannot create an account without the workshop tag", call("organizations:CreateAccount", ["*"])),
    denied("cannot create an account tagged for another workshop", call("organizations:CreateAccount", ["*"], CREATED_WITH({ workshop: OTHER_WORKSHOP }))),
    denied("cannot create an untagged SCP", call("organizations:CreatePolicy", [scp("p-new00001")], { "organizations:PolicyType": "SERVICE_CONTROL_POLICY" })),
    denied("cannot detach the Suspended OU's deny-all SCP", call("organizations:DetachPolicy", [SUSPENDED_DENY_ALL, SUSPENDED_OU], { "organizations:PolicyType": "SERVICE_CONTROL_POLICY" })),
    denied("cannot change the Suspended OU's deny-all SCP", call("organizations:UpdatePolicy", [SUSPENDED_DENY_ALL], { "organizations:PolicyType": "SERVICE_CONTROL_POLICY" })),
    denied("cannot delete the Suspended OU's deny-all SCP", call("organizations:DeletePolicy", [SUSPENDED_DENY_ALL], { "organizations:PolicyType": "SERVICE_CONTROL_POLICY" })),
    denied("cannot tag the Suspended OU into the workshop (which would let it delete the OU)", call("organizations:TagResource", [SUSPENDED_OU], CREATED_WITH({ workshop: WORKSHOP }))),
    denied("cannot tag the Suspended OU with a lease and anything else", call("organizations:TagResource", [SUSPENDED_OU], CREATED_WITH({ [`${LEASE}create:0123456789abcdef0123`]: "1", owner: "me" }))),
    denied("cannot put an admission lease on another OU", call("organizations:TagResource", [PRODUCTION_OU], CREATED_WITH({ [`${LEASE}create:0123456789abcdef0123`]: "1" }))),
    denied("cannot tag the Suspended OU's deny-all SCP into the workshop", call("organizations:TagResource", [SUSPENDED_DENY_ALL], CREATED_WITH({ workshop: WORKSHOP }))),
    denied("cannot detach another workshop's SCP", call("organizations:DetachPolicy", [OTHER_WORKSHOP_SCP, OTHER_WORKSHOP_OU], { "organizations:PolicyType": "SERVICE_CONTROL_POLICY" })),
    denied("cannot attach its guardrail to another workshop's OU", call("organizations:AttachPolicy", [GUARDRAIL, OTHER_WORKSHOP_OU], { "organizations:PolicyType": "SERVICE_CONTROL_POLICY" })),
    denied("cannot attach the freeze SCP to a production account", call("organizations:AttachPolicy", [FREEZE, PRODUCTION_ACCOUNT], { "organizations:PolicyType": "SERVICE_CONTROL_POLICY" })),
    denied("cannot attach the freeze SCP to the root", call("organizations:AttachPolicy", [FREEZE, ROOT], { "organizations:PolicyType": "SERVICE_CONTROL_POLICY" })),
    denied("cannot update another workshop's SCP", call("organizations:UpdatePolicy", [OTHER_WORKSHOP_SCP], { "organizations:PolicyType": "SERVICE_CONTROL_POLICY" })),
    denied("cannot delete another OU", call("organizations:DeleteOrganizationalUnit", [PRODUCTION_OU])),
    denied("cannot delete the Suspended OU", call("organizations:DeleteOrganizationalUnit", [SUSPENDED_OU])),
    denied("cannot move a workshop account into another OU", call("organizations:MoveAccount", [STUDENT, WORKSHOP_OU, PRODUCTION_OU])),
    denied("cannot move a production account into the Suspended OU", call("organizations:MoveAccount", [PRODUCTION_ACCOUNT, PRODUCTION_OU, SUSPENDED_OU])),
    denied("cannot move another workshop's account", call("organizations:MoveAccount", [OTHER_STUDENT, OTHER_WORKSHOP_OU, SUSPENDED_OU])),
    denied("cannot move a production account into the workshop OU", call("organizations:MoveAccount", [PRODUCTION_ACCOUNT, ROOT, WORKSHOP_OU])),
    denied("cannot close an account of another workshop", call("organizations:CloseAccount", [OTHER_STUDENT])),
    denied("cannot close an untagged account", call("organizations:CloseAccount", [PRODUCTION_ACCOUNT])),
    denied("cannot remove the workshop tag from an account", call("organizations:UntagResource", [STUDENT], { "aws:TagKeys": ["workshop"] })),
    denied("cannot change an account's workshop tag", call("organizations:TagResource", [STUDENT], CREATED_WITH({ workshop: OTHER_WORKSHOP }))),
    denied("cannot create a permission set without the workshop tag", call("sso:CreatePermissionSet", [INSTANCE, permissionSet("ps-new0000000000")])),
    denied("cannot attach a policy to another permission set", call("sso:AttachManagedPolicyToPermissionSet", [INSTANCE, ADMIN_PERMISSION_SET])),
    denied("cannot assign another permission set", call("sso:CreateAccountAssignment", [SSO_ACCOUNT, INSTANCE, ADMIN_PERMISSION_SET])),
    denied("cannot delete another permission set", call("sso:DeletePermissionSet", [INSTANCE, ADMIN_PERMISSION_SET])),
    denied("cannot rename an account of another organization", call("account:PutAccountName", [RENAME_TARGET("333333333333", "o-someoneelse")])),
    denied("cannot rename the management account itself", call("account:PutAccountName", [`arn:aws:account::${MANAGEMENT}:account`])),
    denied("cannot delete the organization", call("organizations:DeleteOrganization", ["*"])),
    // Nothing else at all.
    denied("cannot delete an S3 bucket", call("s3:DeleteBucket", ["arn:aws:s3:::payroll"])),
    denied("cannot create an IAM user of another name", call("iam:CreateUser", [iam("user/mallory")])),
    denied("cannot create keys for another user", call("iam:CreateAccessKey", [iam("user/admin")])),
    denied("cannot write another role's policy", call("iam:PutRolePolicy", [iam("role/Admin")])),
    denied("cannot pass the freeze role to EC2", call("iam:PassRole", [iam(`role/${WORKSHOP}-budget-freeze`)], { "iam:PassedToService": "ec2.amazonaws.com" })),
    denied("cannot change another workshop's budget", call("budgets:ModifyBudget", [`arn:aws:budgets::${MANAGEMENT}:budget/finance-q4`])),
    denied("cannot add addresses to SES's suppression list", call("ses:PutSuppressedDestination", ["*"])),
    denied("cannot enter an account outside the organization", call("sts:AssumeRole", ["arn:aws:iam::999999999999:role/OrganizationAccountAccessRole"], { "aws:ResourceOrgID": "o-someoneelse" })),
];

/** Organizations creates the access role trusting the management account. */
const ACCESS_ROLE_TRUST = {
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${MANAGEMENT}:root` }, Action: "sts:AssumeRole" }],
};

function simulation(action: string, resource: string, context: ContextValues): Simulation {
    const crossAccount = action === "sts:AssumeRole";
    const resourceAccount = crossAccount ? resource.split(":")[4] : MANAGEMENT;
    return {
        request: {
            principal: iam("user/instructor"),
            action,
            resource: { resource, accountId: resourceAccount },
            contextVariables: { "aws:PrincipalArn": iam("user/instructor"), ...context },
        },
        // The live meter's reads are a second policy: the first is at IAM's size limit.
        identityPolicies: [policyFile("instructor-policy", VARIABLES), policyFile("live-meter-policy", VARIABLES)],
        // SCPs never restrict the management account.
        serviceControlPolicies: [],
        resourceControlPolicies: [],
        ...(crossAccount ? { resourcePolicy: ACCESS_ROLE_TRUST } : {}),
    };
}

describe("instructor policy, simulated", function () {
    it("fits IAM's managed policy size with the longest workshop name", () => {
        for (const name of ["instructor-policy", "live-meter-policy"]) {
            const longest = renderPolicy(loadPolicyTemplate(name), {
                ...VARIABLES, workshopName: "w".repeat(24), organizationId: `o-${"x".repeat(32)}`, suspendedOuId: `ou-${"x".repeat(32)}-${"y".repeat(32)}`,
            });
            expect(JSON.stringify(longest).length, name).to.be.at.most(MAX_MANAGED_POLICY_SIZE);
        }
    });

    for (const c of CASES) {
        it(c.name, async () => expectVerdict(c.name, await simulateAuthorization(c.call, simulation), c.expected));
    }
});
