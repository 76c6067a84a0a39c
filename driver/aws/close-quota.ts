import { paginateListAccounts, type Account, type OrganizationsClient } from "@aws-sdk/client-organizations";

/**
 * Organizations lets an organization close only 10% of its member accounts in a rolling 30 days
 * (at least 10, at most 1000). A workshop destroy closes every student account at once, so it
 * checks the quota first instead of failing halfway.
 */
export function closeAccountQuota(memberAccounts: number): number {
    return Math.min(1000, Math.max(10, Math.floor(memberAccounts * 0.1)));
}

export interface OrganizationAccountCounts {
    /** Member accounts: every listed account but the management account. */
    members: number;
    /** SUSPENDED or PENDING_CLOSURE: closed recently, counted against the quota. */
    closing: number;
}

function state(account: Account): string | undefined {
    return account.State ?? account.Status;
}

/** One paginated ListAccounts over the whole organization. */
export async function countOrganizationAccounts(client: OrganizationsClient): Promise<OrganizationAccountCounts> {
    let listed = 0;
    let closing = 0;
    for await (const page of paginateListAccounts({ client }, {})) {
        for (const account of page.Accounts ?? []) {
            listed++;
            if (state(account) === "SUSPENDED" || state(account) === "PENDING_CLOSURE") closing++;
        }
    }
    return { members: Math.max(0, listed - 1), closing };
}

export interface CloseQuotaCheck {
    ok: boolean;
    toClose: number;
    limit: number;
    used: number;
    remaining: number;
    /** One paragraph: the numbers, and on refusal what to do. */
    message: string;
}

/**
 * Closed accounts stay SUSPENDED for 90 days, longer than the 30-day window, so counting them
 * all as used over-estimates: a refusal may be too careful, never too late.
 */
export function checkCloseQuota(toClose: number, counts: OrganizationAccountCounts): CloseQuotaCheck {
    const limit = closeAccountQuota(counts.members);
    const used = counts.closing;
    const remaining = Math.max(0, limit - used);
    const ok = toClose <= remaining;
    const numbers = `Closing ${toClose} account(s); the organization may close ${limit} in 30 days ` +
        `(10% of ${counts.members} member accounts, at least 10) and ${used} are already suspended or closing, ` +
        `so ${remaining} remain.`;
    const advice = " Organizations would refuse the rest (CLOSE_ACCOUNT_QUOTA_EXCEEDED) and they would stay in the stack. " +
        "Remove some students from the roster and run `up` to close them in batches over the coming weeks, " +
        "or run destroy again with --force to close as many as the quota allows now.";
    return { ok, toClose, limit, used, remaining, message: ok ? numbers : numbers + advice };
}
