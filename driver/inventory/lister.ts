import type { RegionScope } from "../aws/region-scope";
import { mapPool } from "../promise-pool";
import type { BillableKind, BillableResource } from "./billable";

/** One read-only listing of one service in one account and region, e.g. "EC2 instances". */
export interface Lister {
    /** Names the listing in a gap when it fails. */
    what: string;
    kinds: BillableKind[];
    /** A global service's one API region: listed once per account there, not in every workshop region. */
    global?: string;
    list(scope: RegionScope): Promise<BillableResource[]>;
}

/** Every item of every page, in order. */
export async function collect<P, I>(pages: AsyncIterable<P>, items: (page: P) => I[] | undefined): Promise<I[]> {
    const all: I[] = [];
    for await (const page of pages) all.push(...(items(page) ?? []));
    return all;
}

/** Resources described one by one from a list of names (a list call that names, then a describe call per name), a few at once. */
export async function describeEach<I>(items: I[], describe: (item: I) => Promise<BillableResource[]>, concurrency = 4): Promise<BillableResource[]> {
    return (await mapPool(items, concurrency, describe)).flat();
}

/** The fields every resource of this scope shares. */
export function located(scope: RegionScope, kind: BillableKind, id: string): Pick<BillableResource, "accountId" | "region" | "kind" | "id"> {
    return { accountId: scope.accountId, region: scope.region, kind, id };
}

/** ISO 8601, or nothing when the service did not say. */
export function isoDate(date: Date | undefined): string | undefined {
    return date ? date.toISOString() : undefined;
}
