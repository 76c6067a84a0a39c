import { expect } from "chai";

import { ownCostPerDay } from "../../../driver/costs/own-cost";
import { meterView } from "../../../driver/meter/dashboard-view";
import type { AccountMeter } from "../../../driver/meter/meter";
import type { MeterSnapshot } from "../../../driver/meter/snapshot";
import { buildReport } from "../../../driver/report/build-report";
import { fixtureModel, PERIOD } from "../../fixtures/dashboard";
import { parseCsv } from "../../support/csv";

const meter = (m: Partial<AccountMeter>): AccountMeter =>
    ({ accountId: "", usdPerHour: 0, sinceStartUsd: 0, resources: [], gone: [], tokens: [], unknown: [], notes: [], ...m });

describe("report: the live meter's columns", () => {
    const snapshot: MeterSnapshot = {
        version: 1, startedAt: "2026-11-10T14:55:00.000Z", finishedAt: "2026-11-10T14:55:00.000Z", periodStart: "2026-11-01T00:00:00.000Z",
        requests: {}, prices: { priceList: 1, bundled: 0, unknown: 0 }, notMetered: [],
        students: [
            { key: "ada", name: "Ada Lovelace", email: "ada@students.example", accountId: "111111111111", meter: meter({ usdPerHour: 3.357, sinceStartUsd: 6.5521 }) },
            { key: "grace", name: "Grace Hopper", email: "grace@students.example", accountId: "222222222222",
                meter: meter({ usdPerHour: null, sinceStartUsd: null, unknown: [{ what: "account 222222222222", reason: "cannot assume OrganizationAccountAccessRole: AccessDenied" }] }) },
        ],
        freezes: [{ targetId: "account:111111111111", who: "Ada Lovelace <ada@students.example> (account 111111111111)", at: "2026-11-10T14:55:00.000Z",
            estimateUsd: 6.5521, thresholdUsd: 5, mode: "applied", outcome: "ok", message: "attached the freeze SCP p-freeze01" }],
    };
    const { markdown, csv } = buildReport({ ...fixtureModel(), meter: meterView(snapshot, new Date("2026-11-10T15:00:00Z"), 15 * 60_000) }, {
        services: { services: [], totalUsd: 0, period: PERIOD, fetchedAt: "2026-11-10T14:50:00.000Z", billedRequests: 1 },
        ownCost: ownCostPerDay({ actionEnabledBudgets: 4, budgets: 5, alarms: 1 }, 30),
    });
    const rows = parseCsv(csv);
    const byAccount = (id: string) => rows.find((row) => row[2] === id)!;

    it("puts the estimate beside the actual spend in the CSV: a number, unknown, or empty when not metered", () => {
        expect(byAccount("111111111111").slice(-3)).to.deep.equal(["3.357", "6.55", ""]);
        expect(byAccount("222222222222").slice(-3)).to.deep.equal(["unknown", "unknown", "account 222222222222: cannot assume OrganizationAccountAccessRole: AccessDenied"]);
        expect(byAccount("444444444444").slice(-3)).to.deep.equal(["", "", ""]);
    });

    it("writes a Markdown section labelled as estimates, with the live freezes", () => {
        expect(markdown).to.contain("## Live meter (estimates)");
        expect(markdown).to.contain("| Ada Lovelace | ada@students.example | $5.00 | $3.357/h | ~$6.55 |  |");
        expect(markdown).to.contain("| Grace Hopper | grace@students.example | $12.50 | unknown | unknown | account 222222222222: cannot assume OrganizationAccountAccessRole: AccessDenied |");
        expect(markdown).to.contain("| =Margaret Hamilton | margaret@students.example | $0.00 | not metered | not metered |  |");
        expect(markdown).to.contain("- Live freeze for Ada Lovelace &lt;ada@students.example&gt; (account 111111111111): estimated $6.55");
    });
});
