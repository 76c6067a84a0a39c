import { ElasticLoadBalancingV2Client, type LoadBalancer,paginateDescribeLoadBalancers } from "@aws-sdk/client-elastic-load-balancing-v2";

import type { RegionScope } from "../aws/region-scope";
import type { BillableResource } from "./billable";
import { collect, isoDate, type Lister,located } from "./lister";

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
export const loadBalancerListers: Lister[] = [
    {
        what: "load balancers",
        kinds: ["load-balancer"],
        list: async (scope) => (await collect(paginateDescribeLoadBalancers({ client: scope.client(ElasticLoadBalancingV2Client) }, {}),
            (p) => p.LoadBalancers)).map((lb) => loadBalancerResource(scope, lb)),
    },
];
