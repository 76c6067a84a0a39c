import type { BillableResource } from "../inventory/billable";

/**
 * What a resource costs per hour as it is now, or why that is not known. The only price lookup
 * of the driver: the freeze shows what stopping saves with it; the live meter (issue 14) is to
 * replace the bundled table behind it with Price List API prices for the workshop's regions.
 */
export type HourlyPrice = { usdPerHour: number; source: string } | { unknown: string };

/**
 * Where the numbers below come from. They are on-demand list prices from AWS's public pricing pages
 * for us-east-1 (Linux, shared tenancy, 2025), typed in by hand and not checked against the Price
 * List API: an estimate to rank what to stop, never a bill.
 */
export const BUNDLED_SOURCE = "bundled us-east-1 on-demand list price (2025, not from the Price List API)";
const PRICED_REGION = "us-east-1";
const HOURS_PER_MONTH = 730;

const EC2_LINUX: Record<string, number> = {
    "t2.nano": 0.0058, "t2.micro": 0.0116, "t2.small": 0.023, "t2.medium": 0.0464, "t2.large": 0.0928,
    "t3.nano": 0.0052, "t3.micro": 0.0104, "t3.small": 0.0208, "t3.medium": 0.0416, "t3.large": 0.0832, "t3.xlarge": 0.1664, "t3.2xlarge": 0.3328,
    "t4g.micro": 0.0084, "t4g.small": 0.0168, "t4g.medium": 0.0336,
    "m5.large": 0.096, "m5.xlarge": 0.192, "c5.large": 0.085, "g4dn.xlarge": 0.526, "p3.2xlarge": 3.06,
};
/** Single-AZ instance hours by engine; a Multi-AZ instance deployment (one standby) costs twice as much. */
const RDS: Record<string, Record<string, number>> = {
    mysql: { "db.t3.micro": 0.017, "db.t3.small": 0.034, "db.t3.medium": 0.068, "db.t4g.micro": 0.016, "db.t4g.small": 0.032 },
    postgres: { "db.t3.micro": 0.018, "db.t3.small": 0.036, "db.t3.medium": 0.072, "db.t4g.micro": 0.016, "db.t4g.small": 0.032 },
    "aurora-mysql": { "db.t3.medium": 0.082, "db.t4g.medium": 0.073 },
    "aurora-postgresql": { "db.t3.medium": 0.082, "db.t4g.medium": 0.073 },
};
const SAGEMAKER_NOTEBOOK: Record<string, number> = { "ml.t3.medium": 0.05, "ml.t3.large": 0.1, "ml.t2.medium": 0.0464 };
const SAGEMAKER_HOSTING: Record<string, number> = { "ml.t2.medium": 0.056, "ml.m5.large": 0.115 };
/** Per GiB-month of storage; io1/io2 and gp3 above its free 3,000 IOPS / 125 MiB/s add their own rates. */
const EBS_GIB_MONTH: Record<string, number> = { gp2: 0.1, gp3: 0.08, io1: 0.125, io2: 0.125, st1: 0.045, sc1: 0.015, standard: 0.05 };
const EBS_IOPS_MONTH: Record<string, number> = { io1: 0.065, io2: 0.065, gp3: 0.005 };
const GP3_FREE_IOPS = 3000;
const GP3_FREE_THROUGHPUT = 125;
const GP3_THROUGHPUT_MIBPS_MONTH = 0.04;
/** Hourly charge only; LCUs (traffic) come on top. */
const LOAD_BALANCER: Record<string, number> = { application: 0.0225, network: 0.0225, gateway: 0.0125 };
const NAT_GATEWAY = 0.045;
const PUBLIC_IPV4 = 0.005;

const known = (usdPerHour: number, note = ""): HourlyPrice => ({ usdPerHour, source: `${BUNDLED_SOURCE}${note}` });
const unknown = (why: string): HourlyPrice => ({ unknown: why });
const noPriceFor = (what: string | undefined): HourlyPrice => unknown(`no bundled price for ${what ?? "its size"}`);

export function hourlyPrice(resource: BillableResource): HourlyPrice {
    if (!resource.billing) return { usdPerHour: 0, source: `not billed by the hour while ${resource.state}` };
    if (resource.region !== PRICED_REGION) return unknown(`no bundled prices for ${resource.region}`);
    const size = resource.size ?? "";
    switch (resource.kind) {
        case "ec2-instance":
            if (resource.lifecycle !== "on-demand") return unknown(resource.lifecycle === "spot" ? "spot prices vary by the hour" : "not an on-demand instance");
            if (resource.platform && resource.platform !== "Linux/UNIX") return unknown(`no bundled price for ${resource.platform}`);
            return size in EC2_LINUX ? known(EC2_LINUX[size]) : noPriceFor(size);
        case "ebs-volume": {
            const storage = EBS_GIB_MONTH[size];
            if (storage === undefined || resource.sizeGiB === undefined) return noPriceFor(`${size} volumes`);
            const paidIops = Math.max(0, (resource.iops ?? 0) - (size === "gp3" ? GP3_FREE_IOPS : 0));
            const paidThroughput = size === "gp3" ? Math.max(0, (resource.throughputMiBps ?? 0) - GP3_FREE_THROUGHPUT) : 0;
            const monthly = storage * resource.sizeGiB + (EBS_IOPS_MONTH[size] ?? 0) * paidIops + GP3_THROUGHPUT_MIBPS_MONTH * paidThroughput;
            return known(monthly / HOURS_PER_MONTH);
        }
        case "nat-gateway":
            return known(NAT_GATEWAY, "; data processed comes on top");
        case "elastic-ip":
            return known(PUBLIC_IPV4);
        case "auto-scaling-group":
            return { usdPerHour: 0, source: "no charge of its own; its instances are priced as EC2 instances" };
        case "rds-instance": {
            const price = RDS[resource.engine ?? ""]?.[size];
            if (price === undefined) return noPriceFor(`${resource.engine ?? "this engine"} ${size}`);
            const aurora = resource.engine?.startsWith("aurora");
            return known(price * (resource.multiAz && !aurora ? 2 : 1), "; instance hours only, storage comes on top");
        }
        case "rds-cluster":
            return resource.engine?.startsWith("aurora")
                ? { usdPerHour: 0, source: "Aurora bills per instance (priced as DB instances) plus storage and I/O" }
                : noPriceFor(`${resource.engine ?? "this"} Multi-AZ DB clusters`);
        case "sagemaker-endpoint": {
            const parts = resource.variants ?? [{ size: resource.size, count: resource.count ?? 0 }];
            const prices = parts.map((p) => (p.count === 0 ? 0 : SAGEMAKER_HOSTING[p.size ?? ""]));
            if (prices.some((p) => p === undefined)) return noPriceFor(parts.map((p) => p.size ?? "serverless").join(", "));
            return known(parts.reduce((sum, p, i) => sum + p.count * prices[i], 0));
        }
        case "sagemaker-notebook":
            return size in SAGEMAKER_NOTEBOOK ? known(SAGEMAKER_NOTEBOOK[size]) : noPriceFor(size);
        case "load-balancer":
            return size in LOAD_BALANCER ? known(LOAD_BALANCER[size], "; LCUs come on top") : noPriceFor(`${size} load balancers`);
        case "opensearch-domain":
        case "redshift-cluster":
            return noPriceFor(resource.kind);
    }
}
