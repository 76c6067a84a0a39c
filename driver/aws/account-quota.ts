import { paginateListServiceQuotas, type ServiceQuotasClient } from "@aws-sdk/client-service-quotas";

/**
 * The organization's account quota, "Number of AWS accounts in an organization" (10 by default,
 * raisable: orgs_reference_limits.html). Organizations is served from us-east-1, and AWS says quota
 * codes may change, so the quota is found by name in ListServiceQuotas, not by a fixed code
 * (same page, "Considerations"). Undefined when Service Quotas does not list it.
 */
export async function organizationAccountQuota(client: ServiceQuotasClient): Promise<number | undefined> {
    for await (const page of paginateListServiceQuotas({ client }, { ServiceCode: "organizations" })) {
        for (const quota of page.Quotas ?? []) {
            // "Default maximum number of accounts" in the console; the user guide says "Number of AWS accounts in an organization".
            if (/number of (AWS )?accounts/i.test(quota.QuotaName ?? "") && quota.Value !== undefined) return quota.Value;
        }
    }
    return undefined;
}
