import { GATED_SERVICES, type GatedServiceId } from "../../infra/rules/gated-services";
import type { BillableKind, BillableResource } from "../inventory/billable";
import type { Lister } from "../inventory/lister";
import { bundledPrice } from "../prices/bundled";
import type { PriceAnswer, PriceQuery } from "../prices/price-query";
import { priceParts, type ResourcePricing } from "../prices/resource-pricing";
import { autoScalingEntries } from "./auto-scaling";
import { dynamoDbEntries } from "./dynamodb";
import { ec2Entries } from "./ec2";
import { ecsEntries } from "./ecs";
import { eksEntries } from "./eks";
import { type CatalogueEntry, isFreezeStep, priced } from "./entry";
import { globalAcceleratorEntries } from "./global-accelerator";
import { kinesisEntries } from "./kinesis";
import { lambdaEntries } from "./lambda";
import { loadBalancerEntries } from "./load-balancers";
import { rdsEntries } from "./rds";
import { sageMakerEntries } from "./sagemaker";

/** A kind the driver prices when asked but cannot list (no SDK client is installed for it), sized by one instance or node type. */
function unlistedEntry(kind: BillableKind, gate: GatedServiceId, client: string, query: (region: string, size: string) => PriceQuery, keeps: string): CatalogueEntry {
    return {
        kind, gate, unlisted: `no SDK client (${client})`, freeze: { keeps },
        pricing: (resource) => (resource.size ? priced.one(resource, query(resource.region, resource.size), resource.count ?? 1)
            : priced.unknown(resource, "the inventory gave no instance or node type")),
    };
}

const unlistedEntries: CatalogueEntry[] = [
    unlistedEntry("opensearch-domain", "es", "@aws-sdk/client-opensearch", (region, instanceType) => ({ kind: "opensearch", region, instanceType }), "no stop exists"),
    unlistedEntry("redshift-cluster", "redshift", "@aws-sdk/client-redshift", (region, nodeType) => ({ kind: "redshift", region, nodeType }), "not stopped by this driver"),
];

/**
 * Every kind of hourly biller the driver knows, one entry each, in the freeze's order within a
 * region: groups that launch capacity first (Auto Scaling and EKS node groups, ECS services), so
 * nothing replaces what is stopped next; then what stops or is deleted; what keeps billing last.
 */
export const CATALOGUE: CatalogueEntry[] = [
    ...autoScalingEntries,
    ...eksEntries.filter((e) => e.kind === "eks-nodegroup"),
    ...ecsEntries,
    ...ec2Entries,
    ...rdsEntries,
    ...sageMakerEntries,
    ...dynamoDbEntries,
    ...lambdaEntries,
    ...kinesisEntries,
    ...loadBalancerEntries,
    ...eksEntries.filter((e) => e.kind === "eks-cluster"),
    ...globalAcceleratorEntries,
    ...unlistedEntries,
];

const BY_KIND = new Map(CATALOGUE.map((entry) => [entry.kind, entry]));

export function entryOf(kind: BillableKind): CatalogueEntry {
    const entry = BY_KIND.get(kind);
    if (!entry) throw new Error(`the catalogue has no entry for ${kind}`);
    return entry;
}

/**
 * Gated services opened with `allowedServices` that no catalogue entry lists: said in every
 * account (never counted as nothing). Services whose capacity no hourly meter can see (a quantum
 * task, a Snowball job) are named too.
 */
export function unlistedGates(opened: readonly string[] | undefined): { id: GatedServiceId; what: string }[] {
    const listed = new Set(CATALOGUE.filter((e) => e.listedBy).map((e) => e.gate));
    return (Object.keys(GATED_SERVICES) as GatedServiceId[])
        .filter((id) => !listed.has(id) && (opened === undefined || opened.includes(id)))
        .map((id) => ({ id, what: GATED_SERVICES[id].what }));
}

/** True when the guardrails let this entry's kind exist: ungated, opened, or not known to be closed. */
export function isOpen(entry: CatalogueEntry, opened: readonly string[] | undefined): boolean {
    return !entry.gate || opened === undefined || opened.includes(entry.gate);
}

/** Each listing once, in the order resources are reported (a listing may find several kinds). */
export function listersFor(opened: readonly string[] | undefined): Lister[] {
    const listers: Lister[] = [];
    for (const kind of REPORT_ORDER) {
        const entry = entryOf(kind);
        if (entry.listedBy && isOpen(entry, opened) && !listers.includes(entry.listedBy)) listers.push(entry.listedBy);
    }
    return listers;
}

/** The order listings report in: EC2 first, as the inventory always has. */
const REPORT_ORDER: BillableKind[] = [
    "ec2-instance", "ebs-volume", "nat-gateway", "elastic-ip", "vpc-endpoint", "auto-scaling-group", "rds-instance", "rds-cluster",
    "sagemaker-endpoint", "sagemaker-notebook", "load-balancer", "ecs-service", "dynamodb-table", "kinesis-stream",
    "lambda-provisioned-concurrency", "eks-nodegroup", "global-accelerator",
];

/** How a resource is priced while it bills (the catalogue entry of its kind). */
export function resourcePricing(resource: BillableResource): ResourcePricing {
    return entryOf(resource.kind).pricing(resource);
}

/** What a resource costs per hour now, or why that is not known; the freeze shows what stopping saves with it. */
export type HourlyPrice = { usdPerHour: number; source: string } | { unknown: string };

/**
 * The one hourly price of a resource: its catalogue pricing at the price book's answers (the
 * meter's book, with the Price List; the bundled table alone by default).
 */
export function hourlyPrice(resource: BillableResource, prices: (query: PriceQuery) => PriceAnswer = bundledPrice): HourlyPrice {
    if (!resource.billing) return { usdPerHour: 0, source: `not billed by the hour while ${resource.state}` };
    const result = priceParts(resourcePricing(resource), prices);
    if ("free" in result) return { usdPerHour: 0, source: result.free };
    if ("unknown" in result) return { unknown: result.unknown.reason };
    return { usdPerHour: result.usdPerHour, source: [...new Set(result.detail)].join("; ") };
}

export { isFreezeStep };
