import {
type CloudWatchClient, type Datapoint,
    GetMetricStatisticsCommand, paginateListMetrics, } from "@aws-sdk/client-cloudwatch";

/**
 * Bedrock token counts per model from CloudWatch (namespace AWS/Bedrock, InputTokenCount and
 * OutputTokenCount by ModelId), in one account and region. Read with ListMetrics and
 * GetMetricStatistics: both count against CloudWatch's free tier of 1,000,000 API requests a
 * month, which GetMetricData (billed per metric, $0.01 per 1,000) never does.
 * https://aws.amazon.com/cloudwatch/pricing/ ; https://docs.aws.amazon.com/bedrock/latest/userguide/monitoring.html
 */

export const BEDROCK_NAMESPACE = "AWS/Bedrock";
export const TOKEN_METRICS = { input: "InputTokenCount", output: "OutputTokenCount" } as const;

export interface ModelTokenUse {
    /** As the ModelId dimension names it (a model id, an inference profile id or an ARN). */
    modelId: string;
    inputTokens: number;
    outputTokens: number;
    /** Tokens in the buckets that start within the last hour: the rate now. */
    lastHourInputTokens: number;
    lastHourOutputTokens: number;
}

export interface BedrockUse {
    models: ModelTokenUse[];
    /** Models invoked without token metrics (images, video): billed per item, which the meter does not price. */
    untokenized: string[];
    /** Requests this read made, for the benchmark and the log. */
    requests: number;
}

export interface TokenWindow {
    start: Date;
    end: Date;
}

/** GetMetricStatistics returns at most 1,440 data points per call. */
const MAX_DATAPOINTS = 1440;
const DAY_S = 86_400;

/**
 * The shortest period that keeps the window within 1,440 data points and that CloudWatch still
 * holds for a start that old (1-minute data for 15 days, 5-minute for 63, hourly after), never
 * under 5 minutes so the last hour is whole buckets. Pure.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_GetMetricStatistics.html
 */
export function statisticsPeriod(window: TokenWindow, now: Date = window.end): number {
    const spanS = Math.max(60, (window.end.getTime() - window.start.getTime()) / 1000);
    const ageS = (now.getTime() - window.start.getTime()) / 1000;
    const step = ageS > 63 * DAY_S ? 3600 : 300;
    return Math.max(step, Math.ceil(spanS / MAX_DATAPOINTS / step) * step);
}

/** The models with token metrics (or only invocations) in this account and region. */
async function listModels(client: CloudWatchClient, count: () => void, signal?: AbortSignal): Promise<{ tokenized: string[]; invoked: string[] }> {
    const tokenized = new Set<string>();
    const invoked = new Set<string>();
    for await (const page of paginateListMetrics({ client }, { Namespace: BEDROCK_NAMESPACE, Dimensions: [{ Name: "ModelId" }] })) {
        count();
        signal?.throwIfAborted();
        for (const metric of page.Metrics ?? []) {
            const dimensions = metric.Dimensions ?? [];
            // Only the per-model series; aggregates across other dimensions would count tokens twice.
            if (dimensions.length !== 1 || dimensions[0].Name !== "ModelId" || !dimensions[0].Value) continue;
            if (metric.MetricName === TOKEN_METRICS.input || metric.MetricName === TOKEN_METRICS.output) tokenized.add(dimensions[0].Value);
            else if (metric.MetricName === "Invocations") invoked.add(dimensions[0].Value);
        }
    }
    return { tokenized: [...tokenized].sort(), invoked: [...invoked].filter((m) => !tokenized.has(m)).sort() };
}

function sums(datapoints: Datapoint[], lastHourFrom: number): { total: number; lastHour: number } {
    let total = 0;
    let lastHour = 0;
    for (const point of datapoints) {
        const value = point.Sum ?? 0;
        total += value;
        if ((point.Timestamp?.getTime() ?? 0) >= lastHourFrom) lastHour += value;
    }
    return { total, lastHour };
}

/** Token use per model in the window. Throws on an API error (the caller reports the region as unknown). */
export async function readBedrockUse(client: CloudWatchClient, window: TokenWindow, signal?: AbortSignal): Promise<BedrockUse> {
    let requests = 0;
    const count = () => { requests++; };
    const { tokenized, invoked } = await listModels(client, count, signal);
    const period = statisticsPeriod(window);
    const lastHourFrom = window.end.getTime() - 3600_000;
    const statistic = async (modelId: string, metric: string) => {
        count();
        const answer = await client.send(new GetMetricStatisticsCommand({
            Namespace: BEDROCK_NAMESPACE, MetricName: metric, Dimensions: [{ Name: "ModelId", Value: modelId }],
            StartTime: window.start, EndTime: window.end, Period: period, Statistics: ["Sum"],
        }), { abortSignal: signal });
        return sums(answer.Datapoints ?? [], lastHourFrom);
    };
    const models = await Promise.all(tokenized.map(async (modelId): Promise<ModelTokenUse> => {
        const [input, output] = await Promise.all([statistic(modelId, TOKEN_METRICS.input), statistic(modelId, TOKEN_METRICS.output)]);
        return { modelId, inputTokens: input.total, outputTokens: output.total, lastHourInputTokens: input.lastHour, lastHourOutputTokens: output.lastHour };
    }));
    return { models, untokenized: invoked, requests };
}
