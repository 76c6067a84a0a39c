import { BudgetsClient, DescribeBudgetsCommand, InvalidParameterException } from "@aws-sdk/client-budgets";
import { DescribeOrganizationCommand, OrganizationsClient } from "@aws-sdk/client-organizations";
import { mockClient } from "aws-sdk-client-mock";
import { expect } from "chai";
import { promises as fs } from "fs";
import * as os from "os";
import * as path from "path";

import { BUDGETS_PAGE_SIZE, budgetsIncludeCredits, budgetSpend, getWorkshopSpend } from "../../../driver/costs/budget-spend";
import { costBudget, simulatedBudgets } from "../../../driver/costs/simulated-budgets";

const MANAGEMENT = "999999999999";
const mockBudgets = () => mockClient(BudgetsClient);
const mockOrganizations = () => mockClient(OrganizationsClient);
const names = (count: number, workshop = "nov") => Array.from({ length: count }, (_, i) => `${workshop}-student${i}`);

describe("spend from AWS Budgets", () => {
    // Mocked per suite, not at load time: another file's restore() would otherwise un-mock this one.
    let budgets: ReturnType<typeof mockBudgets>;
    let organizations: ReturnType<typeof mockOrganizations>;
    before(() => { budgets = mockBudgets(); organizations = mockOrganizations(); });
    after(() => { budgets.restore(); organizations.restore(); });
    let dir: string;
    let clock: Date;
    const ttlMs = 30 * 60 * 1000;
    beforeEach(async () => {
        budgets.reset();
        organizations.reset();
        organizations.on(DescribeOrganizationCommand).resolves({ Organization: { Id: "o-abc123", MasterAccountId: MANAGEMENT } });
        dir = await fs.mkdtemp(path.join(os.tmpdir(), "budget-spend-"));
        clock = new Date("2026-11-10T15:00:00Z");
    });
    afterEach(() => fs.rm(dir, { recursive: true, force: true }));
    const spend = (budgetNames: string[]) => getWorkshopSpend({
        budgets: new BudgetsClient({}), organizations: new OrganizationsClient({}), budgetNames,
        cachePath: path.join(dir, "budget-spend-cache.json"), ttlMs, now: () => clock,
    });
    const pages = () => budgets.commandCalls(DescribeBudgetsCommand).length;

    describe("budgetSpend", () => {
        it("reads actual and forecasted spend, the limit and whether credits count", () => {
            expect(budgetSpend(costBudget("nov-ada", { actualUsd: 12.34, forecastedUsd: 30, limitUsd: 25, includeCredit: false })))
                .to.deep.equal({ actualUsd: 12.34, forecastedUsd: 30, limitUsd: 25, includesCredits: false });
        });
        it("has no forecast until Budgets makes one, and zero spend for a budget it has not calculated yet", () => {
            expect(budgetSpend({ BudgetName: "nov-new", BudgetType: "COST", TimeUnit: "MONTHLY" }))
                .to.deep.equal({ actualUsd: 0, forecastedUsd: null, limitUsd: null, includesCredits: null });
        });
    });

    describe("budgetsIncludeCredits", () => {
        it("believes the budgets' own cost types over the stack output", () => {
            const of = (...flags: (boolean | null)[]) => Object.fromEntries(flags.map((includesCredits, i) =>
                [`b${i}`, { actualUsd: 0, forecastedUsd: null, limitUsd: null, includesCredits }]));
            expect(budgetsIncludeCredits(of(false, false), true)).to.equal(false);
            expect(budgetsIncludeCredits(of(false, true), false), "any budget counting credits").to.equal(true);
            expect(budgetsIncludeCredits(of(null), true), "no cost types in the answer").to.equal(true);
            expect(budgetsIncludeCredits({}, false)).to.equal(false);
        });
    });

    describe("getWorkshopSpend", () => {
        it("asks DescribeBudgets for the management account, 100 a page, and keeps only the workshop's budgets", async () => {
            const ours = names(3);
            budgets.on(DescribeBudgetsCommand).callsFake(simulatedBudgets([
                ...names(150, "other"), ...ours, "nov-master",
            ].map((name, i) => costBudget(name, { actualUsd: i, limitUsd: 25, includeCredit: false }))));
            const result = await spend([...ours, "nov-master"]);

            const calls = budgets.commandCalls(DescribeBudgetsCommand).map((call) => call.args[0].input);
            expect(calls).to.deep.equal([
                { AccountId: MANAGEMENT, MaxResults: BUDGETS_PAGE_SIZE },
                { AccountId: MANAGEMENT, MaxResults: BUDGETS_PAGE_SIZE, NextToken: "100" },
            ]);
            expect(BUDGETS_PAGE_SIZE).to.equal(100);
            expect(Object.keys(result.byBudget).sort()).to.deep.equal(["nov-master", ...ours].sort());
            expect(result.byBudget["nov-student1"].actualUsd).to.equal(151);
            expect(result.fetchedAt).to.equal("2026-11-10T15:00:00.000Z");
        });

        for (const [students, expectedPages] of [[10, 1], [100, 2], [1000, 11]] as const) {
            it(`reads ${students} students' budgets and the master in ${expectedPages} page(s), stopping once all are found`, async () => {
                const wanted = [...names(students), "nov-master"];
                budgets.on(DescribeBudgetsCommand).callsFake(simulatedBudgets([...wanted, ...names(500, "later")].map((name) => costBudget(name, { actualUsd: 1 }))));
                const result = await spend(wanted);
                expect(pages()).to.equal(expectedPages);
                expect(Object.keys(result.byBudget)).to.have.length(students + 1);
            });
        }

        it("leaves out a budget Budgets does not list (deleted outside the stack)", async () => {
            budgets.on(DescribeBudgetsCommand).callsFake(simulatedBudgets([costBudget("nov-ada", { actualUsd: 1 })]));
            const result = await spend(["nov-ada", "nov-gone"]);
            expect(Object.keys(result.byBudget)).to.deep.equal(["nov-ada"]);
        });

        it("asks nothing without budgets", async () => {
            expect(await spend([])).to.deep.equal({ byBudget: {}, fetchedAt: null });
            expect(pages()).to.equal(0);
            expect(organizations.commandCalls(DescribeOrganizationCommand)).to.have.length(0);
        });

        describe("cache", () => {
            beforeEach(() => { budgets.on(DescribeBudgetsCommand).callsFake(simulatedBudgets(names(3).map((name) => costBudget(name, { actualUsd: 2 })))); });

            it("answers from disk within the TTL, in any order of names", async () => {
                await spend(names(3));
                clock = new Date(clock.getTime() + ttlMs - 1000);
                const again = await spend(names(3).reverse());
                expect(pages()).to.equal(1);
                expect(again.fetchedAt).to.equal("2026-11-10T15:00:00.000Z");
            });
            it("asks again after the TTL, for a new student, and in a new month", async () => {
                await spend(names(3));
                clock = new Date(clock.getTime() + ttlMs);
                await spend(names(3));
                expect(pages()).to.equal(2);
                await spend(names(2));
                expect(pages()).to.equal(3);
                clock = new Date("2026-12-01T00:01:00Z");
                await spend(names(2));
                expect(pages()).to.equal(4);
            });
        });
    });

    describe("the simulated DescribeBudgets refuses what Budgets refuses", () => {
        const answer = simulatedBudgets([costBudget("nov-ada", { actualUsd: 1 })]);
        it("an account id that is not 12 digits, a page size outside 1-1,000, a token it never gave", async () => {
            for (const input of [{ AccountId: "12345" }, { AccountId: MANAGEMENT, MaxResults: 0 }, { AccountId: MANAGEMENT, MaxResults: 1001 }]) {
                const error = await answer(input).catch((e: unknown) => e);
                expect(error, JSON.stringify(input)).to.be.instanceOf(InvalidParameterException);
            }
            expect(await answer({ AccountId: MANAGEMENT, NextToken: "bogus" }).catch((e: Error) => e.name)).to.equal("InvalidNextTokenException");
        });
    });
});
