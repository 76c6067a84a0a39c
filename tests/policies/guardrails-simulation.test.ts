import { expect } from "chai";

import { testSettings } from "../fixtures/workshop";
import { Expectation, expectVerdict, simulate } from "../support/iam-simulation";
import { ACCOUNT, guardrailPolicies, ORGANIZATION_ACCESS_ROLE, PERMISSION_SETS, PrincipalName, workshopSimulation } from "../support/iam-workshop";

/**
 * What a student can and cannot do in their own account, request by request, decided by an IAM
 * evaluator over the very SCP documents `up` attaches (rendered with the default settings).
 */

interface GuardrailRequest {
    as?: PrincipalName;
    action: string;
    /** "*" for actions that take no resource. */
    resource: string;
    /** aws:RequestedRegion; the allowed us-east-1 unless the case is about regions. */
    region?: string;
    context?: Record<string, string>;
}

interface GuardrailCase {
    name: string;
    request: GuardrailRequest;
    expected: Expectation;
    /** The budget action has attached the freeze SCP to the account. */
    frozen?: true;
}

const ec2 = (type: string, id: string, region = "us-east-1") => `arn:aws:ec2:${region}:${ACCOUNT}:${type}/${id}`;
const INSTANCE = ec2("instance", "i-0123456789abcdef0");
const VOLUME = ec2("volume", "vol-0123456789abcdef0");
const BUCKET = "arn:aws:s3:::student1-lab-bucket";
const launch = (resource: string, context?: Record<string, string>, region?: string): GuardrailRequest =>
    ({ action: "ec2:RunInstances", resource, context, region });

const TYPE_DENIED = { deniedBy: "DenyInstanceTypesOutsideAllowList" };
const VOLUME_DENIED = { deniedBy: "DenyLargeVolumes" };
const REGION_DENIED = { deniedBy: "DenyOutsideAllowedRegions" };
const FROZEN = { deniedBy: "FreezeAllButReadAndCleanUp" };

/** Every case, once. Each becomes its own test, under each permission set below. */
const CASES: GuardrailCase[] = [
    // Instance types: the condition key exists on the instance resource only.
    { name: "launches an allowed instance type (t3.micro)", request: launch(INSTANCE, { "ec2:InstanceType": "t3.micro" }), expected: "Allowed" },
    { name: "cannot launch a disallowed instance type (m5.large)", request: launch(INSTANCE, { "ec2:InstanceType": "m5.large" }), expected: TYPE_DENIED },
    { name: "RunInstances may use the image (no ec2:InstanceType there)", request: launch("arn:aws:ec2:us-east-1::image/ami-0123456789abcdef0"), expected: "Allowed" },
    { name: "RunInstances may use the subnet", request: launch(ec2("subnet", "subnet-0123456789abcdef0")), expected: "Allowed" },
    { name: "RunInstances may use the security group", request: launch(ec2("security-group", "sg-0123456789abcdef0")), expected: "Allowed" },
    { name: "RunInstances may use the network interface", request: launch(ec2("network-interface", "eni-0123456789abcdef0")), expected: "Allowed" },
    { name: "cannot start a stopped m5.large", request: { action: "ec2:StartInstances", resource: INSTANCE, context: { "ec2:InstanceType": "m5.large" } }, expected: TYPE_DENIED },
    { name: "can start a stopped t3.small", request: { action: "ec2:StartInstances", resource: INSTANCE, context: { "ec2:InstanceType": "t3.small" } }, expected: "Allowed" },
    {
        name: "cannot resize an instance to m5.large",
        request: { action: "ec2:ModifyInstanceAttribute", resource: INSTANCE, context: { "ec2:Attribute/InstanceType": "m5.large" } },
        expected: { deniedBy: "DenyResizingToDisallowedTypes" },
    },
    {
        name: "can resize an instance to t3.medium",
        request: { action: "ec2:ModifyInstanceAttribute", resource: INSTANCE, context: { "ec2:Attribute/InstanceType": "t3.medium" } },
        expected: "Allowed",
    },
    { name: "can change another instance attribute", request: { action: "ec2:ModifyInstanceAttribute", resource: INSTANCE }, expected: "Allowed" },

    // Volume sizes, at launch and on their own.
    { name: "launches with a 30 GiB volume", request: launch(VOLUME, { "ec2:VolumeSize": "30" }), expected: "Allowed" },
    { name: "cannot launch with a 200 GiB volume", request: launch(VOLUME, { "ec2:VolumeSize": "200" }), expected: VOLUME_DENIED },
    { name: "creates a 50 GiB volume (the limit itself)", request: { action: "ec2:CreateVolume", resource: VOLUME, context: { "ec2:VolumeSize": "50" } }, expected: "Allowed" },
    { name: "cannot create a 200 GiB volume", request: { action: "ec2:CreateVolume", resource: VOLUME, context: { "ec2:VolumeSize": "200" } }, expected: VOLUME_DENIED },

    // Regions.
    { name: "lists instances in the allowed region", request: { action: "ec2:DescribeInstances", resource: "*" }, expected: "Allowed" },
    { name: "cannot list instances in eu-west-1", request: { action: "ec2:DescribeInstances", resource: "*", region: "eu-west-1" }, expected: REGION_DENIED },
    {
        name: "cannot launch even an allowed type in eu-west-1",
        request: launch(ec2("instance", "i-0123456789abcdef0", "eu-west-1"), { "ec2:InstanceType": "t3.micro" }, "eu-west-1"),
        expected: REGION_DENIED,
    },
    { name: "cannot create a bucket in eu-west-1", request: { action: "s3:CreateBucket", resource: BUCKET, region: "eu-west-1" }, expected: REGION_DENIED },
    {
        name: "cannot switch on AWS Config (billed per item) in eu-west-1",
        request: { action: "config:PutConfigurationRecorder", resource: "*", region: "eu-west-1" },
        expected: REGION_DENIED,
    },
    { name: "global IAM (iam:ListRoles) is not region-denied", request: { action: "iam:ListRoles", resource: "*", region: "eu-west-1" }, expected: "Allowed" },
    { name: "STS (sts:GetCallerIdentity) is not region-denied", request: { action: "sts:GetCallerIdentity", resource: "*", region: "eu-west-1" }, expected: "Allowed" },
    {
        name: "the instructor's access role may work in any region",
        request: { as: "accessRole", action: "ec2:DescribeInstances", resource: "*", region: "eu-west-1" },
        expected: "Allowed",
    },

    // The organization, commitments and the marketplace.
    { name: "cannot leave the organization", request: { action: "organizations:LeaveOrganization", resource: "*" }, expected: { deniedBy: "DenyLeavingTheOrganization" } },
    { name: "cannot buy a Savings Plan", request: { action: "savingsplans:CreateSavingsPlan", resource: "*" }, expected: { deniedBy: "DenyCommitmentPurchases" } },
    {
        name: "cannot buy a reserved instance",
        request: { action: "ec2:PurchaseReservedInstancesOffering", resource: "*" },
        expected: { deniedBy: "DenyCommitmentPurchases" },
    },
    { name: "cannot subscribe to a Marketplace product", request: { action: "aws-marketplace:Subscribe", resource: "*" }, expected: { deniedBy: "DenyMarketplaceSubscriptions" } },

    // The role the instructor (and the lab network) reach the account through.
    {
        name: "cannot rewrite the trust of OrganizationAccountAccessRole",
        request: { action: "iam:UpdateAssumeRolePolicy", resource: ORGANIZATION_ACCESS_ROLE },
        expected: { deniedBy: "ProtectInstructorAccessRole" },
    },
    { name: "cannot delete OrganizationAccountAccessRole", request: { action: "iam:DeleteRole", resource: ORGANIZATION_ACCESS_ROLE }, expected: { deniedBy: "ProtectInstructorAccessRole" } },
    {
        name: "OrganizationAccountAccessRole may maintain itself",
        request: { as: "accessRole", action: "iam:AttachRolePolicy", resource: ORGANIZATION_ACCESS_ROLE },
        expected: "Allowed",
    },

    // Frozen at 100% of the budget: read and clean up only.
    ...([
        ["ec2:DescribeInstances", "*"], ["ec2:TerminateInstances", INSTANCE], ["ec2:StopInstances", INSTANCE], ["ec2:DeleteVolume", VOLUME],
        ["s3:ListBucket", BUCKET], ["s3:GetObject", `${BUCKET}/notes.txt`], ["s3:DeleteObject", `${BUCKET}/notes.txt`], ["s3:DeleteBucket", BUCKET],
        ["rds:StopDBInstance", `arn:aws:rds:us-east-1:${ACCOUNT}:db:lab-db`], ["iam:ListRoles", "*"], ["sts:GetCallerIdentity", "*"],
    ] as const).map(([action, resource]): GuardrailCase => ({ name: `frozen: ${action} still allowed`, request: { action, resource }, expected: "Allowed", frozen: true })),
    ...([
        ["ec2:RunInstances", INSTANCE, { "ec2:InstanceType": "t3.micro" }], ["ec2:StartInstances", INSTANCE, { "ec2:InstanceType": "t3.micro" }],
        ["ec2:CreateVolume", VOLUME, { "ec2:VolumeSize": "10" }], ["s3:CreateBucket", BUCKET, undefined], ["s3:PutObject", `${BUCKET}/notes.txt`, undefined],
        ["lambda:InvokeFunction", `arn:aws:lambda:us-east-1:${ACCOUNT}:function:lab`, undefined],
        ["bedrock:InvokeModel", "arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-text-lite-v1", undefined],
    ] as const).map(([action, resource, context]): GuardrailCase => ({
        name: `frozen: ${action} denied`, request: { action, resource, context: context && { ...context } }, expected: FROZEN, frozen: true,
    })),
    {
        name: "frozen: the access role can still launch (to repair or inspect)",
        request: { as: "accessRole", action: "ec2:RunInstances", resource: INSTANCE, context: { "ec2:InstanceType": "t3.micro" } },
        expected: "Allowed",
        frozen: true,
    },
];

const settings = testSettings();
const guardrails = guardrailPolicies(settings);

describe("guardrail SCPs, simulated request by request", function () {
    it("the case table assumes the default limits", () => {
        expect(settings.allowedRegions).to.deep.equal(["us-east-1"]);
        expect(settings.allowedInstanceTypes).to.include.members(["t3.micro", "t3.small", "t3.medium"]).and.not.include("m5.large");
        expect(settings.maxVolumeSizeGiB).to.equal(50);
    });

    for (const permissionSet of PERMISSION_SETS) {
        describe(`student with ${permissionSet.name}`, function () {
            for (const testCase of CASES) {
                it(testCase.name, async () => {
                    const { action, resource, context, as, region } = testCase.request;
                    const verdict = await simulate(workshopSimulation(action, resource, context ?? {}, {
                        permissionSet: permissionSet.policy, guardrails, as, region, frozen: testCase.frozen,
                    }));
                    expectVerdict(testCase.name, verdict, testCase.expected);
                });
            }
        });
    }
});
