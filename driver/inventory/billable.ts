/**
 * What bills by the hour in a student account, as one list: the inventory lists it
 * (driver/inventory/), the freeze stops it (driver/freeze/), the live meter prices it (driver/meter/).
 */

export type BillableKind =
    | "ec2-instance"
    | "ebs-volume"
    | "nat-gateway"
    | "elastic-ip"
    | "auto-scaling-group"
    | "rds-instance"
    | "rds-cluster"
    | "sagemaker-endpoint"
    | "sagemaker-notebook"
    | "load-balancer"
    | "opensearch-domain"
    | "redshift-cluster"
    | "vpc-endpoint"
    | "ecs-service"
    | "ecs-task"
    | "dynamodb-table"
    | "lambda-provisioned-concurrency"
    | "eks-cluster"
    | "eks-nodegroup"
    | "kinesis-stream"
    | "global-accelerator";

export interface BillableResource {
    accountId: string;
    region: string;
    kind: BillableKind;
    /** The id the service's own stop/delete call takes (instance id, DB identifier, endpoint name...). */
    id: string;
    arn?: string;
    /** What the hourly price depends on: instance type or class ("p3.2xlarge", "db.t3.micro", "ml.t3.medium"), volume type ("gp3"). */
    size?: string;
    /** The service's own state word ("running", "stopped", "available", "InService"...). */
    state: string;
    /** True while it accrues an hourly charge in this state (a stopped instance does not; its volumes do). */
    billing: boolean;
    /** Spot or on-demand, for EC2 instances (absent for capacity blocks and the like). */
    lifecycle?: "spot" | "on-demand";
    /** The operating system an EC2 instance is billed for ("Linux/UNIX", "Windows"...). */
    platform?: string;
    /** When it was launched or created, ISO 8601. */
    since?: string;
    /** EBS volume size and provisioned IOPS/throughput. */
    sizeGiB?: number;
    iops?: number;
    /** Provisioned throughput of a gp3 volume, MiB/s. */
    throughputMiBps?: number;
    multiAz?: boolean;
    /** The database engine ("mysql", "aurora-postgresql"...): RDS prices differ by engine. */
    engine?: string;
    /**
     * How many of its units run: endpoint instances, ASG or node group desired capacity, running ECS
     * tasks, provisioned concurrent executions, open Kinesis shards, zones of a VPC endpoint.
     */
    count?: number;
    /** An Auto Scaling group's or EKS node group's minimum size: the freeze sets it and the desired capacity to 0. */
    minSize?: number;
    /** How many an ECS service is asked to run (count says how many run now). */
    desired?: number;
    /** What it runs in or on: the ECS or EKS cluster, the Lambda function, the VPC endpoint's service. */
    parent?: string;
    /** ECS task size: vCPUs and GiB of memory per task, and what runs it ("FARGATE", "FARGATE_SPOT", "EC2"...). */
    vcpu?: number;
    memoryGiB?: number;
    launchType?: string;
    /** CPU architecture where it changes the price (Fargate, Lambda). */
    architecture?: "x86_64" | "arm64";
    /** DynamoDB read and write capacity units (table plus its global secondary indexes). */
    readUnits?: number;
    writeUnits?: number;
    /** DynamoDB and Kinesis: provisioned capacity bills by the hour, on-demand by use. */
    capacityMode?: "provisioned" | "on-demand";
    /** A SageMaker endpoint's production variants, when there is more than one (else size and count say it). */
    variants?: { size?: string; count: number }[];
    /**
     * What it belongs to and is stopped with: the Auto Scaling group of an EC2 instance, the
     * Aurora cluster of a DB instance (which cannot be stopped on its own).
     */
    partOf?: { kind: BillableKind; id: string };
}

/** Part of the inventory that could not be read, and why: shown as "unknown", never as zero. */
export interface InventoryGap {
    accountId: string;
    region?: string;
    /** What could not be listed, e.g. "EC2 instances". */
    service?: string;
    /** The kinds of resource the gap hides. */
    kinds?: BillableKind[];
    reason: string;
    /**
     * True when this driver cannot list these kinds at all (no SDK client installed), as opposed
     * to a call that failed this time: the same every run, so not a reason to fail a command.
     */
    unsupported?: boolean;
}

export interface AccountInventory {
    accountId: string;
    resources: BillableResource[];
    gaps: InventoryGap[];
}
