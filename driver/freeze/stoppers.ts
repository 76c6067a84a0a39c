import { AutoScalingClient,UpdateAutoScalingGroupCommand } from "@aws-sdk/client-auto-scaling";
import { DeleteNatGatewayCommand, EC2Client, StopInstancesCommand } from "@aws-sdk/client-ec2";
import { RDSClient, StopDBClusterCommand, StopDBInstanceCommand } from "@aws-sdk/client-rds";
import { DeleteEndpointCommand, SageMakerClient, StopNotebookInstanceCommand } from "@aws-sdk/client-sagemaker";

import type { RegionScope } from "../aws/region-scope";
import { listAutoScalingGroups } from "../inventory/auto-scaling";
import type { BillableKind, BillableResource } from "../inventory/billable";
import { listInstances, listNatGateways } from "../inventory/ec2";
import { listDbClusters, listDbInstances } from "../inventory/rds";
import { describeEndpoint, listNotebooks } from "../inventory/sagemaker";

/** The calls behind each freeze rule (driver/freeze/plan.ts). */
export interface Stopper {
    /** Stops or deletes it; "already" when the answer says it was at rest before the call. */
    stop(scope: RegionScope, resource: BillableResource): Promise<"done" | "already">;
    /**
     * It as it is now, read the way the inventory reads it; undefined once it is gone. Decides
     * whether a refused call means "already at rest" (a race with the student, a second run) or a failure.
     */
    current(scope: RegionScope, resource: BillableResource): Promise<BillableResource | undefined>;
}

/** The describe calls answer for a missing resource with an error, or with nothing. */
function isNotFound(error: unknown): boolean {
    const { name = "", message = "" } = (error ?? {}) as { name?: string; message?: string };
    return /NotFound/.test(name) || (name === "ValidationException" && /could not find|does not exist/i.test(message));
}

async function orGone(read: () => Promise<BillableResource[]>): Promise<BillableResource | undefined> {
    try {
        return (await read())[0];
    } catch (error) {
        if (isNotFound(error)) return undefined;
        throw error;
    }
}

export const STOPPERS: Partial<Record<BillableKind, Stopper>> = {
    "auto-scaling-group": {
        stop: async (scope, group) => {
            await scope.client(AutoScalingClient).send(new UpdateAutoScalingGroupCommand({ AutoScalingGroupName: group.id, MinSize: 0, DesiredCapacity: 0 }));
            return "done";
        },
        current: (scope, group) => orGone(() => listAutoScalingGroups(scope, [group.id])),
    },
    "ec2-instance": {
        stop: async (scope, instance) => {
            const answer = await scope.client(EC2Client).send(new StopInstancesCommand({ InstanceIds: [instance.id] }));
            const before = answer.StoppingInstances?.[0]?.PreviousState?.Name;
            return before === "stopped" || before === "stopping" ? "already" : "done";
        },
        current: (scope, instance) => orGone(() => listInstances(scope, [instance.id])),
    },
    "nat-gateway": {
        stop: async (scope, gateway) => {
            await scope.client(EC2Client).send(new DeleteNatGatewayCommand({ NatGatewayId: gateway.id }));
            return "done";
        },
        current: (scope, gateway) => orGone(() => listNatGateways(scope, [gateway.id])),
    },
    "rds-cluster": {
        stop: async (scope, cluster) => {
            await scope.client(RDSClient).send(new StopDBClusterCommand({ DBClusterIdentifier: cluster.id }));
            return "done";
        },
        current: (scope, cluster) => orGone(() => listDbClusters(scope, cluster.id)),
    },
    "rds-instance": {
        stop: async (scope, db) => {
            await scope.client(RDSClient).send(new StopDBInstanceCommand({ DBInstanceIdentifier: db.id }));
            return "done";
        },
        current: (scope, db) => orGone(() => listDbInstances(scope, db.id)),
    },
    "sagemaker-endpoint": {
        stop: async (scope, endpoint) => {
            await scope.client(SageMakerClient).send(new DeleteEndpointCommand({ EndpointName: endpoint.id }));
            return "done";
        },
        current: (scope, endpoint) => orGone(async () => [await describeEndpoint(scope, endpoint.id)]),
    },
    "sagemaker-notebook": {
        stop: async (scope, notebook) => {
            await scope.client(SageMakerClient).send(new StopNotebookInstanceCommand({ NotebookInstanceName: notebook.id }));
            return "done";
        },
        current: (scope, notebook) => orGone(() => listNotebooks(scope, notebook.id)),
    },
};
