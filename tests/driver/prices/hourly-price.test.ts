import { expect } from "chai";

import type { BillableResource } from "../../../driver/inventory/billable";
import { hourlyPrice } from "../../../driver/prices/hourly-price";

function running(kind: BillableResource["kind"], fields: Partial<BillableResource> = {}): BillableResource {
    return { accountId: "111111111111", region: "us-east-1", kind, id: "x", state: "running", billing: true, ...fields };
}
const usd = (r: BillableResource) => {
    const price = hourlyPrice(r);
    return "usdPerHour" in price ? Number(price.usdPerHour.toFixed(6)) : price.unknown;
};

describe("hourly price (bundled table)", function () {
    const cases: [string, BillableResource, number | string][] = [
        ["on-demand Linux t3.micro", running("ec2-instance", { size: "t3.micro", lifecycle: "on-demand", platform: "Linux/UNIX" }), 0.0104],
        ["a stopped instance bills no instance hours", running("ec2-instance", { size: "p3.2xlarge", state: "stopped", billing: false }), 0],
        ["spot", running("ec2-instance", { size: "t3.micro", lifecycle: "spot" }), "spot prices vary by the hour"],
        ["Windows", running("ec2-instance", { size: "t3.micro", lifecycle: "on-demand", platform: "Windows" }), "no bundled price for Windows"],
        ["a type not in the table", running("ec2-instance", { size: "p5.48xlarge", lifecycle: "on-demand" }), "no bundled price for p5.48xlarge"],
        ["another region", running("ec2-instance", { size: "t3.micro", lifecycle: "on-demand", region: "eu-west-1" }), "no bundled prices for eu-west-1"],
        ["Multi-AZ MySQL costs twice", running("rds-instance", { size: "db.t3.micro", engine: "mysql", multiAz: true }), 0.034],
        ["an Aurora instance", running("rds-instance", { size: "db.t3.medium", engine: "aurora-mysql" }), 0.082],
        ["an Aurora cluster has no instance hours of its own", running("rds-cluster", { engine: "aurora-postgresql" }), 0],
        ["an endpoint with two instances", running("sagemaker-endpoint", { size: "ml.m5.large", count: 2 }), 0.23],
        ["a serverless variant next to an instance one", running("sagemaker-endpoint", { variants: [{ size: "ml.t2.medium", count: 1 }, { count: 0 }] }), 0.056],
        ["a notebook", running("sagemaker-notebook", { size: "ml.t3.medium" }), 0.05],
        ["a NAT gateway", running("nat-gateway"), 0.045],
        ["an Elastic IP", running("elastic-ip", { state: "unassociated" }), 0.005],
        ["gp3 above its free IOPS and throughput", running("ebs-volume", { size: "gp3", sizeGiB: 100, iops: 4000, throughputMiBps: 225 }),
            Number(((100 * 0.08 + 1000 * 0.005 + 100 * 0.04) / 730).toFixed(6))],
        ["an Auto Scaling group itself", running("auto-scaling-group", { billing: false, count: 3 }), 0],
        ["an application load balancer", running("load-balancer", { size: "application" }), 0.0225],
        ["OpenSearch", running("opensearch-domain"), "no bundled price for opensearch-domain"],
    ];
    for (const [name, resource, expected] of cases) it(name, () => expect(usd(resource)).to.equal(expected));

    it("names its source", () => {
        const price = hourlyPrice(running("nat-gateway"));
        expect(price).to.have.property("source").that.contains("us-east-1").and.contains("not from the Price List API");
    });
});
