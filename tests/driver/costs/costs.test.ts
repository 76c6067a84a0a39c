import { CostExplorerClient, GetCostAndUsageCommand, type GetCostAndUsageCommandInput, type ResultByTime } from "@aws-sdk/client-cost-explorer";
import { ListAccountsForParentCommand, OrganizationsClient } from "@aws-sdk/client-organizations";
import { mockClient } from "aws-sdk-client-mock";
import { expect } from "chai";
import { promises as fs } from "fs";
import * as os from "os";
import * as path from "path";

import { getAccountStates } from "../../../driver/costs/account-states";
import { monthToDate } from "../../../driver/costs/billing-period";
import { getServiceCosts, groupByService } from "../../../driver/costs/service-costs";
import { simulatedCostExplorer } from "../../../driver/costs/simulated-cost-explorer";

const mockCostExplorer = () => mockClient(CostExplorerClient);
const mockOrganizations = () => mockClient(OrganizationsClient);

const accountIds = (count: number) => Array.from({ length: count }, (_, i) => String(100000000000 + i));
const month = (start: string, groups: [string, string][]): ResultByTime => ({
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
    const services = (ids: string[]) => getServiceCosts({
        client: new CostExplorerClient({}), accountIds: ids, cachePath: path.join(dataDir, "service-cost-cache.json"), ttlMs, now,
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

    describe("groupByService", () => {
        it("adds up each service over the results, most expensive first, leaving out services that cost nothing", () => {
            expect(groupByService([
                month("2026-11-01", [["AWS Lambda", "0.10"], ["Amazon EC2", "2.00"], ["Tax", "0"]]),
                month("2026-11-01", [["AWS Lambda", "0.20"]]),
            ])).to.deep.equal([{ service: "Amazon EC2", usd: 2 }, { service: "AWS Lambda", usd: 0.3 }]);
        });
        it("is empty without results", () => {
            expect(groupByService([])).to.deep.equal([]);
        });
    });

    describe("getServiceCosts", () => {
        it("sends one month-to-date request grouped by service for all accounts, credits and refunds filtered out", async () => {
            costExplorer.on(GetCostAndUsageCommand).resolves({ ResultsByTime: [month("2026-11-01", [["Amazon EC2", "4.25"]])] });
            const result = await services(["111111111111"]);

            const calls = costExplorer.commandCalls(GetCostAndUsageCommand);
            expect(calls).to.have.length(1);
            expect(calls[0].args[0].input).to.deep.equal({
                TimePeriod: { Start: "2026-11-01", End: "2026-11-11" },
                Granularity: "MONTHLY",
                Metrics: ["UnblendedCost"],
                GroupBy: [{ Type: "DIMENSION", Key: "SERVICE" }],
                // A single account still makes a two-operand And.
                Filter: { And: [
                    { Dimensions: { Key: "LINKED_ACCOUNT", Values: ["111111111111"] } },
                    { Not: { Dimensions: { Key: "RECORD_TYPE", Values: ["Credit", "Refund"] } } },
                ] },
            });
            expect(result).to.deep.include({ services: [{ service: "Amazon EC2", usd: 4.25 }], totalUsd: 4.25, billedRequests: 1 });
            expect(result.fetchedAt).to.equal("2026-11-10T15:00:00.000Z");
        });

        for (const students of [10, 100, 1000]) {
            it(`makes one billed request for ${students} students: a page holds every service`, async () => {
                costExplorer.on(GetCostAndUsageCommand).callsFake(simulatedCostExplorer({ groupsPerPage: 100 }));
                const result = await services(accountIds(students));
                expect(costExplorer.commandCalls(GetCostAndUsageCommand)).to.have.length(1);
                expect(result.billedRequests).to.equal(1);
                expect(result.services).to.have.length(3);
                expect(result.totalUsd).to.equal(30);
            });
        }

        it("follows NextPageToken when services fill more than a page, counting each page", async () => {
            const many = Array.from({ length: 250 }, (_, i) => `Service ${i}`);
            costExplorer.on(GetCostAndUsageCommand).callsFake(simulatedCostExplorer({ groupsPerPage: 100, services: many }));
            const result = await services(accountIds(2));
            expect(costExplorer.commandCalls(GetCostAndUsageCommand).map((call) => call.args[0].input.NextPageToken)).to.deep.equal([undefined, "100", "200"]);
            expect(result.billedRequests).to.equal(3);
            expect(result.services).to.have.length(250);
        });

        it("makes no call without accounts", async () => {
            const result = await services([]);
            expect(costExplorer.commandCalls(GetCostAndUsageCommand)).to.have.length(0);
            expect(result).to.include({ totalUsd: 0, fetchedAt: null, billedRequests: 0 });
        });

        describe("cache", () => {
            beforeEach(() => { costExplorer.on(GetCostAndUsageCommand).callsFake(simulatedCostExplorer({ groupsPerPage: 100 })); });
            const calls = () => costExplorer.commandCalls(GetCostAndUsageCommand).length;

            it("answers from disk within the TTL, and says nothing was billed", async () => {
                await services(accountIds(3));
                clock = new Date(clock.getTime() + ttlMs - 1000);
                const second = await services(accountIds(3).reverse());
                expect(calls()).to.equal(1);
                expect(second).to.deep.include({ fetchedAt: "2026-11-10T15:00:00.000Z", billedRequests: 0, totalUsd: 30 });
            });
            it("asks again once the TTL has passed", async () => {
                await services(accountIds(3));
                clock = new Date(clock.getTime() + ttlMs);
                await services(accountIds(3));
                expect(calls()).to.equal(2);
            });
            it("asks again when the account set changes", async () => {
                await services(accountIds(3));
                await services(accountIds(4));
                expect(calls()).to.equal(2);
            });
            it("asks again on a new day, whose period ends later", async () => {
                clock = new Date("2026-11-30T23:50:00Z");
                await services(accountIds(3));
                clock = new Date("2026-12-01T00:05:00Z");
                await services(accountIds(3));
                expect(calls()).to.equal(2);
            });
            it("asks again when the cache file is damaged", async () => {
                await fs.writeFile(path.join(dataDir, "service-cost-cache.json"), "{ half a fi");
                await services(accountIds(3));
                expect(calls()).to.equal(1);
            });
        });
    });

    describe("the simulated Cost Explorer refuses what Cost Explorer refuses", () => {
        const answer = simulatedCostExplorer({ groupsPerPage: 100 });
        const base: GetCostAndUsageCommandInput = {
            TimePeriod: { Start: "2026-11-01", End: "2026-11-02" }, Granularity: "MONTHLY", Metrics: ["UnblendedCost"],
            GroupBy: [{ Type: "DIMENSION", Key: "SERVICE" }],
        };
        it("an End not after Start, three GroupBy keys, an And of one expression", async () => {
            const inputs: GetCostAndUsageCommandInput[] = [
                { ...base, TimePeriod: { Start: "2026-11-02", End: "2026-11-02" } },
                { ...base, GroupBy: [...base.GroupBy!, { Type: "DIMENSION", Key: "REGION" }, { Type: "DIMENSION", Key: "AZ" }] },
                { ...base, Filter: { And: [{ Dimensions: { Key: "LINKED_ACCOUNT", Values: ["111"] } }] } },
            ];
            for (const input of inputs) {
                expect(await answer(input).catch((e: Error) => e.name), JSON.stringify(input)).to.equal("ValidationException");
            }
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
