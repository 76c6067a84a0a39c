import type { GetMetricStatisticsCommandInput, ListMetricsCommandInput, Metric } from "@aws-sdk/client-cloudwatch";

/**
 * CloudWatch's AWS/Bedrock token metrics for several accounts and regions, as strict as the
 * two read calls it answers:
 * - ListMetrics: pages of at most 500 metrics with NextToken; a Dimensions filter keeps metrics
 *   that have those dimension names (values optional).
 *   https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_ListMetrics.html
 * - GetMetricStatistics: Period a multiple of 60; at most 1,440 data points per call
 *   (InvalidParameterCombination); a start more than 15 days ago needs a multiple of 300 and more
 *   than 63 days ago a multiple of 3,600, or no data points are returned; 1-5 statistics.
 *   Each data point covers [StartTime + k·Period, + Period) and is stamped with its start.
 *   https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_GetMetricStatistics.html
 * A scope is "<access key id>/<region>": whose credentials asked, where.
 */

export interface TokenPoint {
    at: Date;
    input: number;
    output: number;
}

interface Series {
    modelId: string;
    points: TokenPoint[];
    /** Invoked without token metrics (an image model). */
    untokenized?: boolean;
}

function awsError(name: string, message: string): Error {
    return Object.assign(new Error(message), { name, $metadata: { httpStatusCode: 400 } });
}

const DAY_MS = 86_400_000;

export class FakeBedrockMetrics {
    private readonly scopes = new Map<string, Series[]>();
    /** Scopes whose every call is throttled. */
    readonly throttled = new Set<string>();
    readonly calls: { scope: string; command: "ListMetrics" | "GetMetricStatistics" }[] = [];

    constructor(private readonly now: () => Date) {}

    tokens(scope: string, modelId: string, points: TokenPoint[]): this {
        this.series(scope).push({ modelId, points });
        return this;
    }

    invocationsOnly(scope: string, modelId: string): this {
        this.series(scope).push({ modelId, points: [], untokenized: true });
        return this;
    }

    private series(scope: string): Series[] {
        if (!this.scopes.has(scope)) this.scopes.set(scope, []);
        return this.scopes.get(scope)!;
    }

    private check(scope: string, command: "ListMetrics" | "GetMetricStatistics"): void {
        this.calls.push({ scope, command });
        if (this.throttled.has(scope)) throw awsError("ThrottlingException", "Rate exceeded");
    }

    listMetrics(scope: string, input: ListMetricsCommandInput): { Metrics: Metric[]; NextToken?: string } {
        this.check(scope, "ListMetrics");
        const metrics: Metric[] = [];
        for (const s of this.scopes.get(scope) ?? []) {
            const dimension = [{ Name: "ModelId", Value: s.modelId }];
            metrics.push({ Namespace: "AWS/Bedrock", MetricName: "Invocations", Dimensions: dimension });
            if (!s.untokenized) {
                metrics.push({ Namespace: "AWS/Bedrock", MetricName: "InputTokenCount", Dimensions: dimension },
                    { Namespace: "AWS/Bedrock", MetricName: "OutputTokenCount", Dimensions: dimension },
                    // A series with one more dimension: summing it too would count the same tokens twice.
                    { Namespace: "AWS/Bedrock", MetricName: "OutputTokenCount", Dimensions: [...dimension, { Name: "ServiceTier", Value: "default" }] });
            }
        }
        const wanted = metrics.filter((m) => (!input.Namespace || m.Namespace === input.Namespace) &&
            (!input.MetricName || m.MetricName === input.MetricName) &&
            (input.Dimensions ?? []).every((f) => (m.Dimensions ?? []).some((d) => d.Name === f.Name && (f.Value === undefined || d.Value === f.Value))));
        const offset = Number(input.NextToken ?? 0);
        const next = offset + 500 < wanted.length ? String(offset + 500) : undefined;
        return { Metrics: wanted.slice(offset, offset + 500), ...(next ? { NextToken: next } : {}) };
    }

    getMetricStatistics(scope: string, input: GetMetricStatisticsCommandInput): { Datapoints: { Timestamp: Date; Sum: number; Unit: string }[] } {
        this.check(scope, "GetMetricStatistics");
        const start = input.StartTime!.getTime();
        const end = input.EndTime!.getTime();
        const period = input.Period!;
        if (!Number.isInteger(period) || period < 60 || period % 60 !== 0) throw awsError("InvalidParameterValue", `Period must be a multiple of 60, got ${period}`);
        if (!(start < end)) throw awsError("InvalidParameterValue", "The parameter StartTime must be less than the parameter EndTime.");
        if (!input.Statistics || input.Statistics.length < 1 || input.Statistics.length > 5) throw awsError("InvalidParameterValue", "Statistics: 1 to 5 items");
        const buckets = Math.ceil((end - start) / (period * 1000));
        if (buckets > 1440) {
            throw awsError("InvalidParameterCombination", `You have requested up to ${buckets} datapoints, which exceeds the limit of 1440.`);
        }
        const age = this.now().getTime() - start;
        if ((age > 63 * DAY_MS && period % 3600 !== 0) || (age > 15 * DAY_MS && period % 300 !== 0)) return { Datapoints: [] };
        const modelId = input.Dimensions?.find((d) => d.Name === "ModelId")?.Value;
        if (input.Namespace !== "AWS/Bedrock" || input.Dimensions?.length !== 1) return { Datapoints: [] };
        const direction = input.MetricName === "InputTokenCount" ? "input" : input.MetricName === "OutputTokenCount" ? "output" : undefined;
        const series = (this.scopes.get(scope) ?? []).find((s) => s.modelId === modelId && !s.untokenized);
        if (!direction || !series) return { Datapoints: [] };
        const sums = new Map<number, number>();
        for (const point of series.points) {
            const at = point.at.getTime();
            if (at < start || at >= end) continue;
            const bucket = start + Math.floor((at - start) / (period * 1000)) * period * 1000;
            sums.set(bucket, (sums.get(bucket) ?? 0) + point[direction]);
        }
        return { Datapoints: [...sums.entries()].map(([at, sum]) => ({ Timestamp: new Date(at), Sum: sum, Unit: "Count" })) };
    }
}
