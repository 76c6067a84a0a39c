/**
 * Billed AWS requests of the dashboard over a workshop day and of one report, counted on the real
 * code path (driver/dashboard/load-model.ts `dashboardLoader`, as `npm run dashboard` polls it, and
 * driver/costs/service-costs.ts, as the report calls it) with aws-sdk-client-mock, and the
 * workshop's own AWS cost per day (driver/costs/own-cost.ts).
 *
 *   ts-node --transpile-only bench/billed-requests.ts [--date 2026-11-23] [--groups-per-page 1000]
 *
 * Cost Explorer charges $0.01 per request, each page of an answer included. The Budgets API has
 * no per-request price (https://aws.amazon.com/aws-cost-management/aws-budgets/pricing/: only
 * action-enabled budget-days and budget reports are priced); Organizations' API is free.
 */
import { BudgetsClient, DescribeBudgetsCommand } from "@aws-sdk/client-budgets";
import { CostExplorerClient, GetCostAndUsageCommand } from "@aws-sdk/client-cost-explorer";
import { DescribeOrganizationCommand, ListAccountsForParentCommand, OrganizationsClient } from "@aws-sdk/client-organizations";
import { mockClient } from "aws-sdk-client-mock";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import { awsClients } from "../driver/aws/clients";
import type { DriverContext } from "../driver/context";
import { USD_PER_REQUEST } from "../driver/costs/fetch-cost-and-usage";
import { ownCostPerDay } from "../driver/costs/own-cost";
import { getServiceCosts } from "../driver/costs/service-costs";
import { costBudget, simulatedBudgets } from "../driver/costs/simulated-budgets";
import { simulatedCostExplorer } from "../driver/costs/simulated-cost-explorer";
import type { Engine, OutputMap } from "../driver/pulumi/engine";
import { dashboardLoader } from "../driver/workshop-model/load-model";
import { fmt, machineLine, table } from "./support/table";

const DAY_MS = 8 * 3600 * 1000;
const REFRESH_MS = 60 * 1000;
const TTL_MS = 30 * 60 * 1000;
/** ListAccountsForParent's documented maximum page size. */
const ORGANIZATIONS_PAGE = 20;
/**
 * bench/RESULTS.md §2, measured 2026-11-23 on the Cost Explorer path this replaces (month to date,
 * DAILY, grouped by account, once per TTL): requests per dashboard day, and pages of one fetch,
 * which is what a report cost (it made the same query).
 */
const BEFORE_CE_REQUESTS: Record<number, number> = { 10: 16, 100: 48, 1000: 368 };
const BEFORE_REPORT_REQUESTS: Record<number, number> = { 10: 1, 100: 3, 1000: 23 };
/** Services a workshop typically touches; the report groups by service, so this, not students, sets its page count. */
const SERVICES = ["Amazon Elastic Compute Cloud - Compute", "EC2 - Other", "Amazon Simple Storage Service", "AWS Lambda",
    "Amazon Relational Database Service", "Amazon DynamoDB", "Amazon API Gateway", "Amazon CloudWatch", "Amazon Bedrock",
    "Amazon Virtual Private Cloud", "AWS Key Management Service", "Amazon Simple Queue Service"];

function argValue(name: string): string | undefined {
    const i = process.argv.indexOf(name);
    return i >= 0 ? process.argv[i + 1] : undefined;
}

function workshopOutputMap(students: number): OutputMap {
    const entries = Array.from({ length: students }, (_, i) => {
        const key = `student${i}-at-uni-example`;
        return [key, { email: `student${i}@uni.example`, name: `Student ${i}`, accountId: String(200000000000 + i), accountName: `nov ${i}`,
            accountEmail: `aws+nov-${key}@school.example`, userName: `student${i}@uni.example`, identityStoreUserId: `u-${i}`,
            budgetName: `nov-${key}`, budgetLimitUsd: 25 }];
    });
    const values: Record<string, unknown> = { workshopName: "nov", ouId: "ou-ab12-workshop", masterBudgetName: "nov-master",
        masterBudgetUsd: 25 * students, budgetAlertThresholds: [50, 80, 100], budgetFreeze: true, students: Object.fromEntries(entries) };
    return Object.fromEntries(Object.entries(values).map(([name, value]) => [name, { value, secret: false }]));
}

/** The engine as the dashboard sees it on the local backend: the checkpoint is not rewritten all day. */
function countingEngine(outputs: OutputMap): { engine: Engine; reads: () => number } {
    let reads = 0;
    const refuse = async (): Promise<never> => { throw new Error("the dashboard never changes the stack"); };
    return {
        reads: () => reads,
        engine: {
            description: "stack nov on the bench", preview: refuse, up: refuse, destroy: refuse, setConfig: refuse,
            getConfig: async () => undefined,
            outputs: async () => { reads++; return outputs; },
            stateVersion: async () => "checkpoint unchanged",
            listStacks: async () => [{ name: "nov", outputs }],
        },
    };
}

interface DashboardDay {
    refreshes: number;
    costExplorer: number;
    budgetsPages: number;
    organizationsPages: number;
    outputsReads: number;
}

/** One workshop day of dashboard polls through the real loader, caches and request code, counting what reaches AWS. */
async function dashboardDay(students: number, start: Date): Promise<DashboardDay> {
    const outputs = workshopOutputMap(students);
    const ids = Array.from({ length: students }, (_, i) => String(200000000000 + i));
    const budgets = mockClient(BudgetsClient);
    const ce = mockClient(CostExplorerClient);
    const org = mockClient(OrganizationsClient);
    budgets.on(DescribeBudgetsCommand).callsFake(simulatedBudgets([...ids.map((_, i) => `nov-student${i}-at-uni-example`), "nov-master"]
        .map((name) => costBudget(name, { actualUsd: 1, includeCredit: false }))));
    ce.on(GetCostAndUsageCommand).callsFake(simulatedCostExplorer({ groupsPerPage: 1000 }));
    org.on(DescribeOrganizationCommand).resolves({ Organization: { Id: "o-abc123", MasterAccountId: "999999999999" } });
    org.on(ListAccountsForParentCommand).callsFake(async (input: { NextToken?: string }) => {
        const offset = Number(input.NextToken ?? 0);
        const page = ids.slice(offset, offset + ORGANIZATIONS_PAGE).map((Id) => ({ Id, State: "ACTIVE" as const }));
        const next = offset + ORGANIZATIONS_PAGE;
        return { Accounts: page, ...(next < ids.length ? { NextToken: String(next) } : {}) };
    });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "workshop-bench-billed-"));
    const { engine, reads } = countingEngine(outputs);
    let clock = start;
    const ctx = { engine, aws: awsClients({ env: { AWS_ACCESS_KEY_ID: "x", AWS_SECRET_ACCESS_KEY: "x" } }), projectDir: dir,
        stack: "nov", dataDir: dir, now: () => clock, log: () => {}, warn: () => {} } as unknown as DriverContext;
    try {
        const load = dashboardLoader(ctx, { ttlMs: TTL_MS });
        let refreshes = 0;
        for (let t = 0; t < DAY_MS; t += REFRESH_MS) {
            clock = new Date(start.getTime() + t);
            await load();
            refreshes++;
        }
        return {
            refreshes, costExplorer: ce.commandCalls(GetCostAndUsageCommand).length, budgetsPages: budgets.commandCalls(DescribeBudgetsCommand).length,
            organizationsPages: org.calls().length, outputsReads: reads(),
        };
    } finally {
        budgets.restore();
        ce.restore();
        org.restore();
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

/** One report's per-service query, on a cold cache; its pages are its billed requests. */
async function reportRequests(students: number, start: Date, groupsPerPage: number, services: readonly string[]): Promise<number> {
    const ce = mockClient(CostExplorerClient);
    ce.on(GetCostAndUsageCommand).callsFake(simulatedCostExplorer({ groupsPerPage, services }));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "workshop-bench-report-"));
    try {
        const result = await getServiceCosts({
            client: new CostExplorerClient({ region: "us-east-1", credentials: { accessKeyId: "x", secretAccessKey: "x" } }),
            accountIds: Array.from({ length: students }, (_, i) => String(200000000000 + i)),
            cachePath: path.join(dir, "c.json"), ttlMs: TTL_MS, now: () => start,
        });
        if (result.billedRequests !== ce.commandCalls(GetCostAndUsageCommand).length) throw new Error("the report miscounts its requests");
        return result.billedRequests;
    } finally {
        ce.restore();
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

async function main(): Promise<void> {
    console.log(`billed-requests: ${machineLine()}`);
    const date = argValue("--date") ?? "2026-11-23";
    const groupsPerPage = Number(argValue("--groups-per-page") ?? 1000);
    const start = new Date(`${date}T08:00:00Z`);
    console.log(`Workshop day ${date} 08:00-16:00 UTC, dashboard open all day, refresh every ${REFRESH_MS / 1000} s, cache TTL ` +
        `${TTL_MS / 60000} min; the payer account holds only this workshop's budgets; $${USD_PER_REQUEST} per Cost Explorer request/page.`);

    const rows: (string | number)[][] = [];
    for (const students of [10, 100, 1000]) {
        const day = await dashboardDay(students, start);
        const before = BEFORE_CE_REQUESTS[students];
        rows.push([students, day.refreshes, before, `$${fmt(before * USD_PER_REQUEST, 2)}`, day.costExplorer,
            `$${fmt(day.costExplorer * USD_PER_REQUEST, 2)}`, day.budgetsPages, day.organizationsPages,
            `${day.refreshes} (${day.refreshes * 2} CLI runs)`, `${day.outputsReads} (${day.outputsReads * 2} CLI runs)`]);
    }
    console.log("\nDashboard, one 8-hour day: billed requests before (Cost Explorer, bench/RESULTS.md) and now (AWS Budgets)");
    console.log(table(["students", "refreshes", "before: CE req/day", "before $/day", "CE req/day", "$/day",
        "Budgets pages/day (free)", "Organizations calls/day (free)", "before: outputs reads (1/poll)", "outputs reads"], rows));

    console.log(`\nOne report (cold cache): billed Cost Explorer requests for the spend by service (MONTHLY, grouped by SERVICE), ` +
        `assumed page size ${groupsPerPage} groups; spend per student comes from Budgets, free`);
    const reportRows: (string | number)[][] = [];
    for (const students of [10, 100, 1000]) {
        const typical = await reportRequests(students, start, groupsPerPage, SERVICES);
        const small = await reportRequests(students, start, 5, SERVICES);
        reportRows.push([students, BEFORE_REPORT_REQUESTS[students], SERVICES.length, typical, `$${fmt(typical * USD_PER_REQUEST, 2)}`, small]);
    }
    console.log(table(["students", "before: requests", "services with cost", `requests at ${groupsPerPage}/page`, "$",
        "requests at 5 groups/page (pessimistic)"], reportRows));

    console.log("\nThe workshop's own AWS cost per day (driver/costs/own-cost.ts): action-enabled budgets $0.10/budget-day beyond " +
        "62 free a month, 1 CloudWatch alarm (free within 10), the rest free; nothing else in the payer uses those free tiers");
    const costRows: (string | number)[][] = [10, 50, 200].map((students) => {
        const budgets = { budgets: students + 1, alarms: 1 };
        const on = (days: number) => `$${ownCostPerDay({ ...budgets, actionEnabledBudgets: students }, days).usdPerDay.toFixed(2)}`;
        const off = ownCostPerDay({ ...budgets, actionEnabledBudgets: 0 }, 31).usdPerDay;
        return [students, on(31), on(30), on(28), `$${off.toFixed(2)}`];
    });
    console.log(table(["students", "freeze on, 31-day month", "30-day", "28-day", "freeze off"], costRows));
}

main().catch((error) => {
    console.error(error);
    process.exit(1);
});
