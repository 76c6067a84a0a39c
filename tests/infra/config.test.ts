import { expect } from "chai";

import { ConfigError, parseWorkshopConfig } from "../../infra/config";
import { TEST_CONFIG, testSettings } from "../fixtures/workshop";

function problems(overrides: Record<string, string | undefined>): string[] {
    const raw: Record<string, string | undefined> = { ...TEST_CONFIG, ...overrides };
    try {
        parseWorkshopConfig((key) => raw[key]);
        return [];
    } catch (error) {
        expect(error).to.be.instanceOf(ConfigError);
        return (error as ConfigError).problems;
    }
}

describe("stack config", () => {
    it("fills documented defaults around the required keys", () => {
        const settings = testSettings();
        expect(settings).to.deep.include({
            workshopName: "k8s-nov",
            accessPortalUrl: "https://d-0123456789.awsapps.com/start",
            studentBudgetUsd: 25,
            budgetAlertThresholds: [50, 80, 100],
            masterBudgetUsd: 25 * 50,
            allowedRegions: ["us-east-1"],
            maxVolumeSizeGiB: 50,
            maxVolumeIops: 3000,
            maxEcsTaskVcpu: 1,
            maxEcsTaskMemoryGiB: 4,
            allowedServices: [],
            sessionDuration: "PT8H",
            parentOuId: undefined,
            budgetFreeze: true,
            rosterPath: "roster.yaml",
        });
        expect(settings.workshopMode).to.deep.equal({ enabled: false, modelArns: [], keyGenerations: [] });
        // A typical workshop: t3 instances, db.t3/db.t4g micro to medium, ml.t3 notebooks.
        expect(settings.allowedDbInstanceClasses).to.include.members(["db.t3.micro", "db.t4g.small"]);
        expect(settings.allowedSageMakerInstanceTypes).to.include("ml.t3.medium");
    });

    it("reads the service opt-ins", () => {
        expect(testSettings({ allowedServices: "eks, aoss" }).allowedServices).to.deep.equal(["eks", "aoss"]);
    });

    it("reads lists as YAML/JSON arrays or comma-separated text", () => {
        expect(testSettings({ allowedRegions: '["eu-west-1","eu-central-1"]' }).allowedRegions).to.deep.equal(["eu-west-1", "eu-central-1"]);
        expect(testSettings({ allowedInstanceTypes: "t3.micro, t4g.small" }).allowedInstanceTypes).to.deep.equal(["t3.micro", "t4g.small"]);
    });

    it("lists every missing required key at once", () => {
        const all = problems(Object.fromEntries(Object.keys(TEST_CONFIG).map((k) => [k, undefined])));
        expect(all).to.deep.equal(["workshopName is required", "instructorEmail is required", "rootEmailBase is required",
            "identityCenterInstanceArn is required", "identityStoreId is required"]);
    });

    const bad: [string, Record<string, string>, RegExp][] = [
        ["upper-case workshop name", { workshopName: "K8s Nov" }, /workshopName must be 1-24 lower-case/],
        ["plus in the root mailbox", { rootEmailBase: "aws+x@school.example" }, /rootEmailBase must be a plain mailbox/],
        ["no room left in the root email", { rootEmailBase: "a-very-long-mailbox-name@a-very-long-domain-name.example", workshopName: "a-long-workshop-name-xy" }, /leave no room for the student/],
        ["bad instance ARN", { identityCenterInstanceArn: "ssoins-123" }, /identityCenterInstanceArn must look like/],
        ["bad identity store id", { identityStoreId: "store" }, /identityStoreId must look like d-/],
        ["negative budget", { studentBudgetUsd: "-1" }, /studentBudgetUsd must be a number of USD from 1\.00 to 1000000\.00 with at most 2 decimals/],
        ["budget below a dollar", { studentBudgetUsd: "0.5" }, /studentBudgetUsd must be a number of USD from 1\.00 .*, got "0\.5"/],
        ["budget that rounds to zero", { studentBudgetUsd: "0.004" }, /studentBudgetUsd must be .* at most 2 decimals.*, got "0\.004"/],
        ["budget in fractions of a cent", { masterBudgetUsd: "1250.125" }, /masterBudgetUsd must be .* at most 2 decimals.*, got "1250\.125"/],
        ["budget that is not a number", { masterBudgetUsd: "lots" }, /masterBudgetUsd must be a number of USD from 1\.00/],
        ["threshold out of range", { budgetAlertThresholds: "[50, 2000]" }, /budgetAlertThresholds must be percentages/],
        ["too many thresholds", { budgetAlertThresholds: "[10,20,30,40,50]" }, /at most 4 thresholds/],
        ["not a region", { allowedRegions: "europe" }, /"europe" is not a region name/],
        ["not an instance type", { allowedInstanceTypes: "large" }, /"large" is not an instance type/],
        ["volume size zero", { maxVolumeSizeGiB: "0" }, /maxVolumeSizeGiB must be a whole number/],
        ["IOPS below any volume's minimum", { maxVolumeIops: "50" }, /maxVolumeIops must be a whole number of IOPS between 100 and 256000/],
        ["not a DB instance class", { allowedDbInstanceClasses: "t3.micro" }, /allowedDbInstanceClasses: "t3.micro" is not a DB instance class like db.t3.micro/],
        ["no DB instance class", { allowedDbInstanceClasses: "[]" }, /allowedDbInstanceClasses must name at least one DB instance class/],
        ["not a SageMaker instance type", { allowedSageMakerInstanceTypes: "t3.medium" }, /"t3.medium" is not a SageMaker instance type like ml.t3.medium/],
        ["an ECS task size Fargate has no step for", { maxEcsTaskVcpu: "0.3" }, /maxEcsTaskVcpu must be a number of vCPUs from 0.25 to 192 in steps of 0.125 \(ECS counts 1024 CPU units per vCPU\), got "0.3"/],
        ["ECS task memory of zero", { maxEcsTaskMemoryGiB: "0" }, /maxEcsTaskMemoryGiB must be a number of GiB from 0.5 to 1024 in steps of 0.5, got "0"/],
        ["a service the guardrails do not close", { allowedServices: "redshfit" }, /allowedServices: "redshfit" is not a service the guardrails close; choose from redshift, /],
        ["session too long", { sessionDuration: "PT13H" }, /sessionDuration must be an ISO 8601 duration/],
        ["session too short", { sessionDuration: "PT30M" }, /sessionDuration must be an ISO 8601 duration/],
        ["bad parent OU", { parentOuId: "workshops" }, /parentOuId must be a root id/],
        ["three workshop keys", { workshopModeKeyGenerations: "a,b,c" }, /at most 2 keys/],
        ["not a boolean", { budgetFreeze: "yes" }, /budgetFreeze must be true or false/],
        ["malformed list", { allowedRegions: "[eu-west-1" }, /allowedRegions must be a list/],
    ];
    for (const [what, overrides, expected] of bad) {
        it(`rejects ${what} with a message naming the key`, () => {
            const found = problems(overrides);
            expect(found.some((p) => expected.test(p)), found.join("\n")).to.equal(true);
        });
    }

    it("accepts every valid boundary", () => {
        expect(problems({ sessionDuration: "PT12H", maxVolumeSizeGiB: "1", parentOuId: "ou-ab12-courses1", workshopModeKeyGenerations: "a,b" })).to.deep.equal([]);
        expect(problems({ studentBudgetUsd: "1.00", masterBudgetUsd: "1000000" })).to.deep.equal([]);
        expect(problems({ maxVolumeIops: "256000", allowedDbInstanceClasses: "db.serverless,db.t4g.*", allowedSageMakerInstanceTypes: "system,ml.g5.*" })).to.deep.equal([]);
    });

    it("keeps the default master budget in whole cents", () => {
        expect(testSettings({ studentBudgetUsd: "10.1", maxStudents: "3" }).masterBudgetUsd).to.equal(30.3); // 10.1 * 3 is 30.299999999999997
    });
});
