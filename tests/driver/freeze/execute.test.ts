import { expect } from "chai";

import type { AwsClients } from "../../../driver/aws/clients";
import type { RetryOptions } from "../../../driver/aws/retrying-client";
import { type AccountFreezeResult,executeFreeze } from "../../../driver/freeze/execute";
import { type AccountFreezePlan,planFreeze } from "../../../driver/freeze/plan";
import { listInventories } from "../../../driver/inventory/inventory";
import { manualClock } from "../../../driver/time/clock";
import { testAwsClients } from "../../support/aws";
import { FakeStudentAws, oneOfEach, throttled } from "../../support/fake-student-aws";

const ADA = "111111111111";
const GRACE = "222222222222";
const REGIONS = ["us-east-1", "eu-west-1"];
const MUTATING = ["StopInstances", "DeleteNatGateway", "UpdateAutoScalingGroup", "StopDBInstance", "StopDBCluster", "DeleteEndpoint", "StopNotebookInstance"];

describe("freeze execution", function () {
    let fake: FakeStudentAws;
    let aws: AwsClients;
    let retry: RetryOptions;
    beforeEach(() => {
        fake = new FakeStudentAws().install();
        aws = testAwsClients();
        retry = { policy: { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 1000, random: () => 0 }, clock: manualClock() };
    });
    afterEach(() => fake.restore());

    const plan = async (accounts: string[], regions = REGIONS): Promise<AccountFreezePlan[]> =>
        (await listInventories(aws, accounts, regions, { retry })).map((inventory) => planFreeze(inventory));
    const execute = (plans: AccountFreezePlan[]) => executeFreeze(aws, plans, { retry });
    const outcomes = (result: AccountFreezeResult) =>
        Object.fromEntries(result.results.map((r) => [`${r.action.resource.region} ${r.action.resource.id}`, r.outcome + (r.detail ? `: ${r.detail}` : "")]));

    it("stops one of each in two regions and in two accounts; a second run calls nothing", async () => {
        for (const account of [ADA, GRACE]) REGIONS.forEach((region, i) => oneOfEach(fake, account, region, `${i}`));
        const results = await execute(await plan([ADA, GRACE]));
        for (const result of results) {
            expect(outcomes(result)).to.deep.equal({
                "us-east-1 asg-0": "done", "us-east-1 i-0": "done",
                // Its group, now at 0, is already terminating it, so EC2 refuses the stop: nothing left to do.
                "us-east-1 i-0-asg": "already: shutting-down",
                "us-east-1 nat-0": "done", "us-east-1 aurora-0": "done", "us-east-1 db-0": "done", "us-east-1 endpoint-0": "done", "us-east-1 notebook-0": "done",
                "eu-west-1 asg-1": "done", "eu-west-1 i-1": "done", "eu-west-1 i-1-asg": "already: shutting-down",
                "eu-west-1 nat-1": "done", "eu-west-1 aurora-1": "done", "eu-west-1 db-1": "done", "eu-west-1 endpoint-1": "done", "eu-west-1 notebook-1": "done",
            });
        }
        expect(fake.region(ADA, "eu-west-1").groups[0]).to.include({ MinSize: 0, DesiredCapacity: 0, MaxSize: 2 });
        expect(fake.region(ADA, "us-east-1").dbInstances.map((d) => d.DBInstanceStatus)).to.deep.equal(["stopping", "stopping"]);

        const before = fake.calls.length;
        const again = await execute(await plan([ADA, GRACE]));
        expect(again.flatMap((r) => r.results.map((x) => x.outcome))).to.satisfy((all: string[]) => all.every((o) => o === "already"));
        expect(fake.calls.slice(before).filter((c) => MUTATING.includes(c.command))).to.deep.equal([]);
    });

    it("counts a thing the student stopped in the meantime as already at rest", async () => {
        oneOfEach(fake, ADA, "us-east-1");
        const plans = await plan([ADA], ["us-east-1"]);
        const r = fake.region(ADA, "us-east-1");
        r.instances[0].State = { Name: "stopped", Code: 80 };
        r.notebooks[0].NotebookInstanceStatus = "Stopped";
        r.endpoints[0].status = "Deleting";
        const [result] = await execute(plans);
        expect(outcomes(result)).to.deep.include({
            "us-east-1 i-1": "already: stopped before the call", "us-east-1 notebook-1": "already: Stopped", "us-east-1 endpoint-1": "already: Deleting",
        });
    });

    it("reports a refusal that is not about being stopped as failed, with AWS's reason, and carries on", async () => {
        oneOfEach(fake, ADA, "us-east-1");
        const plans = await plan([ADA], ["us-east-1"]);
        fake.region(ADA, "us-east-1").dbInstances[0].DBInstanceStatus = "backing-up";
        const [result] = await execute(plans);
        expect(outcomes(result)["us-east-1 db-1"]).to.equal("failed: InvalidDBInstanceStateFault: Instance db-1 is not in available state.");
        expect(Object.values(outcomes(result)).filter((o) => o === "done")).to.have.length(6);
    });

    it("retries a throttled stop; a stop that keeps throttling fails and the rest of the account still stops", async () => {
        REGIONS.forEach((region, i) => oneOfEach(fake, ADA, region, `${i}`));
        fake.fail(ADA, "us-east-1", "StopInstances", () => throttled("RequestLimitExceeded"), 1);
        fake.fail(ADA, "eu-west-1", "StopDBCluster", () => throttled(), Infinity);
        const [result] = await execute(await plan([ADA]));
        const o = outcomes(result);
        expect(o["us-east-1 i-0"]).to.equal("done");
        expect(o["eu-west-1 aurora-1"]).to.equal("failed: ThrottlingException: Rate exceeded (still failing after 3 attempts)");
        expect(o["eu-west-1 db-1"]).to.equal("done");
        expect(o["eu-west-1 notebook-1"]).to.equal("done");
    });
});
