import { type Account, type OrganizationsClient,paginateListAccountsForParent } from "@aws-sdk/client-organizations";

import { setKey } from "./set-key";
import { readThroughCache } from "./ttl-cache";

/** Organizations' account states, plus NOT_IN_OU for an output account the OU no longer lists (moved or closed long ago). */
export type AccountState = "ACTIVE" | "SUSPENDED" | "PENDING_CLOSURE" | "PENDING_ACTIVATION" | "CLOSED" | "NOT_IN_OU" | "UNKNOWN";

export type AccountStates = Record<string, AccountState>;

const KNOWN_STATES = new Set<string>(["ACTIVE", "SUSPENDED", "PENDING_CLOSURE", "PENDING_ACTIVATION", "CLOSED"]);

/** State is the current field; Status is retired in September 2026 but is all older responses carry. */
function accountState(account: Account): AccountState {
    const state = account.State ?? account.Status;
    return state && KNOWN_STATES.has(state) ? state as AccountState : "UNKNOWN";
}

/** Every account directly in the workshop OU, one paginated listing. */
export async function listAccountStates(client: OrganizationsClient, ouId: string): Promise<AccountStates> {
    const states: AccountStates = {};
    for await (const page of paginateListAccountsForParent({ client }, { ParentId: ouId })) {
        for (const account of page.Accounts ?? []) if (account.Id) states[account.Id] = accountState(account);
    }
    return states;
}

export interface AccountStatesOptions {
    client: OrganizationsClient;
    ouId: string;
    /** The accounts the outputs know of: a new one misses the cache instead of showing NOT_IN_OU for a TTL. */
    accountIds: readonly string[];
    cachePath: string;
    ttlMs: number;
    now?: () => Date;
}

/** Account states through the same TTL cache as the costs; nothing to ask before the OU exists. */
export async function getAccountStates(options: AccountStatesOptions): Promise<AccountStates> {
    if (!options.ouId) return {};
    const cached = await readThroughCache({
        cachePath: options.cachePath,
        key: `${options.ouId}:${setKey(options.accountIds)}`,
        ttlMs: options.ttlMs,
        now: options.now ?? (() => new Date()),
        load: () => listAccountStates(options.client, options.ouId),
    });
    return cached.value;
}
