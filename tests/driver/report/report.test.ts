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
import { ownCostPerDay } from "../../../driver/costs/own-cost";
import { costBudget, simulatedBudgets } from "../../../driver/costs/simulated-budgets";
import { buildReport, type ReportDetails } from "../../../driver/report/build-report";
import { csvField, toCsv } from "../../../driver/report/csv";
import { writeReport } from "../../../driver/report/write-report";
import { markdownCell } from "../../../driver/ui/markdown";
import { dashboardModel } from "../../../driver/workshop-model/model";
import { PERIOD, spend } from "../../fixtures/dashboard";
import { FIXTURE_SECRET,fixtureOutputMap, fixtureOutputs } from "../../fixtures/outputs";
import { testAwsClients } from "../../support/aws";
import { parseCsv } from "../../support/csv";
import { driverCommand } from "../../support/driver-command";
import { FakeEngine } from "../../support/fake-engine";

const mockCostExplorer = () => mockClient(CostExplorerClient);
const mockOrganizations = () => mockClient(OrganizationsClient);
const mockBudgets = () => mockClient(BudgetsClient);

const budgets = spend({ "111111111111": 12.494, "222222222222": 20, "333333333333": 31.25 });
budgets.byBudget["aws101-ada"].forecastedUsd = 24.9;
budgets.byBudget["aws101-master"].forecastedUsd = 130;
delete budgets.byBudget["aws101-margaret"];
const model = dashboardModel(fixtureOutputs(), budgets, PERIOD,
    { "111111111111": "ACTIVE", "222222222222": "ACTIVE", "333333333333": "SUSPENDED", "444444444444": "PENDING_CLOSURE" },
    { "ada@students.example 111111111111": "2026-11-02T09:00:00.000Z" }, { thresholds: [50, 80, 100], generatedAt: new Date("2026-11-10T15:00:00Z") });
const details: ReportDetails = {
    services: { services: [{ service: "Amazon Elastic Compute Cloud - Compute", usd: 50 }, { service: "Amazon | S3 <b>", usd: 13.74 }],
        totalUsd: 63.74, period: PERIOD, fetchedAt: "2026-11-10T14:50:00.000Z", billedRequests: 1 },
    ownCost: ownCostPerDay({ actionEnabledBudgets: 4, budgets: 5, alarms: 1 }, 30),
};

describe("report", () => {
    describe("CSV fields", () => {
        it("quotes per RFC 4180 only when needed, doubling quotes", () => {
            expect(csvField("plain")).to.equal("plain");
            expect(csvField('say "hi", then\r\nleave')).to.equal('"say ""hi"", then\r\nleave"');
            expect(toCsv([["a", 1], ["b", 2.5]])).to.equal("a,1\r\nb,2.5\r\n");
        });
        it("defuses text that a spreadsheet would run as a formula", () => {
            for (const text of ["=SUM(A1)", "+1", "-2", "@cmd"]) expect(csvField(text)).to.equal(`'${text}`);
            // A tab is a separator in some spreadsheets: the field is quoted too (tests/driver/report/csv.test.ts).
            expect(csvField("\tx")).to.equal(`"'\tx"`);
            expect(csvField("=HYPERLINK(\"http://x\",\"y\")")).to.equal(`"'=HYPERLINK(""http://x"",""y"")"`);
            expect(csvField(-2)).to.equal("-2");
        });
    });

    it("escapes Markdown table cells", () => {
        expect(markdownCell("Linus <b>Torvalds</b> | \"Tux\"\nx_y")).to.equal("Linus &lt;b&gt;Torvalds&lt;/b&gt; \\| \"Tux\" x\\_y");
    });

    describe("buildReport", () => {
        const { markdown, csv } = buildReport(model, details);
        const rows = parseCsv(csv);
        const byAccount = (id: string) => rows.find((row) => row[2] === id)!;

        it("has a CSV row per student, and a total from the master budget", () => {
            expect(rows[0]).to.deep.equal(["name", "email", "account_id", "account_state", "spend_usd", "forecast_usd", "budget_usd",
                "percent_used", "thresholds_reached", "emailed", "emailed_at", "est_usd_per_hour", "est_since_start_usd", "est_not_included"]);
            expect(rows).to.have.length(6);
            // The live meter never ran for this model: its columns are empty, not zero.
            expect(byAccount("111111111111")).to.deep.equal(["Ada Lovelace", "ada@students.example", "111111111111", "ACTIVE",
                "12.49", "24.9", "25", "49.9", "", "yes", "2026-11-02T09:00:00.000Z", "", "", ""]);
            expect(rows[5]).to.deep.equal(["TOTAL", "", "", "2 of 4 active", "63.74", "130", "100", "63.7", "", "1 of 4", "", "", "", ""]);
        });
        it("lists the budget alert thresholds each student reached, never rounding a percent up to one", () => {
            expect(byAccount("222222222222").slice(7, 9)).to.deep.equal(["80", "50;80"]);
            expect(byAccount("333333333333").slice(7, 9)).to.deep.equal(["125", "50;80;100"]);
        });
        it("leaves spend empty, not 0, for a budget AWS Budgets does not list", () => {
            expect(byAccount("444444444444").slice(3, 9)).to.deep.equal(["PENDING_CLOSURE", "", "", "50", "0", ""]);
            expect(markdown).to.contain("1 student budget(s) are not in AWS Budgets");
            expect(markdown).to.contain("| pending closure | n/a | n/a | $50.00 |");
        });
        it("keeps names intact in CSV, formula-safe", () => {
            expect(byAccount("333333333333")[0]).to.equal('Linus <b>Torvalds</b> | "Tux"');
            expect(byAccount("444444444444")[0]).to.equal("'=Margaret Hamilton");
        });
        it("writes Markdown totals and a row per student", () => {
            expect(markdown).to.contain("# Workshop report: aws101");
            expect(markdown).to.contain("| Spend | $63.74 of $100.00 master budget (63.7%) |");
            expect(markdown).to.contain("| Forecast for the month | $130.00 |");
            expect(markdown).to.contain("| Students at or over budget | 1 |");
            expect(markdown).to.contain("| Ada Lovelace | ada@students.example | 111111111111 | active | $12.49 | $24.90 | $25.00 | 49.9% | none | 2026-11-02T09:00:00.000Z |");
            expect(markdown).to.contain("| Linus &lt;b&gt;Torvalds&lt;/b&gt; \\| \"Tux\" | linus@students.example | 333333333333 | suspended | $31.25 | n/a | $25.00 | 125.0% | 50%, 80%, 100% | no |");
        });
        it("says where the spend comes from, how fresh it is and that credits are excluded", () => {
            expect(markdown).to.contain("Spend is the actual cost AWS Budgets calculated for each student's budget, month to date from " +
                "2026-11-01 to 2026-11-11 (exclusive), credits excluded, asked 2026-11-10T14:45:00.000Z. Budgets recalculates up to " +
                "three times a day");
        });
        it("breaks the spend down by service, saying what Cost Explorer billed for it", () => {
            expect(markdown).to.contain("## Spend by service");
            expect(markdown).to.contain("1 billed Cost Explorer request ($0.01)");
            expect(markdown).to.contain("| Amazon Elastic Compute Cloud - Compute | $50.00 |");
            expect(markdown).to.contain("| Amazon \\| S3 &lt;b&gt; | $13.74 |");
            expect(markdown).to.contain("| **Total** | **$63.74** |");
        });
        it("has the workshop's own daily cost line, as preview and up print it", () => {
            expect(markdown).to.contain("This workshop's own AWS cost: about $0.19 per day in a 30-day month (4 action-enabled budgets");
        });
    });

    describe("writeReport", () => {
        // Mocked per suite, not at load time: another file's restore() would otherwise un-mock this one.
        let costExplorer: ReturnType<typeof mockCostExplorer>;
        let organizations: ReturnType<typeof mockOrganizations>;
        let budgets: ReturnType<typeof mockBudgets>;
        before(() => { costExplorer = mockCostExplorer(); organizations = mockOrganizations(); budgets = mockBudgets(); });
        let dir: string;
        beforeEach(async () => {
            costExplorer.reset();
            organizations.reset();
            budgets.reset();
            dir = await fs.mkdtemp(path.join(os.tmpdir(), "report-"));
        });
        afterEach(() => fs.rm(dir, { recursive: true, force: true }));
        after(() => { costExplorer.restore(); organizations.restore(); budgets.restore(); });

        it("writes timestamped Markdown and CSV from the stack outputs, Budgets and one Cost Explorer request, and no secret", async () => {
            costExplorer.on(GetCostAndUsageCommand).resolves({ ResultsByTime: [{ TimePeriod: { Start: "2026-11-01", End: "2026-11-11" },
                Groups: [{ Keys: ["Amazon Simple Storage Service"], Metrics: { UnblendedCost: { Amount: "7.5", Unit: "USD" } } }] }] });
            organizations.on(ListAccountsForParentCommand).resolves({ Accounts: [{ Id: "222222222222", State: "ACTIVE" }] });
            organizations.on(DescribeOrganizationCommand).resolves({ Organization: { Id: "o-abc123", MasterAccountId: "999999999999" } });
            budgets.on(DescribeBudgetsCommand).callsFake(simulatedBudgets([costBudget("aws101-grace", { actualUsd: 7.5, includeCredit: false }),
                costBudget("aws101-master", { actualUsd: 7.5, limitUsd: 100, includeCredit: false })]));
            const engine = new FakeEngine({ outputs: fixtureOutputMap() });
            const ctx = { engine, aws: testAwsClients(), projectDir: dir, stack: "dev", dataDir: path.join(dir, ".workshop", "dev"),
                now: () => new Date("2026-11-10T15:00:00.123Z") } as unknown as DriverContext;

            const written = await writeReport(ctx);
            expect(written).to.deep.equal({
                markdownPath: path.join(dir, ".workshop", "dev", "reports", "report-2026-11-10T15-00-00Z.md"),
                csvPath: path.join(dir, ".workshop", "dev", "reports", "report-2026-11-10T15-00-00Z.csv"),
                billedRequests: 1,
            });
            const csv = await fs.readFile(written.csvPath, "utf8");
            const markdown = await fs.readFile(written.markdownPath, "utf8");
            expect(parseCsv(csv).find((row) => row[2] === "222222222222")!.slice(3, 8)).to.deep.equal(["ACTIVE", "7.5", "", "25", "30"]);
            expect(markdown).to.contain("| Amazon Simple Storage Service | $7.50 |");
            // November has 30 days: 4 students x 30 = 120 budget-days, 58 beyond the free 62, $5.80 / 30.
            expect(markdown).to.contain("This workshop's own AWS cost: about $0.19 per day in a 30-day month (4 action-enabled budgets");
            expect(csv + markdown).not.to.contain(FIXTURE_SECRET);

            const elsewhere = await writeReport(ctx, { outDir: "out" });
            expect(path.dirname(elsewhere.csvPath)).to.equal(path.join(dir, "out"));
            expect(elsewhere.billedRequests).to.equal(0);
            expect(costExplorer.commandCalls(GetCostAndUsageCommand), "the second report reads the cache").to.have.length(1);
            expect(budgets.commandCalls(DescribeBudgetsCommand)).to.have.length(1);

            const lines: string[] = [];
            const outDir = path.join(dir, "from-cli");
            await yargs(["report", "--out-dir", outDir, "--cache-ttl", "0"])
                .command(driverCommand("report", async () => ({ ...ctx, log: (line: string) => lines.push(line) })))
                .exitProcess(false).strict().parseAsync();
            expect(lines.join("\n")).to.contain(path.join(outDir, "report-2026-11-10T15-00-00Z.md"))
                .and.contain("Spend by service: 1 billed Cost Explorer request ($0.01)");
            expect(costExplorer.commandCalls(GetCostAndUsageCommand), "--cache-ttl 0 asks again").to.have.length(2);
        });
    });
});
