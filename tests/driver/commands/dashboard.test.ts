import { BudgetsClient, DescribeBudgetsCommand } from "@aws-sdk/client-budgets";
import { CostExplorerClient, GetCostAndUsageCommand } from "@aws-sdk/client-cost-explorer";
import { DescribeOrganizationCommand, ListAccountsForParentCommand, OrganizationsClient } from "@aws-sdk/client-organizations";
import { mockClient } from "aws-sdk-client-mock";
import { expect } from "chai";
import { promises as fs } from "fs";
import * as os from "os";
import * as path from "path";
import yargs from "yargs";

import type { DriverContext } from "../../../driver/context";
import { costBudget, simulatedBudgets } from "../../../driver/costs/simulated-budgets";
import { LedgerDamagedError } from "../../../driver/email/ledger";
import { FIXTURE_SECRET, fixtureOutputMap } from "../../fixtures/outputs";
import { testAwsClients } from "../../support/aws";
import { driverCommand } from "../../support/driver-command";
import { FakeEngine } from "../../support/fake-engine";
import { freeLoopbackPort } from "../../support/ses-emulator";

const mockBudgets = () => mockClient(BudgetsClient);
const mockCostExplorer = () => mockClient(CostExplorerClient);
const mockOrganizations = () => mockClient(OrganizationsClient);

describe("dashboard command", () => {
    // Mocked per suite, not at load time: another file's restore() would otherwise un-mock this one.
    let budgets: ReturnType<typeof mockBudgets>;
    let costExplorer: ReturnType<typeof mockCostExplorer>;
    let organizations: ReturnType<typeof mockOrganizations>;
    before(() => { budgets = mockBudgets(); costExplorer = mockCostExplorer(); organizations = mockOrganizations(); });
    let dir: string;
    beforeEach(async () => { dir = await fs.mkdtemp(path.join(os.tmpdir(), "dashboard-cmd-")); });
    afterEach(() => fs.rm(dir, { recursive: true, force: true }));
    after(() => { budgets.restore(); costExplorer.restore(); organizations.restore(); });
    const run = (args: string[], lines: string[] = []) => {
        const ctx = { engine: new FakeEngine({ outputs: fixtureOutputMap() }), aws: testAwsClients(), projectDir: dir, stack: "dev",
            dataDir: path.join(dir, "data"), now: () => new Date("2026-11-10T15:00:00Z"), log: (line: string) => lines.push(line) } as unknown as DriverContext;
        return yargs(args).command(driverCommand("dashboard", async () => ctx)).exitProcess(false).strict().fail((message, error) => {
            throw error ?? new Error(message);
        }).parseAsync();
    };

    it("--out writes a static snapshot with the model embedded, spend from Budgets, nothing billed, and no secret", async () => {
        budgets.reset();
        costExplorer.reset();
        organizations.reset();
        budgets.on(DescribeBudgetsCommand).callsFake(simulatedBudgets([costBudget("aws101-ada", { actualUsd: 4.2, includeCredit: false })]));
        organizations.on(DescribeOrganizationCommand).resolves({ Organization: { Id: "o-abc123", MasterAccountId: "999999999999" } });
        organizations.on(ListAccountsForParentCommand).resolves({ Accounts: [] });
        const lines: string[] = [];
        await run(["dashboard", "--out", path.join(dir, "snap.html")], lines);
        const html = await fs.readFile(path.join(dir, "snap.html"), "utf8");
        expect(lines).to.deep.equal([`Wrote ${path.join(dir, "snap.html")}`]);
        expect(html).to.contain('"workshopName":"aws101"').and.to.contain('"spendUsd":4.2').and.to.contain("connect-src 'none'");
        expect(html).not.to.contain(FIXTURE_SECRET);
        expect(costExplorer.commandCalls(GetCostAndUsageCommand)).to.have.length(0);
    });
    it("refuses to serve over a damaged email ledger rather than show nobody emailed", async () => {
        await fs.mkdir(path.join(dir, "data"), { recursive: true });
        await fs.writeFile(path.join(dir, "data", "email-ledger.json"), JSON.stringify({ version: 1, records: [] }));
        const lines: string[] = [];
        const outcome = run(["dashboard", "--port", String(await freeLoopbackPort())], lines).then(() => "stopped", (e: Error) => e);
        // A dashboard that started anyway serves until Ctrl-C: stop it so the suite goes on.
        let timer: NodeJS.Timeout | undefined;
        const serving = new Promise((resolve) => { timer = setTimeout(resolve, 5000, "serving"); });
        const first = await Promise.race([outcome, serving]);
        clearTimeout(timer);
        if (first === "serving") process.emit("SIGINT");
        expect(first).to.be.instanceOf(LedgerDamagedError);
        expect(lines).to.deep.equal([]);
    });
    it("refuses a cache TTL under a minute", async () => {
        let message = "";
        await Promise.resolve().then(() => run(["dashboard", "--cache-ttl", "0.5"])).catch((e: Error) => (message = e.message));
        expect(message).to.match(/--cache-ttl must be at least 1 minute/);
    });
});
