import type { BillableResource } from "../inventory/billable";
import type { PriceQuery, PriceUnit } from "../prices/price-query";

/**
 * What one billing resource costs per hour, as price queries times quantities. Pure: the price
 * book answers the queries, the meter multiplies. A resource the meter cannot price says why.
 */

/** AWS prorates monthly rates over 730 hours in its own estimates. */
export const HOURS_PER_MONTH = 730;
/** gp3 includes 3,000 IOPS and 125 MiB/s in the storage price. https://aws.amazon.com/ebs/pricing/ */
const GP3_INCLUDED_IOPS = 3000;
const GP3_INCLUDED_MIBPS = 125;

export interface PricedPart {
    query: PriceQuery;
    /** How many of the price's units run: instances, GB, IOPS, MiB/s (monthly units are spread over 730 hours by perHourFactor). */
    quantity: number;
}

export type ResourcePricing =
    | { kind: "parts"; parts: PricedPart[]; label: string }
    /** Bills, but not in a way this meter prices: listed as unknown with the reason. */
    | { kind: "unknown"; label: string; reason: string }
    /** Costs nothing per hour itself (its instances are listed on their own). */
    | { kind: "none"; label: string; reason: string };

/** What a quantity of a price's unit costs per hour, in multiples of the price. */
export function perHourFactor(unit: PriceUnit, quantity: number): number {
    return unit === "hour" ? quantity : quantity / HOURS_PER_MONTH;
}

function label(resource: BillableResource): string {
    return `${resource.kind} ${resource.id}${resource.size ? ` (${resource.size})` : ""} in ${resource.region}`;
}

function ebsParts(resource: BillableResource): ResourcePricing {
    const volumeType = resource.size;
    if (!volumeType || resource.sizeGiB === undefined) return { kind: "unknown", label: label(resource), reason: "the inventory gave no volume type or size" };
    const parts: PricedPart[] = [{ query: { kind: "ebs-storage", region: resource.region, volumeType }, quantity: resource.sizeGiB }];
    const iops = volumeType === "gp3" ? Math.max(0, (resource.iops ?? 0) - GP3_INCLUDED_IOPS)
        : volumeType === "io1" || volumeType === "io2" ? resource.iops ?? 0 : 0;
    if (iops > 0) parts.push({ query: { kind: "ebs-iops", region: resource.region, volumeType }, quantity: iops });
    const throughput = volumeType === "gp3" ? Math.max(0, (resource.throughputMiBps ?? 0) - GP3_INCLUDED_MIBPS) : 0;
    if (throughput > 0) parts.push({ query: { kind: "ebs-throughput", region: resource.region, volumeType }, quantity: throughput });
    return { kind: "parts", parts, label: label(resource) };
}

function one(resource: BillableResource, query: PriceQuery, count = 1): ResourcePricing {
    return { kind: "parts", parts: [{ query, quantity: count }], label: label(resource) };
}

/** How to price a resource while it bills; call only for resources with billing true. */
export function resourcePricing(resource: BillableResource): ResourcePricing {
    const { region, size } = resource;
    const unknown = (reason: string): ResourcePricing => ({ kind: "unknown", label: label(resource), reason });
    const needSize = (what: string) => unknown(`the inventory gave no ${what}`);
    switch (resource.kind) {
        case "ec2-instance":
            if (!size) return needSize("instance type");
            if (resource.lifecycle === "spot") return unknown("a spot instance: the spot price is not looked up (it is at most the on-demand price)");
            if (resource.platform && !/^Linux\/UNIX$/i.test(resource.platform)) return unknown(`platform ${resource.platform}: only Linux on-demand prices are looked up`);
            return one(resource, { kind: "ec2", region, instanceType: size });
        case "ebs-volume":
            return ebsParts(resource);
        case "nat-gateway":
            return one(resource, { kind: "nat-gateway", region });
        case "elastic-ip":
            return one(resource, { kind: "public-ipv4", region });
        case "auto-scaling-group":
            return { kind: "none", label: label(resource), reason: "its instances are listed and priced on their own" };
        case "rds-instance":
            if (!size) return needSize("instance class");
            if (!resource.engine) return needSize("engine");
            return one(resource, { kind: "rds", region, instanceClass: size, engine: resource.engine, multiAz: !!resource.multiAz });
        case "rds-cluster":
            return unknown("an Aurora cluster: its storage, I/O and Serverless capacity are not priced (its provisioned instances are)");
        case "sagemaker-endpoint": {
            // Several production variants each run their own instance type.
            const variants = resource.variants ?? (size ? [{ size, count: resource.count ?? 1 }] : []);
            if (variants.length === 0 || variants.some((v) => v.count > 0 && !v.size)) return needSize("instance type of every variant");
            return { kind: "parts", label: label(resource), parts: variants.filter((v) => v.count > 0)
                .map((v) => ({ query: { kind: "sagemaker", region, instanceType: v.size!, use: "hosting" }, quantity: v.count })) };
        }
        case "sagemaker-notebook":
            if (!size) return needSize("instance type");
            return one(resource, { kind: "sagemaker", region, instanceType: size, use: "notebook" });
        case "load-balancer":
            if (size !== "application" && size !== "network" && size !== "gateway") return needSize("load balancer type");
            return one(resource, { kind: "load-balancer", region, type: size });
        case "opensearch-domain":
            if (!size) return needSize("instance type");
            return one(resource, { kind: "opensearch", region, instanceType: size }, resource.count ?? 1);
        case "redshift-cluster":
            if (!size) return needSize("node type");
            return one(resource, { kind: "redshift", region, nodeType: size }, resource.count ?? 1);
    }
}
