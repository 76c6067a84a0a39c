import { OrganizationsClient } from "@aws-sdk/client-organizations";

import { checkCloseQuota, countOrganizationAccounts } from "../aws/close-quota";
import { adviseOnError } from "../aws/error-advice";
import type { DriverContext } from "../context";

/**
 * Before a run that closes accounts: the quota's numbers, as a warning when some may be refused.
 * Never a refusal: the two documented quotas disagree and Organizations decides; a refused account
 * waits, parked, for the next run.
 */
export async function announceCloseQuota(ctx: DriverContext, toClose: number, command: "destroy" | "up"): Promise<void> {
    if (toClose === 0) return;
    try {
        const check = checkCloseQuota(toClose, await countOrganizationAccounts(ctx.aws.client(OrganizationsClient)), command, ctx.now());
        (check.mayRefuse ? ctx.warn : ctx.log)(check.message);
    } catch (error) {
        const message = (error as Error).message;
        ctx.warn(`Could not count the organization's accounts for the CloseAccount quota (ListAccounts: ${message}); going on, Organizations decides.`);
        const advice = adviseOnError(`${(error as Error).name} ${message}`);
        if (advice) ctx.warn(advice);
    }
}
