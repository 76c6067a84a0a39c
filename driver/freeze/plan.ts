import type { AccountInventory, BillableKind, BillableResource, InventoryGap } from "../inventory/billable";
import { type HourlyPrice,hourlyPrice } from "../prices/hourly-price";

/**
 * What the freeze does to each kind of resource: pure, from an inventory. It stops what can be
 * started again and deletes only what keeps no data (a SageMaker endpoint keeps its config and
 * model; a NAT gateway is re-created in a minute). Volumes, addresses and load balancers keep
 * billing: removing them would lose the student's work, so they are listed for the instructor.
 */

export type FreezeVerb = "stop" | "scale to 0" | "delete";

interface FreezeRule {
    verb: FreezeVerb;
    /** The IAM action of the call, as shown in the plan. */
    api: string;
    /** At rest: nothing to call. By default, whatever no longer bills by the hour. */
    atRest?: (resource: BillableResource) => boolean;
}

/**
 * In execution order within a region: Auto Scaling groups first, so they do not launch
 * replacements for the instances stopped next (their service-linked role is not bound by SCPs).
 */
export const FREEZE_RULES: Partial<Record<BillableKind, FreezeRule>> = {
    "auto-scaling-group": {
        verb: "scale to 0", api: "autoscaling:UpdateAutoScalingGroup",
        atRest: (group) => (group.count ?? 0) === 0 && (group.minSize ?? 0) === 0,
    },
    "ec2-instance": { verb: "stop", api: "ec2:StopInstances" },
    "nat-gateway": { verb: "delete", api: "ec2:DeleteNatGateway" },
    "rds-cluster": { verb: "stop", api: "rds:StopDBCluster" },
    "rds-instance": { verb: "stop", api: "rds:StopDBInstance" },
    "sagemaker-endpoint": { verb: "delete", api: "sagemaker:DeleteEndpoint" },
    "sagemaker-notebook": { verb: "stop", api: "sagemaker:StopNotebookInstance" },
};
const ORDER = Object.keys(FREEZE_RULES) as BillableKind[];

/** True when the freeze has nothing (more) to do to it. */
export function isAtRest(resource: BillableResource): boolean {
    const atRest = FREEZE_RULES[resource.kind]?.atRest;
    return atRest ? atRest(resource) : !resource.billing;
}

/** Stopped RDS instances and Aurora clusters do not stay stopped. */
export const RDS_RESTART_NOTE = "AWS starts a stopped RDS DB instance or Aurora cluster again after 7 days " +
    "(https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_StopDBInstance.html): run freeze again within 7 days, or delete it.";

export interface FreezeAction {
    resource: BillableResource;
    verb: FreezeVerb;
    api: string;
    /** At rest when listed: nothing is called for it. */
    already: boolean;
    /** What it bills per hour now: what the action saves (for a cluster, with its instances). */
    saves: HourlyPrice;
    /** DB instances that stop with their Aurora cluster. */
    with?: BillableResource[];
}

/** Still billing after the freeze, and why the freeze leaves it. */
export interface KeptResource {
    resource: BillableResource;
    price: HourlyPrice;
    why: string;
}

export interface AccountFreezePlan {
    accountId: string;
    actions: FreezeAction[];
    kept: KeptResource[];
    gaps: InventoryGap[];
}

const KEPT_WHY: Partial<Record<BillableKind, string>> = {
    "ebs-volume": "holds data: delete it by hand if it is not needed",
    "elastic-ip": "releasing loses the address",
    "load-balancer": "no stop exists; delete it by hand if it is not needed",
    "opensearch-domain": "no stop exists",
    "redshift-cluster": "not stopped by this driver",
};

export function planFreeze(inventory: AccountInventory, price: (resource: BillableResource) => HourlyPrice = hourlyPrice): AccountFreezePlan {
    const clusters = new Set(inventory.resources.filter((r) => r.kind === "rds-cluster").map((r) => `${r.region} ${r.id}`));
    const inCluster = (r: BillableResource) => r.kind === "rds-instance" && r.partOf?.kind === "rds-cluster";
    const actions: FreezeAction[] = [];
    const kept: KeptResource[] = [];
    for (const resource of inventory.resources) {
        const rule = FREEZE_RULES[resource.kind];
        if (inCluster(resource)) {
            if (!clusters.has(`${resource.region} ${resource.partOf!.id}`) && resource.billing) {
                kept.push({ resource, price: price(resource), why: `stops only with its cluster ${resource.partOf!.id}, which could not be listed` });
            }
            continue;
        }
        if (rule) {
            const members = resource.kind === "rds-cluster"
                ? inventory.resources.filter((r) => inCluster(r) && r.region === resource.region && r.partOf!.id === resource.id)
                : undefined;
            const already = isAtRest(resource);
            actions.push({
                resource, verb: rule.verb, api: rule.api, already,
                saves: already ? { usdPerHour: 0, source: `already ${resource.state}` } : sumPrices([resource, ...(members ?? [])].map(price)),
                ...(members?.length ? { with: members } : {}),
            });
        } else if (resource.billing) {
            kept.push({ resource, price: price(resource), why: KEPT_WHY[resource.kind] ?? "not stopped by the freeze" });
        }
    }
    const position = (a: FreezeAction) => ORDER.indexOf(a.resource.kind);
    // Stable: the inventory's region order, then the rules' order within a region.
    const regions = [...new Set(inventory.resources.map((r) => r.region))];
    actions.sort((a, b) => regions.indexOf(a.resource.region) - regions.indexOf(b.resource.region) || position(a) - position(b));
    return { accountId: inventory.accountId, actions, kept, gaps: inventory.gaps };
}

/** Known when every part is known. */
export function sumPrices(prices: HourlyPrice[]): HourlyPrice {
    const unknown = prices.find((p): p is { unknown: string } => "unknown" in p);
    if (unknown) return unknown;
    const known = prices as { usdPerHour: number; source: string }[];
    return { usdPerHour: known.reduce((sum, p) => sum + p.usdPerHour, 0), source: [...new Set(known.map((p) => p.source))].join("; ") };
}

/** The known part of a total and how many parts are unknown: an unknown is never counted as $0. */
export function totalPerHour(prices: HourlyPrice[]): { usdPerHour: number; unknown: number } {
    return prices.reduce((total, p) => ("unknown" in p
        ? { ...total, unknown: total.unknown + 1 }
        : { ...total, usdPerHour: total.usdPerHour + p.usdPerHour }), { usdPerHour: 0, unknown: 0 });
}
