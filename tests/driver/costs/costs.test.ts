import { promises as fs } from "fs";
import * as os from "os";
import * as path from "path";
import { CostExplorerClient, GetCostAndUsageCommand, type ResultByTime } from "@aws-sdk/client-cost-explorer";
import { ListAccountsForParentCommand, OrganizationsClient } from "@aws-sdk/client-organizations";
import { mockClient } from "aws-sdk-client-mock";
import { expect } from "chai";
import { getAccountStates } from "../../../driver/costs/account-states";
import { monthToDate } from "../../../driver/costs/billing-period";
import { groupCosts } from "../../../driver/costs/group-costs";
import { simulatedCostExplorer } from "../../../driver/costs/simulated-cost-explorer";
import { getWorkshopCosts } from "../../../driver/costs/workshop-costs";

const mockCostExplorer = () => mockClient(CostExplorerClient);
const mockOrganizations = () => mockClient(OrganizationsClient);

const accountIds = (count: number) => Array.from({ length: count }, (_, i) => String(100000000000 + i));
const day = (start: string, groups: [string, string][]): ResultByTime => ({
    TimePeriod: { Start: start, End: start },
    Groups: groups.map(([account, amount]) => ({ Keys: [account], Metrics: { UnblendedCost: { Amount: amount, Unit: "USD" } } })),
});

describe("costs", () => {
    // Mocked per suite, not at load time: another file's restore() would otherwise un-mock this one.
    let costExplorer: ReturnType<typeof mockCostExplorer>;
    let organizations: ReturnType<typeof mockOrganizations>;
    before(() => { costExplorer = mockCostExplorer(); organizations = mockOrganizations(); });
    let dataDir: string;
    let clock: Date;
    const now = () => clock;
    const ttlMs = 30 * 60 * 1000;
    const costs = (ids: string[]) => getWorkshopCosts({
        client: new CostExplorerClient({}), accountIds: ids, cachePath: path.join(dataDir, "cost-cache.json"), ttlMs, now,
    });

    beforeEach(async () => {
        costExplorer.reset();
        organizations.reset();
        dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "costs-"));
        clock = new Date("2026-11-10T15:00:00Z");
    });
    afterEach(() => fs.rm(dataDir, { recursive: true, force: true }));
    after(() => { costExplorer.restore(); organizations.restore(); });

    describe("monthToDate", () => {
        it("runs from the 1st to tomorrow, End exclusive", () => {
            expect(monthToDate(new Date("2026-11-10T23:59:00Z"))).to.deep.equal({ start: "2026-11-01", end: "2026-11-11", month: "2026-11" });
        });
        it("keeps End after Start on the 1st of the month", () => {
            expect(monthToDate(new Date("2026-11-01T00:10:00Z"))).to.deep.equal({ start: "2026-11-01", end: "2026-11-02", month: "2026-11" });
        });
        it("crosses into the next month and year on the last day", () => {
            expect(monthToDate(new Date("2026-12-31T12:00:00Z"))).to.deep.equal({ start: "2026-12-01", end: "2027-01-01", month: "2026-12" });
        });
    });

    describe("groupCosts", () => {
        it("sums each account's days, adding groups of one day split across pages", () => {
            const summary = groupCosts([
                day("2026-11-01", [["111", "1.10"], ["222", "0.20"]]),
                day("2026-11-02", [["111", "2.00"]]),
                day("2026-11-02", [["222", "0.10"], ["111", "0.50"]]),
            ]);
            expect(summary.perAccount["111"]).to.deep.equal({
                monthToDateUsd: 3.6, daily: [{ date: "2026-11-01", usd: 1.1 }, { date: "2026-11-02", usd: 2.5 }],
            });
            expect(summary.perAccount["222"].monthToDateUsd).to.equal(0.3);
            expect(summary.totalUsd).to.equal(3.9);
            expect(summary.asOf).to.equal("2026-11-02");
        });
        it("is empty without results", () => {
            expect(groupCosts([])).to.deep.equal({ perAccount: {}, totalUsd: 0, asOf: null });
        });
    });

    describe("getWorkshopCosts", () => {
        it("sends one month-to-date request for all accounts, credits and refunds filtered out", async () => {
            costExplorer.on(GetCostAndUsageCommand).resolves({ ResultsByTime: [day("2026-11-01", [["111111111111", "4.25"]])] });
            const result = await costs(["111111111111"]);

            const calls = costExplorer.commandCalls(GetCostAndUsageCommand);
            expect(calls).to.have.length(1);
            expect(calls[0].args[0].input).to.deep.equal({
                TimePeriod: { Start: "2026-11-01", End: "2026-11-11" },
                Granularity: "DAILY",
                Metrics: ["UnblendedCost"],
                GroupBy: [{ Type: "DIMENSION", Key: "LINKED_ACCOUNT" }],
                // A single account still makes a two-operand And.
                Filter: { And: [
                    { Dimensions: { Key: "LINKED_ACCOUNT", Values: ["111111111111"] } },
                    { Not: { Dimensions: { Key: "RECORD_TYPE", Values: ["Credit", "Refund"] } } },
                ] },
            });
            expect(result.perAccount["111111111111"].monthToDateUsd).to.equal(4.25);
            expect(result.fetchedAt).to.equal("2026-11-10T15:00:00.000Z");
        });

        for (const [accounts, expectedPages] of [[5, 1], [50, 5], [500, 50]] as const) {
            it(`asks ${expectedPages} page(s) for ${accounts} accounts over 10 days at 100 groups a page`, async () => {
                costExplorer.on(GetCostAndUsageCommand).callsFake(simulatedCostExplorer({ groupsPerPage: 100 }));
                const result = await costs(accountIds(accounts));

                const calls = costExplorer.commandCalls(GetCostAndUsageCommand);
                expect(calls).to.have.length(expectedPages);
                expect(calls.map((call) => call.args[0].input.NextPageToken))
                    .to.deep.equal([undefined, ...Array.from({ length: expectedPages - 1 }, (_, i) => String((i + 1) * 100))]);
                expect(Object.keys(result.perAccount)).to.have.length(accounts);
                expect(result.totalUsd).to.equal(accounts * 10);
            });
        }

        it("makes no call without accounts", async () => {
            const result = await costs([]);
            expect(costExplorer.commandCalls(GetCostAndUsageCommand)).to.have.length(0);
            expect(result).to.include({ totalUsd: 0, asOf: null, fetchedAt: null });
        });

        describe("cache", () => {
            beforeEach(() => { costExplorer.on(GetCostAndUsageCommand).callsFake(simulatedCostExplorer({ groupsPerPage: 100 })); });
            const calls = () => costExplorer.commandCalls(GetCostAndUsageCommand).length;

            it("answers from disk within the TTL", async () => {
                await costs(accountIds(3));
                clock = new Date(clock.getTime() + ttlMs - 1000);
                const second = await costs(accountIds(3).reverse());
                expect(calls()).to.equal(1);
                expect(second.fetchedAt).to.equal("2026-11-10T15:00:00.000Z");
                expect(second.totalUsd).to.equal(30);
            });
            it("asks again once the TTL has passed", async () => {
                await costs(accountIds(3));
                clock = new Date(clock.getTime() + ttlMs);
                await costs(accountIds(3));
                expect(calls()).to.equal(2);
            });
            it("asks again when the account set changes", async () => {
                await costs(accountIds(3));
                await costs(accountIds(4));
                expect(calls()).to.equal(2);
            });
            it("asks again in a new month", async () => {
                clock = new Date("2026-11-30T23:50:00Z");
                await costs(accountIds(3));
                clock = new Date("2026-12-01T00:05:00Z");
                await costs(accountIds(3));
                expect(calls()).to.equal(2);
            });
            it("asks again when the cache file is damaged", async () => {
                await fs.writeFile(path.join(dataDir, "cost-cache.json"), "{ half a fi");
                await costs(accountIds(3));
                expect(calls()).to.equal(1);
            });
        });
    });

    describe("getAccountStates", () => {
        const states = (ouId = "ou-ab12-cd34ef56") => getAccountStates({
            client: new OrganizationsClient({}), ouId, accountIds: ["111", "222", "333"],
            cachePath: path.join(dataDir, "account-state-cache.json"), ttlMs, now,
        });

        it("reads every page of the OU's accounts, once per TTL", async () => {
            organizations.on(ListAccountsForParentCommand)
                .resolvesOnce({ Accounts: [{ Id: "111", State: "ACTIVE" }, { Id: "222", State: "SUSPENDED" }], NextToken: "page-2" })
                .resolvesOnce({ Accounts: [{ Id: "333", Status: "PENDING_CLOSURE" }] });
            expect(await states()).to.deep.equal({ "111": "ACTIVE", "222": "SUSPENDED", "333": "PENDING_CLOSURE" });
            await states();

            // The SDK paginator reuses one input object, so only the last token is visible afterwards.
            const calls = organizations.commandCalls(ListAccountsForParentCommand);
            expect(calls).to.have.length(2);
            expect(calls[1].args[0].input).to.include({ ParentId: "ou-ab12-cd34ef56", NextToken: "page-2" });
        });
        it("asks nothing before the OU exists", async () => {
            expect(await states("")).to.deep.equal({});
            expect(organizations.commandCalls(ListAccountsForParentCommand)).to.have.length(0);
        });
    });
});
