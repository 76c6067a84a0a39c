import type { AwsClients } from "../aws/clients";
import { enterAccount, type RegionScope,regionScope } from "../aws/region-scope";
import { DEFAULT_AWS_RETRY, type RetryOptions } from "../aws/retrying-client";
import { mapPool } from "../promise-pool";
import { errorText } from "../time/retry";
import { autoScalingListers } from "./auto-scaling";
import type { AccountInventory, BillableKind, BillableResource, InventoryGap } from "./billable";
import { ec2Listers } from "./ec2";
import type { Lister } from "./lister";
import { loadBalancerListers } from "./load-balancers";
import { rdsListers } from "./rds";
import { sageMakerListers } from "./sagemaker";

/** Every listing, in the order resources are reported. */
export const LISTERS: Lister[] = [...ec2Listers, ...autoScalingListers, ...rdsListers, ...sageMakerListers, ...loadBalancerListers];

/** Kinds no installed SDK client can list: reported as a gap of every account, never as none. */
export const UNLISTED: { kinds: BillableKind[]; what: string; reason: string } = {
    kinds: ["opensearch-domain", "redshift-cluster"],
    what: "OpenSearch domains, Redshift clusters, Classic Load Balancers",
    reason: "not listed: the driver has no OpenSearch, Redshift or Classic ELB SDK client (@aws-sdk/client-opensearch, " +
        "@aws-sdk/client-redshift, @aws-sdk/client-elastic-load-balancing); the guardrails keep Redshift and OpenSearch " +
        "closed unless allowedServices opens them, and no service allowedServices opens is listed",
};

/** At most this many account-region pairs are read at once (each runs its listings side by side). */
export const DEFAULT_INVENTORY_CONCURRENCY = 4;

export interface InventoryOptions {
    concurrency?: number;
    retry?: RetryOptions;
    /** Defaults to LISTERS; the freeze and the meter read everything. */
    listers?: Lister[];
    /** Kinds the guardrails keep from existing: no gap is reported for them when they cannot be listed. */
    deniedKinds?: BillableKind[];
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
    const listers = options.listers ?? LISTERS;
    const entered = new Map<string, Promise<string | undefined>>();
    const enter = (accountId: string) => {
        let attempt = entered.get(accountId);
        if (!attempt) {
            attempt = enterAccount(aws, accountId, retry).then(() => undefined, (error: Error) => error.message);
            entered.set(accountId, attempt);
        }
        return attempt;
    };

    const pairs = accountIds.flatMap((accountId) => regions.map((region) => ({ accountId, region })));
    const results = await mapPool(pairs, options.concurrency ?? DEFAULT_INVENTORY_CONCURRENCY, async ({ accountId, region }) => {
        if (await enter(accountId)) return undefined;
        return listRegion(listers, regionScope(aws, accountId, region, retry));
    });

    const unlisted = UNLISTED.kinds.filter((k) => !(options.deniedKinds ?? []).includes(k));
    return Promise.all(accountIds.map(async (accountId) => {
        const refused = await enter(accountId);
        if (refused) return { accountId, resources: [], gaps: [{ accountId, service: "sts", reason: refused }] };
        const mine = results.filter((_, i) => pairs[i].accountId === accountId) as RegionResult[];
        return {
            accountId,
            resources: mine.flatMap((r) => r.resources),
            gaps: [
                ...mine.flatMap((r) => r.gaps),
                ...(unlisted.length > 0 ? [{ accountId, service: UNLISTED.what, kinds: unlisted, reason: UNLISTED.reason, unsupported: true }] : []),
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
