import { expect } from "chai";

import { planFreeze, sumPrices, totalPerHour } from "../../../driver/freeze/plan";
import type { AccountInventory, BillableResource } from "../../../driver/inventory/billable";

const ACCOUNT = "111111111111";

function resource(kind: BillableResource["kind"], id: string, fields: Partial<BillableResource> = {}): BillableResource {
    return { accountId: ACCOUNT, region: "us-east-1", kind, id, state: "running", billing: true, ...fields };
}

const inventory = (...resources: BillableResource[]): AccountInventory => ({ accountId: ACCOUNT, resources, gaps: [] });
const summary = (inv: AccountInventory) => planFreeze(inv).actions.map((a) => `${a.resource.region} ${a.verb} ${a.resource.id}${a.already ? " (already)" : ""} ${a.api}`);

describe("freeze plan", function () {
    it("stops, scales to 0 or deletes each kind, with the call it makes", () => {
        const plan = summary(inventory(
            resource("ec2-instance", "i-1", { size: "t3.micro", lifecycle: "on-demand" }),
            resource("nat-gateway", "nat-1", { state: "available" }),
            resource("rds-instance", "db-1", { state: "available", size: "db.t3.micro", engine: "mysql" }),
            resource("rds-cluster", "aurora-1", { state: "available", engine: "aurora-mysql" }),
            resource("sagemaker-endpoint", "ep-1", { state: "InService", size: "ml.m5.large", count: 1 }),
            resource("sagemaker-notebook", "nb-1", { state: "InService", size: "ml.t3.medium" }),
            resource("auto-scaling-group", "asg-1", { state: "active", billing: false, count: 2, minSize: 1 }),
        ));
        expect(plan).to.deep.equal([
            "us-east-1 scale to 0 asg-1 autoscaling:UpdateAutoScalingGroup",
            "us-east-1 stop i-1 ec2:StopInstances",
            "us-east-1 delete nat-1 ec2:DeleteNatGateway",
            "us-east-1 stop aurora-1 rds:StopDBCluster",
            "us-east-1 stop db-1 rds:StopDBInstance",
            "us-east-1 delete ep-1 sagemaker:DeleteEndpoint",
            "us-east-1 stop nb-1 sagemaker:StopNotebookInstance",
        ]);
    });

    it("keeps the inventory's region order and puts Auto Scaling groups first in each region", () => {
        const plan = summary(inventory(
            resource("ec2-instance", "i-east", { partOf: { kind: "auto-scaling-group", id: "asg-east" } }),
            resource("auto-scaling-group", "asg-east", { billing: false, count: 1, minSize: 0 }),
            resource("ec2-instance", "i-west", { region: "eu-west-1" }),
            resource("auto-scaling-group", "asg-west", { region: "eu-west-1", billing: false, count: 0, minSize: 0 }),
        ));
        expect(plan.map((l) => l.split(" ").slice(0, 3).join(" "))).to.deep.equal([
            "us-east-1 scale to", "us-east-1 stop i-east", "eu-west-1 scale to", "eu-west-1 stop i-west"]);
        expect(plan[2]).to.contain("(already)");
    });

    it("marks what is already at rest instead of calling it again", () => {
        const plan = planFreeze(inventory(
            resource("ec2-instance", "i-stopped", { state: "stopped", billing: false }),
            resource("rds-instance", "db-stopped", { state: "stopped", billing: false }),
            resource("sagemaker-notebook", "nb-stopped", { state: "Stopped", billing: false }),
            resource("auto-scaling-group", "asg-zero", { billing: false, count: 0, minSize: 0 }),
            resource("auto-scaling-group", "asg-min", { billing: false, count: 0, minSize: 1 }),
        ));
        expect(plan.actions.map((a) => [a.resource.id, a.already])).to.deep.equal([
            ["asg-zero", true], ["asg-min", false], ["i-stopped", true], ["db-stopped", true], ["nb-stopped", true]]);
        expect(plan.actions.filter((a) => a.already).every((a) => "usdPerHour" in a.saves && a.saves.usdPerHour === 0)).to.equal(true);
    });

    it("stops an Aurora cluster with its instances and prices them together", () => {
        const plan = planFreeze(inventory(
            resource("rds-cluster", "aurora-1", { state: "available", engine: "aurora-mysql" }),
            resource("rds-instance", "aurora-1-writer", { state: "available", size: "db.t3.medium", engine: "aurora-mysql", partOf: { kind: "rds-cluster", id: "aurora-1" } }),
            resource("rds-instance", "aurora-1-reader", { state: "available", size: "db.t4g.medium", engine: "aurora-mysql", partOf: { kind: "rds-cluster", id: "aurora-1" } }),
        ));
        expect(plan.actions).to.have.length(1);
        expect(plan.actions[0].with?.map((r) => r.id)).to.deep.equal(["aurora-1-writer", "aurora-1-reader"]);
        expect(plan.actions[0].saves).to.have.property("usdPerHour").closeTo(0.082 + 0.073, 1e-9);
    });

    it("keeps an Aurora instance whose cluster could not be listed as still billing, with why", () => {
        const plan = planFreeze(inventory(resource("rds-instance", "orphan", { partOf: { kind: "rds-cluster", id: "aurora-9" } })));
        expect(plan.actions).to.deep.equal([]);
        expect(plan.kept.map((k) => k.why)).to.deep.equal(["stops only with its rds-cluster aurora-9, which could not be listed"]);
    });

    it("lists what keeps billing and why the freeze leaves it", () => {
        const plan = planFreeze(inventory(
            resource("ebs-volume", "vol-1", { size: "gp3", sizeGiB: 100, state: "in-use" }),
            resource("elastic-ip", "eipalloc-1", { state: "unassociated" }),
            resource("load-balancer", "arn:lb", { size: "application", state: "active" }),
            resource("ebs-volume", "vol-deleted", { state: "deleted", billing: false }),
        ));
        expect(plan.actions).to.deep.equal([]);
        expect(plan.kept.map((k) => [k.resource.id, k.why])).to.deep.equal([
            ["vol-1", "holds data: delete it by hand if it is not needed"],
            ["eipalloc-1", "releasing loses the address"],
            ["arn:lb", "no stop exists; delete it by hand if it is not needed"],
        ]);
        expect(plan.kept[0].price).to.have.property("usdPerHour").closeTo(100 * 0.08 / 730, 1e-9);
    });

    it("passes the inventory's gaps on", () => {
        const gaps = [{ accountId: ACCOUNT, region: "eu-west-1", service: "RDS DB instances", reason: "ThrottlingException: Rate exceeded" }];
        expect(planFreeze({ accountId: ACCOUNT, resources: [], gaps }).gaps).to.deep.equal(gaps);
    });

    it("never counts an unknown price as $0", () => {
        const known = { usdPerHour: 0.5, source: "table" };
        expect(sumPrices([known, { unknown: "no bundled price for p5.48xlarge" }])).to.deep.equal({ unknown: "no bundled price for p5.48xlarge" });
        expect(sumPrices([known, known])).to.deep.equal({ usdPerHour: 1, source: "table" });
        expect(totalPerHour([known, { unknown: "spot" }, known])).to.deep.equal({ usdPerHour: 1, unknown: 1 });
    });
});
