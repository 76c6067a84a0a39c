import { DescribeOrganizationCommand, ListRootsCommand, OrganizationsClient, paginateListOrganizationalUnitsForParent } from "@aws-sdk/client-organizations";

import { missingSuspendedOuMessage, SUSPENDED_OU_NAME } from "../../infra/accounts/suspended-ou-name";

export interface OrganizationIds {
    organizationId: string;
    managementAccountId: string;
}

/** The organization the credentials belong to; Budgets and the instructor policy are addressed by these ids. */
export async function describeOrganization(client: OrganizationsClient): Promise<OrganizationIds> {
    const { Organization } = await client.send(new DescribeOrganizationCommand({}));
    if (!Organization?.Id || !Organization.MasterAccountId) {
        throw new Error("Organizations did not return the organization and management account ids");
    }
    return { organizationId: Organization.Id, managementAccountId: Organization.MasterAccountId };
}

/**
 * The OU closed accounts are parked in: the configured one, or the OU named "Suspended" directly
 * under the root, found as the Pulumi program finds it (infra/accounts/suspended-ou.ts).
 */
export async function findSuspendedOuId(client: OrganizationsClient, configured: string | undefined): Promise<string> {
    if (configured) return configured;
    const { Roots } = await client.send(new ListRootsCommand({}));
    const rootId = Roots?.[0]?.Id;
    if (!rootId) throw new Error("Organizations returned no root for the organization");
    for await (const page of paginateListOrganizationalUnitsForParent({ client }, { ParentId: rootId })) {
        const ou = page.OrganizationalUnits?.find((o) => o.Name === SUSPENDED_OU_NAME);
        if (ou?.Id) return ou.Id;
    }
    throw new Error(missingSuspendedOuMessage());
}
