import { expect } from "chai";

import type { RetryOptions } from "../../../driver/aws/retrying-client";
import { listersFor } from "../../../driver/catalogue/catalogue";
import type { AccountInventory, BillableKind } from "../../../driver/inventory/billable";
import { listInventories } from "../../../driver/inventory/inventory";
import { manualClock } from "../../../driver/time/clock";
import { testAwsClients } from "../../support/aws";
import { FakeStudentAws, oneOfEach, throttled } from "../../support/fake-student-aws";

const ADA = "111111111111";
const GRACE = "222222222222";
const LINUS = "333333333333";
const REGIONS = ["us-east-1", "eu-west-1"];

describe("inventory of what bills, per student account and region", function () {
    let fake: FakeStudentAws;
    let clock: ReturnType<typeof manualClock>;
    let retry: RetryOptions;
    beforeEach(() => {
        fake = new FakeStudentAws().install();
        clock = manualClock();
        retry = { policy: { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 1000, random: () => 0.5 }, clock };
    });
    afterEach(() => fake.restore());

    const list = (accounts: string[], regions = REGIONS, concurrency?: number) =>
        listInventories(testAwsClients(), accounts, regions, { retry, ...(concurrency ? { concurrency } : {}) });
    const kinds = (inventory: AccountInventory, region: string) => inventory.resources.filter((r) => r.region === region).map((r) => r.kind);
    const realGaps = (inventory: AccountInventory) => inventory.gaps.filter((g) => !g.unsupported);
    const EVERY_KIND: BillableKind[] = ["ec2-instance", "ec2-instance", "ebs-volume", "nat-gateway", "elastic-ip", "auto-scaling-group",
        "rds-instance", "rds-instance", "rds-cluster", "sagemaker-endpoint", "sagemaker-notebook", "load-balancer"];

    it("lists every kind in both regions, with what the freeze and the meter need", async () => {
        REGIONS.forEach((region, i) => oneOfEach(fake, ADA, region, `${i}`));
        const [ada] = await list([ADA]);
        for (const region of REGIONS) expect(kinds(ada, region).sort()).to.deep.equal([...EVERY_KIND].sort());
        expect(realGaps(ada)).to.deep.equal([]);

        const find = (id: string) => ada.resources.find((r) => r.id === id);
        expect(find("i-0")).to.deep.include({ accountId: ADA, region: "us-east-1", size: "t3.micro", state: "running", billing: true,
            lifecycle: "on-demand", platform: "Linux/UNIX", since: "2026-11-23T09:00:00.000Z" });
        expect(find("i-1-asg")?.partOf).to.deep.equal({ kind: "auto-scaling-group", id: "asg-1" });
        expect(find("vol-1")).to.deep.include({ size: "gp3", sizeGiB: 8, iops: 3000, throughputMiBps: 125, billing: true });
        expect(find("asg-0")).to.deep.include({ count: 1, minSize: 1, billing: false });
        expect(find("db-0")).to.deep.include({ size: "db.t3.micro", engine: "mysql", multiAz: false, billing: true });
        expect(find("aurora-0-writer")?.partOf).to.deep.equal({ kind: "rds-cluster", id: "aurora-0" });
        expect(find("endpoint-1")).to.deep.include({ size: "ml.m5.large", count: 1, state: "InService", billing: true });
        expect(find("eipalloc-0")).to.deep.include({ state: "unassociated", billing: true });
        expect(find("notebook-0")).to.deep.include({ size: "ml.t3.medium", billing: true });
    });

    it("reads every page of every paginated listing", async () => {
        fake.pageSize = 1;
        oneOfEach(fake, ADA, "us-east-1", "a");
        oneOfEach(fake, ADA, "us-east-1", "b");
        const [ada] = await list([ADA], ["us-east-1"]);
        expect(ada.resources).to.have.length(2 * EVERY_KIND.length);
        expect(realGaps(ada)).to.deep.equal([]);
        // Four instances and four DB instances in pages of one; two of everything else.
        const pages = (command: string) => fake.callsOf(command).length;
        expect([pages("DescribeInstances"), pages("DescribeDBInstances"), pages("DescribeVolumes"), pages("ListEndpoints"),
            pages("DescribeLoadBalancers"), pages("DescribeAutoScalingGroups")]).to.deep.equal([4, 4, 2, 2, 2, 2]);
    });

    it("retries a call throttled in the middle of a listing and keeps every page", async () => {
        fake.pageSize = 1;
        oneOfEach(fake, ADA, "us-east-1", "a");
        fake.fail(ADA, "us-east-1", "DescribeInstances", () => throttled("RequestLimitExceeded"), 1, 1);
        const [ada] = await list([ADA], ["us-east-1"]);
        expect(ada.resources.filter((r) => r.kind === "ec2-instance").map((r) => r.id)).to.deep.equal(["i-a", "i-a-asg"]);
        expect(realGaps(ada)).to.deep.equal([]);
        expect(fake.callsOf("DescribeInstances")).to.have.length(3);
        expect(clock.slept).to.deep.equal([50]);
    });

    it("reports a listing that keeps throttling as a gap and lists everything else", async () => {
        REGIONS.forEach((region, i) => oneOfEach(fake, ADA, region, `${i}`));
        oneOfEach(fake, GRACE, "eu-west-1", "g");
        fake.fail(ADA, "eu-west-1", "DescribeDBInstances", () => throttled(), Infinity);
        const [ada, grace] = await list([ADA, GRACE]);
        expect(realGaps(ada)).to.deep.equal([{
            accountId: ADA, region: "eu-west-1", service: "RDS DB instances", kinds: ["rds-instance"],
            reason: "ThrottlingException: Rate exceeded (still failing after 3 attempts)",
        }]);
        expect(kinds(ada, "eu-west-1")).not.to.include("rds-instance");
        expect(kinds(ada, "eu-west-1")).to.include.members(["rds-cluster", "ec2-instance", "sagemaker-endpoint"]);
        expect(kinds(ada, "us-east-1").sort()).to.deep.equal([...EVERY_KIND].sort());
        expect(realGaps(grace)).to.deep.equal([]);
        expect(grace.resources).to.have.length(EVERY_KIND.length);
        expect(fake.calls.filter((c) => c.accountId === ADA && c.region === "eu-west-1" && c.command === "DescribeDBInstances")).to.have.length(3);
    });

    it("makes an account whose role cannot be assumed one gap, assumed once, and lists the others", async () => {
        oneOfEach(fake, ADA, "us-east-1");
        oneOfEach(fake, GRACE, "us-east-1");
        fake.refuseAssumeRole(GRACE);
        const [ada, grace] = await list([ADA, GRACE]);
        expect(grace.resources).to.deep.equal([]);
        expect(grace.gaps).to.have.length(1);
        expect(grace.gaps[0]).to.deep.include({ accountId: GRACE, service: "sts" });
        expect(grace.gaps[0].reason).to.contain("cannot assume OrganizationAccountAccessRole in 222222222222: AccessDenied");
        expect(ada.resources).to.have.length(EVERY_KIND.length);
        expect(fake.calls.filter((c) => c.accountId === GRACE).map((c) => c.command)).to.deep.equal(["AssumeRole"]);
        // One session per account, reused by every listing in every region.
        expect(fake.callsOf("AssumeRole").filter((c) => c.accountId === ADA)).to.have.length(1);
    });

    it("retries a throttled AssumeRole", async () => {
        oneOfEach(fake, ADA, "us-east-1");
        fake.fail(ADA, "global", "AssumeRole", () => throttled("Throttling"), 1);
        const [ada] = await list([ADA], ["us-east-1"]);
        expect(realGaps(ada)).to.deep.equal([]);
        expect(ada.resources).to.have.length(EVERY_KIND.length);
        expect(fake.callsOf("AssumeRole")).to.have.length(2);
    });

    it("makes a region the account cannot use one gap, not one per listing", async () => {
        oneOfEach(fake, ADA, "us-east-1");
        fake.disableRegion(ADA, "ap-east-1");
        const [ada] = await list([ADA], ["us-east-1", "ap-east-1"]);
        expect(realGaps(ada)).to.have.length(1);
        expect(realGaps(ada)[0]).to.deep.include({ region: "ap-east-1", reason: "UnrecognizedClientException: The security token included in the request is invalid." });
        expect(realGaps(ada)[0].kinds).to.include.members(["ec2-instance", "rds-cluster", "load-balancer"]);
        expect(ada.resources).to.have.length(EVERY_KIND.length);
    });

    it("says in every account what it cannot list, instead of counting it as nothing", async () => {
        const [ada] = await list([ADA], ["us-east-1"]);
        expect(ada.gaps).to.have.length(1);
        expect(ada.gaps[0]).to.deep.include({ unsupported: true, kinds: ["opensearch-domain", "redshift-cluster"] });
        expect(ada.gaps[0].reason).to.contain("no @aws-sdk/client-elastic-load-balancing").and.contain("opensearch-domain: no SDK client (@aws-sdk/client-opensearch)")
            .and.contain("should allowedServices open them");
        expect(ada.gaps[0].service).to.contain("allowedServices redshift-serverless, aoss,");
        // The guardrails keep closed services from existing: only what the workshop opened and cannot be listed is said.
        const closed = await listInventories(testAwsClients(), [ADA], ["us-east-1"], { retry, openedServices: [] });
        expect(closed[0].gaps).to.have.length(1);
        expect(closed[0].gaps[0]).to.deep.include({ kinds: [], service: "Classic Load Balancers" });
        const opened = await listInventories(testAwsClients(), [ADA], ["us-east-1"], { retry, openedServices: ["mq", "es"] });
        expect(opened[0].gaps[0]).to.deep.include({ kinds: ["opensearch-domain"], service: "Classic Load Balancers, opensearch-domain, allowedServices mq" });
    });

    it("reads at most `concurrency` account-region pairs at once", async () => {
        fake.latencyMs = 2;
        for (const account of [ADA, GRACE, LINUS]) REGIONS.forEach((region) => oneOfEach(fake, account, region));
        const inventories = await list([ADA, GRACE, LINUS], REGIONS, 4);
        expect(inventories.map((i) => i.accountId)).to.deep.equal([ADA, GRACE, LINUS]);
        expect(inventories.every((i) => i.resources.length === 2 * EVERY_KIND.length)).to.equal(true);
        expect(fake.maxPairsInFlight).to.be.within(2, 4);
    });

    it("names every listing it makes", () => {
        expect(listersFor(undefined).map((l) => l.what)).to.deep.equal(["EC2 instances", "EBS volumes", "NAT gateways", "Elastic IPs", "VPC endpoints",
            "Auto Scaling groups", "RDS DB instances", "RDS/Aurora DB clusters", "SageMaker endpoints", "SageMaker notebook instances", "load balancers",
            "ECS services and tasks", "DynamoDB tables", "Kinesis data streams", "Lambda provisioned concurrency", "EKS clusters and node groups",
            "Global Accelerator accelerators"]);
        // Gated listings only once the workshop opens their service.
        expect(listersFor([]).map((l) => l.what)).not.to.include.members(["Lambda provisioned concurrency", "EKS clusters and node groups", "Global Accelerator accelerators"]);
        expect(listersFor(["eks"]).map((l) => l.what)).to.include("EKS clusters and node groups");
    });
});
