import { expect } from "chai";

import type { RetryOptions } from "../../../driver/aws/retrying-client";
import { hourlyPrice } from "../../../driver/catalogue/catalogue";
import { executeFreeze } from "../../../driver/freeze/execute";
import { planLines } from "../../../driver/freeze/format";
import { type AccountFreezePlan, planFreeze } from "../../../driver/freeze/plan";
import type { AccountInventory, BillableResource } from "../../../driver/inventory/billable";
import { listInventories } from "../../../driver/inventory/inventory";
import { meterAccount } from "../../../driver/meter/meter";
import { bundledPrice } from "../../../driver/prices/bundled";
import { manualClock } from "../../../driver/time/clock";
import { testAwsClients } from "../../support/aws";
import { type FakeRegion,FakeStudentAws } from "../../support/fake-student-aws";

/**
 * The hourly billers the guardrails leave open (or open on request), each through the whole
 * chain against the stateful fake on aws-sdk-client-mock: the inventory lists it, the one hourly
 * price prices it (the bundled table: no Price List here), the freeze plans and makes its call,
 * and a second freeze finds it at rest.
 */

const ADA = "111111111111";
const REGION = "us-east-1";
const CREATED = new Date("2026-11-23T09:00:00Z");
const ecsArn = (path: string) => `arn:aws:ecs:${REGION}:${ADA}:${path}`;

/** A Fargate service of 4 running 1 vCPU / 2 GB tasks. */
function fargateService(r: FakeRegion): void {
    r.taskDefinitions.push({ taskDefinitionArn: ecsArn("task-definition/web:3"), cpu: "1024", memory: "2048", requiresCompatibilities: ["FARGATE"] });
    r.ecsClusters.push({
        arn: ecsArn("cluster/lab"),
        services: [{
            serviceName: "web", serviceArn: ecsArn("service/lab/web"), status: "ACTIVE", launchType: "FARGATE", desiredCount: 4, runningCount: 4, pendingCount: 0,
            taskDefinition: ecsArn("task-definition/web:3"), createdAt: CREATED,
        }],
        tasks: [
            ...[1, 2, 3, 4].map((i) => ({ taskArn: ecsArn(`task/lab/web${i}`), group: "service:web", cpu: "1024", memory: "2048", launchType: "FARGATE" as const,
                lastStatus: "RUNNING", desiredStatus: "RUNNING", createdAt: CREATED })),
            // Started by RunTask, outside any service.
            { taskArn: ecsArn("task/lab/batch1"), group: "family:batch", cpu: "512", memory: "1024", launchType: "FARGATE" as const,
                lastStatus: "RUNNING", desiredStatus: "RUNNING", createdAt: CREATED },
        ],
    });
}

function provisionedTable(r: FakeRegion): void {
    r.tables.push({
        TableName: "orders", TableArn: `arn:aws:dynamodb:${REGION}:${ADA}:table/orders`, TableStatus: "ACTIVE", CreationDateTime: CREATED,
        BillingModeSummary: { BillingMode: "PROVISIONED" }, ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 40_000 },
        // An on-demand table bills per request, never by the hour.
    }, {
        TableName: "sessions", TableArn: `arn:aws:dynamodb:${REGION}:${ADA}:table/sessions`, TableStatus: "ACTIVE", CreationDateTime: CREATED,
        BillingModeSummary: { BillingMode: "PAY_PER_REQUEST" }, ProvisionedThroughput: { ReadCapacityUnits: 0, WriteCapacityUnits: 0 },
    });
}

function provisionedConcurrency(r: FakeRegion): void {
    const fn = `arn:aws:lambda:${REGION}:${ADA}:function:api`;
    r.functions.push({
        config: { FunctionName: "api", FunctionArn: fn, MemorySize: 1024, Architectures: ["x86_64"] },
        provisioned: [{ FunctionArn: `${fn}:live`, RequestedProvisionedConcurrentExecutions: 100, AllocatedProvisionedConcurrentExecutions: 100, Status: "READY",
            LastModified: "2026-11-23T09:00:00.000+0000" }],
    }, { config: { FunctionName: "plain", FunctionArn: `arn:aws:lambda:${REGION}:${ADA}:function:plain`, MemorySize: 128 }, provisioned: [] });
}

/** An EKS cluster with a node group of 3 t3.medium, its Auto Scaling group and instances tagged by EKS. */
function eksNodegroup(r: FakeRegion): void {
    r.eksClusters.push({
        cluster: { name: "lab", arn: `arn:aws:eks:${REGION}:${ADA}:cluster/lab`, status: "ACTIVE", version: "1.31", createdAt: CREATED },
        nodegroups: [{
            nodegroupName: "workers", clusterName: "lab", status: "ACTIVE", instanceTypes: ["t3.medium"], capacityType: "ON_DEMAND",
            scalingConfig: { minSize: 3, maxSize: 5, desiredSize: 3 }, createdAt: CREATED,
        }],
    });
    const tags = [{ Key: "eks:nodegroup-name", Value: "workers" }, { Key: "aws:autoscaling:groupName", Value: "eks-workers-0a1b" }];
    r.groups.push({ AutoScalingGroupName: "eks-workers-0a1b", MinSize: 3, MaxSize: 5, DesiredCapacity: 3, DefaultCooldown: 300, AvailabilityZones: [`${REGION}a`],
        HealthCheckType: "EC2", CreatedTime: CREATED, Tags: tags.map((t) => ({ ...t, ResourceId: "eks-workers-0a1b", ResourceType: "auto-scaling-group", PropagateAtLaunch: true })) });
    [1, 2, 3].forEach((i) => r.instances.push({ InstanceId: `i-node${i}`, InstanceType: "t3.medium", State: { Name: "running", Code: 16 }, LaunchTime: CREATED,
        PlatformDetails: "Linux/UNIX", Tags: tags }));
}

function accelerator(fake: FakeStudentAws): void {
    fake.region(ADA, "us-west-2").accelerators.push({
        AcceleratorArn: `arn:aws:globalaccelerator::${ADA}:accelerator/0a1b2c3d-4e5f-6071-8a9b-0c1d2e3f4a5b`, Name: "lab", Enabled: true, Status: "DEPLOYED", CreatedTime: CREATED,
    });
}

function otherBillers(r: FakeRegion): void {
    r.streams.push({ StreamName: "clicks", StreamARN: `arn:aws:kinesis:${REGION}:${ADA}:stream/clicks`, StreamStatus: "ACTIVE", StreamModeDetails: { StreamMode: "PROVISIONED" },
        OpenShardCount: 10, RetentionPeriodHours: 24, StreamCreationTimestamp: CREATED, EnhancedMonitoring: [] });
    r.vpcEndpoints.push(
        { VpcEndpointId: "vpce-0interface", VpcEndpointType: "Interface", State: "Available", ServiceName: "com.amazonaws.us-east-1.ssm", SubnetIds: ["subnet-a", "subnet-b"], CreationTimestamp: CREATED },
        { VpcEndpointId: "vpce-0gateway", VpcEndpointType: "Gateway", State: "Available", ServiceName: "com.amazonaws.us-east-1.s3", CreationTimestamp: CREATED },
    );
}

describe("new hourly billers: inventory -> price -> freeze", function () {
    let fake: FakeStudentAws;
    let retry: RetryOptions;
    beforeEach(() => {
        fake = new FakeStudentAws().install();
        retry = { policy: { maxAttempts: 2, baseDelayMs: 10, maxDelayMs: 10, random: () => 0 }, clock: manualClock() };
    });
    afterEach(() => fake.restore());

    const inventory = async (openedServices?: string[]): Promise<AccountInventory> =>
        (await listInventories(testAwsClients(), [ADA], [REGION], { retry, ...(openedServices ? { openedServices } : {}) }))[0];
    const find = (inv: AccountInventory, id: string) => inv.resources.find((r) => r.id === id) as BillableResource;
    const usd = (resource: BillableResource) => {
        const price = hourlyPrice(resource);
        return "usdPerHour" in price ? Number(price.usdPerHour.toFixed(6)) : price.unknown;
    };
    const freeze = async (plan: AccountFreezePlan) => (await executeFreeze(testAwsClients(), [plan], { retry }))[0].results
        .map((r) => `${r.action.resource.id}: ${r.outcome}`);
    const mutations = () => fake.calls.filter((c) => /^(Update|Stop|Delete)/.test(c.command)).map((c) => c.command);

    it("a Fargate service of 4 tasks is priced and scaled to 0; a task started by RunTask is stopped", async () => {
        fargateService(fake.region(ADA, REGION));
        const inv = await inventory();
        const service = find(inv, "web");
        expect(service).to.deep.include({ kind: "ecs-service", count: 4, desired: 4, vcpu: 1, memoryGiB: 2, launchType: "FARGATE", parent: ecsArn("cluster/lab") });
        const perService = Number((4 * 0.04048 + 4 * 2 * 0.004445).toFixed(6));
        expect(usd(service)).to.equal(perService);
        // Its tasks are counted with the service, once.
        expect(inv.resources.filter((r) => r.kind === "ecs-task").map((r) => r.id)).to.deep.equal([ecsArn("task/lab/batch1")]);
        expect(usd(find(inv, ecsArn("task/lab/batch1")))).to.equal(Number((0.5 * 0.04048 + 0.004445).toFixed(6)));

        const plan = planFreeze(inv);
        expect(plan.actions.map((a) => `${a.verb} ${a.resource.id} ${a.api}`)).to.deep.equal([
            "scale to 0 web ecs:UpdateService", `stop ${ecsArn("task/lab/batch1")} ecs:StopTask`]);
        expect(await freeze(plan)).to.deep.equal(["web: done", `${ecsArn("task/lab/batch1")}: done`]);
        expect(fake.region(ADA, REGION).ecsClusters[0].services[0].desiredCount).to.equal(0);

        const before = mutations().length;
        expect(await freeze(planFreeze(await inventory()))).to.deep.equal(["web: already"]);
        expect(mutations().slice(before)).to.deep.equal([]);
    });

    it("a table at 40,000 WCU is priced and switched to on-demand; an on-demand table is left alone", async () => {
        provisionedTable(fake.region(ADA, REGION));
        const inv = await inventory();
        expect(find(inv, "orders")).to.deep.include({ capacityMode: "provisioned", writeUnits: 40_000, readUnits: 5, billing: true });
        expect(usd(find(inv, "orders"))).to.equal(Number((40_000 * 0.00065 + 5 * 0.00013).toFixed(6)));
        expect(find(inv, "sessions")).to.deep.include({ capacityMode: "on-demand", billing: false });

        const plan = planFreeze(inv);
        expect(plan.actions.map((a) => `${a.verb} ${a.resource.id}${a.already ? " (already)" : ""}`)).to.deep.equal(["switch to on-demand orders", "switch to on-demand sessions (already)"]);
        expect(await freeze(plan)).to.deep.equal(["orders: done", "sessions: already"]);
        expect(fake.region(ADA, REGION).tables[0].BillingModeSummary?.BillingMode).to.equal("PAY_PER_REQUEST");
        expect(usd(find(await inventory(), "orders"))).to.equal(0);
    });

    it("provisioned concurrency, once opened, is priced and removed; the function stays", async () => {
        provisionedConcurrency(fake.region(ADA, REGION));
        expect((await inventory([])).resources).to.deep.equal([]);
        expect(fake.callsOf("ListFunctions")).to.deep.equal([]);

        const inv = await inventory(["lambda-provisioned-concurrency"]);
        const config = find(inv, "api:live");
        expect(config).to.deep.include({ kind: "lambda-provisioned-concurrency", count: 100, memoryGiB: 1, parent: "api" });
        // 100 x 1 GB x $0.0000041667 per GB-second.
        expect(usd(config)).to.equal(1.5);
        expect(await freeze(planFreeze(inv))).to.deep.equal(["api:live: done"]);
        expect(fake.region(ADA, REGION).functions.map((f) => [f.config.FunctionName, f.provisioned.length])).to.deep.equal([["api", 0], ["plain", 0]]);
        expect(planFreeze(await inventory(["lambda-provisioned-concurrency"])).actions).to.deep.equal([]);
    });

    it("an opened EKS node group is priced once (not again through its instances) and scaled to 0 with them", async () => {
        eksNodegroup(fake.region(ADA, REGION));
        const closed = await inventory([]);
        expect(closed.resources.filter((r) => r.kind.startsWith("eks-"))).to.deep.equal([]);
        expect(fake.callsOf("ListClusters").filter((c) => c.region === REGION)).to.have.length(1); // ECS's, not EKS's

        const inv = await inventory(["eks"]);
        const group = find(inv, "workers");
        expect(group).to.deep.include({ kind: "eks-nodegroup", size: "t3.medium", count: 3, minSize: 3, parent: "lab" });
        expect(usd(group)).to.equal(Number((3 * 0.0416).toFixed(6)));
        expect(usd(find(inv, "i-node1"))).to.equal(0);
        expect(find(inv, "i-node1").partOf).to.deep.equal({ kind: "eks-nodegroup", id: "workers" });
        expect(find(inv, "eks-workers-0a1b").partOf).to.deep.equal({ kind: "eks-nodegroup", id: "workers" });

        const plan = planFreeze(inv);
        // The nodes and EKS's own Auto Scaling group stop with the node group; the cluster's control plane keeps billing.
        expect(plan.actions.map((a) => `${a.verb} ${a.resource.id} with ${(a.with ?? []).map((m) => m.id).join(",")}`)).to.deep.equal([
            "scale to 0 workers with i-node1,i-node2,i-node3,eks-workers-0a1b"]);
        expect(plan.actions[0].saves).to.have.property("usdPerHour").closeTo(3 * 0.0416, 1e-9);
        expect(plan.kept.map((k) => `${k.resource.kind} ${k.resource.id}: ${k.why}`)).to.deep.equal([
            "eks-cluster lab: a cluster cannot be stopped, and deleting it loses its workloads and configuration"]);
        expect(await freeze(plan)).to.deep.equal(["workers: done"]);
        expect(fake.region(ADA, REGION).eksClusters[0].nodegroups[0].scalingConfig).to.deep.equal({ minSize: 0, maxSize: 5, desiredSize: 0 });
        expect(mutations()).to.deep.equal(["UpdateNodegroupConfig"]);
    });

    it("an accelerator, listed once per account from us-west-2, is priced and listed as still billing", async () => {
        accelerator(fake);
        const inv = (await listInventories(testAwsClients(), [ADA], ["us-east-1", "eu-west-1"], { retry, openedServices: ["globalaccelerator"] }))[0];
        expect(fake.callsOf("ListAccelerators").map((c) => c.region)).to.deep.equal(["us-west-2"]);
        const found = inv.resources.filter((r) => r.kind === "global-accelerator");
        expect(found).to.have.length(1);
        expect(usd(found[0])).to.equal(0.025);
        const plan = planFreeze(inv);
        expect(plan.actions).to.deep.equal([]);
        expect(planLines("Ada", plan).join("\n")).to.contain(
            "still billing: us-west-2 global-accelerator 0a1b2c3d-4e5f-6071-8a9b-0c1d2e3f4a5b (DEPLOYED), about $0.0250/hour: " +
            "deleting it gives up its static IP addresses for good");
    });

    it("a 10-shard Kinesis stream is switched to on-demand; an interface endpoint is deleted, a gateway endpoint costs nothing", async () => {
        otherBillers(fake.region(ADA, REGION));
        const inv = await inventory();
        expect(usd(find(inv, "clicks"))).to.equal(0.15);
        expect(usd(find(inv, "vpce-0interface"))).to.equal(0.02);
        expect(find(inv, "vpce-0gateway").billing).to.equal(false);
        const plan = planFreeze(inv);
        expect(plan.actions.filter((a) => !a.already).map((a) => `${a.verb} ${a.resource.id} ${a.api}`)).to.deep.equal([
            "delete vpce-0interface ec2:DeleteVpcEndpoints", "switch to on-demand clicks kinesis:UpdateStreamMode"]);
        expect(await freeze(plan)).to.include.members(["vpce-0interface: done", "clicks: done"]);
        expect(fake.region(ADA, REGION).streams[0].StreamModeDetails?.StreamMode).to.equal("ON_DEMAND");
        expect(fake.region(ADA, REGION).vpcEndpoints[0].State).to.equal("Deleting");
    });

    it("the meter prices every new kind with the same parts as the freeze", async () => {
        const r = fake.region(ADA, REGION);
        fargateService(r);
        provisionedTable(r);
        provisionedConcurrency(r);
        eksNodegroup(r);
        otherBillers(r);
        const inv = await inventory();
        const now = new Date("2026-11-23T10:00:00Z");
        // What no listing covers is said once for the workshop (splitUnsupported), not per account.
        const listed = { ...inv, gaps: inv.gaps.filter((g) => !g.unsupported) };
        const { meter } = meterAccount({ observation: { accountId: ADA, inventory: listed, bedrock: [] }, prices: bundledPrice, ledger: {}, now, periodStart: CREATED });
        const byFreeze = inv.resources.map((res) => hourlyPrice(res, bundledPrice)).reduce((sum, p) => sum + ("usdPerHour" in p ? p.usdPerHour : 0), 0);
        expect(meter.unknown).to.deep.equal([]);
        expect(meter.usdPerHour).to.be.closeTo(byFreeze, 1e-6);
        expect(meter.resources.map((line) => line.key)).to.include.members([
            "us-east-1/ecs-service/web", "us-east-1/dynamodb-table/orders", "us-east-1/lambda-provisioned-concurrency/api:live", "us-east-1/eks-nodegroup/workers",
            "us-east-1/kinesis-stream/clicks", "us-east-1/vpc-endpoint/vpce-0interface"]);
    });
});
