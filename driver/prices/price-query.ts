/**
 * What the meter needs a price for: one on-demand rate of one thing in one region. The same
 * query is answered by the AWS Price List, the bundled table or "unknown", and names its cache entry.
 */

export type LoadBalancerType = "application" | "network" | "gateway";
export type TokenDirection = "input" | "output";
export type Architecture = "x86_64" | "arm64";

export type PriceQuery =
    /** Linux, shared tenancy, no pre-installed software. */
    | { kind: "ec2"; region: string; instanceType: string }
    | { kind: "rds"; region: string; instanceClass: string; engine: string; multiAz: boolean }
    | { kind: "sagemaker"; region: string; instanceType: string; use: "hosting" | "notebook" }
    | { kind: "ebs-storage"; region: string; volumeType: string }
    /** Provisioned IOPS above what the volume type includes. */
    | { kind: "ebs-iops"; region: string; volumeType: string }
    /** gp3 throughput above the included 125 MiB/s. */
    | { kind: "ebs-throughput"; region: string; volumeType: string }
    | { kind: "nat-gateway"; region: string }
    /** An Elastic IP or any other public IPv4 address (in use or idle, the same rate since February 2024). */
    | { kind: "public-ipv4"; region: string }
    | { kind: "load-balancer"; region: string; type: LoadBalancerType }
    | { kind: "opensearch"; region: string; instanceType: string }
    | { kind: "redshift"; region: string; nodeType: string }
    /** Fargate Linux: per vCPU-hour or per GB-hour of a running task. */
    | { kind: "fargate"; region: string; resource: "vcpu" | "memory"; architecture: Architecture }
    /** DynamoDB provisioned capacity (Standard table class): per read or write capacity unit-hour. */
    | { kind: "dynamodb"; region: string; capacity: "read" | "write" }
    /** Lambda provisioned concurrency: per GB-hour configured (AWS quotes it per GB-second). */
    | { kind: "lambda-provisioned"; region: string; architecture: Architecture }
    /** An EKS cluster's control plane, standard support. */
    | { kind: "eks-cluster"; region: string }
    /** Interface or Gateway Load Balancer endpoint, per zone. */
    | { kind: "vpc-endpoint"; region: string }
    /** Kinesis Data Streams: a provisioned shard-hour, or an on-demand stream-hour. */
    | { kind: "kinesis"; region: string; capacity: "shard" | "on-demand-stream" }
    /** Global Accelerator's fixed fee per accelerator-hour (the same everywhere; its API lives in us-west-2). */
    | { kind: "global-accelerator"; region: string }
    /** On-demand tokens; the model id as CloudWatch's ModelId dimension names it. */
    | { kind: "bedrock"; region: string; modelId: string; direction: TokenDirection };

export type PriceUnit = "hour" | "GB-month" | "IOPS-month" | "MiBps-month" | "1M tokens";

export function unitOf(query: PriceQuery): PriceUnit {
    switch (query.kind) {
        case "ebs-storage": return "GB-month";
        case "ebs-iops": return "IOPS-month";
        case "ebs-throughput": return "MiBps-month";
        case "bedrock": return "1M tokens";
        default: return "hour";
    }
}

/** A stable, readable key: the cache's entry name and how a price is referred to in the snapshot. */
export function priceKey(query: PriceQuery): string {
    switch (query.kind) {
        case "ec2": return `ec2/${query.region}/${query.instanceType}`;
        case "rds": return `rds/${query.region}/${query.instanceClass}/${query.engine}/${query.multiAz ? "multi-az" : "single-az"}`;
        case "sagemaker": return `sagemaker-${query.use}/${query.region}/${query.instanceType}`;
        case "ebs-storage":
        case "ebs-iops":
        case "ebs-throughput": return `${query.kind}/${query.region}/${query.volumeType}`;
        case "nat-gateway":
        case "public-ipv4": return `${query.kind}/${query.region}`;
        case "load-balancer": return `load-balancer/${query.region}/${query.type}`;
        case "opensearch": return `opensearch/${query.region}/${query.instanceType}`;
        case "redshift": return `redshift/${query.region}/${query.nodeType}`;
        case "bedrock": return `bedrock-${query.direction}/${query.region}/${query.modelId}`;
        case "fargate": return `fargate-${query.resource}/${query.region}/${query.architecture}`;
        case "dynamodb": return `dynamodb-${query.capacity}/${query.region}`;
        case "lambda-provisioned": return `lambda-provisioned/${query.region}/${query.architecture}`;
        case "kinesis": return `kinesis-${query.capacity}/${query.region}`;
        case "eks-cluster":
        case "vpc-endpoint":
        case "global-accelerator": return `${query.kind}/${query.region}`;
    }
}

/** A price the meter may multiply by: where it came from and as of when. */
export interface KnownPrice {
    status: "known";
    usd: number;
    unit: PriceUnit;
    source: "price-list" | "bundled";
    /** When the price was read from the Price List, or the date the bundled table was copied (YYYY-MM-DD). */
    asOf: string;
    /** What exactly was priced (usage type, effective date, page it was copied from). */
    detail: string;
}

/** No number: the meter lists the part as unknown with this reason. */
export interface UnknownPrice {
    status: "unknown";
    reason: string;
}

export type PriceAnswer = KnownPrice | UnknownPrice;
