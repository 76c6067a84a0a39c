import { CATALOGUE, entryOf, type HourlyPrice, hourlyPrice, isFreezeStep } from "../catalogue/catalogue";
import type { FreezeStep, FreezeVerb } from "../catalogue/entry";
import type { AccountInventory, BillableKind, BillableResource, InventoryGap } from "../inventory/billable";

/**
 * What the freeze does to each resource: pure, from an inventory and the catalogue
 * (driver/catalogue/), whose entry for each kind says how it is stopped, scaled to zero or
 * deleted, or why it keeps billing. It stops what can be started again and deletes only what
 * holds no data and is re-created from its own settings (a NAT gateway, a VPC endpoint; a
 * SageMaker endpoint keeps its config and model). What keeps billing is listed with its price.
 */

export type { FreezeVerb, HourlyPrice };

/** The freeze's steps, in execution order within a region (the catalogue's order). */
export const FREEZE_RULES: Partial<Record<BillableKind, FreezeStep>> = Object.fromEntries(
    CATALOGUE.flatMap((entry) => (isFreezeStep(entry.freeze) ? [[entry.kind, entry.freeze]] : [])));
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
    /** What stops with it: DB instances with their Aurora cluster, nodes with their EKS node group. */
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

export function planFreeze(inventory: AccountInventory, price: (resource: BillableResource) => HourlyPrice = (r) => hourlyPrice(r)): AccountFreezePlan {
    const owners = new Set(inventory.resources.filter((r) => entryOf(r.kind).stopsMembers).map((r) => `${r.region} ${r.kind} ${r.id}`));
    /** Stops with what it is part of (an Aurora instance with its cluster, a node with its EKS node group). */
    const isMember = (r: BillableResource) => !!r.partOf && !!entryOf(r.partOf.kind).stopsMembers;
    const actions: FreezeAction[] = [];
    const kept: KeptResource[] = [];
    for (const resource of inventory.resources) {
        const entry = entryOf(resource.kind);
        const rule = isFreezeStep(entry.freeze) ? entry.freeze : undefined;
        if (isMember(resource)) {
            if (!owners.has(`${resource.region} ${resource.partOf!.kind} ${resource.partOf!.id}`) && resource.billing) {
                kept.push({ resource, price: price(resource), why: `stops only with its ${resource.partOf!.kind} ${resource.partOf!.id}, which could not be listed` });
            }
            continue;
        }
        if (rule) {
            const members = entry.stopsMembers
                ? inventory.resources.filter((r) => isMember(r) && r.region === resource.region && r.partOf!.kind === resource.kind && r.partOf!.id === resource.id)
                : undefined;
            const already = isAtRest(resource);
            actions.push({
                resource, verb: rule.verb, api: rule.api, already,
                saves: already ? { usdPerHour: 0, source: `already ${resource.state}` } : sumPrices([resource, ...(members ?? [])].map(price)),
                ...(members?.length ? { with: members } : {}),
            });
        } else if (resource.billing) {
            kept.push({ resource, price: price(resource), why: isFreezeStep(entry.freeze) ? "not stopped by the freeze" : entry.freeze.keeps });
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
