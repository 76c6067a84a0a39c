import { ListAccountsCommand, OrganizationsClient } from "@aws-sdk/client-organizations";
import { mockClient } from "aws-sdk-client-mock";
import { expect } from "chai";

import type { CommandOptions } from "../../../driver/commands";
import { stopBeforeClosing } from "../../../driver/freeze/stop-accounts";
import type { UpdateResult } from "../../../driver/pulumi/engine";
import { manualClock } from "../../../driver/time/clock";
import { fixtureOutputMap, fixtureOutputs } from "../../fixtures/outputs";
import { FakeEngine } from "../../support/fake-engine";
import { FakeStudentAws, oneOfEach, throttled } from "../../support/fake-student-aws";
import { runCli, type RunCliOptions } from "../../support/run-cli";

const ADA = fixtureOutputs().students.ada.accountId;
const MUTATING = ["StopInstances", "DeleteNatGateway", "UpdateAutoScalingGroup", "StopDBInstance", "StopDBCluster", "DeleteEndpoint", "StopNotebookInstance"];

/** An engine whose destroy succeeds and notes how many student-account calls came before it. */
class DestroyingEngine extends FakeEngine {
    destroyedAfter?: number;
    constructor(private readonly fake: FakeStudentAws) {
        super({ outputs: fixtureOutputMap() });
    }
    override async destroy(): Promise<UpdateResult> {
        this.destroyedAfter = this.fake.calls.length;
        return { ok: true, changes: [], failures: [], outputs: {} };
    }
}

describe("destroy stops what bills before closing the accounts", function () {
    const organizations = mockClient(OrganizationsClient);
    let fake: FakeStudentAws;
    let engine: DestroyingEngine;
    const retry = { policy: { maxAttempts: 2, baseDelayMs: 10, maxDelayMs: 10, random: () => 0 }, clock: manualClock() };
    const commandOptions: CommandOptions = {
        stopResources: (ctx, outputs) => stopBeforeClosing(ctx, outputs, { inventory: { retry }, execute: { retry } }),
    };

    beforeEach(() => {
        organizations.reset();
        organizations.on(ListAccountsCommand).resolves({ Accounts: Array.from({ length: 20 }, (_, i) => ({ Id: String(100000000000 + i), State: "ACTIVE" })) });
        fake = new FakeStudentAws().install();
        oneOfEach(fake, ADA, "us-east-1");
        engine = new DestroyingEngine(fake);
    });
    afterEach(() => fake.restore());
    after(() => organizations.restore());

    const destroy = (argv: string[], context: RunCliOptions["context"] = {}) =>
        runCli(["destroy", "--no-report", ...argv], { engine, commandOptions, context });
    const mutations = () => fake.calls.filter((c) => MUTATING.includes(c.command));

    it("with --yes, stops every account's resources first, then destroys", async () => {
        const run = await destroy(["--yes"]);
        expect(run.exitCode, run.stderr).to.equal(0);
        expect(run.stdout).to.contain("Stopping what bills in 4 student account(s) before closing them:");
        expect(run.stdout).to.contain(`Ada Lovelace <ada@students.example> (account ${ADA}): 7 done, 1 already at rest, 0 failed`);
        expect(new Set(fake.callsOf("AssumeRole").map((c) => c.accountId)).size).to.equal(4);
        // Seven stops, and one refused: the group's instance, already terminating.
        expect(mutations()).to.have.length(8);
        expect(engine.destroyedAfter).to.equal(fake.calls.length);
    });

    it("--no-stop-resources closes without entering the accounts", async () => {
        const run = await destroy(["--yes", "--no-stop-resources"]);
        expect(run.exitCode, run.stderr).to.equal(0);
        expect(fake.calls).to.deep.equal([]);
        expect(engine.destroyedAfter).to.equal(0);
    });

    it("asks on a terminal; no skips the stop but not the destroy", async () => {
        const questions: string[] = [];
        const run = await destroy([], { prompt: async () => "aws101", confirm: async (q) => { questions.push(q); return false; } });
        expect(run.exitCode, run.stderr).to.equal(0);
        expect(questions).to.deep.equal(["Stop what still bills in the 4 student account(s) first (EC2, Auto Scaling, RDS, SageMaker, " +
            "NAT gateways)? Closed accounts keep their resources for 90 days."]);
        expect(fake.calls).to.deep.equal([]);
        expect(engine.destroyedAfter).to.equal(0);
    });

    it("destroys nothing when something could not be stopped, and says how to go on", async () => {
        fake.fail(ADA, "us-east-1", "StopDBInstance", () => throttled(), Infinity);
        const run = await destroy(["--stop-resources"], { prompt: async () => "aws101" });
        expect(run.exitCode).to.equal(1);
        expect(run.stderr).to.contain("FAILED   us-east-1 stop rds-instance db-1");
        expect(run.stderr).to.contain("Nothing was destroyed. Fix what is above and run destroy again, or run it with --no-stop-resources");
        expect(engine.destroyedAfter).to.equal(undefined);
    });
});
