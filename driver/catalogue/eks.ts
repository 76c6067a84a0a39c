import {
    type Cluster, DescribeClusterCommand, DescribeNodegroupCommand, EKSClient, type Nodegroup, paginateListClusters, paginateListNodegroups,
    UpdateNodegroupConfigCommand,
} from "@aws-sdk/client-eks";

import type { RegionScope } from "../aws/region-scope";
import type { BillableResource } from "../inventory/billable";
import { collect, isoDate, type Lister, located } from "../inventory/lister";
import { type CatalogueEntry, orGone, priced } from "./entry";

function clusterResource(scope: RegionScope, cluster: Cluster): BillableResource {
    const state = cluster.status ?? "unknown";
    return {
        ...located(scope, "eks-cluster", cluster.name ?? ""),
        arn: cluster.arn,
        ...(cluster.version ? { size: `Kubernetes ${cluster.version}` } : {}),
        state,
        // Per cluster-hour from creation until deleted (https://aws.amazon.com/eks/pricing/).
        billing: state !== "DELETING" && state !== "FAILED",
        since: isoDate(cluster.createdAt),
    };
}

function nodegroupResource(scope: RegionScope, group: Nodegroup): BillableResource {
    const desired = group.scalingConfig?.desiredSize ?? 0;
    return {
        ...located(scope, "eks-nodegroup", group.nodegroupName ?? ""),
        arn: group.nodegroupArn,
        ...(group.instanceTypes?.[0] ? { size: group.instanceTypes[0] } : {}),
        state: group.status ?? "unknown",
        billing: desired > 0 && group.status !== "DELETING",
        since: isoDate(group.createdAt),
        count: desired,
        minSize: group.scalingConfig?.minSize ?? 0,
        parent: group.clusterName,
        lifecycle: group.capacityType === "SPOT" ? "spot" : "on-demand",
    };
}

async function describeNodegroup(scope: RegionScope, clusterName: string, nodegroupName: string): Promise<BillableResource[]> {
    const answer = await scope.client(EKSClient).send(new DescribeNodegroupCommand({ clusterName, nodegroupName }));
    return answer.nodegroup ? [nodegroupResource(scope, answer.nodegroup)] : [];
}

/** ListClusters, then per cluster DescribeCluster and its node groups (ListNodegroups, DescribeNodegroup). */
const eksLister: Lister = {
    what: "EKS clusters and node groups",
    kinds: ["eks-cluster", "eks-nodegroup"],
    list: async (scope) => {
        const eks = scope.client(EKSClient);
        const names = await collect(paginateListClusters({ client: eks }, {}), (p) => p.clusters);
        const perCluster = await Promise.all(names.map(async (name) => {
            const [cluster, groups] = await Promise.all([
                eks.send(new DescribeClusterCommand({ name })),
                collect(paginateListNodegroups({ client: eks }, { clusterName: name }), (p) => p.nodegroups),
            ]);
            const described = await Promise.all(groups.map((group) => describeNodegroup(scope, name, group)));
            return [...(cluster.cluster ? [clusterResource(scope, cluster.cluster)] : []), ...described.flat()];
        }));
        return perCluster.flat();
    },
};

export const eksEntries: CatalogueEntry[] = [
    {
        kind: "eks-nodegroup",
        listedBy: eksLister,
        gate: "eks",
        // Its instances are tagged with it and priced here, once, as the node group's desired capacity.
        stopsMembers: true,
        pricing: (group) => {
            if (!group.size) return priced.unknown(group, "the inventory gave no instance type");
            if (group.lifecycle === "spot") return priced.unknown(group, "a Spot node group: the spot price is not looked up (at most the on-demand price)");
            return priced.one(group, { kind: "ec2", region: group.region, instanceType: group.size }, group.count ?? 0);
        },
        freeze: {
            // EKS drains and terminates the nodes; the node group, its launch template and its settings stay.
            verb: "scale to 0", api: "eks:UpdateNodegroupConfig",
            atRest: (group) => (group.count ?? 0) === 0 && (group.minSize ?? 0) === 0,
            stop: async (scope, group) => {
                await scope.client(EKSClient).send(new UpdateNodegroupConfigCommand({
                    clusterName: group.parent, nodegroupName: group.id, scalingConfig: { minSize: 0, desiredSize: 0 },
                }));
                return "done";
            },
            current: (scope, group) => orGone(() => describeNodegroup(scope, group.parent ?? "", group.id)),
        },
    },
    {
        kind: "eks-cluster",
        listedBy: eksLister,
        gate: "eks",
        pricing: (cluster) => priced.one(cluster, { kind: "eks-cluster", region: cluster.region }),
        freeze: { keeps: "a cluster cannot be stopped, and deleting it loses its workloads and configuration" },
    },
];
