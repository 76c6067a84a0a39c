import { expect } from "chai";

import { hourlyPrice } from "../../../driver/catalogue/catalogue";
import type { BillableResource } from "../../../driver/inventory/billable";

function running(kind: BillableResource["kind"], fields: Partial<BillableResource> = {}): BillableResource {
    return { accountId: "111111111111", region: "us-east-1", kind, id: "x", state: "running", billing: true, ...fields };
}
const usd = (r: BillableResource) => {
    const price = hourlyPrice(r);
    return "usdPerHour" in price ? Number(price.usdPerHour.toFixed(6)) : price.unknown;
};

describe("hourly price: the catalogue's pricing at the bundled table's prices", function () {
    const cases: [string, BillableResource, number | string][] = [
        ["on-demand Linux t3.micro", running("ec2-instance", { size: "t3.micro", lifecycle: "on-demand", platform: "Linux/UNIX" }), 0.0104],
        ["a stopped instance bills no instance hours", running("ec2-instance", { size: "p3.2xlarge", state: "stopped", billing: false }), 0],
        ["spot", running("ec2-instance", { size: "t3.micro", lifecycle: "spot" }), "a spot instance: the spot price is not looked up (it is at most the on-demand price)"],
        ["Windows", running("ec2-instance", { size: "t3.micro", lifecycle: "on-demand", platform: "Windows" }), "platform Windows: only Linux on-demand prices are looked up"],
        ["a type not in the table", running("ec2-instance", { size: "p5.48xlarge", lifecycle: "on-demand" }), "no price for ec2/us-east-1/p5.48xlarge: the bundled table has no ec2/us-east-1/p5.48xlarge"],
        ["another region", running("ec2-instance", { size: "t3.micro", lifecycle: "on-demand", region: "eu-west-1" }), "no price for ec2/eu-west-1/t3.micro: the bundled table has no prices for eu-west-1"],
        ["US West (Oregon) is in the table too", running("ec2-instance", { size: "t3.micro", lifecycle: "on-demand", region: "us-west-2" }), 0.0104],
        ["Multi-AZ MySQL costs twice", running("rds-instance", { size: "db.t3.micro", engine: "mysql", multiAz: true }), 0.034],
        ["an Aurora instance", running("rds-instance", { size: "db.t3.medium", engine: "aurora-mysql" }), 0.082],
        ["an Aurora cluster has no instance hours of its own", running("rds-cluster", { engine: "aurora-postgresql" }), 0],
        ["a Multi-AZ DB cluster is not priced", running("rds-cluster", { engine: "mysql" }), "mysql Multi-AZ DB clusters are not priced"],
        ["an endpoint with two instances", running("sagemaker-endpoint", { size: "ml.m5.large", count: 2 }), 0.23],
        ["a serverless variant next to an instance one", running("sagemaker-endpoint", { variants: [{ size: "ml.t2.medium", count: 1 }, { count: 0 }] }), 0.056],
        ["a notebook", running("sagemaker-notebook", { size: "ml.t3.medium" }), 0.05],
        ["a NAT gateway", running("nat-gateway"), 0.045],
        ["an Elastic IP", running("elastic-ip", { state: "unassociated" }), 0.005],
        ["gp3 above its free IOPS and throughput", running("ebs-volume", { size: "gp3", sizeGiB: 100, iops: 4000, throughputMiBps: 225 }),
            Number(((100 * 0.08 + 1000 * 0.005 + 100 * 0.04) / 730).toFixed(6))],
        ["an Auto Scaling group itself", running("auto-scaling-group", { billing: false, count: 3 }), 0],
        ["an application load balancer", running("load-balancer", { size: "application" }), 0.0225],
        ["OpenSearch without its instance type", running("opensearch-domain"), "the inventory gave no instance or node type"],
        ["4 running Fargate tasks of 1 vCPU / 2 GB", running("ecs-service", { launchType: "FARGATE", vcpu: 1, memoryGiB: 2, count: 4, architecture: "x86_64" }),
            Number((4 * 0.04048 + 8 * 0.004445).toFixed(6))],
        ["a service on EC2 capacity is priced by its instances", running("ecs-service", { launchType: "EC2", vcpu: 1, memoryGiB: 2, count: 4 }), 0],
        ["a table at 40,000 WCU and 5 RCU", running("dynamodb-table", { size: "STANDARD", writeUnits: 40_000, readUnits: 5 }), Number((40_000 * 0.00065 + 5 * 0.00013).toFixed(6))],
        ["100 concurrent executions of a 1 GB function", running("lambda-provisioned-concurrency", { count: 100, memoryGiB: 1, architecture: "x86_64" }), 1.5],
        ["an EKS node group of 3 t3.medium", running("eks-nodegroup", { size: "t3.medium", count: 3, lifecycle: "on-demand" }), Number((3 * 0.0416).toFixed(6))],
        ["an EKS node's own instance is priced with its node group", running("ec2-instance", { size: "t3.medium", lifecycle: "on-demand", partOf: { kind: "eks-nodegroup", id: "ng" } }), 0],
        ["an accelerator", running("global-accelerator", { region: "us-west-2" }), 0.025],
        ["a 500-shard stream", running("kinesis-stream", { capacityMode: "provisioned", count: 500 }), 7.5],
        ["an interface endpoint in 2 zones", running("vpc-endpoint", { size: "Interface", count: 2 }), 0.02],
    ];
    for (const [name, resource, expected] of cases) it(name, () => expect(usd(resource)).to.equal(expected));

    it("names its source", () => {
        const price = hourlyPrice(running("nat-gateway"));
        expect(price).to.have.property("source").that.equals("bundled list price as of 2025-06-01: nat-gateway/us-east-1");
    });
});
