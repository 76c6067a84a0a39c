import {
    type Address,     DescribeAddressesCommand, EC2Client, type Instance, type NatGateway, paginateDescribeInstances, paginateDescribeNatGateways, paginateDescribeVolumes,
type Volume,
} from "@aws-sdk/client-ec2";

import type { RegionScope } from "../aws/region-scope";
import type { BillableResource } from "./billable";
import { collect, isoDate, type Lister,located } from "./lister";

/** Instances in these states are listed; shutting-down and terminated ones bill nothing more. */
const INSTANCE_STATES = ["pending", "running", "stopping", "stopped"];
/** EC2 bills instance usage only while pending or running (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/ec2-instance-lifecycle.html). */
const INSTANCE_BILLING = new Set(["pending", "running"]);
/** The tag EC2 Auto Scaling puts on every instance it launches. */
const ASG_TAG = "aws:autoscaling:groupName";

export function instanceResource(scope: RegionScope, instance: Instance): BillableResource {
    const state = instance.State?.Name ?? "unknown";
    const group = instance.Tags?.find((t) => t.Key === ASG_TAG)?.Value;
    const lifecycle = instance.InstanceLifecycle === "spot" ? "spot" : instance.InstanceLifecycle === undefined ? "on-demand" : undefined;
    return {
        ...located(scope, "ec2-instance", instance.InstanceId ?? ""),
        size: instance.InstanceType,
        state,
        billing: INSTANCE_BILLING.has(state),
        ...(lifecycle ? { lifecycle } : {}),
        ...(instance.PlatformDetails ? { platform: instance.PlatformDetails } : {}),
        since: isoDate(instance.LaunchTime),
        ...(group ? { partOf: { kind: "auto-scaling-group" as const, id: group } } : {}),
    };
}

export async function listInstances(scope: RegionScope, instanceIds?: string[]): Promise<BillableResource[]> {
    const input = instanceIds
        ? { InstanceIds: instanceIds }
        : { Filters: [{ Name: "instance-state-name", Values: INSTANCE_STATES }] };
    const reservations = await collect(paginateDescribeInstances({ client: scope.client(EC2Client) }, input), (p) => p.Reservations);
    return reservations.flatMap((r) => r.Instances ?? []).map((i) => instanceResource(scope, i));
}

function volumeResource(scope: RegionScope, volume: Volume): BillableResource {
    const state = volume.State ?? "unknown";
    return {
        ...located(scope, "ebs-volume", volume.VolumeId ?? ""),
        size: volume.VolumeType,
        state,
        // Storage is billed from creation until the volume is deleted, attached or not.
        billing: state !== "deleted" && state !== "error",
        since: isoDate(volume.CreateTime),
        sizeGiB: volume.Size,
        ...(volume.Iops !== undefined ? { iops: volume.Iops } : {}),
        ...(volume.Throughput !== undefined ? { throughputMiBps: volume.Throughput } : {}),
    };
}

export function natGatewayResource(scope: RegionScope, gateway: NatGateway): BillableResource {
    const state = gateway.State ?? "unknown";
    return {
        ...located(scope, "nat-gateway", gateway.NatGatewayId ?? ""),
        state,
        // Billed per hour from creation until deleted (https://aws.amazon.com/vpc/pricing/).
        billing: state === "pending" || state === "available",
        since: isoDate(gateway.CreateTime),
    };
}

export async function listNatGateways(scope: RegionScope, ids?: string[]): Promise<BillableResource[]> {
    const input = ids ? { NatGatewayIds: ids } : { Filter: [{ Name: "state", Values: ["pending", "available"] }] };
    const gateways = await collect(paginateDescribeNatGateways({ client: scope.client(EC2Client) }, input), (p) => p.NatGateways);
    return gateways.map((g) => natGatewayResource(scope, g));
}

function addressResource(scope: RegionScope, address: Address): BillableResource {
    const associated = !!(address.AssociationId || address.InstanceId || address.NetworkInterfaceId);
    return {
        ...located(scope, "elastic-ip", address.AllocationId ?? address.PublicIp ?? ""),
        state: associated ? "associated" : "unassociated",
        // Every public IPv4 address is billed per hour since 2024-02-01, in use or not
        // (https://aws.amazon.com/blogs/aws/new-aws-public-ipv4-address-charge-public-ip-insights/).
        billing: true,
    };
}

export const ec2Listers: Lister[] = [
    { what: "EC2 instances", kinds: ["ec2-instance"], list: (scope) => listInstances(scope) },
    {
        what: "EBS volumes",
        kinds: ["ebs-volume"],
        list: async (scope) => (await collect(paginateDescribeVolumes({ client: scope.client(EC2Client) }, {}), (p) => p.Volumes))
            .map((v) => volumeResource(scope, v)),
    },
    { what: "NAT gateways", kinds: ["nat-gateway"], list: (scope) => listNatGateways(scope) },
    {
        // DescribeAddresses returns every address at once; it has no pages.
        what: "Elastic IPs",
        kinds: ["elastic-ip"],
        list: async (scope) => ((await scope.client(EC2Client).send(new DescribeAddressesCommand({}))).Addresses ?? [])
            .map((a) => addressResource(scope, a)),
    },
];
