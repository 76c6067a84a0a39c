/**
 * What the freeze's inventory costs in API calls and time, on the real code path (driver/inventory,
 * driver/freeze) against the stateful fake of tests/support/fake-student-aws.ts.
 *
 *   ts-node --transpile-only bench/freeze-calls.ts [--latency 100] [--sizes 10,100]
 *
 * Table 1: calls per account for a dry run and for the real stop, by what runs in the account.
 * Table 2: inventory wall time for a workshop, every call taking --latency ms (100 ms is a
 * realistic round trip to an AWS API from a laptop), at several concurrency limits.
 * Every call counted here is free: describe/list calls and STS are not billed. A default workshop: no
 * allowedServices opened, so the gated kinds' listings are not made.
 */
import type { AwsClients } from "../driver/aws/clients";
import { executeFreeze } from "../driver/freeze/execute";
import { planFreeze } from "../driver/freeze/plan";
import { listInventories } from "../driver/inventory/inventory";
import { manualClock } from "../driver/time/clock";
import { testAwsClients } from "../tests/support/aws";
import { FakeStudentAws, oneOfEach } from "../tests/support/fake-student-aws";
import { fmt, machineLine, table } from "./support/table";

function argValue(name: string): string | undefined {
    const i = process.argv.indexOf(name);
    return i >= 0 ? process.argv[i + 1] : undefined;
}

const LATENCY_MS = Number(argValue("--latency") ?? 100);
const SIZES = (argValue("--sizes") ?? "10,100").split(",").map(Number);
const REGIONS = ["us-east-1", "eu-west-1"];
const retry = { policy: { maxAttempts: 5, baseDelayMs: 250, maxDelayMs: 2000, random: Math.random }, clock: manualClock() };
const accounts = (n: number) => Array.from({ length: n }, (_, i) => String(300000000000 + i));

async function callsPerAccount(regions: string[], running: boolean): Promise<{ dryRun: number; stop: number; byCommand: string }> {
    const fake = new FakeStudentAws().install();
    try {
        const [account] = accounts(1);
        if (running) regions.forEach((region, i) => oneOfEach(fake, account, region, `${i}`));
        const aws: AwsClients = testAwsClients();
        const inventories = await listInventories(aws, [account], regions, { retry, openedServices: [] });
        const dryRun = fake.calls.length;
        const counts = new Map<string, number>();
        fake.calls.forEach((c) => counts.set(c.command, (counts.get(c.command) ?? 0) + 1));
        await executeFreeze(aws, inventories.map((inventory) => planFreeze(inventory)), { retry });
        return { dryRun, stop: fake.calls.length - dryRun, byCommand: [...counts].map(([c, n]) => `${c} ${n}`).join(", ") };
    } finally {
        fake.restore();
    }
}

async function inventoryTime(students: number, concurrency: number): Promise<{ seconds: number; calls: number }> {
    const fake = new FakeStudentAws().install();
    fake.latencyMs = LATENCY_MS;
    try {
        const ids = accounts(students);
        ids.forEach((id, i) => { if (i % 10 === 0) oneOfEach(fake, id, REGIONS[0]); });
        const started = performance.now();
        await listInventories(testAwsClients(), ids, REGIONS, { retry, concurrency, openedServices: [] });
        return { seconds: (performance.now() - started) / 1000, calls: fake.calls.length };
    } finally {
        fake.restore();
    }
}

async function main() {
    console.log(machineLine());
    console.log("\nAPI calls per student account; in the management account `freeze <email>` adds DescribeOrganization,\n" +
        "DescribeBudgetActionsForBudget and ListPoliciesForTarget (and AttachPolicy), `--all-frozen` one DescribeBudgetActionsForBudget per student");
    const rows: (string | number)[][] = [];
    let commands = "";
    for (const regions of [REGIONS.slice(0, 1), REGIONS]) {
        for (const running of [false, true]) {
            const c = await callsPerAccount(regions, running);
            rows.push([regions.length, running ? "one of each kind per region" : "empty", c.dryRun, c.stop]);
            if (regions.length === 2 && running) commands = c.byCommand;
        }
    }
    console.log(table(["regions", "account holds", "dry run", "+ stop"], rows));
    console.log(`Dry-run calls, 2 regions, one of each: ${commands}`);

    console.log(`\nInventory wall time, 2 regions, every call ${LATENCY_MS} ms, one student in ten running one of each kind`);
    const timing: (string | number)[][] = [];
    for (const students of SIZES) {
        for (const concurrency of [4, 8, 16]) {
            const t = await inventoryTime(students, concurrency);
            timing.push([students, concurrency, t.calls, `${fmt(t.seconds, 1)} s`]);
        }
    }
    console.log(table(["students", "pairs at once", "calls", "wall time"], timing));
}

main().catch((error) => {
    console.error(error);
    process.exit(1);
});
