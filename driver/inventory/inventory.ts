import type { AwsClients } from "../aws/clients";
import { enterAccount, type RegionScope,regionScope } from "../aws/region-scope";
import { DEFAULT_AWS_RETRY, type RetryOptions } from "../aws/retrying-client";
import { CATALOGUE, isOpen, listersFor, unlistedGates } from "../catalogue/catalogue";
import { mapPool } from "../promise-pool";
import { errorText } from "../time/retry";
import type { AccountInventory, BillableResource, InventoryGap } from "./billable";
import type { Lister } from "./lister";

/** Billers no entry of the catalogue lists (no SDK client, or not written yet): reported as a gap of every account, never as none. */
export function unlistedGap(accountId: string, opened: readonly string[] | undefined): InventoryGap {
    const kinds = CATALOGUE.filter((e) => !e.listedBy && isOpen(e, opened));
    const gates = unlistedGates(opened).filter((g) => !kinds.some((e) => e.gate === g.id));
    const what = ["Classic Load Balancers", ...kinds.map((e) => e.kind), ...(gates.length > 0 ? [`allowedServices ${gates.map((g) => g.id).join(", ")}`] : [])];
    return {
        accountId, service: what.join(", "), kinds: kinds.map((e) => e.kind), unsupported: true,
        reason: `not listed by this driver: Classic Load Balancers (no @aws-sdk/client-elastic-load-balancing)` +
            kinds.map((e) => `; ${e.kind}: ${e.unlisted}`).join("") +
            (opened === undefined ? (gates.length > 0 ? "; the gated services above, should allowedServices open them (the stack does not say which it opens)" : "")
                : gates.map((g) => `; opened ${g.id}: ${g.what}`).join("")),
    };
}

/** At most this many account-region pairs are read at once (each runs its listings side by side). */
export const DEFAULT_INVENTORY_CONCURRENCY = 4;

export interface InventoryOptions {
    concurrency?: number;
    retry?: RetryOptions;
    /**
     * The workshop's allowedServices (the stack output): gated kinds are listed only when opened, as the
     * guardrails keep the others from existing (and deny listing them). Undefined: every kind is listed.
     */
    openedServices?: readonly string[];
    /** Defaults to every listing of the catalogue that the opened services allow. */
    listers?: Lister[];
}

interface RegionResult {
    resources: BillableResource[];
    gaps: InventoryGap[];
}

/**
 * What bills in each account, in each region: every listing of every account-region pair, at most
 * `concurrency` pairs at once. A listing that fails (throttled after the retries, access denied,
 * a region not enabled) becomes a gap with its reason and the others still report; an account
 * whose role cannot be assumed is one gap. Results are in the accounts' order.
 */
export async function listInventories(
    aws: AwsClients, accountIds: string[], regions: string[], options: InventoryOptions = {},
): Promise<AccountInventory[]> {
    const retry = options.retry ?? DEFAULT_AWS_RETRY;
    const all = options.listers ?? listersFor(options.openedServices);
    const listers = all.filter((l) => !l.global);
    const globals = all.filter((l) => l.global);
    const entered = new Map<string, Promise<string | undefined>>();
    const enter = (accountId: string) => {
        let attempt = entered.get(accountId);
        if (!attempt) {
            attempt = enterAccount(aws, accountId, retry).then(() => undefined, (error: Error) => error.message);
            entered.set(accountId, attempt);
        }
        return attempt;
    };

    // A global service is listed once per account, in its API's region.
    const pairs = accountIds.flatMap((accountId) => [
        ...regions.map((region) => ({ accountId, region, listers })),
        ...[...new Set(globals.map((l) => l.global!))].map((region) => ({ accountId, region, listers: globals.filter((l) => l.global === region) })),
    ]).filter((pair) => pair.listers.length > 0);
    const results = await mapPool(pairs, options.concurrency ?? DEFAULT_INVENTORY_CONCURRENCY, async ({ accountId, region, listers: some }) => {
        if (await enter(accountId)) return undefined;
        return listRegion(some, regionScope(aws, accountId, region, retry));
    });

    return Promise.all(accountIds.map(async (accountId) => {
        const refused = await enter(accountId);
        if (refused) return { accountId, resources: [], gaps: [{ accountId, service: "sts", reason: refused }] };
        const mine = results.filter((_, i) => pairs[i].accountId === accountId) as RegionResult[];
        return {
            accountId,
            resources: mine.flatMap((r) => r.resources),
            gaps: [
                ...mine.flatMap((r) => r.gaps),
                unlistedGap(accountId, options.openedServices),
            ],
        };
    }));
}

/** Every listing of one account and region, side by side; a region that answers none is one gap. */
async function listRegion(listers: Lister[], scope: RegionScope): Promise<RegionResult> {
    const outcomes = await Promise.all(listers.map((lister) => lister.list(scope).then(
        (resources) => ({ lister, resources }),
        (error: unknown) => ({ lister, reason: errorText(error) }),
    )));
    const failed = outcomes.filter((o): o is { lister: Lister; reason: string } => "reason" in o);
    const gap = (reason: string, lister?: Lister): InventoryGap => ({
        accountId: scope.accountId, region: scope.region, reason,
        ...(lister ? { service: lister.what, kinds: lister.kinds } : { kinds: listers.flatMap((l) => l.kinds) }),
    });
    const reasons = [...new Set(failed.map((f) => f.reason))];
    if (listers.length > 1 && failed.length === listers.length && reasons.length === 1) {
        return { resources: [], gaps: [gap(reasons[0])] };
    }
    return {
        resources: outcomes.flatMap((o) => ("resources" in o ? o.resources : [])),
        gaps: failed.map((f) => gap(f.reason, f.lister)),
    };
}
