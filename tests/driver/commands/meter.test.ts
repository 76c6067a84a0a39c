import { CloudWatchClient, ListMetricsCommand } from "@aws-sdk/client-cloudwatch";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { mockClient } from "aws-sdk-client-mock";
import { expect } from "chai";
import type { InventoryReader } from "../../../driver/meter/refresh";
import { fixtureOutputMap } from "../../fixtures/outputs";
import { FakeEngine } from "../../support/fake-engine";
import { runCli } from "../../support/run-cli";

describe("meter command", () => {
    const sts = mockClient(STSClient);
    const cloudwatch = mockClient(CloudWatchClient);
    beforeEach(() => {
        sts.reset();
        cloudwatch.reset();
        sts.on(AssumeRoleCommand).resolves({ Credentials: { AccessKeyId: "ASIA", SecretAccessKey: "s", SessionToken: "t", Expiration: new Date(Date.now() + 3600_000) } });
        cloudwatch.on(ListMetricsCommand).resolves({ Metrics: [] });
    });
    after(() => { sts.restore(); cloudwatch.restore(); });

    const idle: InventoryReader = async (accountId) => ({ accountId, resources: [], gaps: [] });

    it("--once prints every student's rate and estimate, labelled as estimates, and says the live freeze is off", async () => {
        const run = await runCli(["meter", "--once", "--offline-prices", "--since", "2026-11-23"], {
            engine: new FakeEngine({ outputs: fixtureOutputMap(), config: {} }), commandOptions: { meter: { inventory: idle } } });
        expect(run.exitCode).to.equal(0);
        expect(run.stdout).to.contain("Live freeze is off: set liveFreezeAtUsd");
        expect(run.stdout).to.contain("Live meter (estimate) at 2026-11-23 12:00:00 UTC; spend counted since 2026-11-23 00:00 UTC:");
        expect(run.lines.find((l) => l.startsWith("Ada Lovelace"))).to.match(/ada@students\.example\s+\$0\.00\/h\s+~\$0\.00$/);
        // Four students, one region: one ListMetrics each; no model used, so no statistic is read.
        expect(run.stdout).to.contain("Requests: cloudwatch 4, pricing 0.");
    });

    it("without --once refreshes until stopped, and ends the refresh in flight cleanly", async () => {
        const controller = new AbortController();
        const lines: string[] = [];
        const run = await runCli(["meter", "--offline-prices"], {
            engine: new FakeEngine({ outputs: fixtureOutputMap(), config: {} }),
            // Ctrl-C right after the first refresh printed its table.
            context: { log: (line) => { lines.push(line); if (line.startsWith("Live meter (estimate)")) controller.abort(); } },
            commandOptions: { meter: { signal: controller.signal, inventory: idle } },
        });
        expect(run.exitCode).to.equal(0);
        expect(lines.filter((l) => l.startsWith("Live meter (estimate)"))).to.have.length(1);
        expect(lines.slice(-1)).to.deep.equal(["Meter stopped."]);
    });

    it("refuses an interval under a minute and a --since that is not a date", async () => {
        const engine = new FakeEngine({ outputs: fixtureOutputMap(), config: {} });
        expect((await runCli(["meter", "--interval", "0.5"], { engine })).stderr).to.contain("--interval must be at least 1 minute");
        const bad = await runCli(["meter", "--once", "--since", "yesterday"], { engine, commandOptions: { meter: { inventory: idle } } });
        expect(bad.exitCode).to.equal(1);
        expect(bad.stderr).to.contain('--since must be an ISO date or time such as 2026-11-23');
    });
});
