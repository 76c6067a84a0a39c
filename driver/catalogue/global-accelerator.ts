import { type Accelerator, GlobalAcceleratorClient, paginateListAccelerators } from "@aws-sdk/client-global-accelerator";

import type { RegionScope } from "../aws/region-scope";
import type { BillableResource } from "../inventory/billable";
import { collect, isoDate, type Lister, located } from "../inventory/lister";
import { type CatalogueEntry, priced } from "./entry";

/**
 * Global Accelerator is global, and its API is served only in US West (Oregon)
 * (https://docs.aws.amazon.com/global-accelerator/latest/dg/preserve-client-ip-address.regions.html):
 * listed once per account, from there.
 */
export const GLOBAL_ACCELERATOR_API_REGION = "us-west-2";

function acceleratorResource(scope: RegionScope, accelerator: Accelerator): BillableResource {
    const state = accelerator.Status ?? "unknown";
    return {
        ...located(scope, "global-accelerator", accelerator.AcceleratorArn ?? ""),
        arn: accelerator.AcceleratorArn,
        ...(accelerator.Name ? { parent: accelerator.Name } : {}),
        state: accelerator.Enabled === false ? "disabled" : state,
        // The fixed fee runs for every hour it exists, enabled or not, until it is deleted (https://aws.amazon.com/global-accelerator/pricing/).
        billing: true,
        since: isoDate(accelerator.CreatedTime),
    };
}

const acceleratorsLister: Lister = {
    what: "Global Accelerator accelerators",
    kinds: ["global-accelerator"],
    global: GLOBAL_ACCELERATOR_API_REGION,
    list: async (scope) => (await collect(paginateListAccelerators({ client: scope.client(GlobalAcceleratorClient) }, {}), (p) => p.Accelerators))
        .map((a) => acceleratorResource(scope, a)),
};

export const globalAcceleratorEntries: CatalogueEntry[] = [
    {
        kind: "global-accelerator",
        listedBy: acceleratorsLister,
        gate: "globalaccelerator",
        pricing: (accelerator) => priced.one(accelerator, { kind: "global-accelerator", region: accelerator.region }),
        // Deleting it gives up its two static anycast IP addresses for good: a new accelerator gets others, so whatever points at them breaks.
        freeze: { keeps: "deleting it gives up its static IP addresses for good (not re-created from its settings); delete it by hand if it is not needed" },
    },
];
