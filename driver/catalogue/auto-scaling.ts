import { AutoScalingClient, type AutoScalingGroup, paginateDescribeAutoScalingGroups, UpdateAutoScalingGroupCommand } from "@aws-sdk/client-auto-scaling";

import type { RegionScope } from "../aws/region-scope";
import type { BillableResource } from "../inventory/billable";
import { collect, isoDate, type Lister,located } from "../inventory/lister";
import { NODEGROUP_TAG } from "./ec2";
import { type CatalogueEntry, orGone, priced } from "./entry";

function groupResource(scope: RegionScope, group: AutoScalingGroup): BillableResource {
    const nodegroup = group.Tags?.find((t) => t.Key === NODEGROUP_TAG)?.Value;
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
        // EKS scales a managed node group's group itself: the freeze scales the node group instead.
        ...(nodegroup ? { partOf: { kind: "eks-nodegroup" as const, id: nodegroup } } : {}),
    };
}

export async function listAutoScalingGroups(scope: RegionScope, names?: string[]): Promise<BillableResource[]> {
    const groups = await collect(paginateDescribeAutoScalingGroups({ client: scope.client(AutoScalingClient) },
        names ? { AutoScalingGroupNames: names } : {}), (p) => p.AutoScalingGroups);
    return groups.map((g) => groupResource(scope, g));
}

const groupsLister: Lister = { what: "Auto Scaling groups", kinds: ["auto-scaling-group"], list: (scope) => listAutoScalingGroups(scope) };

export const autoScalingEntries: CatalogueEntry[] = [
    {
        kind: "auto-scaling-group",
        listedBy: groupsLister,
        pricing: (group) => priced.none(group, "its instances are listed and priced on their own"),
        freeze: {
            // First in a region: its service-linked role launches replacements regardless of SCPs.
            verb: "scale to 0", api: "autoscaling:UpdateAutoScalingGroup",
            atRest: (group) => (group.count ?? 0) === 0 && (group.minSize ?? 0) === 0,
            stop: async (scope, group) => {
                await scope.client(AutoScalingClient).send(new UpdateAutoScalingGroupCommand({ AutoScalingGroupName: group.id, MinSize: 0, DesiredCapacity: 0 }));
                return "done";
            },
            current: (scope, group) => orGone(() => listAutoScalingGroups(scope, [group.id])),
        },
    },
];
