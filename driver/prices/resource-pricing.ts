import type { KnownPrice, PriceAnswer, PriceQuery, PriceUnit } from "./price-query";
import { priceKey } from "./price-query";

/**
 * What one billing resource costs per hour, as price queries times quantities (the catalogue
 * says which, per kind: driver/catalogue/), and the one sum over them that the meter and the
 * freeze both use. The answers come from the price book (Price List, else the bundled table).
 */

/** AWS prorates monthly rates over 730 hours in its own estimates. */
export const HOURS_PER_MONTH = 730;

export interface PricedPart {
    query: PriceQuery;
    /** How many of the price's units run: instances, GB, IOPS, vCPUs, capacity units (monthly units are spread over 730 hours by perHourFactor). */
    quantity: number;
}

export type ResourcePricing =
    | { kind: "parts"; parts: PricedPart[]; label: string }
    /** Bills, but not in a way the driver prices: listed as unknown with the reason. */
    | { kind: "unknown"; label: string; reason: string }
    /** Costs nothing per hour itself (its instances are listed on their own). */
    | { kind: "none"; label: string; reason: string };

/** What a quantity of a price's unit costs per hour, in multiples of the price. */
export function perHourFactor(unit: PriceUnit, quantity: number): number {
    return unit === "hour" ? quantity : quantity / HOURS_PER_MONTH;
}

export interface PriceRef {
    key: string;
    source: KnownPrice["source"];
    asOf: string;
}

export type PricedResource =
    | { usdPerHour: number; refs: PriceRef[]; label: string; detail: string[] }
    | { unknown: { what: string; reason: string } }
    | { free: string };

/** The sum of a resource's parts at the answers' prices; unknown as soon as one part has no price. */
export function priceParts(pricing: ResourcePricing, prices: (query: PriceQuery) => PriceAnswer): PricedResource {
    if (pricing.kind === "none") return { free: pricing.reason };
    if (pricing.kind === "unknown") return { unknown: { what: pricing.label, reason: pricing.reason } };
    let usdPerHour = 0;
    const refs: PriceRef[] = [];
    const detail: string[] = [];
    for (const part of pricing.parts) {
        const price = prices(part.query);
        if (price.status === "unknown") return { unknown: { what: pricing.label, reason: `no price for ${priceKey(part.query)}: ${price.reason}` } };
        usdPerHour += price.usd * perHourFactor(price.unit, part.quantity);
        refs.push({ key: priceKey(part.query), source: price.source, asOf: price.asOf });
        detail.push(`${price.source === "bundled" ? `bundled list price as of ${price.asOf}` : `Price List ${price.asOf}`}: ${priceKey(part.query)}`);
    }
    return { usdPerHour, refs, label: pricing.label, detail };
}
