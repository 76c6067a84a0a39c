import { CloudWatchClient, GetMetricDataCommand, GetMetricStatisticsCommand, ListMetricsCommand } from "@aws-sdk/client-cloudwatch";
import { mockClient } from "aws-sdk-client-mock";
import { expect } from "chai";

import { readBedrockUse, statisticsPeriod } from "../../../driver/meter/bedrock-tokens";
import { FakeBedrockMetrics } from "../../support/fake-cloudwatch";

const NOW = new Date("2026-11-23T12:00:00Z");
const at = (iso: string) => new Date(iso);

describe("meter: Bedrock tokens from CloudWatch", () => {
    const cloudwatch = mockClient(CloudWatchClient);
    let metrics: FakeBedrockMetrics;
    const client = () => new CloudWatchClient({ region: "us-east-1", credentials: { accessKeyId: "AKIA-MGMT", secretAccessKey: "x" } });
    beforeEach(() => {
        cloudwatch.reset();
        metrics = new FakeBedrockMetrics(() => NOW);
        cloudwatch.on(ListMetricsCommand).callsFake((input) => metrics.listMetrics("AKIA-MGMT/us-east-1", input));
        cloudwatch.on(GetMetricStatisticsCommand).callsFake((input) => metrics.getMetricStatistics("AKIA-MGMT/us-east-1", input));
    });
    after(() => cloudwatch.restore());

    it("chooses a period CloudWatch accepts: at most 1,440 points, 5-minute steps, hourly past 63 days", () => {
        expect(statisticsPeriod({ start: at("2026-11-23T08:00:00Z"), end: NOW })).to.equal(300);
        // 23 days at 5 minutes would be 6,624 points: the period grows in 5-minute steps to fit.
        expect(statisticsPeriod({ start: at("2026-11-01T00:00:00Z"), end: NOW })).to.equal(1500);
        expect(statisticsPeriod({ start: at("2026-08-01T00:00:00Z"), end: NOW })).to.equal(7200);
    });

    it("sums each model's tokens since the start and in the last hour, with free-tier reads only", async () => {
        metrics.tokens("AKIA-MGMT/us-east-1", "amazon.nova-lite-v1:0", [
            { at: at("2026-11-23T07:59:00Z"), input: 999, output: 999 }, // before the start: not counted
            { at: at("2026-11-23T09:10:00Z"), input: 100_000, output: 250_000 },
            { at: at("2026-11-23T11:20:00Z"), input: 100_000, output: 750_000 },
        ]).invocationsOnly("AKIA-MGMT/us-east-1", "stability.sd3-large-v1:0");

        const use = await readBedrockUse(client(), { start: at("2026-11-23T08:00:00Z"), end: NOW });
        expect(use.models).to.deep.equal([{ modelId: "amazon.nova-lite-v1:0", inputTokens: 200_000, outputTokens: 1_000_000,
            lastHourInputTokens: 100_000, lastHourOutputTokens: 750_000 }]);
        expect(use.untokenized).to.deep.equal(["stability.sd3-large-v1:0"]);
        // One ListMetrics, then one statistic per model and direction; GetMetricData (never free) is not used.
        expect(use.requests).to.equal(3);
        expect(cloudwatch.commandCalls(GetMetricDataCommand)).to.have.length(0);
        expect(cloudwatch.commandCalls(GetMetricStatisticsCommand).map((c) => c.args[0].input.Period)).to.deep.equal([300, 300]);
    });

    it("reads a month-long window in one call per metric", async () => {
        metrics.tokens("AKIA-MGMT/us-east-1", "amazon.nova-lite-v1:0", [{ at: at("2026-11-02T10:00:00Z"), input: 5, output: 7 }]);
        const use = await readBedrockUse(client(), { start: at("2026-11-01T00:00:00Z"), end: NOW });
        expect(use.models[0]).to.deep.include({ inputTokens: 5, outputTokens: 7 });
    });

    it("passes a throttled read up as an error for the caller to report", async () => {
        metrics.throttled.add("AKIA-MGMT/us-east-1");
        let error: Error | undefined;
        await readBedrockUse(client(), { start: at("2026-11-23T08:00:00Z"), end: NOW }).catch((e: Error) => { error = e; });
        expect(error?.name).to.equal("ThrottlingException");
    });
});
