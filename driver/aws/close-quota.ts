import { type Account, type OrganizationsClient,paginateListAccounts } from "@aws-sdk/client-organizations";

/**
 * How many member accounts an organization may close in a rolling 30 days. The two AWS pages
 * disagree, so both are computed and neither is enforced here: Organizations decides, and an
 * account it refuses (CLOSE_ACCOUNT_QUOTA_EXCEEDED) stays in the stack for the next run.
 */
export interface CloseQuotas {
    /** API_CloseAccount.html: "10% of member accounts, between 10 and 1000". */
    apiReference: number;
    /** orgs_reference_limits.html: "20% of member accounts or 250, whichever is higher", at most 1000. */
    quotasPage: number;
}

export function closeQuotas(memberAccounts: number): CloseQuotas {
    return {
        apiReference: Math.min(1000, Math.max(10, Math.floor(memberAccounts * 0.1))),
        quotasPage: Math.min(1000, Math.max(250, Math.floor(memberAccounts * 0.2))),
    };
}

/** The 30-day window: an account refused today can be closed once today's closures have aged out of it. */
export const CLOSE_QUOTA_WINDOW_DAYS = 30;

export function closeRetryDate(now: Date): Date {
    return new Date(now.getTime() + CLOSE_QUOTA_WINDOW_DAYS * 24 * 3600 * 1000);
}

export interface OrganizationAccountCounts {
    /** Member accounts: every listed account but the management account. */
    members: number;
    /** SUSPENDED or PENDING_CLOSURE: closed in the last 90 days, some of them inside the 30-day window. */
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
    quotas: CloseQuotas;
    /** True when even the stricter reading could refuse some: worth a warning, not a refusal. */
    mayRefuse: boolean;
    /** One paragraph with the numbers. */
    message: string;
}

/**
 * The numbers an instructor needs before closing accounts. Closed accounts stay SUSPENDED for 90
 * days, longer than the window, so "already closed" over-counts what the window still holds.
 */
export function checkCloseQuota(toClose: number, counts: OrganizationAccountCounts, command: "destroy" | "up", now: Date): CloseQuotaCheck {
    const quotas = closeQuotas(counts.members);
    const mayRefuse = toClose + counts.closing > quotas.apiReference;
    const numbers = `Closing ${toClose} account(s). Organizations closes at most 10% of the ${counts.members} member accounts ` +
        `in 30 days, at least 10 (CloseAccount API reference: ${quotas.apiReference}), or 20% or 250, whichever is higher ` +
        `(Organizations quotas page: ${quotas.quotasPage}); ${counts.closing} account(s) closed in the last 90 days may count.`;
    const advice = ` If Organizations refuses some (CLOSE_ACCOUNT_QUOTA_EXCEEDED), they stay in the stack, parked in the ` +
        `Suspended OU where nothing runs, and \`npm run ${command}\` again after ${isoDate(closeRetryDate(now))} closes them.`;
    return { quotas, mayRefuse, message: mayRefuse ? numbers + advice : numbers };
}

export function isoDate(date: Date): string {
    return date.toISOString().slice(0, 10);
}
