import { BudgetsClient, DescribeBudgetActionsForBudgetCommand } from "@aws-sdk/client-budgets";
import { CloudWatchClient, GetMetricDataCommand, GetMetricStatisticsCommand, ListMetricsCommand } from "@aws-sdk/client-cloudwatch";
import { IAMClient, ListAccessKeysCommand, UpdateAccessKeyCommand } from "@aws-sdk/client-iam";
import { AttachPolicyCommand, DescribeOrganizationCommand, OrganizationsClient } from "@aws-sdk/client-organizations";
import { GetProductsCommand, PricingClient } from "@aws-sdk/client-pricing";
import { mockClient } from "aws-sdk-client-mock";
import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import type { DriverContext } from "../../../driver/context";
import { liveMeter } from "../../../driver/meter/live-meter";
import { refreshMeter } from "../../../driver/meter/refresh";
import { type MeterSnapshot,readMeterSnapshot } from "../../../driver/meter/snapshot";
import { manualClock } from "../../../driver/time/clock";
import { fixtureOutputs } from "../../fixtures/outputs";
import { FakeBedrockMetrics } from "../../support/fake-cloudwatch";
import { capturingContext, FakeEngine, plainOutputs } from "../../support/fake-engine";
import { fakePriceList, workshopProducts } from "../../support/fake-price-list";
import { FakeStudentAws, throttled } from "../../support/fake-student-aws";

const ADA = "111111111111";
const GRACE = "222222222222";
const LINUS = "333333333333";
const MANAGEMENT = "999988887777";
const SHARED_USER = "aws101-bedrock";

/** The fixture's first three students, in two regions, optionally in workshop mode. */
function workshop(workshopMode: boolean) {
    const outputs = fixtureOutputs();
    delete outputs.students.margaret;
    return plainOutputs({ ...outputs, allowedRegions: ["us-east-1", "us-west-2"], ...(workshopMode ? { workshopModeUserName: SHARED_USER } : {}) });
}

/** What runs: Ada's p-type instance, a stopped one and an idle NAT gateway; Linus's small instance and a region whose EC2 throttles. */
function resources(fake: FakeStudentAws): void {
    const ada = fake.region(ADA, "us-east-1");
    ada.instances.push(
        { InstanceId: "i-0p3", InstanceType: "p3.2xlarge", State: { Name: "running", Code: 16 }, LaunchTime: new Date("2026-11-23T10:00:00Z"), PlatformDetails: "Linux/UNIX" },
        { InstanceId: "i-0stopped", InstanceType: "t3.micro", State: { Name: "stopped", Code: 80 }, LaunchTime: new Date("2026-11-20T10:00:00Z"), PlatformDetails: "Linux/UNIX" });
    fake.region(ADA, "us-west-2").natGateways.push({ NatGatewayId: "nat-0idle", State: "available", CreateTime: new Date("2026-11-22T09:00:00Z") });
    fake.region(LINUS, "us-east-1").instances.push(
        { InstanceId: "i-0t3", InstanceType: "t3.micro", State: { Name: "running", Code: 16 }, LaunchTime: new Date("2026-11-23T11:00:00Z"), PlatformDetails: "Linux/UNIX" });
    fake.fail(LINUS, "us-west-2", "DescribeInstances", () => throttled(), Infinity);
    fake.refuseAssumeRole(GRACE);
}

describe("live meter: a 3-student, 2-region workshop", () => {
    let fake: FakeStudentAws;
    const cloudwatch = mockClient(CloudWatchClient);
    const pricing = mockClient(PricingClient);
    const organizations = mockClient(OrganizationsClient);
    const budgets = mockClient(BudgetsClient);
    const iam = mockClient(IAMClient);
    let dir: string;
    let now: Date;
    let metrics: FakeBedrockMetrics;

    beforeEach(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "meter-refresh-"));
        now = new Date("2026-11-23T12:00:00Z");
        for (const mock of [cloudwatch, pricing, organizations, budgets, iam]) mock.reset();
        fake = new FakeStudentAws().install();
        resources(fake);
        metrics = new FakeBedrockMetrics(() => now);
        // getClient answers for the latest call, so it is read before the first await.
        const scope = async (getClient: () => CloudWatchClient) => {
            const client = getClient();
            return `${(await client.config.credentials()).accessKeyId}/${await client.config.region()}`;
        };
        cloudwatch.on(ListMetricsCommand).callsFake(async (input, getClient) => metrics.listMetrics(await scope(getClient as () => CloudWatchClient), input));
        cloudwatch.on(GetMetricStatisticsCommand).callsFake(async (input, getClient) =>
            metrics.getMetricStatistics(await scope(getClient as () => CloudWatchClient), input));
        pricing.on(GetProductsCommand).callsFake(fakePriceList(workshopProducts()));
        organizations.on(DescribeOrganizationCommand).resolves({ Organization: { Id: "o-abc123", MasterAccountId: MANAGEMENT } });
        organizations.on(AttachPolicyCommand).resolves({});
        budgets.on(DescribeBudgetActionsForBudgetCommand).callsFake((input: { BudgetName: string }) => {
            const student = Object.values(fixtureOutputs().students).find((s) => s.budgetName === input.BudgetName)!;
            return { Actions: [{ ActionId: `a-${student.accountId}`, BudgetName: input.BudgetName, ActionType: "APPLY_SCP_POLICY", Status: "STANDBY",
                Definition: { ScpActionDefinition: { PolicyId: "p-freeze01", TargetIds: [student.accountId] } } }] };
        });
        iam.on(ListAccessKeysCommand).resolves({ AccessKeyMetadata: [
            { UserName: SHARED_USER, AccessKeyId: "AKIAOLD", Status: "Inactive" }, { UserName: SHARED_USER, AccessKeyId: "AKIANEW", Status: "Active" }] });
        iam.on(UpdateAccessKeyCommand).resolves({});

        // Ada: 1M Nova Lite output tokens (and 200k input) in the last hour; Linus: Claude 3 Haiku this morning; Linus's us-west-2 throttles.
        metrics.tokens(`ASIAFAKE${ADA}/us-east-1`, "us.amazon.nova-lite-v1:0", [{ at: new Date("2026-11-23T11:30:00Z"), input: 200_000, output: 1_000_000 }]);
        metrics.tokens(`ASIAFAKE${LINUS}/us-east-1`, "anthropic.claude-3-haiku-20240307-v1:0", [{ at: new Date("2026-11-23T09:00:00Z"), input: 0, output: 100_000 }]);
        metrics.throttled.add(`ASIAFAKE${LINUS}/us-west-2`);
        // The shared key's use lands in the management account: 20M output tokens.
        metrics.tokens("test/us-east-1", "anthropic.claude-3-haiku-20240307-v1:0", [{ at: new Date("2026-11-23T11:00:00Z"), input: 0, output: 20_000_000 }]);
    });
    afterEach(() => { fake.restore(); fs.rmSync(dir, { recursive: true, force: true }); });
    after(() => { for (const mock of [cloudwatch, pricing, organizations, budgets, iam]) mock.restore(); });

    async function meterFor(options: { workshopMode?: boolean; config?: Record<string, string>; dryRun?: boolean } = {}) {
        const engine = new FakeEngine({ outputs: workshop(!!options.workshopMode), config: options.config ?? { liveFreezeAtUsd: "5" } });
        const captured = capturingContext(engine);
        const ctx: DriverContext = { ...captured.ctx, dataDir: dir, now: () => now };
        // The real inventory, retried as in production but on a clock that does not wait.
        const meter = await liveMeter(ctx, { since: "2026-11-23T08:00:00Z", dryRun: !!options.dryRun, concurrency: 2,
            retry: { policy: { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 1000, random: () => 0.5 }, clock: manualClock() } });
        return { meter, ...captured, refresh: () => refreshMeter(meter.plan, meter.services) };
    }

    const student = (snapshot: MeterSnapshot, accountId: string) => snapshot.students.find((s) => s.accountId === accountId)!.meter;

    it("prices the running p-type instance, not the stopped one, the idle NAT gateway and 1M Bedrock output tokens", async () => {
        const { refresh } = await meterFor();
        const { snapshot } = await refresh();
        const ada = student(snapshot, ADA);
        // p3.2xlarge $3.06/h, NAT $0.045/h, Nova Lite $0.24 per 1M output and $0.06 per 1M input, all from the Price List.
        expect(ada.usdPerHour).to.be.closeTo(3.06 + 0.045 + 0.24 + 0.012, 1e-9);
        expect(ada.sinceStartUsd).to.be.closeTo(3.06 * 2 + 0.045 * 4 + 0.24 + 0.012, 1e-9);
        expect(ada.resources.map((r) => r.key)).to.deep.equal(["us-east-1/ec2-instance/i-0p3", "us-west-2/nat-gateway/nat-0idle"]);
        expect(ada.tokens).to.have.length(1);
        expect(ada.tokens[0]).to.deep.include({ modelId: "us.amazon.nova-lite-v1:0", outputTokens: 1_000_000 });
        expect([...ada.resources.flatMap((r) => r.prices), ...ada.tokens[0].prices].every((p) => p.source === "price-list" && p.asOf === "2026-11-23")).to.equal(true);
        expect(ada.unknown).to.deep.equal([]);
        // The OpenSearch and Redshift the inventory cannot list are said once for the workshop, not as Ada's unknown.
        expect(snapshot.notMetered).to.have.length(1);
        expect(snapshot.notMetered[0]).to.match(/^Classic Load Balancers, opensearch-domain, redshift-cluster, allowedServices [^:]*: not listed by this driver/);
        // The snapshot on disk is what the dashboard reads.
        expect(readMeterSnapshot(path.join(dir, "meter-snapshot.json"))?.finishedAt).to.equal(snapshot.finishedAt);
    });

    it("shows an account whose role cannot be assumed, and a throttled region, as unknown with the reason, and keeps the rest", async () => {
        const { refresh } = await meterFor();
        const { snapshot } = await refresh();
        const grace = student(snapshot, GRACE);
        expect(grace).to.deep.include({ usdPerHour: null, sinceStartUsd: null });
        expect(grace.unknown[0].reason).to.match(/^cannot assume OrganizationAccountAccessRole in 222222222222: AccessDenied: User is not authorized/);

        const linus = student(snapshot, LINUS);
        // t3.micro for an hour, and 100k Claude 3 Haiku output tokens from the bundled table ($1.25 per 1M).
        expect(linus.usdPerHour).to.equal(0.0104);
        expect(linus.sinceStartUsd).to.be.closeTo(0.0104 + 0.125, 1e-9);
        expect(linus.unknown).to.deep.equal([
            { what: "EC2 instances in us-west-2", reason: "ThrottlingException: Rate exceeded (still failing after 3 attempts)" },
            { what: "Bedrock tokens in us-west-2", reason: "ThrottlingException: Rate exceeded (still failing after 3 attempts)" },
        ]);
        // Each throttled call was tried three times (the retry policy), then given up on for this refresh.
        expect(metrics.calls.filter((c) => c.scope === `ASIAFAKE${LINUS}/us-west-2`)).to.have.length(3);
        expect(linus.tokens[0].prices).to.deep.equal([{ key: "bedrock-output/us-east-1/anthropic.claude-3-haiku-20240307-v1:0", source: "bundled", asOf: "2025-06-01" }]);
        // Free-tier reads only, and the failed account is not asked again within the refresh.
        expect(cloudwatch.commandCalls(GetMetricDataCommand)).to.have.length(0);
        expect(metrics.calls.filter((c) => c.scope.startsWith(`ASIA${GRACE}`))).to.have.length(0);
        expect(fake.callsOf("AssumeRole").filter((c) => c.accountId === GRACE)).to.have.length(1);
    });

    it("fires the live freeze once for the student over the threshold, not at every refresh, and reuses each session", async () => {
        const { refresh, lines } = await meterFor();
        const first = await refresh();
        now = new Date("2026-11-23T12:05:00Z");
        const second = await refresh();
        now = new Date("2026-11-23T12:10:00Z");
        const third = await refresh();

        expect(organizations.commandCalls(AttachPolicyCommand).map((c) => c.args[0].input)).to.deep.equal([{ PolicyId: "p-freeze01", TargetId: ADA }]);
        expect(first.fired.map((r) => [r.targetId, r.outcome, r.mode])).to.deep.equal([[`account:${ADA}`, "ok", "applied"]]);
        expect(second.fired).to.deep.equal([]);
        expect(third.fired).to.deep.equal([]);
        expect(student(third.snapshot, ADA).sinceStartUsd).to.be.greaterThan(student(first.snapshot, ADA).sinceStartUsd!);
        expect(third.snapshot.freezes.map((r) => r.targetId)).to.deep.equal([`account:${ADA}`]);
        expect(lines.filter((l) => l.startsWith("Live freeze"))).to.have.length(1);
        expect(lines.find((l) => l.startsWith("Live freeze"))).to.match(/Ada Lovelace .* estimated \$6\.55 since the start ≥ live freeze at \$5\.00; attached the freeze SCP p-freeze01/);
        // One session per account for the three refreshes; the role that fails is tried again at each refresh.
        const assumed = fake.callsOf("AssumeRole").map((c) => c.accountId);
        expect(assumed.filter((a) => a === ADA)).to.have.length(1);
        expect(assumed.filter((a) => a === GRACE)).to.have.length(3);
    });

    it("in a dry run only says what it would do, once, and a real run later still acts", async () => {
        const dry = await meterFor({ dryRun: true });
        await dry.refresh();
        now = new Date("2026-11-23T12:05:00Z");
        await dry.refresh();
        expect(organizations.commandCalls(AttachPolicyCommand)).to.have.length(0);
        expect(dry.lines.filter((l) => l.startsWith("Live freeze (dry run)"))).to.have.length(1);

        const real = await meterFor();
        now = new Date("2026-11-23T12:10:00Z");
        await real.refresh();
        expect(organizations.commandCalls(AttachPolicyCommand)).to.have.length(1);
    });

    it("tries a failed freeze again at the next refresh, then stops", async () => {
        organizations.on(AttachPolicyCommand).rejectsOnce(Object.assign(new Error("Rate exceeded"), { name: "TooManyRequestsException" })).resolves({});
        const { refresh, warnings } = await meterFor();
        await refresh();
        expect(warnings.filter((w) => w.startsWith("Live freeze FAILED"))).to.have.length(1);
        now = new Date("2026-11-23T12:05:00Z");
        await refresh();
        now = new Date("2026-11-23T12:10:00Z");
        await refresh();
        expect(organizations.commandCalls(AttachPolicyCommand)).to.have.length(2);
    });

    it("in workshop mode meters the shared key in the management account and deactivates it past its threshold", async () => {
        const { refresh, lines } = await meterFor({ workshopMode: true });
        const { snapshot } = await refresh();
        // 20M Claude 3 Haiku output tokens at $1.25 per 1M; the key's threshold defaults to $5 × 3 students.
        expect(snapshot.sharedKey?.meter.sinceStartUsd).to.equal(25);
        expect(iam.commandCalls(UpdateAccessKeyCommand).map((c) => c.args[0].input)).to.deep.equal([{ UserName: SHARED_USER, AccessKeyId: "AKIANEW", Status: "Inactive" }]);
        expect(lines.some((l) => /shared workshop key .* deactivated AKIANEW/.test(l))).to.equal(true);
        now = new Date("2026-11-23T12:05:00Z");
        await refresh();
        expect(iam.commandCalls(UpdateAccessKeyCommand)).to.have.length(1);
    });

    it("does nothing when liveFreezeAtUsd is not set, and refuses a threshold that is not an amount of money", async () => {
        await (await meterFor({ config: {} })).refresh();
        expect(organizations.commandCalls(AttachPolicyCommand)).to.have.length(0);
        let error = "";
        await meterFor({ config: { liveFreezeAtUsd: "-3" } }).catch((e: Error) => { error = e.message; });
        expect(error).to.match(/^liveFreezeAtUsd must be a number of USD from 1.00 to 1000000.00 with at most 2 decimals \(e.g. 25 or 37.50\), got "-3"; fix it with `pulumi config set/);
    });
});
