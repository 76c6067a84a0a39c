import type { Simulation } from "@cloud-copilot/iam-simulate";

import { testSettings } from "../fixtures/workshop";
import { Expectation, expectVerdict, policyFile, simulate } from "../support/iam-simulation";
import { MOCK_ORGANIZATION } from "../support/pulumi-harness";

/**
 * The role AWS Budgets assumes to freeze a student: it may attach and detach the freeze SCP on
 * the workshop's accounts and nothing else, and only Budgets, for budgets of the management
 * account, may assume it.
 */

const MANAGEMENT = MOCK_ORGANIZATION.masterAccountId;
const ORG = MOCK_ORGANIZATION.id;
const WORKSHOP = testSettings().workshopName;
const ROLE = `arn:aws:iam::${MANAGEMENT}:role/${WORKSHOP}-budget-freeze`;
const organizations = (path: string) => `arn:aws:organizations::${MANAGEMENT}:${path}`;
const FREEZE = organizations(`policy/${ORG}/service_control_policy/p-freeze01`);
const GUARDRAIL = organizations(`policy/${ORG}/service_control_policy/p-regions1`);
const STUDENT = organizations(`account/${ORG}/222222222222`);

interface RoleCase {
    name: string;
    action: string;
    resource: string;
    /** The target account's tags; student accounts carry workshop=<name>. */
    tags?: Record<string, string>;
    expected: Expectation;
}

const WORKSHOP_TAG = { workshop: WORKSHOP };

/** Each resource of a multi-resource call (policy and target) is authorized on its own; both must pass. */
const ROLE_CASES: RoleCase[] = [
    { name: "attaches the freeze SCP (policy side)", action: "organizations:AttachPolicy", resource: FREEZE, expected: "Allowed" },
    { name: "attaches it to a student account (target side)", action: "organizations:AttachPolicy", resource: STUDENT, tags: WORKSHOP_TAG, expected: "Allowed" },
    { name: "cannot attach it to an account of another workshop", action: "organizations:AttachPolicy", resource: STUDENT, tags: { workshop: "finance-q4" }, expected: "ImplicitlyDenied" },
    { name: "cannot attach it to an untagged account (e.g. production)", action: "organizations:AttachPolicy", resource: STUDENT, expected: "ImplicitlyDenied" },
    { name: "detaches the freeze SCP (policy side)", action: "organizations:DetachPolicy", resource: FREEZE, expected: "Allowed" },
    { name: "detaches it from a student account (target side)", action: "organizations:DetachPolicy", resource: STUDENT, tags: WORKSHOP_TAG, expected: "Allowed" },
    { name: "reads the freeze SCP", action: "organizations:DescribePolicy", resource: FREEZE, expected: "Allowed" },
    { name: "cannot detach a guardrail SCP", action: "organizations:DetachPolicy", resource: GUARDRAIL, expected: "ImplicitlyDenied" },
    { name: "cannot attach another SCP", action: "organizations:AttachPolicy", resource: GUARDRAIL, expected: "ImplicitlyDenied" },
    { name: "cannot attach to the workshop OU", action: "organizations:AttachPolicy", resource: organizations(`ou/${ORG}/ou-ab12-workshop`), expected: "ImplicitlyDenied" },
    { name: "cannot attach to the root", action: "organizations:AttachPolicy", resource: organizations(`root/${ORG}/r-ab12`), expected: "ImplicitlyDenied" },
    { name: "cannot attach to another organization's account", action: "organizations:AttachPolicy", resource: organizations("account/o-someoneelse/333333333333"), expected: "ImplicitlyDenied" },
    { name: "cannot rewrite the freeze SCP", action: "organizations:UpdatePolicy", resource: FREEZE, expected: "ImplicitlyDenied" },
    { name: "cannot create an SCP", action: "organizations:CreatePolicy", resource: organizations(`policy/${ORG}/service_control_policy/p-new00001`), expected: "ImplicitlyDenied" },
    { name: "cannot move accounts", action: "organizations:MoveAccount", resource: STUDENT, expected: "ImplicitlyDenied" },
    { name: "cannot close accounts", action: "organizations:CloseAccount", resource: STUDENT, expected: "ImplicitlyDenied" },
    { name: "cannot touch IAM", action: "iam:AttachRolePolicy", resource: ROLE, expected: "ImplicitlyDenied" },
    { name: "cannot read data", action: "s3:GetObject", resource: "arn:aws:s3:::payroll/salaries.csv", expected: "ImplicitlyDenied" },
];

const roleSimulation = (c: RoleCase): Simulation => ({
    request: {
        principal: `arn:aws:sts::${MANAGEMENT}:assumed-role/${WORKSHOP}-budget-freeze/BudgetsActionSession`,
        action: c.action,
        resource: { resource: c.resource, accountId: MANAGEMENT },
        contextVariables: {
            "aws:PrincipalArn": ROLE,
            ...Object.fromEntries(Object.entries(c.tags ?? {}).map(([key, value]) => [`aws:ResourceTag/${key}`, value])),
        },
    },
    identityPolicies: [policyFile("budget-action-role", {
        freezePolicyArn: FREEZE, managementAccountId: MANAGEMENT, organizationId: ORG, workshopName: WORKSHOP,
    })],
    serviceControlPolicies: [],
    resourceControlPolicies: [],
});

interface TrustCase {
    name: string;
    principal: string;
    sourceAccount: string;
    sourceArn: string;
    expected: Expectation;
}

const OWN_BUDGET = `arn:aws:budgets::${MANAGEMENT}:budget/${WORKSHOP}-student1-at-uni-example`;
const TRUST_CASES: TrustCase[] = [
    { name: "Budgets may assume it for a workshop budget", principal: "budgets.amazonaws.com", sourceAccount: MANAGEMENT, sourceArn: OWN_BUDGET, expected: "Allowed" },
    // AWS's confused-deputy guidance for Budgets gives aws:SourceArn as arn:aws:budgets::<account>:budget/*: the ARN
    // Budgets presents is not documented to carry the budget's name, so a narrower pattern could deny every freeze.
    // AWS Cost Management User Guide, "Cross-service confused deputy prevention":
    // https://docs.aws.amazon.com/cost-management/latest/userguide/cross-service-confused-deputy-prevention.html
    {
        name: "Budgets may assume it whatever budget ARN of the management account it presents",
        principal: "budgets.amazonaws.com", sourceAccount: MANAGEMENT, sourceArn: `arn:aws:budgets::${MANAGEMENT}:budget/0f1e2d3c-budget-id`, expected: "Allowed",
    },
    {
        name: "Budgets may not assume it for a budget ARN of another account",
        principal: "budgets.amazonaws.com", sourceAccount: MANAGEMENT, sourceArn: `arn:aws:budgets::999999999999:budget/${WORKSHOP}-x`, expected: "ImplicitlyDenied",
    },
    {
        name: "Budgets may not assume it on behalf of another account (confused deputy)",
        principal: "budgets.amazonaws.com", sourceAccount: "999999999999", sourceArn: `arn:aws:budgets::999999999999:budget/${WORKSHOP}-x`, expected: "ImplicitlyDenied",
    },
    { name: "another service may not assume it", principal: "ec2.amazonaws.com", sourceAccount: MANAGEMENT, sourceArn: OWN_BUDGET, expected: "ImplicitlyDenied" },
];

const trustSimulation = (c: TrustCase): Simulation => ({
    request: {
        principal: c.principal,
        action: "sts:AssumeRole",
        resource: { resource: ROLE, accountId: MANAGEMENT },
        contextVariables: { "aws:SourceAccount": c.sourceAccount, "aws:SourceArn": c.sourceArn },
    },
    identityPolicies: [],
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    resourcePolicy: policyFile("budget-action-trust", { managementAccountId: MANAGEMENT }).policy,
});

describe("budget freeze role, simulated", function () {
    describe("its permissions", function () {
        for (const c of ROLE_CASES) it(c.name, async () => expectVerdict(c.name, await simulate(roleSimulation(c)), c.expected));
    });
    describe("its trust policy", function () {
        for (const c of TRUST_CASES) it(c.name, async () => expectVerdict(c.name, await simulate(trustSimulation(c)), c.expected));
    });
});
