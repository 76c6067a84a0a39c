import { type Filter, paginateGetProducts, type PricingClient } from "@aws-sdk/client-pricing";

import { modelIdentity,PRICE_LIST_MODEL_NAMES } from "./bedrock-models";
import { type PriceQuery,unitOf } from "./price-query";

/**
 * The AWS Price List query API (pricing:GetProducts, no charge): which products answer a
 * PriceQuery, and which one rate among them is the on-demand price. The filters narrow the
 * products on AWS's side; the usage-type test picks the one row that is the plain regional rate
 * (not Outposts, Local Zones, archive tiers or the regional NAT gateway). More than one distinct
 * rate left is an ambiguity, answered "unknown" rather than a pick.
 * https://docs.aws.amazon.com/awsaccountbilling/latest/aboutv2/using-price-list-query-api.html
 */

export interface PriceListRequest {
    serviceCode: string;
    filters: Record<string, string>;
    /** True for the product row that is this rate. */
    matches(product: PriceListProduct): boolean;
    /** The Price List's own unit for this rate, and what to divide by to reach the query's unit. */
    unit: RegExp;
    divisor?: (dimension: PriceDimension) => number;
}

export interface PriceDimension {
    unit: string;
    usd: number;
    description: string;
    beginRange: string;
}

export interface PriceListProduct {
    productFamily: string;
    attributes: Record<string, string>;
    onDemand: PriceDimension[];
    /** The on-demand term's effective date. */
    effectiveDate: string;
}

const RDS_ENGINES: Record<string, string> = {
    mysql: "MySQL", postgres: "PostgreSQL", mariadb: "MariaDB", "aurora-mysql": "Aurora MySQL", "aurora-postgresql": "Aurora PostgreSQL",
};
const LOAD_BALANCER_FAMILIES = { application: "Load Balancer-Application", network: "Load Balancer-Network", gateway: "Load Balancer-Gateway" };
const IOPS_USAGE: Record<string, string> = { gp3: "EBS:VolumeP-IOPS.gp3", io1: "EBS:VolumeP-IOPS.piops", io2: "EBS:VolumeP-IOPS.io2" };

const usage = (product: PriceListProduct) => product.attributes.usagetype ?? "";
const inRegion = (product: PriceListProduct) => (product.attributes.locationType ?? "AWS Region") === "AWS Region";
/** Usage types carry a region prefix outside us-east-1 ("USW2-"); Outposts and Local Zones add their own words. */
const endsWithUsage = (suffix: string) => (product: PriceListProduct) =>
    inRegion(product) && new RegExp(`(^|-)${suffix.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`).test(usage(product)) && !/Outposts-|TS-/.test(usage(product));
const HOURS = /^Hrs$/i;

/** What to ask for a query, or why the Price List cannot answer it. */
export function priceListRequest(query: PriceQuery): PriceListRequest | { unanswerable: string } {
    const region = { regionCode: query.region };
    switch (query.kind) {
        case "ec2":
            return {
                serviceCode: "AmazonEC2",
                filters: { ...region, instanceType: query.instanceType, operatingSystem: "Linux", tenancy: "Shared", preInstalledSw: "NA",
                    capacitystatus: "Used", licenseModel: "No License required", marketoption: "OnDemand" },
                matches: (p) => inRegion(p) && p.productFamily.startsWith("Compute Instance"),
                unit: HOURS,
            };
        case "rds": {
            const engine = RDS_ENGINES[query.engine];
            if (!engine) return { unanswerable: `RDS engine ${query.engine}: its price depends on the license model, which the meter does not look up` };
            // Aurora bills per instance; Multi-AZ is a cluster property there, not a pricier instance.
            const deployment = query.multiAz && !query.engine.startsWith("aurora") ? "Multi-AZ" : "Single-AZ";
            return {
                serviceCode: "AmazonRDS",
                filters: { ...region, instanceType: query.instanceClass, databaseEngine: engine, deploymentOption: deployment },
                // I/O-Optimized Aurora is its own, pricier row; the standard configuration is the default.
                matches: (p) => inRegion(p) && p.productFamily === "Database Instance" && !/IOOptimized/i.test(usage(p)),
                unit: HOURS,
            };
        }
        case "sagemaker":
            return {
                serviceCode: "AmazonSageMaker",
                filters: { ...region, instanceType: query.instanceType },
                matches: endsWithUsage(`${query.use === "hosting" ? "Host" : "Notebk"}:${query.instanceType}`),
                unit: HOURS,
            };
        case "ebs-storage":
            return {
                serviceCode: "AmazonEC2",
                filters: { ...region, productFamily: "Storage", volumeApiName: query.volumeType },
                matches: (p) => inRegion(p) && /(^|-)EBS:VolumeUsage/.test(usage(p)),
                unit: /^GB-Mo$/i,
            };
        case "ebs-iops": {
            const suffix = IOPS_USAGE[query.volumeType];
            if (!suffix) return { unanswerable: `${query.volumeType} volumes have no provisioned-IOPS price` };
            // io2's cheaper tiers above 32,000 IOPS end past the type, so only the first tier matches.
            return { serviceCode: "AmazonEC2", filters: { ...region, productFamily: "System Operation", volumeApiName: query.volumeType },
                matches: endsWithUsage(suffix), unit: /^IOPS-Mo$/i };
        }
        case "ebs-throughput":
            if (query.volumeType !== "gp3") return { unanswerable: `${query.volumeType} volumes have no provisioned-throughput price` };
            return {
                serviceCode: "AmazonEC2",
                filters: { ...region, productFamily: "Provisioned Throughput", volumeApiName: "gp3" },
                matches: endsWithUsage("EBS:VolumeP-Throughput.gp3"),
                // Quoted per GiBps-month; the meter speaks MiB/s.
                unit: /^(GiBps|MiBps)-mo$/i,
                divisor: (d) => (/^GiBps/i.test(d.unit) ? 1024 : 1),
            };
        case "nat-gateway":
            return { serviceCode: "AmazonEC2", filters: { ...region, productFamily: "NAT Gateway" },
                matches: (p) => endsWithUsage("NatGateway-Hours")(p) && !/RegionalNatGateway/.test(usage(p)), unit: HOURS };
        case "public-ipv4":
            // Public IPv4 moved to the AmazonVPC offer with the February 2024 pricing change.
            return { serviceCode: "AmazonVPC", filters: { ...region, group: "VPCPublicIPv4Address" },
                matches: endsWithUsage("PublicIPv4:IdleAddress"), unit: HOURS };
        case "load-balancer":
            return { serviceCode: "AWSELB", filters: { ...region, productFamily: LOAD_BALANCER_FAMILIES[query.type] },
                matches: endsWithUsage("LoadBalancerUsage"), unit: HOURS };
        case "opensearch":
            return { serviceCode: "AmazonES", filters: { ...region, instanceType: query.instanceType },
                matches: (p) => inRegion(p) && /Instance/.test(p.productFamily), unit: HOURS };
        case "redshift":
            return { serviceCode: "AmazonRedshift", filters: { ...region, instanceType: query.nodeType },
                matches: (p) => inRegion(p) && p.productFamily === "Compute Instance" && !/Serverless|Managed/i.test(usage(p)), unit: HOURS };
        case "fargate": {
            // Linux only: Windows rows carry "Windows" in the usage type and end differently.
            const arm = query.architecture === "arm64" ? "ARM-" : "";
            return { serviceCode: "AmazonECS", filters: { ...region },
                matches: endsWithUsage(query.resource === "vcpu" ? `Fargate-${arm}vCPU-Hours:perCPU` : `Fargate-${arm}GB-Hours`), unit: HOURS };
        }
        case "dynamodb":
            // Standard table class; Standard-IA rows start "IA-" and are left out.
            return { serviceCode: "AmazonDynamoDB", filters: { ...region },
                matches: (p) => endsWithUsage(query.capacity === "read" ? "ReadCapacityUnit-Hrs" : "WriteCapacityUnit-Hrs")(p) && !/(^|-)IA-/.test(usage(p)),
                unit: /^(ReadCapacityUnit|WriteCapacityUnit)-Hrs$/i };
        case "lambda-provisioned":
            // Quoted per GB-second; the driver speaks per GB-hour.
            return { serviceCode: "AWSLambda", filters: { ...region },
                matches: endsWithUsage(query.architecture === "arm64" ? "Lambda-Provisioned-Concurrency-ARM" : "Lambda-Provisioned-Concurrency"),
                unit: /^Lambda-GB-Second$/i, divisor: () => 1 / 3600 };
        case "eks-cluster":
            return { serviceCode: "AmazonEKS", filters: { ...region }, matches: endsWithUsage("AmazonEKS-Hours:perCluster"), unit: HOURS };
        case "vpc-endpoint":
            return { serviceCode: "AmazonVPC", filters: { ...region }, matches: endsWithUsage("VpcEndpoint-Hours"), unit: HOURS };
        case "kinesis":
        case "global-accelerator":
            return { unanswerable: `the driver does not know the Price List rows of ${query.kind === "kinesis" ? "Kinesis Data Streams" : "Global Accelerator"}` };
        case "bedrock": {
            const identity = modelIdentity(query.modelId);
            if (identity.kind === "unpriced") return { unanswerable: identity.reason };
            const name = PRICE_LIST_MODEL_NAMES[identity.modelId];
            if (!name) return { unanswerable: `the meter does not know the Price List name of ${identity.modelId}` };
            // Batch, cache, flex, priority and latency-optimized rows end differently.
            return { serviceCode: "AmazonBedrock", filters: { ...region, model: name },
                matches: (p) => inRegion(p) && new RegExp(`(^|-)${query.direction}-tokens$`, "i").test(usage(p)),
                unit: /token|unit/i, divisor: perMillionTokens };
        }
    }
}

/** Token prices are quoted per 1K or per 1M tokens; the meter speaks per 1M. Returns NaN when neither is said. */
function perMillionTokens(d: PriceDimension): number {
    const text = `${d.unit} ${d.description}`;
    if (/\b1M\b|million/i.test(text)) return 1;
    if (/\b1K\b|thousand/i.test(text)) return 1 / 1000;
    return NaN;
}

interface RawProduct {
    product?: { productFamily?: string; attributes?: Record<string, string> };
    terms?: { OnDemand?: Record<string, { effectiveDate?: string; priceDimensions?: Record<string, {
        unit?: string; description?: string; beginRange?: string; pricePerUnit?: { USD?: string };
    }> }> };
}

/** One GetProducts PriceList entry (a JSON document) as the parts the meter reads. */
export function parseProduct(json: string): PriceListProduct {
    const raw = JSON.parse(json) as RawProduct;
    const terms = Object.values(raw.terms?.OnDemand ?? {});
    return {
        productFamily: raw.product?.productFamily ?? "",
        attributes: raw.product?.attributes ?? {},
        effectiveDate: terms[0]?.effectiveDate ?? "",
        onDemand: terms.flatMap((term) => Object.values(term.priceDimensions ?? {}).map((d) => ({
            unit: d.unit ?? "", usd: Number(d.pricePerUnit?.USD), description: d.description ?? "", beginRange: d.beginRange ?? "0",
        }))),
    };
}

export type PriceListAnswer = { usd: number; detail: string } | { unknown: string };

/** The one rate among the products, converted to the query's unit; or why there is none. Pure. */
export function selectPrice(query: PriceQuery, request: PriceListRequest, products: PriceListProduct[]): PriceListAnswer {
    const rows = products.filter(request.matches).flatMap((product) => product.onDemand
        // A leading free tier ("first 3,000 IOPS") is not the rate; neither is a row in another unit.
        .filter((d) => request.unit.test(d.unit) && Number.isFinite(d.usd) && !(d.usd === 0 && d.beginRange === "0" && product.onDemand.length > 1))
        .map((d) => ({ product, dimension: d, usd: d.usd / (request.divisor?.(d) ?? 1) })));
    if (rows.length === 0) {
        return { unknown: `the Price List has no ${request.serviceCode} on-demand ${unitOf(query)} rate for ${JSON.stringify(request.filters)}` };
    }
    const distinct = [...new Set(rows.map((r) => r.usd))];
    if (distinct.some((usd) => !Number.isFinite(usd))) return { unknown: `the Price List quotes ${rows[0].dimension.unit}, a unit the meter does not convert` };
    if (distinct.length > 1) {
        return { unknown: `the Price List has ${distinct.length} different rates for ${JSON.stringify(request.filters)} ` +
            `(${rows.map((r) => usage(r.product)).join(", ")}); the meter does not guess which one applies` };
    }
    const { product, dimension } = rows[0];
    return { usd: distinct[0], detail: `${request.serviceCode} ${usage(product) || product.productFamily}: ${dimension.description}` +
        (product.effectiveDate ? ` (effective ${product.effectiveDate.slice(0, 10)})` : "") };
}

/** At most this many pages of 100 products: every query above narrows to a handful. */
const MAX_PAGES = 5;

/** Asks the Price List (us-east-1 endpoint) for one query. Throws on API errors; the caller decides the fallback. */
export async function askPriceList(client: PricingClient, query: PriceQuery, signal?: AbortSignal): Promise<PriceListAnswer> {
    const request = priceListRequest(query);
    if ("unanswerable" in request) return { unknown: request.unanswerable };
    const filters: Filter[] = Object.entries(request.filters).map(([Field, Value]) => ({ Type: "TERM_MATCH", Field, Value }));
    const products: PriceListProduct[] = [];
    let pages = 0;
    for await (const page of paginateGetProducts({ client, pageSize: 100 },
        { ServiceCode: request.serviceCode, Filters: filters, FormatVersion: "aws_v1" })) {
        signal?.throwIfAborted();
        const list = page.PriceList as string[] | undefined;
        for (const entry of list ?? []) products.push(parseProduct(entry));
        if (++pages >= MAX_PAGES) break;
    }
    return selectPrice(query, request, products);
}
