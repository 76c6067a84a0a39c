import { CostExplorerClient } from "@aws-sdk/client-cost-explorer";
import { OrganizationsClient } from "@aws-sdk/client-organizations";

/** The AWS clients the costs need; tests pass mocked ones. */
export interface CostClients {
    costExplorer: CostExplorerClient;
    organizations: OrganizationsClient;
}

/**
 * Both APIs are global services served from us-east-1, whatever region the workshop uses.
 * Credentials come from the environment (the management account's, like the Pulumi stack's).
 */
export function costClientsFromEnvironment(): CostClients {
    return {
        costExplorer: new CostExplorerClient({ region: "us-east-1" }),
        organizations: new OrganizationsClient({ region: "us-east-1" }),
    };
}
