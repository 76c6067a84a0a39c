import { promises as fs } from "fs";
import * as os from "os";
import * as path from "path";
import { CostExplorerClient, GetCostAndUsageCommand } from "@aws-sdk/client-cost-explorer";
import { ListAccountsForParentCommand, OrganizationsClient } from "@aws-sdk/client-organizations";
import { mockClient } from "aws-sdk-client-mock";
import { expect } from "chai";
import yargs from "yargs";
import { reportCommand } from "../../../driver/commands/report";
import type { DriverContext } from "../../../driver/context";
import { dashboardModel } from "../../../driver/dashboard/model";
import type { Engine } from "../../../driver/pulumi/engine";
import { buildReport } from "../../../driver/report/build-report";
import { csvField, toCsv } from "../../../driver/report/csv";
import { markdownCell } from "../../../driver/report/markdown";
import { writeReport } from "../../../driver/report/write-report";
import { fixtureOutputMap, fixtureOutputs, FIXTURE_SECRET } from "../../fixtures/outputs";
import { testAwsClients } from "../../support/aws";

const mockCostExplorer = () => mockClient(CostExplorerClient);
const mockOrganizations = () => mockClient(OrganizationsClient);

const model = dashboardModel(fixtureOutputs(), {
    perAccount: {
        "111111111111": { monthToDateUsd: 12.494, daily: [] },
        "222222222222": { monthToDateUsd: 20, daily: [] },
        "333333333333": { monthToDateUsd: 31.25, daily: [] },
    },
    totalUsd: 63.744, asOf: "2026-11-09", period: { start: "2026-11-01", end: "2026-11-11", month: "2026-11" },
    fetchedAt: "2026-11-10T14:45:00.000Z",
}, { "111111111111": "ACTIVE", "222222222222": "ACTIVE", "333333333333": "SUSPENDED", "444444444444": "PENDING_CLOSURE" },
{ "ada@students.example 111111111111": "2026-11-02T09:00:00.000Z" }, { thresholds: [50, 80, 100], generatedAt: new Date("2026-11-10T15:00:00Z") });

/** RFC 4180 parsing, just enough to read the report back. */
function parseCsv(text: string): string[][] {
    const rows: string[][] = [];
    let row: string[] = [], field = "", quoted = false;
    for (let i = 0; i < text.length; i++) {
        const c = text[i];
        if (quoted) {
            if (c === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (c === '"') quoted = false; else field += c;
        } else if (c === '"') quoted = true;
        else if (c === ",") { row.push(field); field = ""; }
        else if (c === "\r" && text[i + 1] === "\n") { row.push(field); rows.push(row); row = []; field = ""; i++; }
        else field += c;
    }
    return rows;
}

describe("report", () => {
    describe("CSV fields", () => {
        it("quotes per RFC 4180 only when needed, doubling quotes", () => {
            expect(csvField("plain")).to.equal("plain");
            expect(csvField('say "hi", then\r\nleave')).to.equal('"say ""hi"", then\r\nleave"');
            expect(toCsv([["a", 1], ["b", 2.5]])).to.equal("a,1\r\nb,2.5\r\n");
        });
        it("defuses text that a spreadsheet would run as a formula", () => {
            for (const text of ["=SUM(A1)", "+1", "-2", "@cmd", "\tx"]) expect(csvField(text)).to.equal(`'${text}`);
            expect(csvField("=HYPERLINK(\"http://x\",\"y\")")).to.equal(`"'=HYPERLINK(""http://x"",""y"")"`);
            expect(csvField(-2)).to.equal("-2");
        });
    });

    it("escapes Markdown table cells", () => {
        expect(markdownCell("Linus <b>Torvalds</b> | \"Tux\"\nx_y")).to.equal("Linus &lt;b&gt;Torvalds&lt;/b&gt; \\| \"Tux\" x\\_y");
    });

    describe("buildReport", () => {
        const { markdown, csv } = buildReport(model);
        const rows = parseCsv(csv);
        const byAccount = (id: string) => rows.find((row) => row[2] === id)!;

        it("has a CSV row per student, and a total", () => {
            expect(rows[0]).to.deep.equal(["name", "email", "account_id", "account_state", "spend_usd", "budget_usd", "percent_used",
                "thresholds_reached", "emailed", "emailed_at"]);
            expect(rows).to.have.length(6);
            expect(byAccount("111111111111")).to.deep.equal(["Ada Lovelace", "ada@students.example", "111111111111", "ACTIVE",
                "12.49", "25", "49.9", "", "yes", "2026-11-02T09:00:00.000Z"]);
            expect(rows[5]).to.deep.equal(["TOTAL", "", "", "2 of 4 active", "63.74", "100", "63.7", "", "1 of 4", ""]);
        });
        it("lists the budget alert thresholds each student reached, never rounding a percent up to one", () => {
            expect(byAccount("222222222222").slice(6, 8)).to.deep.equal(["80", "50;80"]);
            expect(byAccount("333333333333").slice(6, 8)).to.deep.equal(["125", "50;80;100"]);
            expect(byAccount("444444444444").slice(3, 8)).to.deep.equal(["PENDING_CLOSURE", "0", "50", "0", ""]);
        });
        it("keeps names intact in CSV, formula-safe", () => {
            expect(byAccount("333333333333")[0]).to.equal('Linus <b>Torvalds</b> | "Tux"');
            expect(byAccount("444444444444")[0]).to.equal("'=Margaret Hamilton");
        });
        it("writes Markdown totals and a row per student", () => {
            expect(markdown).to.contain("# Workshop report: aws101");
            expect(markdown).to.contain("| Spend | $63.74 of $100.00 master budget (63.7%) |");
            expect(markdown).to.contain("| Students at or over budget | 1 |");
            expect(markdown).to.contain("| Ada Lovelace | ada@students.example | 111111111111 | active | $12.49 | $25.00 | 49.9% | none | 2026-11-02T09:00:00.000Z |");
            expect(markdown).to.contain("| Linus &lt;b&gt;Torvalds&lt;/b&gt; \\| \"Tux\" | linus@students.example | 333333333333 | suspended | $31.25 | $25.00 | 125.0% | 50%, 80%, 100% | no |");
            expect(markdown).to.contain("credits and refunds excluded; data as of 2026-11-09");
        });
    });

    describe("writeReport", () => {
        // Mocked per suite, not at load time: another file's restore() would otherwise un-mock this one.
        let costExplorer: ReturnType<typeof mockCostExplorer>;
        let organizations: ReturnType<typeof mockOrganizations>;
        before(() => { costExplorer = mockCostExplorer(); organizations = mockOrganizations(); });
        let dir: string;
        beforeEach(async () => {
            costExplorer.reset();
            organizations.reset();
            dir = await fs.mkdtemp(path.join(os.tmpdir(), "report-"));
        });
        afterEach(() => fs.rm(dir, { recursive: true, force: true }));
        after(() => { costExplorer.restore(); organizations.restore(); });

        it("writes timestamped Markdown and CSV from the stack outputs and AWS, and no secret", async () => {
            costExplorer.on(GetCostAndUsageCommand).resolves({ ResultsByTime: [{ TimePeriod: { Start: "2026-11-09", End: "2026-11-10" },
                Groups: [{ Keys: ["222222222222"], Metrics: { UnblendedCost: { Amount: "7.5", Unit: "USD" } } }] }] });
            organizations.on(ListAccountsForParentCommand).resolves({ Accounts: [{ Id: "222222222222", State: "ACTIVE" }] });
            const engine = { outputs: async () => fixtureOutputMap(), getConfig: async () => "[50, 80, 100]" } as unknown as Engine;
            const ctx = { engine, aws: testAwsClients(), projectDir: dir, stack: "dev", dataDir: path.join(dir, ".workshop", "dev"),
                now: () => new Date("2026-11-10T15:00:00.123Z") } as unknown as DriverContext;

            const written = await writeReport(ctx);
            expect(written).to.deep.equal({
                markdownPath: path.join(dir, ".workshop", "dev", "reports", "report-2026-11-10T15-00-00Z.md"),
                csvPath: path.join(dir, ".workshop", "dev", "reports", "report-2026-11-10T15-00-00Z.csv"),
            });
            const csv = await fs.readFile(written.csvPath, "utf8");
            expect(parseCsv(csv).find((row) => row[2] === "222222222222")!.slice(3, 7)).to.deep.equal(["ACTIVE", "7.5", "25", "30"]);
            expect(csv + await fs.readFile(written.markdownPath, "utf8")).not.to.contain(FIXTURE_SECRET);

            const elsewhere = await writeReport(ctx, { outDir: "out" });
            expect(path.dirname(elsewhere.csvPath)).to.equal(path.join(dir, "out"));
            expect(costExplorer.commandCalls(GetCostAndUsageCommand), "the second report reads the cache").to.have.length(1);

            const lines: string[] = [];
            const outDir = path.join(dir, "from-cli");
            await yargs(["report", "--out-dir", outDir, "--cache-ttl", "0"])
                .command(reportCommand(async () => ({ ...ctx, log: (line: string) => lines.push(line) })))
                .exitProcess(false).strict().parseAsync();
            expect(lines.join("\n")).to.contain(path.join(outDir, "report-2026-11-10T15-00-00Z.md"));
            expect(costExplorer.commandCalls(GetCostAndUsageCommand), "--cache-ttl 0 asks again").to.have.length(2);
        });
    });
});
