/**
 * Billed Cost Explorer requests of the dashboard over a workshop day, counted on the real code
 * path (driver/costs getWorkshopCosts and getAccountStates, as driver/dashboard/load-model.ts
 * calls them on every poll) with aws-sdk-client-mock, against the predecessor's one request per
 * account every 30 s.
 *
 *   ts-node --transpile-only bench/cost-explorer-requests.ts [--date 2026-11-23] [--groups-per-page 1000]
 *
 * Cost Explorer charges $0.01 per request, each page of a paginated answer included. How many
 * (day, account) groups fit in one page is not documented; the page size is an assumption,
 * so a second table shows how the count moves with it.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { CostExplorerClient, GetCostAndUsageCommand } from "@aws-sdk/client-cost-explorer";
import { ListAccountsForParentCommand, OrganizationsClient } from "@aws-sdk/client-organizations";
import { mockClient } from "aws-sdk-client-mock";
import { getAccountStates } from "../driver/costs/account-states";
import { simulatedCostExplorer } from "../driver/costs/simulated-cost-explorer";
import { getWorkshopCosts } from "../driver/costs/workshop-costs";
import { fmt, machineLine, table } from "./support/table";

const USD_PER_REQUEST = 0.01;
const DAY_MS = 8 * 3600 * 1000;
const REFRESH_MS = 60 * 1000;
const TTL_MS = 30 * 60 * 1000;
const NAIVE_INTERVAL_MS = 30 * 1000;
/** ListAccountsForParent's documented maximum page size. */
const ORGANIZATIONS_PAGE = 20;

function argValue(name: string): string | undefined {
    const i = process.argv.indexOf(name);
    return i >= 0 ? process.argv[i + 1] : undefined;
}

function accountIds(count: number): string[] {
    return Array.from({ length: count }, (_, i) => String(200000000000 + i));
}

interface DayCount {
    refreshes: number;
    coldPages: number;
    /** Refreshes that reached Cost Explorer (cache misses). */
    misses: number;
    dayPages: number;
    organizationsPages: number;
}

/** One workshop day of dashboard polls through the real cache and request code, counting what reaches AWS. */
async function dashboardDay(students: number, start: Date, groupsPerPage: number): Promise<DayCount> {
    const ids = accountIds(students);
    const ce = mockClient(CostExplorerClient);
    const org = mockClient(OrganizationsClient);
    ce.on(GetCostAndUsageCommand).callsFake(simulatedCostExplorer({ groupsPerPage }));
    org.on(ListAccountsForParentCommand).callsFake(async (input: { NextToken?: string }) => {
        const offset = Number(input.NextToken ?? 0);
        const page = ids.slice(offset, offset + ORGANIZATIONS_PAGE).map((Id) => ({ Id, State: "ACTIVE" as const }));
        const next = offset + ORGANIZATIONS_PAGE;
        return { Accounts: page, ...(next < ids.length ? { NextToken: String(next) } : {}) };
    });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "workshop-bench-ce-"));
    const costExplorer = new CostExplorerClient({ region: "us-east-1", credentials: { accessKeyId: "x", secretAccessKey: "x" } });
    const organizations = new OrganizationsClient({ region: "us-east-1", credentials: { accessKeyId: "x", secretAccessKey: "x" } });
    let refreshes = 0;
    let coldPages = 0;
    let misses = 0;
    try {
        for (let t = 0; t < DAY_MS; t += REFRESH_MS) {
            const now = () => new Date(start.getTime() + t);
            const before = ce.commandCalls(GetCostAndUsageCommand).length;
            // The same two calls, with the same caches, as loadDashboardModel makes on each poll.
            await Promise.all([
                getWorkshopCosts({ client: costExplorer, accountIds: ids, cachePath: path.join(dir, "cost-cache.json"), ttlMs: TTL_MS, now }),
                getAccountStates({ client: organizations, ouId: "ou-ab12-workshop", accountIds: ids,
                    cachePath: path.join(dir, "account-state-cache.json"), ttlMs: TTL_MS, now }),
            ]);
            const pages = ce.commandCalls(GetCostAndUsageCommand).length - before;
            if (refreshes === 0) coldPages = pages;
            if (pages > 0) misses++;
            refreshes++;
        }
        return {
            refreshes, coldPages, misses,
            dayPages: ce.commandCalls(GetCostAndUsageCommand).length,
            organizationsPages: org.commandCalls(ListAccountsForParentCommand).length,
        };
    } finally {
        ce.restore();
        org.restore();
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

async function main(): Promise<void> {
    console.log(`cost-explorer-requests: ${machineLine()}`);
    const date = argValue("--date") ?? "2026-11-23";
    const groupsPerPage = Number(argValue("--groups-per-page") ?? 1000);
    const start = new Date(`${date}T08:00:00Z`);
    const daysToDate = start.getUTCDate();
    console.log(`Workshop day ${date} 08:00-16:00 UTC (month to date = ${daysToDate} day(s) of DAILY data), dashboard open all day, ` +
        `refresh every ${REFRESH_MS / 1000} s, cache TTL ${TTL_MS / 60000} min; assumed page size ${groupsPerPage} (day, account) groups; ` +
        `$${USD_PER_REQUEST} per request/page.`);

    const rows: (string | number)[][] = [];
    for (const students of [10, 100, 1000]) {
        const day = await dashboardDay(students, start, groupsPerPage);
        const naivePerRefresh = students * (REFRESH_MS / NAIVE_INTERVAL_MS);
        const naiveDay = students * (DAY_MS / NAIVE_INTERVAL_MS);
        rows.push([
            students, day.refreshes, day.misses, day.coldPages, fmt(day.dayPages / day.refreshes, 2), day.dayPages, `$${fmt(day.dayPages * USD_PER_REQUEST, 2)}`,
            naivePerRefresh, naiveDay.toLocaleString("en-US"), `$${fmt(naiveDay * USD_PER_REQUEST, 2)}`,
            `${fmt(naiveDay / day.dayPages, 0)}×`, day.organizationsPages,
        ]);
    }
    console.log("\nCost Explorer requests (billed), this driver vs. the predecessor");
    console.log(table(
        ["students", "refreshes", "misses", "pages on a miss", "avg req/refresh", "req/day", "$/day",
            "naive req/refresh", "naive req/day", "naive $/day", "naive ÷ ours", "Organizations pages/day (free)"],
        rows,
    ));

    // How the page count of one fetch moves with the undocumented page size and the day of the month.
    console.log(`\nPages per cache miss (= billed requests per refresh that misses) for 1,000 students, by assumed page size and day of month; ` +
        `a day has ${DAY_MS / TTL_MS} misses`);
    const pageSizes = [500, 1000, 2000, 5000];
    const days = [1, 15, 31];
    const sensitivity: (string | number)[][] = [];
    for (const day of days) {
        const when = new Date(Date.UTC(2026, 11, day, 8));
        const cells: string[] = [];
        for (const size of pageSizes) {
            const ce = mockClient(CostExplorerClient);
            ce.on(GetCostAndUsageCommand).callsFake(simulatedCostExplorer({ groupsPerPage: size }));
            const dir = fs.mkdtempSync(path.join(os.tmpdir(), "workshop-bench-ce-"));
            await getWorkshopCosts({
                client: new CostExplorerClient({ region: "us-east-1", credentials: { accessKeyId: "x", secretAccessKey: "x" } }),
                accountIds: accountIds(1000), cachePath: path.join(dir, "c.json"), ttlMs: TTL_MS, now: () => when,
            });
            const pages = ce.commandCalls(GetCostAndUsageCommand).length;
            cells.push(`${pages} ($${fmt(pages * (DAY_MS / TTL_MS) * USD_PER_REQUEST, 2)}/day)`);
            ce.restore();
            fs.rmSync(dir, { recursive: true, force: true });
        }
        sensitivity.push([`${when.toISOString().slice(0, 10)} (${day} day${day > 1 ? "s" : ""})`, ...cells]);
    }
    console.log(table(["date (days of data)", ...pageSizes.map((s) => `${s}/page`)], sensitivity));
}

main().catch((error) => {
    console.error(error);
    process.exit(1);
});
