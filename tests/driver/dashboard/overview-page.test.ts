import { expect } from "chai";
import type { Browser } from "playwright-core";

import { type DashboardServer, startDashboardServer } from "../../../driver/dashboard/server";
import { organizationOverview } from "../../../driver/workshop-model/organization-overview";
import { fixtureModel } from "../../fixtures/dashboard";
import { fixtureOutputs } from "../../fixtures/outputs";
import { axeViolations } from "../../support/axe";
import { launchChromium } from "../../support/browser";

/** Two workshops, one of them with a name that is markup. */
function twoWorkshops() {
    const first = fixtureOutputs();
    const second = { ...fixtureOutputs(), workshopName: "<i>ml</i>-dec" };
    const ids = Object.values(first.students).map((s) => s.accountId);
    return organizationOverview({
        stacks: [{ name: "dev", lastUpdate: "2026-11-20T08:00:00Z", outputs: first }, { name: "ml", outputs: second }],
        accountStates: new Map(ids.map((id, i) => [id, i === 0 ? "PENDING_CLOSURE" : "ACTIVE"])),
        frozen: new Map([[first.workshopName, new Set([ids[1]])]]),
        parked: new Set(),
        spend: null,
        accountQuota: 20,
    });
}

describe("the organization overview page in chromium", function () {
    this.timeout(20000);
    let browser: Browser;
    let server: DashboardServer;
    before(async () => {
        browser = await launchChromium();
        server = await startDashboardServer({
            host: "127.0.0.1", port: 0, load: async () => fixtureModel(), loadOverview: async () => twoWorkshops(),
            now: () => new Date("2026-11-23T12:00:00Z"),
        });
    });
    after(async () => {
        await server?.close();
        await browser?.close();
    });

    it("is reached from the stack's dashboard, shows every workshop as text, runs no script and passes axe", async () => {
        const page = await browser.newPage();
        const errors: string[] = [];
        page.on("pageerror", (error) => errors.push(error.message));
        page.on("console", (message) => { if (message.type() === "error") errors.push(message.text()); });
        await page.goto(server.url);
        await page.click("text=All workshops");
        await page.waitForURL(`${server.url}overview`);
        const rows = await page.$$eval("tbody tr", (trs) => trs.map((tr) => Array.from(tr.querySelectorAll("td")).map((td) => td.textContent)));
        const [first] = twoWorkshops().workshops;
        expect(rows[0]).to.deep.equal([first.workshopName, "dev", String(first.students), String(first.students - 1), "1", "1", "0",
            `? of $${first.budgetUsd.toFixed(2)}`, "2026-11-20T08:00:00Z"]);
        // Markup in a workshop's name is shown as text, never parsed.
        expect(rows[1].slice(0, 2)).to.deep.equal(["<i>ml</i>-dec", "ml"]);
        expect(await page.$$("tbody i")).to.have.length(0);
        expect(await page.textContent(".totals")).to.contain("1 closing").and.to.contain("Account quota20");
        expect(await page.evaluate(() => document.scripts.length)).to.equal(0);
        expect(await axeViolations(page)).to.deep.equal([]);
        expect(errors).to.deep.equal([]);
        await page.close();
    });
});
