import { expect } from "chai";

import { testSettings } from "../fixtures/workshop";
import {
    autoScalingGroup, createFleet, createLaunchConfiguration, createVolume, dbCluster, dbInstance, EC2, ecsService, onInstance, plainCall,
    RDS, registerTaskDefinition, runInstances, runTask, sagemakerCall,
} from "../support/iam-requests";
import { type Authorization, expectVerdict, type NamedPolicy } from "../support/iam-simulation";
import { authorizeInWorkshop, guardrailPolicies, PERMISSION_SETS, PrincipalName, REGION } from "../support/iam-workshop";

/**
 * Every fast way to spend money in an allowed region, as the API calls a student would make, each
 * with every resource ARN and condition key AWS evaluates for it: all must be denied by the
 * guardrail SCPs. And the work a workshop does, which must stay allowed. Both under the default
 * permission set and AdministratorAccess, over the SCPs `up` renders from the default settings.
 *
 * The permission-set side of a call (e.g. iam:PassRole for a notebook's or function's execution
 * role, which PowerUserAccess does not grant) is not modelled: these tables are about the SCPs.
 */

type Calls = Authorization[] | Promise<Authorization[]>;
interface VectorCase { name: string; calls: Calls; deniedBy: string }
interface WorkshopCase { name: string; calls: Calls; as?: PrincipalName; config?: Record<string, string> }

const plain = async (...actions: string[]) => Promise.all(actions.map(plainCall));
const HUGE_VOLUME = { sizeGiB: 50, type: "io2", iops: 64000 };

const DENY = {
    types: "DenyInstanceTypesOutsideAllowList",
    tenancy: "DenyDedicatedTenancy",
    resize: "DenyResizingToDisallowedTypes",
    iops: "DenyVolumeIopsAboveLimit",
    size: "DenyLargeVolumes",
    unchecked: "DenyUncheckedCapacity",
    overrides: "DenyAutoScalingOverrideTypes",
    unpinned: "DenyUnpinnedLaunchTemplates",
    launchConfiguration: "DenyLaunchConfigurationTypes",
    dbCreate: "DenyDbClassesAtCreate",
    dbChange: "DenyDbClassChanges",
    sagemaker: "DenySageMakerInstanceTypes",
    commitments: "DenyCommitmentPurchases",
    unsized: "DenyUnsizedServices",
    taskCpu: "DenyLargeEcsTaskCpu",
    taskMemory: "DenyLargeEcsTaskMemory",
    quotas: "DenyQuotaIncreases",
} as const;

/**
 * On a function's alias or version: both resource types have the ARN pattern function:<name>:<qualifier>,
 * so the simulator cannot tell which one a qualified ARN is; "*" evaluates the action on each type.
 */
const PROVISIONED_CONCURRENCY: Authorization = { action: "lambda:PutProvisionedConcurrencyConfig", resources: [{ arn: "*" }] };

const VECTORS: VectorCase[] = [
    // EC2 capacity, by every route that launches or reserves it.
    { name: "RunInstances m5.24xlarge", calls: [runInstances({ instanceType: "m5.24xlarge" })], deniedBy: DENY.types },
    { name: "RunInstances p5.48xlarge as Spot", calls: [runInstances({ instanceType: "p5.48xlarge", market: "spot" })], deniedBy: DENY.types },
    { name: "RunInstances g5.48xlarge from a launch template", calls: [runInstances({ instanceType: "g5.48xlarge", fromLaunchTemplate: true })], deniedBy: DENY.types },
    { name: "RunInstances t3.micro on dedicated tenancy", calls: [runInstances({ instanceType: "t3.micro", tenancy: "dedicated" })], deniedBy: DENY.tenancy },
    { name: "RunInstances t3.micro with a 64,000-IOPS io2 volume", calls: [runInstances({ instanceType: "t3.micro", volume: HUGE_VOLUME })], deniedBy: DENY.iops },
    { name: "CreateFleet of c5.24xlarge", calls: [createFleet({ instanceType: "c5.24xlarge" })], deniedBy: DENY.types },
    { name: "CreateFleet of t3.micro on host tenancy", calls: [createFleet({ instanceType: "t3.micro", tenancy: "host" })], deniedBy: DENY.tenancy },
    {
        name: "RequestSpotFleet (no instance-type key; launched by the Spot Fleet role)",
        calls: [{
            action: "ec2:RequestSpotFleet",
            resources: [
                { arn: `arn:aws:ec2:${REGION}:222222222222:spot-fleet-request/sfr-0a1b2c3d-4e5f-6071-8a9b-0c1d2e3f4a5b` },
                { arn: EC2.image, context: { "ec2:ImageType": "machine", "ec2:Owner": "amazon", "ec2:Public": "true", "ec2:RootDeviceType": "ebs" } },
                { arn: EC2.launchTemplate },
                { arn: EC2.subnet, context: { "ec2:AvailabilityZone": `${REGION}a`, "ec2:SubnetID": "subnet-0a1b2c3d4e5f60718" } },
            ],
            context: { "ec2:Region": REGION },
        }],
        deniedBy: DENY.unchecked,
    },
    {
        name: "RequestSpotInstances (legacy API, no instance-type key)",
        calls: [{
            action: "ec2:RequestSpotInstances",
            resources: [
                { arn: `arn:aws:ec2:${REGION}:222222222222:spot-instances-request/sir-0a1b2c3d` },
                { arn: EC2.image, context: { "ec2:ImageType": "machine", "ec2:Owner": "amazon", "ec2:Public": "true", "ec2:RootDeviceType": "ebs" } },
                { arn: EC2.subnet, context: { "ec2:AvailabilityZone": `${REGION}a`, "ec2:SubnetID": "subnet-0a1b2c3d4e5f60718" } },
                { arn: EC2.securityGroup, context: { "ec2:SecurityGroupID": "sg-0a1b2c3d4e5f60718" } },
                { arn: EC2.keyPair, context: { "ec2:KeyPairName": "lab-key", "ec2:KeyPairType": "ed25519" } },
            ],
            context: { "ec2:Region": REGION },
        }],
        deniedBy: DENY.unchecked,
    },
    {
        name: "ModifyFleet (new overrides for a maintained fleet, no instance-type key)",
        calls: [{ action: "ec2:ModifyFleet", resources: [{ arn: EC2.fleet }, { arn: EC2.launchTemplate }], context: { "ec2:Region": REGION } }],
        deniedBy: DENY.unchecked,
    },
    {
        name: "Auto Scaling group from a launch template with m5.24xlarge (Auto Scaling's RunInstances check)",
        calls: autoScalingGroup("autoscaling:CreateAutoScalingGroup", { templateInstanceType: "m5.24xlarge" }),
        deniedBy: DENY.types,
    },
    {
        name: "Auto Scaling group with a p5.48xlarge mixed-instances override",
        calls: autoScalingGroup("autoscaling:CreateAutoScalingGroup", { templateInstanceType: "t3.micro", overrides: ["t3.micro", "p5.48xlarge"] }),
        deniedBy: DENY.overrides,
    },
    {
        name: "UpdateAutoScalingGroup to a c5.24xlarge override",
        calls: autoScalingGroup("autoscaling:UpdateAutoScalingGroup", { templateInstanceType: "t3.micro", overrides: ["c5.24xlarge"] }),
        deniedBy: DENY.overrides,
    },
    {
        name: "Auto Scaling group on $Latest of a launch template (a later version would launch unchecked)",
        calls: autoScalingGroup("autoscaling:CreateAutoScalingGroup", { templateInstanceType: "t3.micro", pinnedVersion: false }),
        deniedBy: DENY.unpinned,
    },
    {
        name: "UpdateAutoScalingGroup to $Default of a launch template",
        calls: autoScalingGroup("autoscaling:UpdateAutoScalingGroup", { templateInstanceType: "t3.micro", pinnedVersion: false }),
        deniedBy: DENY.unpinned,
    },
    { name: "launch configuration with m5.24xlarge", calls: [createLaunchConfiguration("m5.24xlarge")], deniedBy: DENY.launchConfiguration },
    {
        name: "StartInstanceRefresh (its desired configuration names types without a key)",
        calls: [{ action: "autoscaling:StartInstanceRefresh", resources: [{ arn: `arn:aws:autoscaling:${REGION}:222222222222:autoScalingGroup:0a1b2c3d-4e5f-4071-8a9b-0c1d2e3f4a5b:autoScalingGroupName/lab-asg` }], context: { "autoscaling:ImageId": "ami-0a1b2c3d4e5f60718" } }],
        deniedBy: DENY.unchecked,
    },
    {
        name: "On-Demand Capacity Reservation for 10 p5.48xlarge",
        calls: [{
            action: "ec2:CreateCapacityReservation",
            resources: [{
                arn: `arn:aws:ec2:${REGION}:222222222222:capacity-reservation/cr-0a1b2c3d4e5f60718`,
                context: {
                    "ec2:InstanceType": "p5.48xlarge", "ec2:InstanceCount": "10", "ec2:Tenancy": "default", "ec2:InstancePlatform": "Linux/UNIX",
                    "ec2:AvailabilityZone": `${REGION}a`, "ec2:EndDateType": "unlimited", "ec2:InstanceMatchCriteria": "open",
                },
            }],
            context: { "ec2:Region": REGION },
        }],
        deniedBy: DENY.unchecked,
    },
    { name: "Capacity Reservation Fleet", calls: plain("ec2:CreateCapacityReservationFleet"), deniedBy: DENY.unchecked },
    { name: "ModifyCapacityReservation (more instances)", calls: plain("ec2:ModifyCapacityReservation"), deniedBy: DENY.unchecked },
    { name: "ModifyCapacityReservationFleet (more capacity)", calls: plain("ec2:ModifyCapacityReservationFleet"), deniedBy: DENY.unchecked },
    { name: "taking over billing of another account's Capacity Reservation", calls: plain("ec2:AcceptCapacityReservationBillingOwnership"), deniedBy: DENY.unchecked },
    {
        name: "Dedicated Host for p5.48xlarge",
        calls: [{
            action: "ec2:AllocateHosts",
            resources: [{
                arn: `arn:aws:ec2:${REGION}:222222222222:dedicated-host/h-0a1b2c3d4e5f60718`,
                context: { "ec2:InstanceType": "p5.48xlarge", "ec2:Quantity": "1", "ec2:AutoPlacement": "on", "ec2:AvailabilityZone": `${REGION}a`, "ec2:HostRecovery": "off" },
            }],
            context: { "ec2:Region": REGION },
        }],
        deniedBy: DENY.unchecked,
    },
    { name: "resize a stopped t3.micro to m5.24xlarge", calls: [onInstance("ec2:ModifyInstanceAttribute", "t3.micro", { "ec2:Attribute/InstanceType": "m5.24xlarge" })], deniedBy: DENY.resize },
    { name: "CreateVolume io2 with 64,000 IOPS", calls: [createVolume(HUGE_VOLUME)], deniedBy: DENY.iops },
    { name: "CreateVolume of 2 TiB from a snapshot", calls: [createVolume({ sizeGiB: 2048 }, true)], deniedBy: DENY.size },
    { name: "ModifyVolume (new size, type or IOPS: no key for the target)", calls: plain("ec2:ModifyVolume"), deniedBy: DENY.unchecked },
    { name: "Fast Snapshot Restore (billed per snapshot, AZ and hour)", calls: plain("ec2:EnableFastSnapshotRestores"), deniedBy: DENY.unchecked },
    { name: "ImportInstance (legacy, no instance-type key)", calls: plain("ec2:ImportInstance"), deniedBy: DENY.unchecked },

    // Containers: Fargate bills per vCPU-hour and GB-hour of every running task.
    { name: "RegisterTaskDefinition of a 16 vCPU / 120 GB Fargate task", calls: [registerTaskDefinition({ vcpu: 16, memoryGiB: 120 })], deniedBy: DENY.taskCpu },
    { name: "RegisterTaskDefinition of 1 vCPU with 8 GB", calls: [registerTaskDefinition({ vcpu: 1, memoryGiB: 8 })], deniedBy: DENY.taskMemory },
    { name: "RunTask overriding its task definition to 16 vCPU / 120 GB", calls: [runTask({ vcpu: 16, memoryGiB: 120 })], deniedBy: DENY.taskCpu },
    { name: "CreateService of a 16 vCPU / 120 GB task", calls: [ecsService("ecs:CreateService", { vcpu: 16, memoryGiB: 120 })], deniedBy: DENY.taskCpu },
    { name: "UpdateService to a 4 vCPU / 30 GB task", calls: [ecsService("ecs:UpdateService", { vcpu: 4, memoryGiB: 30 })], deniedBy: DENY.taskCpu },

    // Databases.
    { name: "RDS db.r5.24xlarge", calls: [dbInstance("rds:CreateDBInstance", { instanceClass: "db.r5.24xlarge" })], deniedBy: DENY.dbCreate },
    { name: "Aurora instance db.r6g.16xlarge", calls: [dbInstance("rds:CreateDBInstance", { instanceClass: "db.r6g.16xlarge", aurora: true })], deniedBy: DENY.dbCreate },
    { name: "Aurora Serverless v2 instance (db.serverless, up to 256 ACU)", calls: [dbInstance("rds:CreateDBInstance", { instanceClass: "db.serverless", aurora: true })], deniedBy: DENY.dbCreate },
    { name: "read replica db.r5.24xlarge", calls: [dbInstance("rds:CreateDBInstanceReadReplica", { instanceClass: "db.r5.24xlarge" })], deniedBy: DENY.dbCreate },
    {
        name: "restore from snapshot as db.r5.24xlarge",
        calls: [dbInstance("rds:RestoreDBInstanceFromDBSnapshot", { instanceClass: "db.r5.24xlarge" }, [{ arn: RDS.snapshot }])],
        deniedBy: DENY.dbCreate,
    },
    {
        name: "restore from a (shared) snapshot without naming a class: its original class would apply",
        calls: [dbInstance("rds:RestoreDBInstanceFromDBSnapshot", {}, [{ arn: RDS.snapshot }])],
        deniedBy: DENY.dbCreate,
    },
    {
        name: "point-in-time restore as db.x2g.16xlarge",
        calls: [dbInstance("rds:RestoreDBInstanceToPointInTime", { instanceClass: "db.x2g.16xlarge" }, [{ arn: RDS.autoBackup }])],
        deniedBy: DENY.dbCreate,
    },
    { name: "restore from S3 as db.m5.24xlarge", calls: [dbInstance("rds:RestoreDBInstanceFromS3", { instanceClass: "db.m5.24xlarge" })], deniedBy: DENY.dbCreate },
    { name: "modify a DB instance to db.r5.24xlarge", calls: [dbInstance("rds:ModifyDBInstance", { instanceClass: "db.r5.24xlarge" })], deniedBy: DENY.dbChange },
    { name: "Multi-AZ DB cluster of db.r6gd.16xlarge", calls: [dbCluster("rds:CreateDBCluster", "db.r6gd.16xlarge")], deniedBy: DENY.dbChange },
    { name: "modify a Multi-AZ DB cluster to db.r6gd.16xlarge", calls: [dbCluster("rds:ModifyDBCluster", "db.r6gd.16xlarge")], deniedBy: DENY.dbChange },
    {
        name: "restore a Multi-AZ DB cluster snapshot as db.r6gd.16xlarge",
        calls: [dbCluster("rds:RestoreDBClusterFromSnapshot", "db.r6gd.16xlarge", [{ arn: `arn:aws:rds:${REGION}:222222222222:cluster-snapshot:lab` }])],
        deniedBy: DENY.dbChange,
    },
    { name: "point-in-time restore of a DB cluster as db.r6gd.16xlarge", calls: [dbCluster("rds:RestoreDBClusterToPointInTime", "db.r6gd.16xlarge")], deniedBy: DENY.dbChange },
    {
        name: "blue/green deployment to db.r5.24xlarge",
        calls: [{
            action: "rds:CreateBlueGreenDeployment",
            resources: [{ arn: `arn:aws:rds:${REGION}:222222222222:deployment:bgd-0a1b2c3d4e5f6071` }, { arn: RDS.db }],
            context: { "rds:DatabaseClass": "db.r5.24xlarge", "rds:DatabaseEngine": "mysql" },
        }],
        deniedBy: DENY.dbChange,
    },
    { name: "Aurora Limitless shard group (no capacity key)", calls: plain("rds:CreateDBShardGroup"), deniedBy: DENY.unsized },

    // Machine learning.
    { name: "notebook ml.p3.16xlarge", calls: [sagemakerCall("sagemaker:CreateNotebookInstance", "notebook-instance", "lab", ["ml.p3.16xlarge"], { "sagemaker:RootAccess": "Enabled", "sagemaker:DirectInternetAccess": "Enabled" })], deniedBy: DENY.sagemaker },
    { name: "notebook resized to ml.p3.16xlarge", calls: [sagemakerCall("sagemaker:UpdateNotebookInstance", "notebook-instance", "lab", ["ml.p3.16xlarge"])], deniedBy: DENY.sagemaker },
    { name: "training job ml.p4d.24xlarge", calls: [sagemakerCall("sagemaker:CreateTrainingJob", "training-job", "lab", ["ml.p4d.24xlarge"], { "sagemaker:MaxRuntimeInSeconds": "86400" })], deniedBy: DENY.sagemaker },
    { name: "processing job ml.m5.24xlarge", calls: [sagemakerCall("sagemaker:CreateProcessingJob", "processing-job", "lab", ["ml.m5.24xlarge"], { "sagemaker:MaxRuntimeInSeconds": "86400" })], deniedBy: DENY.sagemaker },
    { name: "batch transform ml.g5.48xlarge", calls: [sagemakerCall("sagemaker:CreateTransformJob", "transform-job", "lab", ["ml.g5.48xlarge"])], deniedBy: DENY.sagemaker },
    { name: "tuning job ml.p3.16xlarge", calls: [sagemakerCall("sagemaker:CreateHyperParameterTuningJob", "hyper-parameter-tuning-job", "lab", ["ml.p3.16xlarge"], { "sagemaker:MaxRuntimeInSeconds": "86400" })], deniedBy: DENY.sagemaker },
    { name: "endpoint config with one ml.g5.48xlarge variant", calls: [sagemakerCall("sagemaker:CreateEndpointConfig", "endpoint-config", "lab", ["ml.t3.medium", "ml.g5.48xlarge"])], deniedBy: DENY.sagemaker },
    { name: "HyperPod cluster of ml.p5.48xlarge", calls: [sagemakerCall("sagemaker:CreateCluster", "cluster", "lab", ["ml.p5.48xlarge"])], deniedBy: DENY.sagemaker },
    { name: "HyperPod cluster grown with ml.p5.48xlarge", calls: [sagemakerCall("sagemaker:UpdateCluster", "cluster", "lab", ["ml.p5.48xlarge"])], deniedBy: DENY.sagemaker },
    { name: "Studio app on ml.g5.48xlarge", calls: [sagemakerCall("sagemaker:CreateApp", "app", "d-lab/student/JupyterLab/default", ["ml.g5.48xlarge"])], deniedBy: DENY.sagemaker },
    { name: "Studio space on ml.g5.48xlarge", calls: [sagemakerCall("sagemaker:CreateSpace", "space", "d-lab/lab", ["ml.g5.48xlarge"])], deniedBy: DENY.sagemaker },
    { name: "SageMaker jobs that choose their own instances (Autopilot, recommendations, optimization)", calls: plain("sagemaker:CreateAutoMLJobV2", "sagemaker:CreateInferenceRecommendationsJob", "sagemaker:CreateOptimizationJob"), deniedBy: DENY.unsized },

    // Prepaid or committed capacity.
    ...[
        "ec2:PurchaseCapacityBlock", "ec2:PurchaseCapacityBlockExtension", "ec2:PurchaseReservedInstancesOffering", "ec2:PurchaseHostReservation",
        "ec2:PurchaseScheduledInstances", "ec2:ModifyReservedInstances", "ec2:AcceptReservedInstancesExchangeQuote", "savingsplans:CreateSavingsPlan",
        "bedrock:CreateProvisionedModelThroughput", "bedrock:UpdateProvisionedModelThroughput", "sagemaker:CreateTrainingPlan", "sagemaker:ExtendTrainingPlan",
        "sagemaker:CreateReservedCapacity", "rds:PurchaseReservedDBInstancesOffering", "elasticache:PurchaseReservedCacheNodesOffering",
        "redshift:PurchaseReservedNodeOffering", "redshift-serverless:CreateReservation", "es:PurchaseReservedInstanceOffering",
        "dynamodb:PurchaseReservedCapacityOfferings", "memorydb:PurchaseReservedNodesOffering", "medialive:PurchaseOffering", "mediaconnect:PurchaseOffering",
        "devicefarm:PurchaseOffering", "glacier:PurchaseProvisionedCapacity", "athena:CreateCapacityReservation", "elasticloadbalancing:ModifyCapacityReservation",
        "cloudfront:CreateSavingsPlan", "outposts:CreateOrder", "eks:CreateEksAnywhereSubscription", "shield:CreateSubscription", "route53domains:RegisterDomain",
    ].map((action): VectorCase => ({ name: `commitment: ${action}`, calls: plain(action), deniedBy: DENY.commitments })),

    // Services whose capacity has no size key: closed unless the instructor opens them.
    ...[
        "redshift:CreateCluster", "redshift-serverless:CreateWorkgroup", "es:CreateDomain", "aoss:CreateCollection", "elasticmapreduce:RunJobFlow",
        "emr-serverless:CreateApplication", "kafka:CreateClusterV2", "elasticache:CreateReplicationGroup", "memorydb:CreateCluster", "dax:CreateCluster",
        "docdb-elastic:CreateCluster", "neptune-graph:CreateGraph", "eks:CreateNodegroup", "batch:CreateComputeEnvironment", "fsx:CreateFileSystem",
        "gamelift:CreateFleet", "appstream:CreateFleet", "workspaces:CreateWorkspaces", "kendra:CreateIndex", "braket:CreateQuantumTask",
        "airflow:CreateEnvironment", "dms:CreateReplicationInstance", "timestream-influxdb:CreateDbInstance", "medialive:CreateChannel",
        "deadline:CreateFleet", "comprehend:CreateEndpoint", "rekognition:StartProjectVersion", "snowball:CreateJob",
        "lightsail:CreateInstances", "lightsail:CreateRelationalDatabase", "globalaccelerator:CreateAccelerator",
        "mq:CreateBroker", "transfer:CreateServer", "ds:CreateMicrosoftAD", "ds:CreateDirectory", "apprunner:CreateService",
        "route53resolver:CreateResolverEndpoint", "ec2:CreateClientVpnEndpoint", "ec2:AssociateClientVpnTargetNetwork", "ec2:CreateVpnConnection",
        "ec2:CreateTransitGateway", "ec2:CreateTransitGatewayVpcAttachment",
    ].map((action): VectorCase => ({ name: `unsized service: ${action}`, calls: plain(action), deniedBy: DENY.unsized })),

    {
        name: "unsized service: lambda:PutProvisionedConcurrencyConfig",
        calls: [PROVISIONED_CONCURRENCY],
        deniedBy: DENY.unsized,
    },

    // Raising the account's quotas, the backstop for what no SCP sees.
    {
        name: "RequestServiceQuotaIncrease for EC2 vCPUs",
        calls: [{ action: "servicequotas:RequestServiceQuotaIncrease", resources: [{ arn: `arn:aws:servicequotas:${REGION}:222222222222:ec2/L-1216C47A` }], context: { "servicequotas:service": "ec2" } }],
        deniedBy: DENY.quotas,
    },
    { name: "a quota request as a support case through Service Quotas", calls: plain("servicequotas:CreateSupportCase"), deniedBy: DENY.quotas },
    { name: "a quota request into the organization's template", calls: plain("servicequotas:PutServiceQuotaIncreaseRequestIntoTemplate"), deniedBy: DENY.quotas },
    { name: "a support case (its category, e.g. a limit increase, has no condition key)", calls: plain("support:CreateCase"), deniedBy: DENY.quotas },
];

const LAMBDA = `arn:aws:lambda:${REGION}:222222222222:function:lab`;
const BUCKET = "arn:aws:s3:::student1-lab-bucket";

const WORKSHOP: WorkshopCase[] = [
    { name: "launch a t3.micro with its AMI, subnet, ENI, security group, 20 GiB gp3 and key pair", calls: [runInstances({ instanceType: "t3.micro", volume: { sizeGiB: 20 } })] },
    { name: "launch a t3.small as Spot", calls: [runInstances({ instanceType: "t3.small", market: "spot" })] },
    { name: "launch a t3.medium from a launch template", calls: [runInstances({ instanceType: "t3.medium", fromLaunchTemplate: true })] },
    { name: "a t3.micro fleet", calls: [createFleet({ instanceType: "t3.micro" })] },
    { name: "an Auto Scaling group from version 1 of a t3.micro launch template", calls: autoScalingGroup("autoscaling:CreateAutoScalingGroup", { templateInstanceType: "t3.micro", maxSize: 3 }) },
    {
        name: "an Auto Scaling group with t3.micro/t3.small overrides",
        calls: autoScalingGroup("autoscaling:CreateAutoScalingGroup", { templateInstanceType: "t3.micro", overrides: ["t3.micro", "t3.small"] }),
    },
    { name: "scale an Auto Scaling group (no launch template in the request)", calls: autoScalingGroup("autoscaling:UpdateAutoScalingGroup", { minSize: 0, maxSize: 4 }) },
    { name: "a t3.small launch configuration", calls: [createLaunchConfiguration("t3.small")] },
    { name: "create a launch template and a new version", calls: plain("ec2:CreateLaunchTemplate", "ec2:CreateLaunchTemplateVersion") },
    { name: "resize a stopped instance to t3.medium", calls: [onInstance("ec2:ModifyInstanceAttribute", "t3.micro", { "ec2:Attribute/InstanceType": "t3.medium" })] },
    { name: "start a stopped t3.small", calls: [onInstance("ec2:StartInstances", "t3.small")] },
    { name: "stop and terminate instances", calls: [onInstance("ec2:StopInstances", "t3.small"), onInstance("ec2:TerminateInstances", "t3.small")] },
    { name: "a 50 GiB gp3 volume with the baseline 3,000 IOPS", calls: [createVolume({ sizeGiB: 50 })] },
    { name: "a db.t3.micro MySQL instance", calls: [dbInstance("rds:CreateDBInstance", { instanceClass: "db.t3.micro" })] },
    { name: "an Aurora cluster (no class) and its db.t4g.medium instance", calls: [dbCluster("rds:CreateDBCluster"), dbInstance("rds:CreateDBInstance", { instanceClass: "db.t4g.medium", aurora: true })] },
    { name: "change a DB instance's backup window (no class in the request)", calls: [dbInstance("rds:ModifyDBInstance", {})] },
    { name: "resize a DB instance to db.t4g.small", calls: [dbInstance("rds:ModifyDBInstance", { instanceClass: "db.t4g.small" })] },
    { name: "restore a snapshot as db.t3.micro", calls: [dbInstance("rds:RestoreDBInstanceFromDBSnapshot", { instanceClass: "db.t3.micro" }, [{ arn: RDS.snapshot }])] },
    { name: "an ml.t3.medium notebook", calls: [sagemakerCall("sagemaker:CreateNotebookInstance", "notebook-instance", "lab", ["ml.t3.medium"], { "sagemaker:RootAccess": "Enabled" })] },
    { name: "an ml.m5.large training job", calls: [sagemakerCall("sagemaker:CreateTrainingJob", "training-job", "lab", ["ml.m5.large"], { "sagemaker:MaxRuntimeInSeconds": "3600" })] },
    { name: "an ml.m5.large endpoint config", calls: [sagemakerCall("sagemaker:CreateEndpointConfig", "endpoint-config", "lab", ["ml.m5.large"])] },
    { name: "a serverless endpoint config (no instance types)", calls: [sagemakerCall("sagemaker:CreateEndpointConfig", "endpoint-config", "lab", undefined, { "sagemaker:ServerlessMaxConcurrency": "5", "sagemaker:ServerlessMemorySize": "2048" })] },
    { name: "a Studio JupyterServer app (instance type system)", calls: [sagemakerCall("sagemaker:CreateApp", "app", "d-lab/student/JupyterServer/default", ["system"])] },
    { name: "S3: create a bucket, put and get an object", calls: [{ action: "s3:CreateBucket", resources: [{ arn: BUCKET }] }, { action: "s3:PutObject", resources: [{ arn: `${BUCKET}/notes.txt` }] }, { action: "s3:GetObject", resources: [{ arn: `${BUCKET}/notes.txt` }] }] },
    { name: "Lambda: create and invoke a function", calls: [{ action: "lambda:CreateFunction", resources: [{ arn: LAMBDA }] }, { action: "lambda:InvokeFunction", resources: [{ arn: LAMBDA }] }] },
    { name: "Bedrock: invoke a foundation model", calls: [{ action: "bedrock:InvokeModel", resources: [{ arn: `arn:aws:bedrock:${REGION}::foundation-model/amazon.nova-lite-v1:0` }] }] },
    { name: "DynamoDB: create an on-demand table (capacity mode has no key: the freeze switches provisioned tables to on-demand)", calls: plain("dynamodb:CreateTable") },
    { name: "a 0.5 vCPU / 1 GB Fargate task: register, run and serve it", calls: [registerTaskDefinition({ vcpu: 0.5, memoryGiB: 1 }), runTask(), ecsService("ecs:CreateService", { vcpu: 0.5, memoryGiB: 1 })] },
    { name: "scale an ECS service (no task size in the request)", calls: [ecsService("ecs:UpdateService")] },
    { name: "a 1 vCPU / 4 GB Fargate task, the default limit", calls: [registerTaskDefinition({ vcpu: 1, memoryGiB: 4 })] },
    { name: "a 4 vCPU task once the instructor raises maxEcsTaskVcpu", config: { maxEcsTaskVcpu: "4", maxEcsTaskMemoryGiB: "16" }, calls: [registerTaskDefinition({ vcpu: 4, memoryGiB: 16 })] },
    {
        name: "Lambda without provisioned concurrency: a function, a version and an alias",
        calls: [{ action: "lambda:CreateFunction", resources: [{ arn: LAMBDA }] }, { action: "lambda:PublishVersion", resources: [{ arn: `${LAMBDA}:1` }] },
            { action: "lambda:CreateAlias", resources: [{ arn: `${LAMBDA}:live` }] }],
    },
    { name: "interface VPC endpoints stay open (metered, deleted by the freeze)", calls: plain("ec2:CreateVpcEndpoint") },
    { name: "Kinesis streams stay open (metered, switched to on-demand by the freeze)", calls: plain("kinesis:CreateStream") },
    { name: "a NAT-free VPC with a subnet", calls: plain("ec2:CreateVpc", "ec2:CreateSubnet") },
    {
        name: "the instructor's access role may still ask for a quota increase",
        as: "accessRole",
        calls: [{ action: "servicequotas:RequestServiceQuotaIncrease", resources: [{ arn: `arn:aws:servicequotas:${REGION}:222222222222:ec2/L-1216C47A` }], context: { "servicequotas:service": "ec2" } }],
    },
    { name: "Redshift once the instructor lists it in allowedServices", config: { allowedServices: "redshift" }, calls: plain("redshift:CreateCluster") },
    { name: "provisioned concurrency once the instructor lists lambda-provisioned-concurrency", config: { allowedServices: "lambda-provisioned-concurrency" }, calls: [PROVISIONED_CONCURRENCY] },
    { name: "Global Accelerator and Lightsail once listed", config: { allowedServices: "globalaccelerator,lightsail" }, calls: plain("globalaccelerator:CreateAccelerator", "lightsail:CreateInstances") },
    { name: "EKS node groups once the instructor lists eks", config: { allowedServices: "eks,aoss" }, calls: plain("eks:CreateCluster", "eks:CreateNodegroup", "aoss:CreateCollection") },
];

const guardrailsFor = new Map<string, NamedPolicy[]>();
function guardrails(config: Record<string, string> = {}): NamedPolicy[] {
    const key = JSON.stringify(config);
    if (!guardrailsFor.has(key)) guardrailsFor.set(key, guardrailPolicies(testSettings(config)));
    return guardrailsFor.get(key)!;
}

describe("fast-spend vectors, simulated request by request", function () {
    it("the tables assume the default limits", () => {
        const settings = testSettings();
        expect(settings.allowedInstanceTypes).to.include("t3.micro").and.not.include("m5.24xlarge");
    });

    for (const permissionSet of PERMISSION_SETS) {
        describe(`student with ${permissionSet.name}`, function () {
            describe("every vector is denied", function () {
                for (const vector of VECTORS) {
                    it(vector.name, async () => {
                        const verdict = await authorizeInWorkshop(await vector.calls, { permissionSet: permissionSet.policy, guardrails: guardrails() });
                        expectVerdict(vector.name, verdict, { deniedBy: vector.deniedBy });
                    });
                }
            });
            describe("workshop work stays allowed", function () {
                for (const work of WORKSHOP) {
                    it(work.name, async () => {
                        const verdict = await authorizeInWorkshop(await work.calls, { permissionSet: permissionSet.policy, guardrails: guardrails(work.config), as: work.as });
                        expectVerdict(work.name, verdict, "Allowed");
                    });
                }
            });
        });
    }
});
