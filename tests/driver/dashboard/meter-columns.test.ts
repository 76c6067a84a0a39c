import { expect } from "chai";
import { promises as fs } from "fs";
import * as os from "os";
import * as path from "path";
import type { Browser } from "playwright-core";

import { writeDashboardSnapshot } from "../../../driver/dashboard/snapshot";
import { meterView } from "../../../driver/meter/dashboard-view";
import type { AccountMeter } from "../../../driver/meter/meter";
import type { MeterSnapshot } from "../../../driver/meter/snapshot";
import { fixtureModel } from "../../fixtures/dashboard";
import { fixtureOutputs } from "../../fixtures/outputs";
import { launchChromium } from "../../support/browser";

const meter = (m: Partial<AccountMeter>): AccountMeter =>
    ({ accountId: "", usdPerHour: 0, sinceStartUsd: 0, resources: [], gone: [], tokens: [], unknown: [], notes: [], ...m });

/** The meter's last refresh for the fixture: Ada over the live freeze, Grace unreadable, Linus with one unknown region. */
function snapshot(finishedAt: string): MeterSnapshot {
    const s = fixtureOutputs().students;
    return {
        version: 1, startedAt: finishedAt, finishedAt, periodStart: "2026-11-10T08:00:00.000Z", requests: {}, prices: { priceList: 3, bundled: 1, unknown: 0 }, notMetered: [],
        students: [
            { key: "ada", name: s.ada.name, email: s.ada.email, accountId: s.ada.accountId, meter: meter({ usdPerHour: 3.357, sinceStartUsd: 6.552 }) },
            { key: "grace", name: s.grace.name, email: s.grace.email, accountId: s.grace.accountId,
                meter: meter({ usdPerHour: null, sinceStartUsd: null, unknown: [{ what: "account 222222222222", reason: "cannot assume OrganizationAccountAccessRole: AccessDenied" }] }) },
            { key: "linus", name: s.linus.name, email: s.linus.email, accountId: s.linus.accountId,
                meter: meter({ usdPerHour: 0.0104, sinceStartUsd: 0.1354, unknown: [{ what: "Bedrock tokens in us-west-2", reason: "ThrottlingException: Rate exceeded" }] }) },
        ],
        freezes: [{ targetId: "account:111111111111", who: "Ada Lovelace <ada@students.example> (account 111111111111)", at: finishedAt,
            estimateUsd: 6.552, thresholdUsd: 5, mode: "applied", outcome: "ok", message: "attached the freeze SCP p-freeze01" }],
    };
}

describe("dashboard: the live meter's columns in chromium", function () {
    this.timeout(20000);
    let browser: Browser;
    let dir: string;
    before(async () => { browser = await launchChromium(); });
    after(async () => { await browser?.close(); });
    beforeEach(async () => { dir = await fs.mkdtemp(path.join(os.tmpdir(), "dashboard-meter-")); });
    afterEach(() => fs.rm(dir, { recursive: true, force: true }));

    async function open(view: ReturnType<typeof meterView>) {
        const file = await writeDashboardSnapshot(path.join(dir, "snapshot.html"), { ...fixtureModel(), meter: view });
        const page = await browser.newPage({ viewport: { width: 1400, height: 700 } });
        const errors: string[] = [];
        page.on("pageerror", (error) => errors.push(error.message));
        await page.goto(`file://${file}`);
        await page.waitForFunction(() => document.body.dataset.renders === "1");
        return { page, errors };
    }

    it("shows each student's estimate next to the actual spend, labelled, with unknown parts as +? and the live freeze as a banner", async () => {
        const now = new Date("2026-11-10T15:00:00Z");
        const { page, errors } = await open(meterView(snapshot("2026-11-10T14:55:00.000Z"), now, 15 * 60_000));
        const cells = (account: string) => page.$$eval(`tr[data-account-id='${account}'] td.estimate`, (tds) => tds.map((td) => td.textContent));
        expect(await cells("111111111111")).to.deep.equal(["$3.357/h", "~$6.55"]);
        expect(await cells("222222222222")).to.deep.equal(["unknown", "unknown"]);
        expect(await cells("333333333333")).to.deep.equal(["$0.0104/h+?", "~$0.14+?"]);
        expect(await page.getAttribute("tr[data-account-id='333333333333'] td.estimate", "title")).to.equal(
            "Not in the estimate: Bedrock tokens in us-west-2: ThrottlingException: Rate exceeded");
        // Margaret was not metered: a dash, not $0.00.
        expect(await cells("444444444444")).to.deep.equal(["–", "–"]);
        expect(await page.textContent("#live-freezes")).to.contain("Live freeze for Ada Lovelace");
        expect(await page.getAttribute("#live-freezes", "class")).to.equal("alert shown");
        expect(await page.textContent("#meter-status")).to.match(/^Live meter \(estimate from what runs now and Bedrock tokens\): as of /);
        expect(errors).to.deep.equal([]);
        await page.close();
    });

    it("says when the meter is not running, and when its last refresh is stale", async () => {
        const none = await open(null);
        expect(await none.page.textContent("#meter-status")).to.contain("Live meter: not running");
        expect(await none.page.getAttribute("#live-freezes", "class")).to.equal("alert");
        await none.page.close();
        const stale = await open(meterView(snapshot("2026-11-10T14:00:00.000Z"), new Date("2026-11-10T15:00:00Z"), 15 * 60_000));
        expect(await stale.page.textContent("#meter-status")).to.contain("STALE");
        expect(await stale.page.getAttribute("#meter-status", "class")).to.equal("meter-status stale");
        await stale.page.close();
    });
});
