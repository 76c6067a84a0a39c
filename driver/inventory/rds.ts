import { type DBCluster, type DBInstance,paginateDescribeDBClusters, paginateDescribeDBInstances, RDSClient } from "@aws-sdk/client-rds";

import type { RegionScope } from "../aws/region-scope";
import type { BillableResource } from "./billable";
import { collect, isoDate, type Lister,located } from "./lister";

/** A stopped DB instance or cluster bills its storage, not its instance hours (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_StopInstance.html). */
const NOT_RUNNING = new Set(["stopped", "stopping", "deleting", "failed"]);

function instanceResource(scope: RegionScope, db: DBInstance): BillableResource {
    const state = db.DBInstanceStatus ?? "unknown";
    return {
        ...located(scope, "rds-instance", db.DBInstanceIdentifier ?? ""),
        arn: db.DBInstanceArn,
        size: db.DBInstanceClass,
        state,
        billing: !NOT_RUNNING.has(state),
        since: isoDate(db.InstanceCreateTime),
        engine: db.Engine,
        multiAz: db.MultiAZ ?? false,
        ...(db.AllocatedStorage ? { sizeGiB: db.AllocatedStorage } : {}),
        ...(db.Iops !== undefined ? { iops: db.Iops } : {}),
        // An Aurora instance cannot be stopped on its own: StopDBCluster stops it.
        ...(db.DBClusterIdentifier ? { partOf: { kind: "rds-cluster" as const, id: db.DBClusterIdentifier } } : {}),
    };
}

function clusterResource(scope: RegionScope, cluster: DBCluster): BillableResource {
    const state = cluster.Status ?? "unknown";
    return {
        ...located(scope, "rds-cluster", cluster.DBClusterIdentifier ?? ""),
        arn: cluster.DBClusterArn,
        // Aurora bills per instance (listed as rds-instance), plus storage and I/O; Multi-AZ DB clusters have a class of their own.
        ...(cluster.DBClusterInstanceClass ? { size: cluster.DBClusterInstanceClass } : {}),
        state,
        billing: !NOT_RUNNING.has(state),
        since: isoDate(cluster.ClusterCreateTime),
        engine: cluster.Engine,
        multiAz: cluster.MultiAZ ?? false,
    };
}

export async function listDbInstances(scope: RegionScope, id?: string): Promise<BillableResource[]> {
    const dbs = await collect(paginateDescribeDBInstances({ client: scope.client(RDSClient) }, id ? { DBInstanceIdentifier: id } : {}), (p) => p.DBInstances);
    return dbs.map((db) => instanceResource(scope, db));
}

export async function listDbClusters(scope: RegionScope, id?: string): Promise<BillableResource[]> {
    const clusters = await collect(paginateDescribeDBClusters({ client: scope.client(RDSClient) }, id ? { DBClusterIdentifier: id } : {}), (p) => p.DBClusters);
    return clusters.map((c) => clusterResource(scope, c));
}

export const rdsListers: Lister[] = [
    { what: "RDS DB instances", kinds: ["rds-instance"], list: (scope) => listDbInstances(scope) },
    { what: "RDS/Aurora DB clusters", kinds: ["rds-cluster"], list: (scope) => listDbClusters(scope) },
];
