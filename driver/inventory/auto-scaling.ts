import { AutoScalingClient, type AutoScalingGroup,paginateDescribeAutoScalingGroups } from "@aws-sdk/client-auto-scaling";

import type { RegionScope } from "../aws/region-scope";
import type { BillableResource } from "./billable";
import { collect, isoDate, type Lister,located } from "./lister";

function groupResource(scope: RegionScope, group: AutoScalingGroup): BillableResource {
    return {
        ...located(scope, "auto-scaling-group", group.AutoScalingGroupName ?? ""),
        arn: group.AutoScalingGroupARN,
        // Status is set only while the group is being deleted.
        state: group.Status ?? "active",
        // The group costs nothing itself: its instances are listed, and priced, as EC2 instances.
        billing: false,
        since: isoDate(group.CreatedTime),
        count: group.DesiredCapacity,
        minSize: group.MinSize,
    };
}

export async function listAutoScalingGroups(scope: RegionScope, names?: string[]): Promise<BillableResource[]> {
    const groups = await collect(paginateDescribeAutoScalingGroups({ client: scope.client(AutoScalingClient) },
        names ? { AutoScalingGroupNames: names } : {}), (p) => p.AutoScalingGroups);
    return groups.map((g) => groupResource(scope, g));
}

export const autoScalingListers: Lister[] = [
    { what: "Auto Scaling groups", kinds: ["auto-scaling-group"], list: (scope) => listAutoScalingGroups(scope) },
];
