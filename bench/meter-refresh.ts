/**
 * The live meter's refresh at 10, 100 and 1,000 students: AWS requests per refresh (and which are
 * billed), what they cost per student per month, and the refresh's wall time with every mocked
 * AWS call taking a realistic 100 ms. Runs the real code (driver/meter refreshMeter through the
 * real client factory: one assume-role per account, Price List cache, CloudWatch reads) under
 * aws-sdk-client-mock with callsFake delays.
 *
 *   ts-node --transpile-only bench/meter-refresh.ts [--sizes 10,100,1000] [--latency 100] [--concurrency 16] [--opened eks,globalaccelerator]
 *
 * Workshop: 2 regions; every student runs one t3.micro; one student in five used one Bedrock model. The
 * inventory is the shared one (driver/inventory, every listing of driver/catalogue) against tests/support/fake-student-aws.ts,
 * at the same latency; gated kinds are listed only for the services --opened names (allowedServices; none by default).
 */
import { CloudWatchClient, GetMetricDataCommand, GetMetricStatisticsCommand, ListMetricsCommand } from "@aws-sdk/client-cloudwatch";
import { GetProductsCommand, PricingClient } from "@aws-sdk/client-pricing";
import { mockClient } from "aws-sdk-client-mock";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import { DEFAULT_AWS_RETRY } from "../driver/aws/retrying-client";
import { workshopInventory } from "../driver/meter/live-meter";
import { type MeterPlan, type MeterServices,refreshMeter } from "../driver/meter/refresh";
import { PriceBook } from "../driver/prices/price-book";
import { testAwsClients } from "../tests/support/aws";
import { FakeBedrockMetrics } from "../tests/support/fake-cloudwatch";
import { fakePriceList, workshopProducts } from "../tests/support/fake-price-list";
import { FakeStudentAws } from "../tests/support/fake-student-aws";
import { fmt, machineLine, table } from "./support/table";

function argValue(name: string): string | undefined {
    const i = process.argv.indexOf(name);
    return i >= 0 ? process.argv[i + 1] : undefined;
}

const SIZES = (argValue("--sizes") ?? "10,100,1000").split(",").map(Number);
const LATENCY_MS = Number(argValue("--latency") ?? 100);
const CONCURRENCY = Number(argValue("--concurrency") ?? 16);
const OPENED = (argValue("--opened") ?? "").split(",").filter(Boolean);
const REGIONS = ["us-east-1", "us-west-2"];
const INTERVAL_MIN = 5;
/** CloudWatch: ListMetrics and GetMetricStatistics are "API requests", free for the first 1M a month, then $0.01 per 1,000. */
const FREE_REQUESTS = 1_000_000;
const USD_PER_1000 = 0.01;
const delay = () => new Promise((resolve) => setTimeout(resolve, LATENCY_MS));

interface Run {
    counts: Record<string, number>;
    ms: number;
}

async function workshop(students: number, dir: string): Promise<{ first: Run; second: Run }> {
    const now = new Date("2026-11-23T12:00:00Z");
    const ids = Array.from({ length: students }, (_, i) => String(100000000000 + i));
    const metrics = new FakeBedrockMetrics(() => now);
    // The inventory's services and STS, stateful: one running t3.micro per student.
    const fake = new FakeStudentAws().install();
    fake.latencyMs = LATENCY_MS;
    ids.forEach((id, i) => {
        fake.region(id, "us-east-1").instances.push({ InstanceId: `i-${id}`, InstanceType: "t3.micro", State: { Name: "running", Code: 16 },
            LaunchTime: new Date("2026-11-23T09:00:00Z"), PlatformDetails: "Linux/UNIX" });
        if (i % 5 === 0) metrics.tokens(`ASIAFAKE${id}/us-east-1`, "amazon.nova-lite-v1:0", [{ at: new Date("2026-11-23T11:30:00Z"), input: 20_000, output: 50_000 }]);
    });
    const cloudwatch = mockClient(CloudWatchClient);
    const pricing = mockClient(PricingClient);
    const scope = async (getClient: () => unknown) => {
        const client = getClient() as CloudWatchClient;
        return `${(await client.config.credentials()).accessKeyId}/${await client.config.region()}`;
    };
    cloudwatch.on(ListMetricsCommand).callsFake(async (input, getClient) => { const s = await scope(getClient); await delay(); return metrics.listMetrics(s, input); });
    cloudwatch.on(GetMetricStatisticsCommand).callsFake(async (input, getClient) => { const s = await scope(getClient); await delay(); return metrics.getMetricStatistics(s, input); });
    const priceList = fakePriceList(workshopProducts());
    pricing.on(GetProductsCommand).callsFake(async (input) => { await delay(); return priceList(input); });

    const aws = testAwsClients();
    const inventory = workshopInventory(aws, DEFAULT_AWS_RETRY, OPENED);
    const plan: MeterPlan = {
        students: ids.map((accountId, i) => ({ key: `s${i}`, name: `Student ${i}`, email: `s${i}@example.com`, accountId, budgetName: `w-s${i}` })),
        regions: REGIONS, periodStart: new Date("2026-11-23T08:00:00Z"), thresholds: {}, dryRun: true,
    };
    let clock = now;
    const services: MeterServices = {
        aws, inventory, concurrency: CONCURRENCY, now: () => clock, retry: DEFAULT_AWS_RETRY,
        prices: new PriceBook({ cachePath: path.join(dir, "price-cache.json"), now: () => clock, client: aws.client(PricingClient) }),
        freeze: { freezeStudent: async () => "", deactivateSharedKey: async () => "" },
        files: { snapshot: path.join(dir, "snapshot.json"), ledger: path.join(dir, "ledger.json"), freezes: path.join(dir, "freezes.json") },
        log: () => undefined, warn: () => undefined,
    };
    const inventoryCommands = () => fake.calls.filter((c) => c.command !== "AssumeRole").length;
    const count = () => ({
        AssumeRole: fake.callsOf("AssumeRole").length, inventory: inventoryCommands(), ListMetrics: cloudwatch.commandCalls(ListMetricsCommand).length,
        GetMetricStatistics: cloudwatch.commandCalls(GetMetricStatisticsCommand).length, GetMetricData: cloudwatch.commandCalls(GetMetricDataCommand).length,
        GetProducts: pricing.commandCalls(GetProductsCommand).length,
    });
    const timed = async (): Promise<Run> => {
        const before = count();
        const started = performance.now();
        await refreshMeter(plan, services);
        const ms = performance.now() - started;
        const after = count();
        return { ms, counts: Object.fromEntries(Object.entries(after).map(([k, v]) => [k, v - before[k as keyof typeof before]])) };
    };
    try {
        const first = await timed();
        clock = new Date(now.getTime() + INTERVAL_MIN * 60_000);
        const second = await timed();
        return { first, second };
    } finally {
        fake.restore();
        cloudwatch.restore();
        pricing.restore();
    }
}

async function main(): Promise<void> {
    console.log(`meter-refresh: ${machineLine()}`);
    console.log(`${REGIONS.length} regions, every student runs a t3.micro, 1 in 5 used one Bedrock model; every mocked call takes ${LATENCY_MS} ms; ` +
        `${CONCURRENCY} accounts at once; refresh every ${INTERVAL_MIN} min; allowedServices: ${OPENED.join(", ") || "none"}.`);
    const rows: (string | number)[][] = [];
    const costRows: (string | number)[][] = [];
    for (const students of SIZES) {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-meter-"));
        try {
            const { first, second } = await workshop(students, dir);
            for (const [label, run] of [["first (cold)", first], ["next", second]] as const) {
                const c = run.counts;
                rows.push([students, label, c.AssumeRole, c.inventory, fmt(c.inventory / students, 0), c.ListMetrics, c.GetMetricStatistics, c.GetMetricData, c.GetProducts,
                    fmt((c.ListMetrics + c.GetMetricStatistics) / students, 2), fmt(run.ms / 1000, 1)]);
            }
            // Billed class: CloudWatch API requests (ListMetrics + GetMetricStatistics); a steady refresh is "next".
            const perRefresh = second.counts.ListMetrics + second.counts.GetMetricStatistics;
            for (const [scenario, hours] of [["8 h × 22 days", 8 * 22], ["24/7, 30 days", 24 * 30]] as const) {
                const refreshes = hours * (60 / INTERVAL_MIN);
                const monthly = perRefresh * refreshes;
                const billed = Math.max(0, monthly - FREE_REQUESTS);
                // The same data with GetMetricData: ListMetrics still counts as requests, and every metric read is billed, never free.
                const listed = second.counts.ListMetrics * refreshes;
                const alternative = Math.max(0, listed - FREE_REQUESTS) + second.counts.GetMetricStatistics * refreshes;
                costRows.push([students, scenario, fmt(monthly / students, 0), monthly.toLocaleString("en-US"), `${fmt(monthly / FREE_REQUESTS * 100, 1)}%`,
                    `$${fmt(billed / 1000 * USD_PER_1000 / students, 4)}`, `$${fmt(alternative / 1000 * USD_PER_1000 / students, 4)}`]);
            }
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    }
    console.log("\nRequests and wall time per refresh (inventory: the Describe/List calls of driver/inventory, all free)");
    console.log(table(["students", "refresh", "AssumeRole", "inventory calls", "per student", "ListMetrics", "GetMetricStatistics", "GetMetricData", "GetProducts",
        "CW req/student", "wall s"], rows));
    console.log(`\nCloudWatch requests a month (the only billed class: 1M free per month, shared by the organization under consolidated billing, ` +
        `then $${USD_PER_1000} per 1,000); STS, EC2/RDS/SageMaker describes and the Price List are free`);
    console.log(table(["students", "meter running", "req/student/month", "req/org/month", "of free tier", "$/student/month",
        "with GetMetricData $/student/month"], costRows));
}

main().catch((error) => {
    console.error(error);
    process.exit(1);
});
