import { CostExplorerClient } from "@aws-sdk/client-cost-explorer";
import type { OrganizationsClient } from "@aws-sdk/client-organizations";
import { GLOBAL_SERVICES_REGION, organizationsClient } from "../aws-global";

/** The AWS clients the costs need; tests pass mocked ones. */
export interface CostClients {
    costExplorer: CostExplorerClient;
    organizations: OrganizationsClient;
}

export function costClientsFromEnvironment(): CostClients {
    return { costExplorer: new CostExplorerClient({ region: GLOBAL_SERVICES_REGION }), organizations: organizationsClient() };
}
