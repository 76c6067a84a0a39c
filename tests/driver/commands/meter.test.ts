import { CloudWatchClient, ListMetricsCommand } from "@aws-sdk/client-cloudwatch";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { mockClient } from "aws-sdk-client-mock";
import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

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

    it("leaves a snapshot that `status` shows beside each student, dated", async () => {
        const projectDir = fs.mkdtempSync(path.join(os.tmpdir(), "meter-status-"));
        try {
            const engine = new FakeEngine({ outputs: fixtureOutputMap(), config: {} });
            await runCli(["meter", "--once", "--offline-prices"], { engine, context: { projectDir }, commandOptions: { meter: { inventory: idle } } });
            const status = await runCli(["status"], { engine, context: { projectDir, now: () => new Date("2026-11-23T12:07:00Z") } });
            expect(status.lines.find((l) => l.startsWith("Ada Lovelace"))).to.match(/\$0\.00\/h\s+~\$0\.00\s+\$25\.00\s+-$/);
            expect(status.stdout).to.contain("Estimates from the live meter, as of 2026-11-23 12:00 UTC, 7 min ago, since 2026-11-01 00:00 UTC");
        } finally {
            fs.rmSync(projectDir, { recursive: true, force: true });
        }
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
