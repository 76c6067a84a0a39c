import { expect } from "chai";
import { dashboardModel } from "../../../driver/dashboard/model";
import { costs, fixtureModel, states } from "../../fixtures/dashboard";
import { FIXTURE_SECRET, fixtureOutputs } from "../../fixtures/outputs";

describe("dashboard model", () => {
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
