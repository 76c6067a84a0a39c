import { ElasticLoadBalancingV2Client, type LoadBalancer,paginateDescribeLoadBalancers } from "@aws-sdk/client-elastic-load-balancing-v2";

import type { RegionScope } from "../aws/region-scope";
import type { BillableResource } from "../inventory/billable";
import { collect, isoDate, type Lister,located } from "../inventory/lister";
import { type CatalogueEntry, priced } from "./entry";

function loadBalancerResource(scope: RegionScope, lb: LoadBalancer): BillableResource {
    const state = lb.State?.Code ?? "unknown";
    return {
        ...located(scope, "load-balancer", lb.LoadBalancerArn ?? ""),
        arn: lb.LoadBalancerArn,
        // application, network or gateway: each has its own hourly price.
        size: lb.Type,
        state,
        billing: state !== "failed",
        since: isoDate(lb.CreatedTime),
    };
}

/** Application, Network and Gateway Load Balancers (ELBv2); Classic Load Balancers are not listed. */
const loadBalancersLister: Lister = {
    what: "load balancers",
    kinds: ["load-balancer"],
    list: async (scope) => (await collect(paginateDescribeLoadBalancers({ client: scope.client(ElasticLoadBalancingV2Client) }, {}),
        (p) => p.LoadBalancers)).map((lb) => loadBalancerResource(scope, lb)),
};

export const loadBalancerEntries: CatalogueEntry[] = [
    {
        kind: "load-balancer",
        listedBy: loadBalancersLister,
        pricing: (lb) => (lb.size === "application" || lb.size === "network" || lb.size === "gateway"
            ? priced.one(lb, { kind: "load-balancer", region: lb.region, type: lb.size }) : priced.unknown(lb, "the inventory gave no load balancer type")),
        freeze: { keeps: "no stop exists; delete it by hand if it is not needed" },
    },
];
