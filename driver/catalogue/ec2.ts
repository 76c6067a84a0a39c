import {
    type Address, DeleteNatGatewayCommand, DeleteVpcEndpointsCommand, DescribeAddressesCommand, EC2Client, type Instance, type NatGateway,
    paginateDescribeInstances, paginateDescribeNatGateways, paginateDescribeVolumes, paginateDescribeVpcEndpoints, StopInstancesCommand,
    type Volume, type VpcEndpoint,
} from "@aws-sdk/client-ec2";

import type { RegionScope } from "../aws/region-scope";
import type { BillableResource } from "../inventory/billable";
import { collect, isoDate, type Lister,located } from "../inventory/lister";
import type { PricedPart, ResourcePricing } from "../prices/resource-pricing";
import { type CatalogueEntry, labelOf, orGone, priced } from "./entry";

/** Instances in these states are listed; shutting-down and terminated ones bill nothing more. */
const INSTANCE_STATES = ["pending", "running", "stopping", "stopped"];
/** EC2 bills instance usage only while pending or running (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/ec2-instance-lifecycle.html). */
const INSTANCE_BILLING = new Set(["pending", "running"]);
/** The tag EC2 Auto Scaling puts on every instance it launches. */
const ASG_TAG = "aws:autoscaling:groupName";
/** The tag EKS puts on the instances (and the Auto Scaling group) of a managed node group. */
export const NODEGROUP_TAG = "eks:nodegroup-name";

export function instanceResource(scope: RegionScope, instance: Instance): BillableResource {
    const state = instance.State?.Name ?? "unknown";
    const group = instance.Tags?.find((t) => t.Key === ASG_TAG)?.Value;
    const nodegroup = instance.Tags?.find((t) => t.Key === NODEGROUP_TAG)?.Value;
    const lifecycle = instance.InstanceLifecycle === "spot" ? "spot" : instance.InstanceLifecycle === undefined ? "on-demand" : undefined;
    return {
        ...located(scope, "ec2-instance", instance.InstanceId ?? ""),
        size: instance.InstanceType,
        state,
        billing: INSTANCE_BILLING.has(state),
        ...(lifecycle ? { lifecycle } : {}),
        ...(instance.PlatformDetails ? { platform: instance.PlatformDetails } : {}),
        since: isoDate(instance.LaunchTime),
        // A node group's instances stop with the node group (EKS would replace them), other group members after their group.
        ...(nodegroup ? { partOf: { kind: "eks-nodegroup" as const, id: nodegroup } }
            : group ? { partOf: { kind: "auto-scaling-group" as const, id: group } } : {}),
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

const instancesLister: Lister = { what: "EC2 instances", kinds: ["ec2-instance"], list: (scope) => listInstances(scope) };
const volumesLister: Lister = {
    what: "EBS volumes",
    kinds: ["ebs-volume"],
    list: async (scope) => (await collect(paginateDescribeVolumes({ client: scope.client(EC2Client) }, {}), (p) => p.Volumes))
        .map((v) => volumeResource(scope, v)),
};
const natGatewaysLister: Lister = { what: "NAT gateways", kinds: ["nat-gateway"], list: (scope) => listNatGateways(scope) };
const addressesLister: Lister = {
    // DescribeAddresses returns every address at once; it has no pages.
    what: "Elastic IPs",
    kinds: ["elastic-ip"],
    list: async (scope) => ((await scope.client(EC2Client).send(new DescribeAddressesCommand({}))).Addresses ?? [])
        .map((a) => addressResource(scope, a)),
};

/** Interface and Gateway Load Balancer endpoints bill per endpoint and zone (one network interface each); gateway endpoints are free. */
const ENDPOINT_BILLING = new Set(["pendingacceptance", "pending", "available"]);

function endpointResource(scope: RegionScope, endpoint: VpcEndpoint): BillableResource {
    const state = endpoint.State ?? "unknown";
    const type = endpoint.VpcEndpointType ?? "Interface";
    // https://aws.amazon.com/privatelink/pricing/: per VPC endpoint per AZ-hour; gateway endpoints (S3, DynamoDB) cost nothing.
    const zones = endpoint.SubnetIds?.length ?? endpoint.NetworkInterfaceIds?.length ?? 0;
    return {
        ...located(scope, "vpc-endpoint", endpoint.VpcEndpointId ?? ""),
        size: type,
        state,
        billing: type !== "Gateway" && ENDPOINT_BILLING.has(state.toLowerCase()),
        since: isoDate(endpoint.CreationTimestamp),
        count: zones,
        ...(endpoint.ServiceName ? { parent: endpoint.ServiceName } : {}),
    };
}

export async function listVpcEndpoints(scope: RegionScope, ids?: string[]): Promise<BillableResource[]> {
    const endpoints = await collect(paginateDescribeVpcEndpoints({ client: scope.client(EC2Client) }, ids ? { VpcEndpointIds: ids } : {}), (p) => p.VpcEndpoints);
    return endpoints.map((e) => endpointResource(scope, e));
}

const endpointsLister: Lister = { what: "VPC endpoints", kinds: ["vpc-endpoint"], list: (scope) => listVpcEndpoints(scope) };

/** gp3 includes 3,000 IOPS and 125 MiB/s in the storage price. https://aws.amazon.com/ebs/pricing/ */
const GP3_INCLUDED_IOPS = 3000;
const GP3_INCLUDED_MIBPS = 125;

function volumePricing(resource: BillableResource): ResourcePricing {
    const volumeType = resource.size;
    if (!volumeType || resource.sizeGiB === undefined) return priced.unknown(resource, "the inventory gave no volume type or size");
    const { region } = resource;
    const parts: PricedPart[] = [{ query: { kind: "ebs-storage", region, volumeType }, quantity: resource.sizeGiB }];
    const iops = volumeType === "gp3" ? Math.max(0, (resource.iops ?? 0) - GP3_INCLUDED_IOPS)
        : volumeType === "io1" || volumeType === "io2" ? resource.iops ?? 0 : 0;
    if (iops > 0) parts.push({ query: { kind: "ebs-iops", region, volumeType }, quantity: iops });
    const throughput = volumeType === "gp3" ? Math.max(0, (resource.throughputMiBps ?? 0) - GP3_INCLUDED_MIBPS) : 0;
    if (throughput > 0) parts.push({ query: { kind: "ebs-throughput", region, volumeType }, quantity: throughput });
    return { kind: "parts", parts, label: labelOf(resource) };
}

export const ec2Entries: CatalogueEntry[] = [
    {
        kind: "ec2-instance",
        listedBy: instancesLister,
        pricing: (instance) => {
            if (instance.partOf?.kind === "eks-nodegroup") return priced.none(instance, `priced with its EKS node group ${instance.partOf.id}`);
            if (!instance.size) return priced.unknown(instance, "the inventory gave no instance type");
            if (instance.lifecycle === "spot") return priced.unknown(instance, "a spot instance: the spot price is not looked up (it is at most the on-demand price)");
            if (instance.platform && !/^Linux\/UNIX$/i.test(instance.platform)) {
                return priced.unknown(instance, `platform ${instance.platform}: only Linux on-demand prices are looked up`);
            }
            return priced.one(instance, { kind: "ec2", region: instance.region, instanceType: instance.size });
        },
        freeze: {
            verb: "stop", api: "ec2:StopInstances",
            stop: async (scope, instance) => {
                const answer = await scope.client(EC2Client).send(new StopInstancesCommand({ InstanceIds: [instance.id] }));
                const before = answer.StoppingInstances?.[0]?.PreviousState?.Name;
                return before === "stopped" || before === "stopping" ? "already" : "done";
            },
            current: (scope, instance) => orGone(() => listInstances(scope, [instance.id])),
        },
    },
    { kind: "ebs-volume", listedBy: volumesLister, pricing: volumePricing, freeze: { keeps: "holds data: delete it by hand if it is not needed" } },
    {
        kind: "nat-gateway",
        listedBy: natGatewaysLister,
        pricing: (gateway) => priced.one(gateway, { kind: "nat-gateway", region: gateway.region }),
        freeze: {
            // Holds no data and is re-created from its own settings in a minute.
            verb: "delete", api: "ec2:DeleteNatGateway",
            stop: async (scope, gateway) => {
                await scope.client(EC2Client).send(new DeleteNatGatewayCommand({ NatGatewayId: gateway.id }));
                return "done";
            },
            current: (scope, gateway) => orGone(() => listNatGateways(scope, [gateway.id])),
        },
    },
    {
        kind: "elastic-ip",
        listedBy: addressesLister,
        pricing: (address) => priced.one(address, { kind: "public-ipv4", region: address.region }),
        freeze: { keeps: "releasing loses the address" },
    },
    {
        kind: "vpc-endpoint",
        listedBy: endpointsLister,
        pricing: (endpoint) => (endpoint.count ? priced.one(endpoint, { kind: "vpc-endpoint", region: endpoint.region }, endpoint.count)
            : priced.unknown(endpoint, "the inventory gave no subnets for it")),
        freeze: {
            // Holds no data: a new endpoint for the same service, VPC and subnets is the same endpoint under a new id.
            verb: "delete", api: "ec2:DeleteVpcEndpoints",
            stop: async (scope, endpoint) => {
                const answer = await scope.client(EC2Client).send(new DeleteVpcEndpointsCommand({ VpcEndpointIds: [endpoint.id] }));
                const refused = answer.Unsuccessful?.[0]?.Error;
                if (refused) throw Object.assign(new Error(refused.Message ?? "refused"), { name: refused.Code ?? "Unsuccessful" });
                return "done";
            },
            current: (scope, endpoint) => orGone(() => listVpcEndpoints(scope, [endpoint.id])),
        },
    },
];
