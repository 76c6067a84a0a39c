import type { Simulation } from "@cloud-copilot/iam-simulate";
import { expect } from "chai";

import { CATALOGUE } from "../../driver/catalogue/catalogue";
import { FREEZE_RULES } from "../../driver/freeze/plan";
import { FREEZE_SCP, GUARDRAIL_SCPS, guardrailVariables } from "../../infra/guardrails/policy-documents";
import { testSettings } from "../fixtures/workshop";
import { ALLOW_ALL, expectVerdict, FULL_AWS_ACCESS, policyFile, simulate } from "../support/iam-simulation";

/**
 * The inventory and the freeze work inside student accounts as OrganizationAccountAccessRole.
 * Every call they make must get through every SCP `up` attaches, the freeze SCP included (a frozen
 * account is exactly where the freeze has to stop things), or the freeze fails where it matters.
 */

const ACCOUNT = "222222222222";
const REGION = "us-east-1";
const ACCESS_ROLE = `arn:aws:iam::${ACCOUNT}:role/OrganizationAccountAccessRole`;
const arn = (service: string, path: string) => `arn:aws:${service}:${REGION}:${ACCOUNT}:${path}`;

/** The resource each freeze call acts on, as AWS authorizes it. */
const FREEZE_CALL_RESOURCES: Record<string, string> = {
    "autoscaling:UpdateAutoScalingGroup": arn("autoscaling", "autoScalingGroup:0a1b2c3d-1111-2222-3333-444455556666:autoScalingGroupName/asg-1"),
    "ec2:StopInstances": arn("ec2", "instance/i-0123456789abcdef0"),
    "ec2:DeleteNatGateway": arn("ec2", "natgateway/nat-0123456789abcdef0"),
    "rds:StopDBCluster": arn("rds", "cluster:aurora-1"),
    "rds:StopDBInstance": arn("rds", "db:db-1"),
    "sagemaker:DeleteEndpoint": arn("sagemaker", "endpoint/endpoint-1"),
    "sagemaker:StopNotebookInstance": arn("sagemaker", "notebook-instance/notebook-1"),
    "ec2:DeleteVpcEndpoints": arn("ec2", "vpc-endpoint/vpce-0123456789abcdef0"),
    // UpdateService with only a desired count: no task size in the request, so the ECS task caps do not apply.
    "ecs:UpdateService": arn("ecs", "service/lab/web"),
    "ecs:StopTask": arn("ecs", "task/lab/0123456789abcdef0123456789abcdef"),
    "dynamodb:UpdateTable": arn("dynamodb", "table/orders"),
    "kinesis:UpdateStreamMode": "*",
    // An alias or a version: both have the ARN function:<name>:<qualifier>, so "*" evaluates the action on each type.
    "lambda:DeleteProvisionedConcurrencyConfig": "*",
    "eks:UpdateNodegroupConfig": arn("eks", "nodegroup/lab/workers/0a1b2c3d-4e5f-6071-8a9b-0c1d2e3f4a5b"),
};

/** What the inventory reads. */
const INVENTORY_CALLS: [string, string][] = [
    ["ec2:DescribeInstances", "*"], ["ec2:DescribeVolumes", "*"], ["ec2:DescribeNatGateways", "*"], ["ec2:DescribeAddresses", "*"],
    ["autoscaling:DescribeAutoScalingGroups", "*"],
    ["rds:DescribeDBInstances", arn("rds", "db:db-1")], ["rds:DescribeDBClusters", arn("rds", "cluster:aurora-1")],
    ["sagemaker:ListEndpoints", "*"], ["sagemaker:DescribeEndpoint", arn("sagemaker", "endpoint/endpoint-1")],
    ["sagemaker:DescribeEndpointConfig", arn("sagemaker", "endpoint-config/config-1")], ["sagemaker:ListNotebookInstances", "*"],
    ["elasticloadbalancing:DescribeLoadBalancers", "*"], ["ec2:DescribeVpcEndpoints", "*"],
    ["ecs:ListClusters", "*"], ["ecs:ListServices", "*"], ["ecs:DescribeServices", arn("ecs", "service/lab/web")], ["ecs:DescribeTaskDefinition", "*"],
    ["ecs:ListTasks", arn("ecs", "container-instance/lab/0123456789abcdef0123456789abcdef")], ["ecs:DescribeTasks", arn("ecs", "task/lab/0123456789abcdef0123456789abcdef")],
    ["dynamodb:ListTables", "*"], ["dynamodb:DescribeTable", arn("dynamodb", "table/orders")],
    ["kinesis:ListStreams", "*"], ["kinesis:DescribeStreamSummary", arn("kinesis", "stream/clicks")],
    ["lambda:ListFunctions", "*"], ["lambda:ListProvisionedConcurrencyConfigs", arn("lambda", "function:api")], ["lambda:GetProvisionedConcurrencyConfig", "*"],
    ["eks:ListClusters", "*"], ["eks:DescribeCluster", arn("eks", "cluster/lab")], ["eks:ListNodegroups", arn("eks", "cluster/lab")],
    ["eks:DescribeNodegroup", arn("eks", "nodegroup/lab/workers/0a1b2c3d-4e5f-6071-8a9b-0c1d2e3f4a5b")],
    ["globalaccelerator:ListAccelerators", "*"],
];

/**
 * The calls of a gated kind are made only where allowedServices opened it (the inventory skips
 * closed ones): they are simulated under the guardrails with every gate of the catalogue opened.
 */
const GATED_SERVICE_OF: Record<string, string> = Object.fromEntries(CATALOGUE.filter((e) => e.gate).map((e) => [e.kind, e.gate!]));
const gated = (action: string) => ["eks:", "globalaccelerator:", "lambda:DeleteProvisionedConcurrencyConfig", "lambda:ListProvisionedConcurrencyConfigs",
    "lambda:GetProvisionedConcurrencyConfig"].some((prefix) => action.startsWith(prefix));
const rendered = (allowedServices: string) => Object.values(GUARDRAIL_SCPS).map((name) =>
    policyFile(name, guardrailVariables(testSettings(allowedServices ? { allowedServices } : {}))));
const guardrails = { closed: rendered(""), opened: rendered([...new Set(Object.values(GATED_SERVICE_OF))].join(",")) };

function simulation(action: string, resource: string, frozen: boolean): Simulation {
    return {
        request: {
            principal: `arn:aws:sts::${ACCOUNT}:assumed-role/OrganizationAccountAccessRole/workshop-accounts`,
            action,
            resource: { resource, accountId: ACCOUNT },
            contextVariables: { "aws:RequestedRegion": REGION, "aws:PrincipalArn": ACCESS_ROLE },
        },
        // Organizations gives the role AdministratorAccess.
        identityPolicies: [{ name: "AdministratorAccess", policy: ALLOW_ALL }],
        serviceControlPolicies: [
            { orgIdentifier: "r-ab12", policies: [FULL_AWS_ACCESS] },
            { orgIdentifier: "ou-ab12-workshop", policies: [FULL_AWS_ACCESS, ...(gated(action) ? guardrails.opened : guardrails.closed)] },
            { orgIdentifier: ACCOUNT, policies: [FULL_AWS_ACCESS, ...(frozen ? [policyFile(FREEZE_SCP)] : [])] },
        ],
        resourceControlPolicies: [],
    };
}

describe("the freeze's calls get through the SCPs, frozen or not", function () {
    it("opens exactly the gates of the kinds whose calls it simulates as opened", () => {
        expect(Object.keys(GATED_SERVICE_OF).sort()).to.deep.equal(["eks-cluster", "eks-nodegroup", "global-accelerator", "lambda-provisioned-concurrency",
            "opensearch-domain", "redshift-cluster"]);
    });

    it("has a resource for every call the freeze plan makes", () => {
        expect(Object.keys(FREEZE_CALL_RESOURCES).sort()).to.deep.equal(Object.values(FREEZE_RULES).map((r) => r!.api).sort());
    });

    const calls: [string, string][] = [...Object.entries(FREEZE_CALL_RESOURCES), ...INVENTORY_CALLS];
    for (const frozen of [false, true]) {
        for (const [action, resource] of calls) {
            const name = `${action}${frozen ? " in a frozen account" : ""}`;
            it(name, async () => expectVerdict(name, await simulate(simulation(action, resource, frozen)), "Allowed"));
        }
    }
});
