import type { Simulation } from "@cloud-copilot/iam-simulate";
import { expect } from "chai";

import { loadPolicyTemplate, renderPolicy } from "../../infra/guardrails/policy-documents";
import { testSettings } from "../fixtures/workshop";
import { Expectation, expectVerdict, policyFile, simulate } from "../support/iam-simulation";
import { MOCK_ORGANIZATION } from "../support/pulumi-harness";

/**
 * policies/instructor-policy.json is what the instructor's credentials need for `up`, `destroy`
 * and the driver's commands, scoped to this workshop's names where AWS lets a policy name them.
 */

const MANAGEMENT = MOCK_ORGANIZATION.masterAccountId;
const ORG = MOCK_ORGANIZATION.id;
const STUDENT_ACCOUNT = "222222222222";
const WORKSHOP = testSettings().workshopName;
const VARIABLES = { managementAccountId: MANAGEMENT, organizationId: ORG, workshopName: WORKSHOP };
/** IAM rejects a managed policy longer than this, whitespace excluded. */
const MAX_MANAGED_POLICY_SIZE = 6144;

const organizations = (path: string) => `arn:aws:organizations::${MANAGEMENT}:${path}`;
const iam = (path: string) => `arn:aws:iam::${MANAGEMENT}:${path}`;
const BUDGET = `arn:aws:budgets::${MANAGEMENT}:budget/${WORKSHOP}-student1-at-uni-example`;
const PERMISSION_SET = "arn:aws:sso:::permissionSet/ssoins-0123456789abcdef/ps-0123456789abcdef";
const ACCESS_ROLE = `arn:aws:iam::${STUDENT_ACCOUNT}:role/OrganizationAccountAccessRole`;

interface InstructorCase {
    name: string;
    action: string;
    resource: string;
    context?: Record<string, string>;
    expected: Expectation;
}

const CASES: InstructorCase[] = [
    // What `up` calls.
    { name: "creates accounts", action: "organizations:CreateAccount", resource: "*", expected: "Allowed" },
    { name: "creates the workshop OU under the root", action: "organizations:CreateOrganizationalUnit", resource: organizations(`root/${ORG}/r-ab12`), expected: "Allowed" },
    { name: "creates the guardrail SCPs", action: "organizations:CreatePolicy", resource: organizations(`policy/${ORG}/service_control_policy/p-guardrl1`), expected: "Allowed" },
    { name: "attaches an SCP to the workshop OU", action: "organizations:AttachPolicy", resource: organizations(`ou/${ORG}/ou-ab12-workshop`), expected: "Allowed" },
    { name: "creates student users", action: "identitystore:CreateUser", resource: `arn:aws:identitystore::${MANAGEMENT}:identitystore/d-0123456789`, expected: "Allowed" },
    { name: "adds students to the workshop group", action: "identitystore:CreateGroupMembership", resource: "arn:aws:identitystore:::group/g-0123456789", expected: "Allowed" },
    { name: "creates the permission set", action: "sso:CreatePermissionSet", resource: PERMISSION_SET, expected: "Allowed" },
    { name: "assigns a student to their account", action: "sso:CreateAccountAssignment", resource: `arn:aws:sso:::account/${STUDENT_ACCOUNT}`, expected: "Allowed" },
    { name: "assigns with the workshop permission set", action: "sso:CreateAccountAssignment", resource: PERMISSION_SET, expected: "Allowed" },
    { name: "creates a student budget", action: "budgets:ModifyBudget", resource: BUDGET, expected: "Allowed" },
    { name: "creates the freeze budget action", action: "budgets:CreateBudgetAction", resource: `${BUDGET}/action/0123abcd-0000-1111-2222-333344445555`, expected: "Allowed" },
    { name: "creates the budget freeze role", action: "iam:CreateRole", resource: iam(`role/${WORKSHOP}-budget-freeze`), expected: "Allowed" },
    {
        name: "passes the freeze role to Budgets",
        action: "iam:PassRole", resource: iam(`role/${WORKSHOP}-budget-freeze`), context: { "iam:PassedToService": "budgets.amazonaws.com" },
        expected: "Allowed",
    },
    { name: "creates the workshop-mode user", action: "iam:CreateUser", resource: iam(`user/${WORKSHOP}-workshop-mode`), expected: "Allowed" },
    { name: "creates workshop-mode access keys", action: "iam:CreateAccessKey", resource: iam(`user/${WORKSHOP}-workshop-mode`), expected: "Allowed" },
    { name: "creates the billing alarm topic", action: "sns:CreateTopic", resource: `arn:aws:sns:us-east-1:${MANAGEMENT}:${WORKSHOP}-billing-alarm`, expected: "Allowed" },
    { name: "creates the billing alarm", action: "cloudwatch:PutMetricAlarm", resource: `arn:aws:cloudwatch:us-east-1:${MANAGEMENT}:alarm:${WORKSHOP}-estimated-charges`, expected: "Allowed" },
    {
        name: "enters a student account to build its lab network",
        action: "sts:AssumeRole", resource: ACCESS_ROLE, context: { "aws:ResourceOrgID": ORG },
        expected: "Allowed",
    },
    {
        name: "renames a workshop account in place",
        action: "account:PutAccountName", resource: `arn:aws:account::${MANAGEMENT}:account/${ORG}/${STUDENT_ACCOUNT}`, context: { "aws:ResourceTag/workshop": WORKSHOP },
        expected: "Allowed",
    },
    { name: "looks up an existing Identity Center user by email", action: "identitystore:GetUserId", resource: `arn:aws:identitystore::${MANAGEMENT}:identitystore/d-0123456789`, expected: "Allowed" },
    // What `destroy` and the driver call.
    { name: "parks an account: moves it out of the workshop OU", action: "organizations:MoveAccount", resource: organizations(`account/${ORG}/${STUDENT_ACCOUNT}`), expected: "Allowed" },
    { name: "parks an account: into the Suspended OU", action: "organizations:MoveAccount", resource: organizations(`ou/${ORG}/ou-ab12-suspend1`), expected: "Allowed" },
    { name: "detaches the freeze SCP Budgets attached", action: "organizations:DetachPolicy", resource: organizations(`policy/${ORG}/service_control_policy/p-freeze01`), expected: "Allowed" },
    {
        name: "closes a workshop account",
        action: "organizations:CloseAccount", resource: organizations(`account/${ORG}/${STUDENT_ACCOUNT}`), context: { "aws:ResourceTag/workshop": WORKSHOP },
        expected: "Allowed",
    },
    {
        name: "enters a student account to list and stop what bills (freeze)",
        action: "sts:AssumeRole", resource: ACCESS_ROLE, context: { "aws:ResourceOrgID": ORG },
        expected: "Allowed",
    },
    { name: "reads which SCPs a student account has (freeze, unfreeze)", action: "organizations:ListPoliciesForTarget", resource: organizations(`account/${ORG}/${STUDENT_ACCOUNT}`), expected: "Allowed" },
    { name: "attaches the freeze SCP to a student account (freeze)", action: "organizations:AttachPolicy", resource: organizations(`account/${ORG}/${STUDENT_ACCOUNT}`), expected: "Allowed" },
    { name: "attaches the freeze SCP itself (freeze)", action: "organizations:AttachPolicy", resource: organizations(`policy/${ORG}/service_control_policy/p-freeze01`), expected: "Allowed" },
    { name: "detaches the freeze SCP it attached (unfreeze)", action: "organizations:DetachPolicy", resource: organizations(`account/${ORG}/${STUDENT_ACCOUNT}`), expected: "Allowed" },
    { name: "reads a student's budget actions (freeze --all-frozen)", action: "budgets:DescribeBudgetActionsForBudget", resource: BUDGET, expected: "Allowed" },
    { name: "unfreezes a student (reverses the budget action)", action: "budgets:ExecuteBudgetAction", resource: `${BUDGET}/action/0123abcd-0000-1111-2222-333344445555`, expected: "Allowed" },
    { name: "reads the report's costs by service", action: "ce:GetCostAndUsage", resource: "*", expected: "Allowed" },
    // DescribeBudgets lists every budget of the payer account; the driver keeps the workshop's.
    { name: "reads budget spend (DescribeBudgets)", action: "budgets:ViewBudget", resource: `arn:aws:budgets::${MANAGEMENT}:budget/finance-q4`, expected: "Allowed" },
    { name: "reads on-demand list prices for the live meter", action: "pricing:GetProducts", resource: "*", expected: "Allowed" },
    { name: "reads the shared key's Bedrock token metrics", action: "cloudwatch:GetMetricStatistics", resource: "*", expected: "Allowed" },
    { name: "lists which Bedrock models have metrics", action: "cloudwatch:ListMetrics", resource: "*", expected: "Allowed" },
    { name: "attaches the freeze SCP to a student account (live freeze)", action: "organizations:AttachPolicy", resource: organizations(`account/${ORG}/${STUDENT_ACCOUNT}`), expected: "Allowed" },
    { name: "deactivates the shared key (live freeze)", action: "iam:UpdateAccessKey", resource: iam(`user/${WORKSHOP}-workshop-mode`), expected: "Allowed" },
    { name: "sends welcome emails", action: "ses:SendEmail", resource: `arn:aws:ses:us-east-1:${MANAGEMENT}:identity/school.example`, expected: "Allowed" },
    // What `doctor` reads, and the one change it makes (--unsuppress).
    { name: "doctor: reads a student's account state", action: "organizations:DescribeAccount", resource: organizations(`account/${ORG}/${STUDENT_ACCOUNT}`), expected: "Allowed" },
    { name: "doctor: lists the SCPs attached to a student's account", action: "organizations:ListPoliciesForTarget", resource: organizations(`account/${ORG}/${STUDENT_ACCOUNT}`), expected: "Allowed" },
    { name: "doctor: reads a student's Identity Center user", action: "identitystore:DescribeUser", resource: "arn:aws:identitystore:::user/9067111111-user", expected: "Allowed" },
    { name: "doctor: finds a user by user name", action: "identitystore:GetUserId", resource: `arn:aws:identitystore::${MANAGEMENT}:identitystore/d-0123456789`, expected: "Allowed" },
    { name: "doctor: lists a student's account assignments", action: "sso:ListAccountAssignments", resource: `arn:aws:sso:::account/${STUDENT_ACCOUNT}`, expected: "Allowed" },
    { name: "doctor: lists assignment creation requests", action: "sso:ListAccountAssignmentCreationStatus", resource: "arn:aws:sso:::instance/ssoins-0123456789abcdef", expected: "Allowed" },
    { name: "doctor: lists where the permission set is provisioned", action: "sso:ListAccountsForProvisionedPermissionSet", resource: PERMISSION_SET, expected: "Allowed" },
    { name: "doctor: reads a student's budget and its alerts", action: "budgets:ViewBudget", resource: BUDGET, expected: "Allowed" },
    { name: "doctor: looks an address up on SES's suppression list", action: "ses:GetSuppressedDestination", resource: "*", expected: "Allowed" },
    { name: "doctor --unsuppress: removes it from the list", action: "ses:DeleteSuppressedDestination", resource: "*", expected: "Allowed" },

    // Nothing else.
    { name: "cannot delete an S3 bucket", action: "s3:DeleteBucket", resource: "arn:aws:s3:::payroll", expected: "ImplicitlyDenied" },
    { name: "cannot create an IAM user of another name", action: "iam:CreateUser", resource: iam("user/mallory"), expected: "ImplicitlyDenied" },
    { name: "cannot create keys for another user", action: "iam:CreateAccessKey", resource: iam("user/admin"), expected: "ImplicitlyDenied" },
    { name: "cannot write another role's policy", action: "iam:PutRolePolicy", resource: iam("role/Admin"), expected: "ImplicitlyDenied" },
    {
        name: "cannot pass the freeze role to EC2",
        action: "iam:PassRole", resource: iam(`role/${WORKSHOP}-budget-freeze`), context: { "iam:PassedToService": "ec2.amazonaws.com" },
        expected: "ImplicitlyDenied",
    },
    {
        name: "cannot close an account of another workshop",
        action: "organizations:CloseAccount", resource: organizations(`account/${ORG}/333333333333`), context: { "aws:ResourceTag/workshop": "other" },
        expected: "ImplicitlyDenied",
    },
    { name: "cannot change another workshop's budget", action: "budgets:ModifyBudget", resource: `arn:aws:budgets::${MANAGEMENT}:budget/finance-q4`, expected: "ImplicitlyDenied" },
    { name: "cannot delete the organization", action: "organizations:DeleteOrganization", resource: "*", expected: "ImplicitlyDenied" },
    { name: "cannot add addresses to SES's suppression list", action: "ses:PutSuppressedDestination", resource: "*", expected: "ImplicitlyDenied" },
    {
        name: "cannot rename an account of another workshop",
        action: "account:PutAccountName", resource: `arn:aws:account::${MANAGEMENT}:account/${ORG}/333333333333`, context: { "aws:ResourceTag/workshop": "other" },
        expected: "ImplicitlyDenied",
    },
    {
        name: "cannot enter an account outside the organization",
        action: "sts:AssumeRole", resource: "arn:aws:iam::999999999999:role/OrganizationAccountAccessRole", context: { "aws:ResourceOrgID": "o-someoneelse" },
        expected: "ImplicitlyDenied",
    },
];

/** Organizations creates the access role trusting the management account. */
const ACCESS_ROLE_TRUST = {
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${MANAGEMENT}:root` }, Action: "sts:AssumeRole" }],
};

function simulation(c: InstructorCase): Simulation {
    const crossAccount = c.action === "sts:AssumeRole";
    const resourceAccount = crossAccount ? c.resource.split(":")[4] : MANAGEMENT;
    return {
        request: {
            principal: iam("user/instructor"),
            action: c.action,
            resource: { resource: c.resource, accountId: resourceAccount },
            contextVariables: { "aws:PrincipalArn": iam("user/instructor"), ...c.context },
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
            const longest = renderPolicy(loadPolicyTemplate(name), { ...VARIABLES, workshopName: "w".repeat(24), organizationId: `o-${"x".repeat(32)}` });
            expect(JSON.stringify(longest).length, name).to.be.at.most(MAX_MANAGED_POLICY_SIZE);
        }
    });

    for (const c of CASES) {
        it(c.name, async () => expectVerdict(c.name, await simulate(simulation(c)), c.expected));
    }
});
