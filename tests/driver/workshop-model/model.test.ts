import { expect } from "chai";

import { dashboardModel } from "../../../driver/workshop-model/model";
import { fixtureModel, PERIOD, spend, states } from "../../fixtures/dashboard";
import { FIXTURE_SECRET, fixtureOutputs } from "../../fixtures/outputs";

describe("dashboard model", () => {
    const model = fixtureModel();
    const row = (email: string) => model.students.find((student) => student.email === email)!;

    it("totals students, active accounts and the master budget's spend", () => {
        expect(model.totals).to.deep.equal({
            students: 4, activeAccounts: 3, spendUsd: 47.5, forecastUsd: null, masterBudgetUsd: 100, masterPercentUsed: 47.5,
            masterBand: "green", emailed: 2,
        });
        expect(model).to.include({ workshopName: "aws101" });
        expect(model.spend).to.deep.equal({ fetchedAt: "2026-11-10T14:45:00.000Z", creditsIncluded: false, missingBudgets: 0 });
        expect(model.period).to.deep.equal({ start: "2026-11-01", end: "2026-11-11" });
    });
    it("takes the total from the master budget, which also counts what no student budget does", () => {
        const withExtra = dashboardModel(fixtureOutputs(), spend({ "111111111111": 5 }, { extraUsd: 3, forecastUsd: 40 }), PERIOD, states);
        expect(withExtra.totals).to.include({ spendUsd: 8, forecastUsd: 40 });
    });
    it("adds up the students when Budgets does not list the master budget", () => {
        const answer = spend({ "111111111111": 5, "222222222222": 2 });
        delete answer.byBudget["aws101-master"];
        expect(dashboardModel(fixtureOutputs(), answer, PERIOD, states).totals.spendUsd).to.equal(7);
    });
    it("bands spend against each student's budget: green below the first alert, amber below 100%, red from 100%", () => {
        expect(row("ada@students.example")).to.include({ spendUsd: 5, budgetUsd: 25, percentUsed: 20, band: "green", accountState: "ACTIVE" });
        expect(row("grace@students.example")).to.include({ percentUsed: 50, band: "amber" });
        expect(row("linus@students.example")).to.include({ percentUsed: 120, band: "red", accountState: "SUSPENDED" });
        expect(row("linus@students.example").thresholdsReached).to.deep.equal([50, 80, 100]);
        expect(row("margaret@students.example")).to.include({ spendUsd: 0, budgetUsd: 50, band: "green" });
    });
    it("shows a budget Budgets does not list as unknown spend, and counts it", () => {
        const answer = spend({ "111111111111": 5 });
        delete answer.byBudget["aws101-grace"];
        const missing = dashboardModel(fixtureOutputs(), answer, PERIOD, states);
        expect(missing.students.find((s) => s.accountId === "222222222222")).to.include({ spendUsd: null, forecastUsd: null, percentUsed: 0 });
        expect(missing.spend.missingBudgets).to.equal(1);
    });
    it("says credits are included when the budgets count them, whatever the output says", () => {
        expect(dashboardModel(fixtureOutputs(), spend({}, { includesCredits: true }), PERIOD, states).spend.creditsIncluded).to.equal(true);
        const unknown = { byBudget: {}, fetchedAt: null };
        expect(dashboardModel(fixtureOutputs({ budgetsIncludeCredits: true }), unknown, PERIOD, states).spend.creditsIncluded).to.equal(true);
        expect(dashboardModel(fixtureOutputs(), unknown, PERIOD, states).spend.creditsIncluded, "the output's fallback").to.equal(false);
    });
    it("follows the stack's thresholds", () => {
        const custom = dashboardModel(fixtureOutputs(), spend({ "111111111111": 7.5 }), PERIOD, states, {}, { thresholds: [25, 75] });
        expect(custom.students.find((s) => s.accountId === "111111111111")).to.include({ percentUsed: 30, band: "amber" });
    });
    it("marks who was emailed, with the time when the ledger has it", () => {
        expect(row("ada@students.example")).to.include({ emailed: true, emailedAt: "2026-11-02T09:00:00.000Z" });
        expect(row("grace@students.example")).to.include({ emailed: true, emailedAt: null });
        expect(row("linus@students.example")).to.include({ emailed: false, emailedAt: null });
    });
    it("lists students in name order and says when an account left the OU", () => {
        const moved = dashboardModel(fixtureOutputs(), spend({}), PERIOD, { "111111111111": "ACTIVE" });
        expect(moved.students.map((s) => s.accountState)).to.deep.equal(["NOT_IN_OU", "ACTIVE", "NOT_IN_OU", "NOT_IN_OU"]);
        expect(moved.students.map((s) => s.name)[1]).to.equal("Ada Lovelace");
    });
    it("holds nothing from the outputs beyond what it shows", () => {
        const json = JSON.stringify(model);
        for (const hidden of ["identityStoreUserId", "accountEmail", "accessPortalUrl", "instructor@", "aws101-master", FIXTURE_SECRET]) {
            expect(json).not.to.contain(hidden);
        }
    });
});
