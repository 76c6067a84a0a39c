import { OrganizationsClient } from "@aws-sdk/client-organizations";

/**
 * Organizations, Budgets and Cost Explorer are global services answered from us-east-1,
 * whatever region the workshop runs in. Credentials come from the environment: the
 * management account's, like the Pulumi stack's.
 */
export const GLOBAL_SERVICES_REGION = "us-east-1";

export function organizationsClient(): OrganizationsClient {
    return new OrganizationsClient({ region: GLOBAL_SERVICES_REGION });
}
