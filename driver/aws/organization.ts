import { DescribeOrganizationCommand, OrganizationsClient } from "@aws-sdk/client-organizations";

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
