import { modelIdentity } from "./bedrock-models";
import { type PriceAnswer, priceKey, type PriceQuery,unitOf } from "./price-query";

/**
 * A small table of on-demand list prices, used when the Price List cannot be asked (offline
 * tests, no pricing:GetProducts permission) or has no answer. Copied from AWS's public pricing
 * pages for US East (N. Virginia) and US West (Oregon), where these rates are the same; every
 * other region is "unknown" rather than a guess. Each price says it is bundled and as of when.
 */
export const BUNDLED_AS_OF = "2025-06-01";
const REGIONS = new Set(["us-east-1", "us-west-2"]);

const PAGES = {
    ec2: "aws.amazon.com/ec2/pricing/on-demand (Linux)",
    rds: "aws.amazon.com/rds/pricing",
    sagemaker: "aws.amazon.com/sagemaker/pricing",
    ebs: "aws.amazon.com/ebs/pricing",
    vpc: "aws.amazon.com/vpc/pricing",
    elb: "aws.amazon.com/elasticloadbalancing/pricing",
    opensearch: "aws.amazon.com/opensearch-service/pricing",
    redshift: "aws.amazon.com/redshift/pricing",
    bedrock: "aws.amazon.com/bedrock/pricing",
    fargate: "aws.amazon.com/fargate/pricing (Linux)",
    dynamodb: "aws.amazon.com/dynamodb/pricing/provisioned (Standard table class)",
    lambda: "aws.amazon.com/lambda/pricing (provisioned concurrency)",
    eks: "aws.amazon.com/eks/pricing (standard support)",
    privatelink: "aws.amazon.com/privatelink/pricing",
    kinesis: "aws.amazon.com/kinesis/data-streams/pricing",
    globalaccelerator: "aws.amazon.com/global-accelerator/pricing",
} as const;

/** USD per hour, Linux on-demand. */
const EC2: Record<string, number> = {
    "t2.nano": 0.0058, "t2.micro": 0.0116, "t2.small": 0.023, "t2.medium": 0.0464, "t2.large": 0.0928,
    "t3.nano": 0.0052, "t3.micro": 0.0104, "t3.small": 0.0208, "t3.medium": 0.0416, "t3.large": 0.0832, "t3.xlarge": 0.1664, "t3.2xlarge": 0.3328,
    "t4g.micro": 0.0084, "t4g.small": 0.0168, "t4g.medium": 0.0336,
    "m5.large": 0.096, "m5.xlarge": 0.192, "c5.large": 0.085,
    "g4dn.xlarge": 0.526, "g5.xlarge": 1.006, "p3.2xlarge": 3.06,
};
/** USD per hour by class, engine and deployment; Aurora bills per instance, Multi-AZ or not. */
const RDS: Record<string, number> = {
    "db.t3.micro/mysql/single-az": 0.017, "db.t3.micro/mysql/multi-az": 0.034,
    "db.t3.micro/postgres/single-az": 0.018, "db.t3.micro/postgres/multi-az": 0.036,
    "db.t3.small/mysql/single-az": 0.034, "db.t3.small/mysql/multi-az": 0.068,
    "db.t3.small/postgres/single-az": 0.036, "db.t3.small/postgres/multi-az": 0.072,
    "db.t3.medium/mysql/single-az": 0.068, "db.t3.medium/postgres/single-az": 0.072,
    "db.t4g.micro/mysql/single-az": 0.016, "db.t4g.micro/postgres/single-az": 0.016,
    "db.t4g.small/mysql/single-az": 0.032, "db.t4g.small/postgres/single-az": 0.032,
    "db.t3.medium/aurora-mysql/single-az": 0.082, "db.t3.medium/aurora-postgresql/single-az": 0.082,
    "db.t4g.medium/aurora-mysql/single-az": 0.073, "db.t4g.medium/aurora-postgresql/single-az": 0.073,
};
const SAGEMAKER: Record<string, number> = {
    "notebook/ml.t2.medium": 0.0464, "notebook/ml.t3.medium": 0.05, "notebook/ml.t3.large": 0.1,
    "hosting/ml.t2.medium": 0.056, "hosting/ml.m5.large": 0.115,
};
/** Fargate Linux per vCPU-hour and per GB-hour, by architecture. */
const FARGATE: Record<string, number> = {
    "vcpu/x86_64": 0.04048, "memory/x86_64": 0.004445, "vcpu/arm64": 0.03238, "memory/arm64": 0.00356,
};
/** Per capacity unit-hour. */
const DYNAMODB: Record<string, number> = { read: 0.00013, write: 0.00065 };
/** Per GB-hour configured: $0.0000041667 (x86) and $0.0000033334 (Arm) per GB-second. */
const LAMBDA_PROVISIONED: Record<string, number> = { x86_64: 0.015, arm64: 0.012 };
const KINESIS: Record<string, number> = { shard: 0.015, "on-demand-stream": 0.04 };
/** USD per GB-month; IOPS per IOPS-month (io2: the first tier, up to 32,000); throughput per MiB/s-month. */
const EBS_STORAGE: Record<string, number> = { gp3: 0.08, gp2: 0.1, io1: 0.125, io2: 0.125, st1: 0.045, sc1: 0.015, standard: 0.05 };
const EBS_IOPS: Record<string, number> = { gp3: 0.005, io1: 0.065, io2: 0.065 };
const EBS_THROUGHPUT: Record<string, number> = { gp3: 0.04 };
const LOAD_BALANCER: Record<string, number> = { application: 0.0225, network: 0.0225, gateway: 0.0125 };
const OPENSEARCH: Record<string, number> = { "t3.small.search": 0.036, "t3.medium.search": 0.073 };
const REDSHIFT: Record<string, number> = { "dc2.large": 0.25, "ra3.xlplus": 1.086 };
/** USD per 1M tokens, [input, output], on-demand. */
const BEDROCK: Record<string, [number, number]> = {
    "anthropic.claude-3-haiku-20240307-v1:0": [0.25, 1.25],
    "anthropic.claude-3-5-haiku-20241022-v1:0": [0.8, 4],
    "anthropic.claude-3-5-sonnet-20240620-v1:0": [3, 15],
    "anthropic.claude-3-5-sonnet-20241022-v2:0": [3, 15],
    "anthropic.claude-3-7-sonnet-20250219-v1:0": [3, 15],
    "anthropic.claude-sonnet-4-20250514-v1:0": [3, 15],
    "amazon.nova-micro-v1:0": [0.035, 0.14],
    "amazon.nova-lite-v1:0": [0.06, 0.24],
    "amazon.nova-pro-v1:0": [0.8, 3.2],
    "amazon.titan-text-express-v1": [0.2, 0.6],
    "meta.llama3-8b-instruct-v1:0": [0.3, 0.6],
    "meta.llama3-70b-instruct-v1:0": [2.65, 3.5],
    "mistral.mistral-7b-instruct-v0:2": [0.15, 0.2],
};

function lookup(query: PriceQuery): { usd: number | undefined; page: string } {
    switch (query.kind) {
        case "ec2": return { usd: EC2[query.instanceType], page: PAGES.ec2 };
        case "rds": return { usd: RDS[`${query.instanceClass}/${query.engine}/${query.multiAz ? "multi-az" : "single-az"}`], page: PAGES.rds };
        case "sagemaker": return { usd: SAGEMAKER[`${query.use}/${query.instanceType}`], page: PAGES.sagemaker };
        case "ebs-storage": return { usd: EBS_STORAGE[query.volumeType], page: PAGES.ebs };
        case "ebs-iops": return { usd: EBS_IOPS[query.volumeType], page: PAGES.ebs };
        case "ebs-throughput": return { usd: EBS_THROUGHPUT[query.volumeType], page: PAGES.ebs };
        case "nat-gateway": return { usd: 0.045, page: PAGES.vpc };
        case "public-ipv4": return { usd: 0.005, page: PAGES.vpc };
        case "load-balancer": return { usd: LOAD_BALANCER[query.type], page: PAGES.elb };
        case "opensearch": return { usd: OPENSEARCH[query.instanceType], page: PAGES.opensearch };
        case "redshift": return { usd: REDSHIFT[query.nodeType], page: PAGES.redshift };
        case "fargate": return { usd: FARGATE[`${query.resource}/${query.architecture}`], page: PAGES.fargate };
        case "dynamodb": return { usd: DYNAMODB[query.capacity], page: PAGES.dynamodb };
        case "lambda-provisioned": return { usd: LAMBDA_PROVISIONED[query.architecture], page: PAGES.lambda };
        case "eks-cluster": return { usd: 0.1, page: PAGES.eks };
        case "vpc-endpoint": return { usd: 0.01, page: PAGES.privatelink };
        case "kinesis": return { usd: KINESIS[query.capacity], page: PAGES.kinesis };
        case "global-accelerator": return { usd: 0.025, page: PAGES.globalaccelerator };
        case "bedrock": {
            const identity = modelIdentity(query.modelId);
            const pair = identity.kind === "on-demand" ? BEDROCK[identity.modelId] : undefined;
            return { usd: pair?.[query.direction === "input" ? 0 : 1], page: PAGES.bedrock };
        }
    }
}

export function bundledPrice(query: PriceQuery): PriceAnswer {
    if (!REGIONS.has(query.region)) return { status: "unknown", reason: `the bundled table has no prices for ${query.region}` };
    const { usd, page } = lookup(query);
    if (usd === undefined) return { status: "unknown", reason: `the bundled table has no ${priceKey(query)}` };
    return { status: "known", usd, unit: unitOf(query), source: "bundled", asOf: BUNDLED_AS_OF, detail: `list price from ${page}` };
}
