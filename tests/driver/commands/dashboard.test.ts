import { promises as fs } from "fs";
import * as os from "os";
import * as path from "path";
import { CostExplorerClient, GetCostAndUsageCommand } from "@aws-sdk/client-cost-explorer";
import { ListAccountsForParentCommand, OrganizationsClient } from "@aws-sdk/client-organizations";
import { mockClient } from "aws-sdk-client-mock";
import { expect } from "chai";
import yargs from "yargs";
import { dashboardCommand } from "../../../driver/commands/dashboard";
import type { DriverContext } from "../../../driver/context";
import { LedgerDamagedError } from "../../../driver/email/ledger";
import type { Engine } from "../../../driver/pulumi/engine";
import { FIXTURE_SECRET, fixtureOutputMap } from "../../fixtures/outputs";
import { testAwsClients } from "../../support/aws";
import { freeLoopbackPort } from "../../support/ses-emulator";

const mockCostExplorer = () => mockClient(CostExplorerClient);
const mockOrganizations = () => mockClient(OrganizationsClient);

describe("dashboard command", () => {
    // Mocked per suite, not at load time: another file's restore() would otherwise un-mock this one.
    let costExplorer: ReturnType<typeof mockCostExplorer>;
    let organizations: ReturnType<typeof mockOrganizations>;
    before(() => { costExplorer = mockCostExplorer(); organizations = mockOrganizations(); });
    let dir: string;
    beforeEach(async () => { dir = await fs.mkdtemp(path.join(os.tmpdir(), "dashboard-cmd-")); });
    afterEach(() => fs.rm(dir, { recursive: true, force: true }));
    after(() => { costExplorer.restore(); organizations.restore(); });
    const run = (args: string[], lines: string[] = []) => {
        const engine = { outputs: async () => fixtureOutputMap(), getConfig: async () => undefined } as unknown as Engine;
        const ctx = { engine, aws: testAwsClients(), projectDir: dir, stack: "dev", dataDir: path.join(dir, "data"), now: () => new Date("2026-11-10T15:00:00Z"),
            log: (line: string) => lines.push(line) } as unknown as DriverContext;
        return yargs(args).command(dashboardCommand(async () => ctx)).exitProcess(false).strict().fail((message, error) => {
            throw error ?? new Error(message);
        }).parseAsync();
    };

    it("--out writes a static snapshot with the model embedded, and no secret", async () => {
        costExplorer.reset();
        organizations.reset();
        costExplorer.on(GetCostAndUsageCommand).resolves({ ResultsByTime: [] });
        organizations.on(ListAccountsForParentCommand).resolves({ Accounts: [] });
        const lines: string[] = [];
        await run(["dashboard", "--out", path.join(dir, "snap.html")], lines);
        const html = await fs.readFile(path.join(dir, "snap.html"), "utf8");
        expect(lines).to.deep.equal([`Wrote ${path.join(dir, "snap.html")}`]);
        expect(html).to.contain('"workshopName":"aws101"').and.to.contain("connect-src 'none'");
        expect(html).not.to.contain(FIXTURE_SECRET);
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
    it("refuses a cache TTL under a minute: every poll would be billed", async () => {
        let message = "";
        await Promise.resolve().then(() => run(["dashboard", "--cache-ttl", "0.5"])).catch((e: Error) => (message = e.message));
        expect(message).to.match(/--cache-ttl must be at least 1 minute/);
    });
});
