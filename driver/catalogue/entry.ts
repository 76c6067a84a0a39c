import type { GatedServiceId } from "../../infra/rules/gated-services";
import type { RegionScope } from "../aws/region-scope";
import type { BillableKind, BillableResource } from "../inventory/billable";
import type { Lister } from "../inventory/lister";
import type { PriceQuery } from "../prices/price-query";
import type { ResourcePricing } from "../prices/resource-pricing";

/**
 * One kind of hourly biller, everything the driver knows of it in one place: how the inventory
 * lists it, what its hourly price depends on (the price book answers the queries, from the Price
 * List or the bundled table), and what the freeze does to it. driver/catalogue/catalogue.ts holds
 * one entry per kind.
 */

export type FreezeVerb = "stop" | "scale to 0" | "delete" | "switch to on-demand" | "remove";

/** How the freeze brings it to rest. */
export interface FreezeStep {
    verb: FreezeVerb;
    /** The IAM action of the call, as shown in the plan (and simulated by tests/policies/freeze-calls.test.ts). */
    api: string;
    /** At rest: nothing to call. By default, whatever no longer bills by the hour. */
    atRest?: (resource: BillableResource) => boolean;
    /** Stops, scales or deletes it; "already" when the answer says it was at rest before the call. */
    stop(scope: RegionScope, resource: BillableResource): Promise<"done" | "already">;
    /**
     * It as it is now, read the way the inventory reads it; undefined once it is gone. Decides
     * whether a refused call means "already at rest" (a race with the student, a second run) or a failure.
     */
    current(scope: RegionScope, resource: BillableResource): Promise<BillableResource | undefined>;
}

/** Left running by the freeze: listed as "still billing" with its price and this reason. */
export interface KeptByFreeze {
    keeps: string;
}

export interface CatalogueEntry {
    kind: BillableKind;
    /** The listing that finds it; absent when the driver cannot list it (see `unlisted`). */
    listedBy?: Lister;
    /** Why it is not listed (no SDK client): reported as a gap, never as none. */
    unlisted?: string;
    /** The allowedServices id that opens it: closed, the guardrails keep it from existing and it is not listed. */
    gate?: GatedServiceId;
    /** What it costs per hour while it bills, as price queries times quantities. */
    pricing(resource: BillableResource): ResourcePricing;
    freeze: FreezeStep | KeptByFreeze;
    /**
     * Members (partOf this kind) stop with it: the freeze calls nothing for them, and prices them into
     * this action's savings. Aurora instances with their cluster, EKS nodes with their node group.
     */
    stopsMembers?: boolean;
}

export function isFreezeStep(freeze: FreezeStep | KeptByFreeze): freeze is FreezeStep {
    return "stop" in freeze;
}

/** A label for prices and unknown parts: kind, id, size and region. */
export function labelOf(resource: BillableResource): string {
    return `${resource.kind} ${resource.id}${resource.size ? ` (${resource.size})` : ""} in ${resource.region}`;
}

export const priced = {
    /** One query times a count. */
    one(resource: BillableResource, query: PriceQuery, quantity = 1): ResourcePricing {
        return { kind: "parts", parts: [{ query, quantity }], label: labelOf(resource) };
    },
    unknown(resource: BillableResource, reason: string): ResourcePricing {
        return { kind: "unknown", label: labelOf(resource), reason };
    },
    none(resource: BillableResource, reason: string): ResourcePricing {
        return { kind: "none", label: labelOf(resource), reason };
    },
};

/** The describe calls answer for a missing resource with an error, or with nothing. */
export function isNotFound(error: unknown): boolean {
    const { name = "", message = "" } = (error ?? {}) as { name?: string; message?: string };
    return /NotFound/.test(name) || (name === "ValidationException" && /could not find|does not exist/i.test(message));
}

/** The first resource a read returns, or undefined when the service says it is gone. */
export async function orGone(read: () => Promise<BillableResource[]>): Promise<BillableResource | undefined> {
    try {
        return (await read())[0];
    } catch (error) {
        if (isNotFound(error)) return undefined;
        throw error;
    }
}
