import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { stringify } from "yaml";

import {
type Billables,
    billablesFromOutputs, billablesFromResources, COUNTED_TYPES, daysInMonth, ownCostLine, ownCostPerDay, PER_USE_TYPES, registrationUsdEach, UNPRICED_TYPES, } from "../../../driver/costs/own-cost";
import { workshopOutputs } from "../../../driver/pulumi/stack-outputs";
import { declareWorkshop } from "../../../infra/workshop";
import { TEST_CONFIG, testSettings, testStudents } from "../../fixtures/workshop";
import { MockEngine } from "../../support/mock-engine";
import { runUnderMocks } from "../../support/pulumi-harness";
import { runCli } from "../../support/run-cli";

/** What a workshop of `students` deploys: one budget each plus the master budget, and the billing alarm. */
const workshop = (students: number, freeze: boolean): Billables =>
    ({ actionEnabledBudgets: freeze ? students : 0, budgets: students + 1, alarms: 1 });
const cents = (usd: number) => Math.round(usd * 100) / 100;

describe("the workshop's own AWS cost", () => {
    describe("action-enabled budgets: $0.10 per budget-day beyond 62 free budget-days a month", () => {
        it("2 students in a 31-day month use exactly the 62 free budget-days", () => {
            expect(ownCostPerDay(workshop(2, true), 31).usdPerDay).to.equal(0);
        });
        it("3 students in a 31-day month pay for 31 budget-days: $3.10 a month, $0.10 a day", () => {
            const cost = ownCostPerDay(workshop(3, true), 31);
            expect(cents(cost.budgetActionsUsdPerDay * 31)).to.equal(3.1);
            expect(cents(cost.usdPerDay)).to.equal(0.1);
        });
        it("3 students in a 30-day month pay for 28 budget-days", () => {
            expect(cents(ownCostPerDay(workshop(3, true), 30).usdPerDay * 30)).to.equal(2.8);
        });
        it("a 50-student workshop with the freeze on: $4.80 a day in a 31-day month, $4.79 in a 30-day one", () => {
            expect(cents(ownCostPerDay(workshop(50, true), 31).usdPerDay)).to.equal(4.8);
            expect(cents(ownCostPerDay(workshop(50, true), 30).usdPerDay)).to.equal(4.79);
        });
        it("costs nothing with the freeze off, however many budgets: budgets without actions are free", () => {
            expect(ownCostPerDay(workshop(200, false), 31).usdPerDay).to.equal(0);
        });
        it("charges only the budget-days this workshop adds when other action-enabled budgets already use the free tier", () => {
            expect(cents(ownCostPerDay(workshop(1, true), 31, { otherActionEnabledBudgets: 2, otherAlarms: 0 }).usdPerDay)).to.equal(0.1);
            expect(ownCostPerDay(workshop(1, true), 31, { otherActionEnabledBudgets: 1, otherAlarms: 0 }).usdPerDay).to.equal(0);
        });
    });

    describe("CloudWatch alarms: $0.10 per alarm-month beyond 10 free", () => {
        it("the billing alarm alone is free", () => {
            expect(ownCostPerDay({ actionEnabledBudgets: 0, budgets: 1, alarms: 1 }, 30).alarmsUsdPerDay).to.equal(0);
        });
        it("the 11th alarm of the account costs $0.10 a month", () => {
            expect(ownCostPerDay({ actionEnabledBudgets: 0, budgets: 1, alarms: 11 }, 30).alarmsUsdPerDay * 30).to.be.closeTo(0.1, 1e-9);
            expect(ownCostPerDay({ actionEnabledBudgets: 0, budgets: 1, alarms: 1 }, 30, { otherActionEnabledBudgets: 0, otherAlarms: 10 })
                .alarmsUsdPerDay * 30).to.be.closeTo(0.1, 1e-9);
        });
    });

    describe("self-registration: per use only", () => {
        it("about $0.0001 per registration, $0.006 for 50 students, nothing a day while idle; the line says so", () => {
            expect(registrationUsdEach()).to.be.closeTo(0.000115, 0.000005);
            const cost = ownCostPerDay({ actionEnabledBudgets: 0, budgets: 1, alarms: 1, registration: true }, 30);
            expect(cost.usdPerDay).to.equal(0);
            expect(ownCostLine(cost)).to.contain("self-registration $0.00 while idle and about $0.00011 per registration ($0.006 for 50 students");
            expect(ownCostLine(ownCostPerDay({ actionEnabledBudgets: 0, budgets: 1, alarms: 1 }, 30))).not.to.contain("self-registration");
        });
    });

    it("knows the length of the month in UTC", () => {
        expect(daysInMonth(new Date("2026-02-10T00:00:00Z"))).to.equal(28);
        expect(daysInMonth(new Date("2028-02-29T23:00:00Z"))).to.equal(29);
        expect(daysInMonth(new Date("2026-11-30T23:59:59Z"))).to.equal(30);
        expect(daysInMonth(new Date("2026-12-31T12:00:00Z"))).to.equal(31);
    });

    it("says what it counted, in one line", () => {
        expect(ownCostLine(ownCostPerDay(workshop(50, true), 31))).to.equal(
            "This workshop's own AWS cost: about $4.80 per day in a 31-day month (50 action-enabled budgets at $0.10 per " +
            "budget-day beyond 62 free budget-days a month; 1 CloudWatch alarm, within the 10 free; 1 budget without " +
            "actions and email alerts, free), billed to the management account, outside every budget.");
        expect(ownCostLine(ownCostPerDay(workshop(0, true), 30))).to.equal(
            "This workshop's own AWS cost: about $0.00 per day in a 30-day month (no action-enabled budgets; " +
            "1 CloudWatch alarm, within the 10 free; 1 budget without actions and email alerts, free), " +
            "billed to the management account, outside every budget.");
    });

    describe("counting what the stack bills", () => {
        it("counts budgets, budget actions and alarms among the resources an update leaves, not those it deletes", () => {
            const resources = [
                { type: "aws:budgets/budget:Budget", op: "same" as const },
                { type: "aws:budgets/budget:Budget", op: "create" as const },
                { type: "aws:budgets/budget:Budget", op: "delete" as const },
                { type: "aws:budgets/budgetAction:BudgetAction", op: "create" as const },
                { type: "aws:budgets/budgetAction:BudgetAction", op: "delete" as const },
                { type: "aws:cloudwatch/metricAlarm:MetricAlarm", op: "update" as const },
                { type: "aws:sns/topic:Topic", op: "same" as const },
            ];
            expect(billablesFromResources(resources)).to.deep.equal({ actionEnabledBudgets: 1, budgets: 2, alarms: 1 });
        });

        it("knows every resource type the program declares, with every option on, as counted or free", async () => {
            const settings = testSettings({ workshopMode: "true", workshopModeKeyGenerations: '["2026-11-23"]', labNetwork: "true", registration: "true" });
            const { resources } = await runUnderMocks(() => { declareWorkshop(settings, testStudents(2), { registrationBundlePath: __filename }); });
            const types = new Set(resources.filter((r) => r.custom && !r.type.startsWith("pulumi:providers:")).map((r) => r.type));
            expect([...types].filter((type) => !COUNTED_TYPES.has(type) && !UNPRICED_TYPES.has(type) && !PER_USE_TYPES.has(type)), "price these in own-cost.ts")
                .to.deep.equal([]);
            expect(billablesFromResources(resources.map((r) => ({ type: r.type, op: "create" as const }))).registration).to.equal(true);
            expect(types).to.include.keys([...COUNTED_TYPES]);
        });

        let dir: string;
        beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), "own-cost-")); });
        afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

        for (const freeze of [true, false]) {
            it(`reads the same counts from the stack outputs as from the program's resources (budgetFreeze ${freeze ? "on" : "off"})`, async function () {
                this.timeout(30_000);
                const rosterPath = path.join(dir, "roster.yaml");
                fs.writeFileSync(rosterPath, stringify({ students: ["ada", "grace", "linus"].map((name) => ({ email: `${name}@uni.example`, name })) }));
                const engine = new MockEngine({ config: { ...TEST_CONFIG, budgetFreeze: String(freeze), rosterPath } });
                const up = await engine.up();
                const fromResources = billablesFromResources(up.changes);
                expect(fromResources).to.deep.equal(workshop(3, freeze));
                expect(billablesFromOutputs(workshopOutputs(up.outputs))).to.deep.equal(fromResources);
            });
        }
    });

    describe("printed by preview and up", function () {
        this.timeout(60_000);
        let dir: string;
        let engine: MockEngine;
        beforeEach(() => {
            dir = fs.mkdtempSync(path.join(os.tmpdir(), "own-cost-cli-"));
            const rosterPath = path.join(dir, "roster.yaml");
            fs.writeFileSync(rosterPath, stringify({ students: ["ada", "grace", "linus"].map((name) => ({ email: `${name}@uni.example`, name })) }));
            engine = new MockEngine({ stack: "dev", config: { ...TEST_CONFIG, rosterPath } });
        });
        afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
        // runCli's clock is 2026-11-23: 3 students x 30 days = 90 budget-days, 28 beyond the free 62, $2.80 / 30 = $0.09.
        const line = "This workshop's own AWS cost: about $0.09 per day in a 30-day month (3 action-enabled budgets";

        it("preview prints it after the plan, and in the pull-request comment", async () => {
            const text = await runCli(["preview"], { engine, context: { projectDir: dir } });
            expect(text.exitCode, text.stderr).to.equal(0);
            expect(text.lines[text.lines.length - 1]).to.contain(line);
            const markdown = await runCli(["preview", "--markdown"], { engine, context: { projectDir: dir } });
            expect(markdown.stdout).to.contain(`\n\n${line}`);
        });
        it("up prints it before asking", async () => {
            const declined = await runCli(["up"], { engine, context: { projectDir: dir } });
            expect(declined.exitCode).to.equal(1);
            const at = declined.lines.findIndex((l) => l.includes(line));
            expect(at).to.be.greaterThan(0);
            expect(declined.lines.findIndex((l) => l.includes("Cancelled"))).to.be.greaterThan(at);
        });
    });
});
