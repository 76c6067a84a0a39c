import {
    type DBCluster, type DBInstance, paginateDescribeDBClusters, paginateDescribeDBInstances, RDSClient, StopDBClusterCommand, StopDBInstanceCommand,
} from "@aws-sdk/client-rds";

import type { RegionScope } from "../aws/region-scope";
import type { BillableResource } from "../inventory/billable";
import { collect, isoDate, type Lister,located } from "../inventory/lister";
import { type CatalogueEntry, orGone, priced } from "./entry";

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

const instancesLister: Lister = { what: "RDS DB instances", kinds: ["rds-instance"], list: (scope) => listDbInstances(scope) };
const clustersLister: Lister = { what: "RDS/Aurora DB clusters", kinds: ["rds-cluster"], list: (scope) => listDbClusters(scope) };

export const rdsEntries: CatalogueEntry[] = [
    {
        kind: "rds-cluster",
        listedBy: clustersLister,
        // Aurora bills per instance (listed and priced as DB instances); its storage and I/O are not metered (README: what the meter cannot see).
        pricing: (cluster) => (cluster.engine?.startsWith("aurora")
            ? priced.none(cluster, "Aurora bills per instance, priced as DB instances; its storage and I/O are not metered")
            : priced.unknown(cluster, `${cluster.engine ?? "this"} Multi-AZ DB clusters are not priced`)),
        stopsMembers: true,
        freeze: {
            verb: "stop", api: "rds:StopDBCluster",
            stop: async (scope, cluster) => {
                await scope.client(RDSClient).send(new StopDBClusterCommand({ DBClusterIdentifier: cluster.id }));
                return "done";
            },
            current: (scope, cluster) => orGone(() => listDbClusters(scope, cluster.id)),
        },
    },
    {
        kind: "rds-instance",
        listedBy: instancesLister,
        pricing: (db) => {
            if (!db.size) return priced.unknown(db, "the inventory gave no instance class");
            if (!db.engine) return priced.unknown(db, "the inventory gave no engine");
            return priced.one(db, { kind: "rds", region: db.region, instanceClass: db.size, engine: db.engine, multiAz: !!db.multiAz });
        },
        freeze: {
            verb: "stop", api: "rds:StopDBInstance",
            stop: async (scope, db) => {
                await scope.client(RDSClient).send(new StopDBInstanceCommand({ DBInstanceIdentifier: db.id }));
                return "done";
            },
            current: (scope, db) => orGone(() => listDbInstances(scope, db.id)),
        },
    },
];
