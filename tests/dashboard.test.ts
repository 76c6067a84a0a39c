import { expect } from "chai";
import { promises as fs } from "fs";
import * as http from "http";
import * as os from "os";
import * as path from "path";
import type { Browser } from "playwright-core";
import { dashboardModel, type DashboardModel } from "../driver/dashboard/model";
import { readEmailedMap } from "../driver/dashboard/email-ledger";
import { EmailLedger } from "../driver/email/ledger";
import { startDashboardServer, type DashboardServer } from "../driver/dashboard/server";
import { writeDashboardSnapshot } from "../driver/dashboard/snapshot";
import type { WorkshopCosts } from "../driver/costs/workshop-costs";
import type { AccountStates } from "../driver/costs/account-states";
import { fixtureOutputMap, fixtureOutputs, FIXTURE_SECRET } from "./fixtures/outputs";
import { launchChromium } from "./support/browser";
import { dashboardCommand } from "../driver/commands/dashboard";
import type { DriverContext } from "../driver/context";
import type { Engine } from "../driver/engine";
import { mockClient } from "aws-sdk-client-mock";
import { CostExplorerClient, GetCostAndUsageCommand } from "@aws-sdk/client-cost-explorer";
import { ListAccountsForParentCommand, OrganizationsClient } from "@aws-sdk/client-organizations";
import yargs from "yargs";

const mockCostExplorer = () => mockClient(CostExplorerClient);
const mockOrganizations = () => mockClient(OrganizationsClient);

function costs(spendByAccount: Record<string, number>, extraUsd = 0): WorkshopCosts {
    const perAccount = Object.fromEntries(Object.entries(spendByAccount).map(([accountId, usd]) =>
        [accountId, { monthToDateUsd: usd, daily: [{ date: "2026-11-09", usd }] }]));
    const totalUsd = Object.values(spendByAccount).reduce((a, b) => a + b, extraUsd);
    return { perAccount, totalUsd, asOf: "2026-11-09", period: { start: "2026-11-01", end: "2026-11-11", month: "2026-11" },
        fetchedAt: "2026-11-10T14:45:00.000Z" };
}

const states: AccountStates = { "111111111111": "ACTIVE", "222222222222": "ACTIVE", "333333333333": "SUSPENDED", "444444444444": "ACTIVE" };
const emailed = { "ada@students.example 111111111111": "2026-11-02T09:00:00.000Z", "grace@students.example 222222222222": "" };

export function fixtureModel(spend: Record<string, number> = { "111111111111": 5, "222222222222": 12.5, "333333333333": 30 }): DashboardModel {
    return dashboardModel(fixtureOutputs(), costs(spend), states, emailed, { thresholds: [50, 80, 100], generatedAt: new Date("2026-11-10T15:00:00Z") });
}

function get(url: string, headers: http.OutgoingHttpHeaders = {}, method = "GET"): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
    return new Promise((resolve, reject) => {
        http.request(url, { method, headers }, (response) => {
            let body = "";
            response.setEncoding("utf8");
            response.on("data", (chunk) => (body += chunk));
            response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
        }).on("error", reject).end();
    });
}

describe("dashboard", () => {
    describe("model", () => {
        const model = fixtureModel();
        const row = (email: string) => model.students.find((student) => student.email === email)!;

        it("totals students, active accounts and spend against the master budget", () => {
            expect(model.totals).to.deep.equal({
                students: 4, activeAccounts: 3, spendUsd: 47.5, masterBudgetUsd: 100, masterPercentUsed: 47.5, masterBand: "green", emailed: 2,
            });
            expect(model).to.include({ workshopName: "aws101", costsAsOf: "2026-11-09", costsFetchedAt: "2026-11-10T14:45:00.000Z" });
        });
        it("bands spend against each student's budget: green below the first alert, amber below 100%, red from 100%", () => {
            expect(row("ada@students.example")).to.include({ spendUsd: 5, budgetUsd: 25, percentUsed: 20, band: "green", accountState: "ACTIVE" });
            expect(row("grace@students.example")).to.include({ percentUsed: 50, band: "amber" });
            expect(row("linus@students.example")).to.include({ percentUsed: 120, band: "red", accountState: "SUSPENDED" });
            expect(row("linus@students.example").thresholdsReached).to.deep.equal([50, 80, 100]);
            expect(row("margaret@students.example")).to.include({ spendUsd: 0, budgetUsd: 50, band: "green" });
        });
        it("follows the stack's thresholds", () => {
            const custom = dashboardModel(fixtureOutputs(), costs({ "111111111111": 7.5 }), states, {}, { thresholds: [25, 75] });
            expect(custom.students.find((s) => s.accountId === "111111111111")).to.include({ percentUsed: 30, band: "amber" });
        });
        it("marks who was emailed, with the time when the ledger has it", () => {
            expect(row("ada@students.example")).to.include({ emailed: true, emailedAt: "2026-11-02T09:00:00.000Z" });
            expect(row("grace@students.example")).to.include({ emailed: true, emailedAt: null });
            expect(row("linus@students.example")).to.include({ emailed: false, emailedAt: null });
        });
        it("lists students in name order and says when an account left the OU", () => {
            const moved = dashboardModel(fixtureOutputs(), costs({}), { "111111111111": "ACTIVE" });
            expect(moved.students.map((s) => s.accountState)).to.deep.equal(["NOT_IN_OU", "ACTIVE", "NOT_IN_OU", "NOT_IN_OU"]);
            expect(moved.students.map((s) => s.name)[1]).to.equal("Ada Lovelace");
        });
        it("holds nothing from the outputs beyond what it shows", () => {
            const json = JSON.stringify(model);
            for (const hidden of ["identityStoreUserId", "accountEmail", "accessPortalUrl", "instructor@", FIXTURE_SECRET]) expect(json).not.to.contain(hidden);
        });
    });

    describe("email ledger", () => {
        let dir: string;
        beforeEach(async () => { dir = await fs.mkdtemp(path.join(os.tmpdir(), "dashboard-ledger-")); });
        afterEach(() => fs.rm(dir, { recursive: true, force: true }));

        it("counts sent emails only, and only for the account they were sent for", () => {
            const ledger = EmailLedger.load(path.join(dir, "email-ledger.json"));
            const record = (email: string, accountId: string, status: "sent" | "sending" | "failed") =>
                ({ email, accountId, status, attempts: 1, updatedAt: "2026-11-02T09:00:00Z", ...(status === "sent" ? { sentAt: "2026-11-02T09:00:00Z" } : {}) });
            ledger.put(record("Ada@Students.example", "111111111111", "sent"));
            ledger.put(record("grace@students.example", "999999999999", "sent"));
            ledger.put(record("linus@students.example", "333333333333", "sending"));
            ledger.put(record("margaret@students.example", "444444444444", "failed"));
            const model = dashboardModel(fixtureOutputs(), costs({}), states, readEmailedMap(ledger.filePath));
            expect(model.students.filter((s) => s.emailed).map((s) => s.email)).to.deep.equal(["ada@students.example"]);
        });
        it("reads a missing or damaged ledger as nobody emailed", async () => {
            expect(readEmailedMap(path.join(dir, "no-such-dir", "email-ledger.json"))).to.deep.equal({});
            await fs.writeFile(path.join(dir, "email-ledger.json"), "{ not json");
            expect(readEmailedMap(path.join(dir, "email-ledger.json"))).to.deep.equal({});
        });
    });

    describe("server", () => {
        let server: DashboardServer;
        let loads = 0;
        beforeEach(async () => {
            loads = 0;
            server = await startDashboardServer({ host: "127.0.0.1", port: 0, load: async () => { loads++; return fixtureModel(); } });
        });
        afterEach(() => server.close());

        it("refuses to bind anything but loopback", async () => {
            for (const host of ["0.0.0.0", "::", "192.168.1.10", "localhost"]) {
                let message = "";
                await startDashboardServer({ host, port: 0, load: async () => fixtureModel() }).catch((e: Error) => (message = e.message));
                expect(message, host).to.match(/loopback only/);
            }
        });
        it("binds 127.0.0.1", () => {
            expect(server.url).to.match(/^http:\/\/127\.0\.0\.1:\d+\/$/);
        });
        it("serves the model as JSON, uncached and without CORS", async () => {
            const response = await get(`${server.url}api/dashboard`);
            expect(response.status).to.equal(200);
            expect(response.headers["content-type"]).to.equal("application/json; charset=utf-8");
            expect(response.headers["cache-control"]).to.equal("no-store");
            expect(response.headers).not.to.have.property("access-control-allow-origin");
            const body = JSON.parse(response.body) as DashboardModel;
            expect(body).to.have.keys("workshopName", "generatedAt", "costsAsOf", "costsFetchedAt", "period", "thresholds", "totals", "students");
            expect(body.students[0]).to.have.keys("name", "email", "accountId", "accountState", "spendUsd", "budgetUsd", "percentUsed",
                "band", "thresholdsReached", "emailed", "emailedAt");
            expect(body.totals.spendUsd).to.equal(47.5);
        });
        it("serves a self-contained page that fetches nothing from elsewhere", async () => {
            const response = await get(server.url);
            expect(response.status).to.equal(200);
            expect(response.headers["content-security-policy"]).to.contain("default-src 'none'").and.to.contain("connect-src 'self'");
            expect(response.body).not.to.match(/(src|href)\s*=\s*["']?(https?:)?\/\//i);
            expect(response.body).not.to.match(/@import|url\(/i);
            expect(loads, "the page itself needs no costs").to.equal(0);
        });
        it("answers GET only, known paths only, local Host only", async () => {
            expect((await get(`${server.url}api/dashboard`, {}, "POST")).status).to.equal(405);
            expect((await get(`${server.url}secrets`)).status).to.equal(404);
            expect((await get(`${server.url}api/dashboard`, { Host: "evil.example" })).status).to.equal(421);
        });
        it("shares one slow load between polls arriving together", async () => {
            let slowLoads = 0;
            const slow = await startDashboardServer({ host: "127.0.0.1", port: 0, load: async () => {
                slowLoads++;
                await new Promise((resolve) => setTimeout(resolve, 100));
                return fixtureModel();
            } });
            try {
                const responses = await Promise.all([1, 2, 3].map(() => get(`${slow.url}api/dashboard`)));
                expect(responses.map((r) => r.status)).to.deep.equal([200, 200, 200]);
                expect(slowLoads).to.equal(1);
            } finally {
                await slow.close();
            }
        });
        it("reports a failed load as a JSON error", async () => {
            const failing = await startDashboardServer({ host: "127.0.0.1", port: 0, load: async () => { throw new Error("AccessDenied"); } });
            try {
                const response = await get(`${failing.url}api/dashboard`);
                expect(response.status).to.equal(500);
                expect(JSON.parse(response.body)).to.deep.equal({ error: "AccessDenied" });
            } finally {
                await failing.close();
            }
        });
    });

    describe("command", () => {
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
            const ctx = { engine, projectDir: dir, stack: "dev", dataDir: path.join(dir, "data"), now: () => new Date("2026-11-10T15:00:00Z"),
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
        it("refuses a cache TTL under a minute: every poll would be billed", async () => {
            let message = "";
            await Promise.resolve().then(() => run(["dashboard", "--cache-ttl", "0.5"])).catch((e: Error) => (message = e.message));
            expect(message).to.match(/--cache-ttl must be at least 1 minute/);
        });
    });

    describe("page in chromium", function () {
        this.timeout(20000);
        let browser: Browser;
        let server: DashboardServer;
        let current: DashboardModel;
        before(async () => {
            browser = await launchChromium();
            current = fixtureModel();
            server = await startDashboardServer({ host: "127.0.0.1", port: 0, load: async () => current, refreshSeconds: 0.2 });
        });
        after(async () => {
            await server?.close();
            await browser?.close();
        });

        it("shows the fixture's numbers and updates itself without a reload", async () => {
            const page = await browser.newPage({ viewport: { width: 1200, height: 600 } });
            const blocked: string[] = [];
            page.on("request", (request) => { if (!request.url().startsWith(server.url)) blocked.push(request.url()); });
            const errors: string[] = [];
            page.on("pageerror", (error) => errors.push(error.message));
            page.on("console", (message) => { if (message.type() === "error") errors.push(message.text()); });

            await page.goto(server.url);
            await page.waitForFunction(() => document.body.dataset.renders !== undefined);
            expect(await page.textContent("#total-students")).to.equal("4");
            expect(await page.textContent("#total-active")).to.equal("3");
            expect(await page.textContent("#total-spend")).to.equal("$47.50");
            expect(await page.textContent("#total-percent"), "47.5% is cut, not rounded up").to.equal("47%");
            expect(await page.textContent("#costs-as-of")).to.contain("2026-11-09");
            expect(await page.textContent("tr[data-account-id='333333333333'] .band")).to.equal("120%");
            // Markup in a student's name is shown as text, never parsed.
            expect(await page.textContent("tr[data-account-id='333333333333'] td")).to.equal("Linus <b>Torvalds</b> | \"Tux\"");
            await fs.mkdir(path.join(__dirname, "artifacts"), { recursive: true });
            await page.screenshot({ path: path.join(__dirname, "artifacts", "dashboard.png"), fullPage: true });

            await page.evaluate(() => { (window as unknown as { marker: string }).marker = "still here"; });
            current = fixtureModel({ "111111111111": 26, "222222222222": 12.5, "333333333333": 30 });
            await page.waitForFunction(() => document.querySelector("#total-spend")?.textContent === "$68.50", undefined, { timeout: 5000 });
            expect(await page.textContent("tr[data-account-id='111111111111'] .band")).to.equal("104%");
            expect(await page.getAttribute("tr[data-account-id='111111111111'] .band", "class")).to.contain("band-red");
            expect(await page.evaluate(() => (window as unknown as { marker?: string }).marker)).to.equal("still here");
            expect(blocked).to.deep.equal([]);
            expect(errors).to.deep.equal([]);
            await page.close();
        });

        it("writes a static snapshot that renders the embedded model and fetches nothing", async () => {
            const dir = await fs.mkdtemp(path.join(os.tmpdir(), "dashboard-"));
            try {
                const file = await writeDashboardSnapshot(path.join(dir, "snapshot.html"), fixtureModel());
                const page = await browser.newPage();
                const requests: string[] = [];
                page.on("request", (request) => requests.push(request.url()));
                await page.goto(`file://${file}`);
                await page.waitForFunction(() => document.body.dataset.renders === "1");
                expect(await page.textContent("#total-spend")).to.equal("$47.50");
                await page.waitForTimeout(300);
                expect(requests).to.deep.equal([`file://${file}`]);
                await page.close();
            } finally {
                await fs.rm(dir, { recursive: true, force: true });
            }
        });
    });
});
