import { expect } from "chai";

import type { BillableResource } from "../../../driver/inventory/billable";
import { type AccountLedger, type AccountObservation,meterAccount } from "../../../driver/meter/meter";
import { bundledPrice } from "../../../driver/prices/bundled";
import type { PriceQuery } from "../../../driver/prices/price-query";

const ACCOUNT = "111111111111";
const START = new Date("2026-11-23T08:00:00Z");
const at = (time: string) => new Date(`2026-11-23T${time}:00Z`);
const prices = (query: PriceQuery) => bundledPrice(query);

function resource(r: Partial<BillableResource> & Pick<BillableResource, "kind" | "id">): BillableResource {
    return { accountId: ACCOUNT, region: "us-east-1", state: "running", billing: true, ...r };
}

const p3 = resource({ kind: "ec2-instance", id: "i-p3", size: "p3.2xlarge", lifecycle: "on-demand", platform: "Linux/UNIX", since: "2026-11-23T10:00:00Z" });
const stopped = resource({ kind: "ec2-instance", id: "i-stopped", size: "t3.micro", state: "stopped", billing: false, since: "2026-11-20T10:00:00Z" });
const nat = resource({ kind: "nat-gateway", id: "nat-1", region: "us-west-2", state: "available", since: "2026-11-22T09:00:00Z" });

function observe(resources: BillableResource[], extra: Partial<AccountObservation> = {}): AccountObservation {
    return { accountId: ACCOUNT, inventory: { accountId: ACCOUNT, resources, gaps: [] }, bedrock: [], ...extra };
}

function meter(observation: AccountObservation, now: Date, ledger: AccountLedger = {}) {
    return meterAccount({ observation, prices, ledger, now, periodStart: START });
}

describe("meter arithmetic", () => {
    it("prices what runs now and counts it since its launch, clipped to the start; a stopped instance costs nothing", () => {
        const { meter: m } = meter(observe([p3, stopped, nat]), at("12:00"));
        // p3.2xlarge $3.06/h for 2 h; the idle NAT gateway $0.045/h since the 08:00 start (it was created the day before).
        expect(m.usdPerHour).to.be.closeTo(3.06 + 0.045, 1e-9);
        expect(m.sinceStartUsd).to.be.closeTo(3.06 * 2 + 0.045 * 4, 1e-9);
        expect(m.resources.map((r) => [r.key, r.usdPerHour])).to.deep.equal([["us-east-1/ec2-instance/i-p3", 3.06], ["us-west-2/nat-gateway/nat-1", 0.045]]);
        expect(m.resources[0].prices).to.deep.equal([{ key: "ec2/us-east-1/p3.2xlarge", source: "bundled", asOf: "2025-06-01" }]);
        expect(m.unknown).to.deep.equal([]);
    });

    it("prices 1M Bedrock output tokens, and the last hour's tokens as the rate", () => {
        const { meter: m } = meter(observe([], { bedrock: [{ region: "us-east-1", use: { requests: 3, untokenized: [], models: [
            { modelId: "anthropic.claude-3-haiku-20240307-v1:0", inputTokens: 0, outputTokens: 1_000_000, lastHourInputTokens: 0, lastHourOutputTokens: 400_000 },
        ] } }] }), at("12:00"));
        expect(m.tokens[0]).to.deep.include({ sinceStartUsd: 1.25, lastHourUsd: 0.5 });
        expect(m.sinceStartUsd).to.equal(1.25);
        expect(m.usdPerHour).to.equal(0.5);
    });

    it("accrues across refreshes, and keeps what a terminated instance cost", () => {
        const first = meter(observe([p3]), at("12:00"));
        const second = meter(observe([p3]), at("12:30"), first.ledger);
        expect(second.meter.sinceStartUsd).to.be.closeTo(3.06 * 2.5, 1e-9);
        const third = meter(observe([]), at("13:00"), second.ledger);
        expect(third.meter.usdPerHour).to.equal(0);
        expect(third.meter.sinceStartUsd).to.be.closeTo(3.06 * 2.5, 1e-9);
        expect(third.meter.gone.map((r) => r.key)).to.deep.equal(["us-east-1/ec2-instance/i-p3"]);
    });

    it("counts a restarted instance from its new launch time, not across the time it was stopped", () => {
        const first = meter(observe([p3]), at("11:00"));
        const stoppedThen = meter(observe([{ ...p3, state: "stopped", billing: false }]), at("11:30"), first.ledger);
        const restarted = meter(observe([{ ...p3, since: "2026-11-23T13:00:00Z" }]), at("14:00"), stoppedThen.ledger);
        // 10:00-11:00, then 13:00-14:00; 11:00-11:30 is the one refresh interval the meter cannot see.
        expect(restarted.meter.sinceStartUsd).to.be.closeTo(3.06 * 2, 1e-9);
    });

    it("lists what it cannot price as unknown, with the reason, and adds nothing for it", () => {
        const { meter: m } = meter(observe([
            p3,
            resource({ kind: "ec2-instance", id: "i-win", size: "t3.micro", platform: "Windows" }),
            resource({ kind: "ec2-instance", id: "i-spot", size: "p3.2xlarge", lifecycle: "spot" }),
            resource({ kind: "ec2-instance", id: "i-p5", size: "p5.48xlarge" }),
        ]), at("12:00"));
        expect(m.usdPerHour).to.equal(3.06);
        expect(m.unknown.map((u) => u.what)).to.deep.equal([
            "ec2-instance i-win (t3.micro) in us-east-1", "ec2-instance i-spot (p3.2xlarge) in us-east-1", "ec2-instance i-p5 (p5.48xlarge) in us-east-1"]);
        expect(m.unknown[2].reason).to.equal("no price for ec2/us-east-1/p5.48xlarge: the bundled table has no ec2/us-east-1/p5.48xlarge");
    });

    it("shows no number for an account it could not read, and keeps a region's earlier tokens when it fails to read them", () => {
        const unreadable = meter({ accountId: ACCOUNT, bedrock: [], failure: "cannot assume OrganizationAccountAccessRole: AccessDenied" }, at("12:00"));
        expect(unreadable.meter).to.deep.include({ usdPerHour: null, sinceStartUsd: null });
        expect(unreadable.meter.unknown).to.deep.equal([{ what: `account ${ACCOUNT}`, reason: "cannot assume OrganizationAccountAccessRole: AccessDenied" }]);

        const use = { requests: 3, untokenized: [], models: [{ modelId: "amazon.nova-lite-v1:0", inputTokens: 0, outputTokens: 1_000_000, lastHourInputTokens: 0, lastHourOutputTokens: 0 }] };
        const read = meter(observe([], { bedrock: [{ region: "us-east-1", use }] }), at("12:00"));
        const throttled = meter(observe([], { bedrock: [{ region: "us-east-1", error: "ThrottlingException: Rate exceeded" }] }), at("12:05"), read.ledger);
        expect(throttled.meter.sinceStartUsd).to.equal(0.24);
        expect(throttled.meter.unknown[0].reason).to.equal("ThrottlingException: Rate exceeded (the estimate keeps the 1 model(s) read there before)");
    });

    it("does not call a resource gone when its region could not be listed", () => {
        const first = meter(observe([nat]), at("12:00"));
        const gap = meter(observe([], { inventory: { accountId: ACCOUNT, resources: [], gaps: [{ accountId: ACCOUNT, region: "us-west-2", reason: "throttled" }] } }),
            at("12:05"), first.ledger);
        expect(gap.meter.gone).to.deep.equal([]);
        expect(gap.meter.unknown).to.deep.equal([{ what: "resources in us-west-2", reason: "throttled" }]);
        // Listed again later: the hours in between are caught up, not lost.
        const back = meter(observe([nat]), at("13:00"), gap.ledger);
        expect(back.meter.sinceStartUsd).to.be.closeTo(0.045 * 5, 1e-9);
    });

    it("prices an EBS volume's storage, and gp3 IOPS and throughput only above what is included", () => {
        const volume = resource({ kind: "ebs-volume", id: "vol-1", size: "gp3", state: "in-use", sizeGiB: 730, iops: 4000, throughputMiBps: 250, since: "2026-11-23T08:00:00Z" });
        const { meter: m } = meter(observe([volume]), at("09:00"));
        // 730 GB × $0.08/GB-month ÷ 730 h, + 1,000 IOPS × $0.005 ÷ 730, + 125 MiB/s × $0.04 ÷ 730.
        expect(m.usdPerHour).to.be.closeTo(0.08 + (1000 * 0.005 + 125 * 0.04) / 730, 1e-6);
    });

    it("prices every production variant of a SageMaker endpoint at its own instance type", () => {
        const endpoint = resource({ kind: "sagemaker-endpoint", id: "ep-1", state: "InService", count: 3, since: "2026-11-23T11:00:00Z",
            variants: [{ size: "ml.m5.large", count: 2 }, { size: "ml.t2.medium", count: 1 }] });
        const { meter: m } = meter(observe([endpoint]), at("12:00"));
        expect(m.usdPerHour).to.be.closeTo(2 * 0.115 + 0.056, 1e-9);
        expect(m.resources[0].prices.map((p) => p.key)).to.deep.equal(["sagemaker-hosting/us-east-1/ml.m5.large", "sagemaker-hosting/us-east-1/ml.t2.medium"]);
    });
});
