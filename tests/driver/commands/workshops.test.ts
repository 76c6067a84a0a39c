import { expect } from "chai";

import { startDashboardServer } from "../../../driver/dashboard/server";
import { overviewLoader } from "../../../driver/workshop-model/load-overview";
import type { OrganizationOverview } from "../../../driver/workshop-model/organization-overview";
import { fixtureModel } from "../../fixtures/dashboard";
import { DAY, MINUTE } from "../../support/aws-rules/clock";
import { installSdkMocks } from "../../support/aws-rules/sdk-mocks";
import { AwsWorld } from "../../support/aws-rules/world";
import { get } from "../../support/http-get";
import { MockBackend, MockEngine } from "../../support/mock-engine";
import { runCli } from "../../support/run-cli";
import { students, TYPES, WorkshopOnWorld } from "../../support/workshop-on-world";

describe("workshops: every stack of the state backend and the organization's quotas", function () {
    this.timeout(300_000);
    let a: WorkshopOnWorld;
    let b: WorkshopOnWorld;
    let world: AwsWorld;
    before(async () => {
        world = new AwsWorld({ accountQuota: 40 });
        const backend = new MockBackend();
        a = new WorkshopOnWorld(students(3), { world, backend });
        b = new WorkshopOnWorld(students(2, 50), { world, backend, stack: "ml", config: { workshopName: "ml-dec" } });
        for (const result of await MockEngine.upTogether([a.engine, b.engine])) expect(result.failures).to.deep.equal([]);
        world.clock.advance(DAY);
        // One frozen by its budget, one removed from b's roster and closed (SUSPENDED once up has waited for it).
        world.freeze(a.ofType(TYPES.account)[0].id, "k8s-nov-scp-freeze");
        b.writeRoster(students(1, 50));
        expect((await b.engine.up()).failures).to.deep.equal([]);
        // The gate sends CloseAccount and does not wait; AWS finishes the close in about 11 minutes.
        world.clock.advance(30 * MINUTE);
    });
    after(() => { a.close(); b.close(); });

    it("--json lists both workshops with their accounts by state, and the organization against its quotas", async () => {
        const run = await runCli(["workshops", "--json"], { engine: a.engine, context: { projectDir: a.dir } });
        expect(run.exitCode, run.stderr).to.equal(0);
        const overview = JSON.parse(run.stdout) as OrganizationOverview;
        const byName = Object.fromEntries(overview.workshops.map((w) => [w.workshopName, w]));
        expect(Object.keys(byName).sort()).to.deep.equal(["k8s-nov", "ml-dec"]);
        expect(byName["k8s-nov"]).to.deep.include({ stack: "dev", students: 3 });
        expect(byName["k8s-nov"].accounts).to.deep.equal({ active: 3, frozen: 1, closing: 0, waitingForCloseQuota: 0 });
        expect(byName["ml-dec"]).to.deep.include({ stack: "ml", students: 1 });
        expect(byName["k8s-nov"].lastUpdate).to.be.a("string");
        expect(overview.totals).to.deep.include({ members: 5, active: 4, closing: 0, suspended: 1, accountQuota: 40, closedRecently: 1 });
        expect(overview.totals.closeQuota).to.deep.equal({ apiReference: 10, quotasPage: 250 });
    });

    it("prints one table and the totals", async () => {
        const run = await runCli(["workshops"], { engine: b.engine, context: { projectDir: b.dir } });
        expect(run.exitCode, run.stderr).to.equal(0);
        const lines = run.stdout.split("\n");
        expect(lines.find((l) => l.startsWith("k8s-nov"))).to.match(/k8s-nov\s+dev\s+3\s+3\s+1\s+0\s+0/);
        expect(lines.find((l) => l.startsWith("ml-dec"))).to.match(/ml-dec\s+ml\s+1\s+1\s+0\s+0\s+0/);
        expect(run.stdout).to.contain("Organization: 5 member account(s) (4 active, 0 closing, 1 suspended").and.contain("of an account quota of 40");
    });

    it("the dashboard serves the same overview at /overview, linked from the stack's page, once the backend holds two workshops", async () => {
        const { contexts } = await runCli(["workshops"], { engine: a.engine, context: { projectDir: a.dir } });
        const sdk = installSdkMocks(world);
        try {
            const loadOverview = await overviewLoader(contexts[0], 60_000);
            expect(loadOverview, "two stacks: an overview").to.be.a("function");
            const server = await startDashboardServer({
                host: "127.0.0.1", port: 0, load: async () => fixtureModel(), loadOverview, now: () => new Date("2026-11-23T12:00:00Z"),
            });
            try {
                expect((await get(server.url)).body).to.contain('<a href="/overview">All workshops</a>');
                const page = await get(`${server.url}overview`);
                expect(page.status).to.equal(200);
                expect(page.headers["content-security-policy"]).to.contain("connect-src 'none'");
                expect(page.body).to.match(/<td>k8s-nov<\/td><td>dev<\/td><td class="number">3<\/td><td class="number">3<\/td><td class="number">1<\/td>/)
                    .and.to.match(/<td>ml-dec<\/td><td>ml<\/td><td class="number">1<\/td>/).and.to.contain("4 active, 0 closing, 1 suspended");
                const json = JSON.parse((await get(`${server.url}api/overview`)).body) as OrganizationOverview;
                const printed = JSON.parse((await runCli(["workshops", "--json"], { engine: a.engine, context: { projectDir: a.dir } })).stdout) as OrganizationOverview;
                expect(json).to.deep.equal(printed);
            } finally {
                await server.close();
            }
        } finally {
            sdk.restore();
        }
    });

    it("one workshop alone has no overview: its dashboard is the whole picture", async () => {
        const alone = new WorkshopOnWorld(students(1), { world: new AwsWorld() });
        try {
            const { contexts } = await runCli(["workshops"], { engine: alone.engine, context: { projectDir: alone.dir } });
            expect(await overviewLoader(contexts[0], 60_000)).to.equal(undefined);
            const server = await startDashboardServer({ host: "127.0.0.1", port: 0, load: async () => fixtureModel() });
            try {
                expect((await get(server.url)).body).not.to.contain("/overview");
                expect((await get(`${server.url}overview`)).status).to.equal(404);
            } finally {
                await server.close();
            }
        } finally {
            alone.close();
        }
    });
});
