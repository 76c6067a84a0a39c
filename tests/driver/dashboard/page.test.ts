import { expect } from "chai";
import { promises as fs } from "fs";
import * as os from "os";
import * as path from "path";
import type { Browser } from "playwright-core";

import { type DashboardServer,startDashboardServer } from "../../../driver/dashboard/server";
import { writeDashboardSnapshot } from "../../../driver/dashboard/snapshot";
import type { DashboardModel } from "../../../driver/workshop-model/model";
import { PROJECT_ROOT } from "../../../infra/project-root";
import { fixtureModel } from "../../fixtures/dashboard";
import { launchChromium } from "../../support/browser";

describe("dashboard page in chromium", function () {
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
        expect(await page.textContent("#spend-source")).to.contain("Spend from AWS Budgets, asked");
        expect(await page.textContent("#spend-note")).to.contain("up to three times a day").and.contain("Credits are excluded");
        expect(await page.textContent("tr[data-account-id='111111111111'] .forecast"), "no forecast from Budgets yet").to.equal("n/a");
        expect(await page.textContent("tr[data-account-id='333333333333'] .band")).to.equal("120%");
        // Markup in a student's name is shown as text, never parsed.
        expect(await page.textContent("tr[data-account-id='333333333333'] td")).to.equal("Linus <b>Torvalds</b> | \"Tux\"");
        await fs.mkdir(path.join(PROJECT_ROOT, "tests", "artifacts"), { recursive: true });
        await page.screenshot({ path: path.join(PROJECT_ROOT, "tests", "artifacts", "dashboard.png"), fullPage: true });

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
