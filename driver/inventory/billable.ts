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
    | "redshift-cluster";

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
    /** Spot or on-demand, for EC2 instances. */
    lifecycle?: "spot" | "on-demand";
    /** When it was launched or created, ISO 8601. */
    since?: string;
    /** EBS volume size and provisioned IOPS/throughput. */
    sizeGiB?: number;
    iops?: number;
    multiAz?: boolean;
    /** Instances behind it (endpoint instance count, ASG desired capacity). */
    count?: number;
}

/** Part of the inventory that could not be read, and why: shown as "unknown", never as zero. */
export interface InventoryGap {
    accountId: string;
    region?: string;
    service?: string;
    reason: string;
}

export interface AccountInventory {
    accountId: string;
    resources: BillableResource[];
    gaps: InventoryGap[];
}
