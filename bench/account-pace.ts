/**
 * Time until every account is ready (created, or closed), on the AWS rules model with its
 * organization-wide limits (5 creations, 3 closures in progress) and a CreateAccount time drawn from
 * a realistic range: the lane chains of before issue 22 (bench/support/lane-schedule.ts) against
 * admission from AWS's own count (infra/dynamic/account-admission.ts), each against the floor
 * ceil(N/5) x T_create (ceil(N/3) x T_close for closures).
 *
 *   ts-node --transpile-only bench/account-pace.ts [--sizes 50,200] [--seed 7]
 *
 * Each account is one Pulumi step as the mock engine runs it (tests/support/step-schedule.ts): the
 * provider's CreateAccount/CloseAccount and its wait (tests/support/provider-models.ts), preceded, in
 * "after", by the admission wait the program declares (the account gate: its create and its delete).
 * The rest of a student's resources do not gate accounts and are left out to keep 200 students quick.
 */
import { OrganizationsClient } from "@aws-sdk/client-organizations";

import { admit } from "../infra/dynamic/account-admission";
import { closeWhenAdmitted } from "../infra/dynamic/account-gate";
import { MINUTE, SECOND } from "../tests/support/aws-rules/clock";
import { CLOSE_ACCOUNT_DURATION, CREATE_ACCOUNT_RANGE, drawnCreateDurations } from "../tests/support/aws-rules/organizations";
import { installSdkMocks } from "../tests/support/aws-rules/sdk-mocks";
import { AwsWorld } from "../tests/support/aws-rules/world";
import { ProviderError, providerModel } from "../tests/support/provider-models";
import { seeded } from "../tests/support/seeded-random";
import { type Execution, runSchedule, type Step } from "../tests/support/step-schedule";
import { lanePredecessors } from "./support/lane-schedule";
import { fmt, machineLine, table } from "./support/table";

const arg = (name: string, fallback: string) => {
    const at = process.argv.indexOf(`--${name}`);
    return at >= 0 ? process.argv[at + 1] : fallback;
};
const SIZES = arg("sizes", "50,200").split(",").map(Number);
const SEED = Number(arg("seed", "7"));
const MEAN_CREATE = (CREATE_ACCOUNT_RANGE[0] + CREATE_ACCOUNT_RANGE[1]) / 2;
const ACCOUNT = providerModel("aws:organizations/account:Account")!;
const TIMEOUTS = { create: "30m", delete: "30m" };

type Mode = "lanes" | "admission";
interface Student { key: string; name: string; email: string; stack: string; id: string }
interface Item { kind: "slot" | "create" | "close" | "gate-close"; student: Student; accountId?: string }
interface Outcome { minutes: number; ready: number; failed: number; skipped: number; refusals: number; peak: number }

function roster(count: number, stack: string, from = 1): Student[] {
    return Array.from({ length: count }, (_, i) => {
        const n = String(from + i).padStart(3, "0");
        const id = String(300000000000 + (stack.charCodeAt(0) * 1000) + from + i);
        return { key: `${stack}-student${n}`, name: `${stack} Student ${n}`, email: `aws+${stack}-student${n}@school.example`, stack, id };
    });
}

function newWorld(): AwsWorld {
    // The same draws every run, for CreateAccount times and (below) the admission's jitter alike.
    return new AwsWorld({ closeQuotaRule: "quotas-page", createDuration: drawnCreateDurations(seeded(SEED)) });
}

/** Steps for creating `students`' accounts the `mode` way. */
function createSteps(students: Student[], mode: Mode): Step<Item>[] {
    if (mode === "lanes") {
        const before = lanePredecessors(students.map((s) => s.key));
        return students.map((student) => {
            const previous = before.get(student.key);
            return { key: `create:${student.key}`, after: previous ? [`create:${previous}`] : [], item: { kind: "create", student } };
        });
    }
    return students.flatMap((student): Step<Item>[] => [
        { key: `slot:${student.key}`, after: [], item: { kind: "slot", student } },
        { key: `create:${student.key}`, after: [`slot:${student.key}`], item: { kind: "create", student } },
    ]);
}

/** Steps for closing `removed` (of `all`, whose lanes the old state recorded) the `mode` way. */
function closeSteps(all: Student[], removed: Student[], ids: Map<string, string>, mode: Mode): Step<Item>[] {
    if (mode === "lanes") {
        // Pulumi deletes an account only after every deleted resource that depended on it: a removed
        // account's lane predecessor (its old dependency) waits for it, if removed too.
        const before = lanePredecessors(all.map((s) => s.key));
        const gone = new Set(removed.map((s) => s.key));
        return removed.map((student) => ({
            key: `close:${student.key}`,
            after: removed.filter((s) => before.get(s.key) === student.key && gone.has(s.key)).map((s) => `close:${s.key}`),
            item: { kind: "close", student, accountId: ids.get(student.key)! },
        }));
    }
    // The gate sends CloseAccount itself once admitted (infra/dynamic/account-gate.ts).
    return removed.map((student): Step<Item> => ({ key: `close:${student.key}`, after: [], item: { kind: "gate-close", student, accountId: ids.get(student.key)! } }));
}

async function runSteps(world: AwsWorld, stacks: Step<Item>[][]): Promise<{ outcome: Outcome; ids: Map<string, string> }> {
    const client = new OrganizationsClient({ region: "us-east-1" });
    const board = world.suspendedOuId!;
    const ids = new Map<string, string>();
    let refusals = 0;
    const execute = async (item: Item): Promise<Execution> => {
        const { student } = item;
        try {
            if (item.kind === "slot") {
                await admit(client, { kind: "create", subject: student.name, boardId: board, queue: student.stack });
                return { ok: true, duration: SECOND };
            }
            if (item.kind === "gate-close") {
                await closeWhenAdmitted(client, item.accountId!, { parkingOuId: board, queue: student.stack });
                // The gate does not wait for the close; the account is closed this long after CloseAccount.
                return { ok: true, duration: CLOSE_ACCOUNT_DURATION };
            }
            if (item.kind === "create") {
                const result = ACCOUNT.create({ name: student.key, id: student.id, planned: {}, inputs: { name: student.name, email: student.email, tags: {} } }, { world, timeouts: TIMEOUTS });
                ids.set(student.key, result.id!);
                return { ok: true, duration: result.duration ?? SECOND };
            }
            const result = ACCOUNT.delete({ id: item.accountId!, inputs: { closeOnDeletion: true }, outputs: {} }, { world, timeouts: TIMEOUTS });
            return { ok: true, duration: result.duration ?? SECOND };
        } catch (error) {
            // The provider model's errors, or the SDK's from the gate's own CloseAccount.
            const sdkName = (error as { $metadata?: unknown; name?: string }).$metadata ? (error as Error).name : undefined;
            if (!(error instanceof ProviderError) && !sdkName) throw error;
            const message = `${sdkName ?? ""} ${(error as Error).message}`;
            if (/ConcurrentModificationException/.test(message)) refusals++;
            return { ok: false, duration: error instanceof ProviderError ? error.duration : SECOND, message };
        }
    };
    const start = world.clock.now();
    const sdk = installSdkMocks(world);
    const random = Math.random;
    Math.random = seeded(SEED + 1);
    try {
        const results = await world.sim.session(() => Promise.all(stacks.map((steps) => runSchedule(steps, execute, world.sim))));
        const accountSteps = results.flatMap((r) => [...r].filter(([key]) => /^(create|close):/.test(key)).map(([, o]) => o));
        const ready = accountSteps.filter((o) => o.status === "done");
        const org = world.organizations;
        return {
            ids,
            outcome: {
                minutes: (Math.max(start, ...ready.map((o) => o.end)) - start) / MINUTE,
                ready: ready.length,
                failed: accountSteps.filter((o) => o.status === "failed").length,
                skipped: accountSteps.filter((o) => o.status === "skipped").length,
                refusals,
                peak: Math.max(org.peakCreations, org.peakClosures),
            },
        };
    } finally {
        Math.random = random;
        sdk.restore();
    }
}

interface Scenario { name: string; floor: number; count: number; run(mode: Mode): Promise<Outcome> }

const createFloor = (n: number) => Math.ceil(n / 5) * MEAN_CREATE / MINUTE;
const closeFloor = (n: number) => Math.ceil(n / 3) * (CLOSE_ACCOUNT_DURATION + 10 * SECOND) / MINUTE;

const scenarios: Scenario[] = [
    ...SIZES.map((n): Scenario => ({
        name: `create ${n}`, floor: createFloor(n), count: n,
        run: async (mode) => (await runSteps(newWorld(), [createSteps(roster(n, "a"), mode)])).outcome,
    })),
    {
        name: "create 50, one CreateAccount fails (EMAIL_ALREADY_EXISTS)", floor: createFloor(49), count: 50,
        run: async (mode) => {
            const world = newWorld();
            const students = roster(50, "a");
            // Someone already uses student 7's root email: Organizations fails that request, and only that one.
            world.organizations.createAccount({ name: "elsewhere", email: students[6].email });
            world.clock.advance(60 * MINUTE);
            world.organizations.peakCreations = 0;
            return (await runSteps(world, [createSteps(students, mode)])).outcome;
        },
    },
    {
        name: "two workshops of 50 at once", floor: createFloor(100), count: 100,
        run: async (mode) => (await runSteps(newWorld(), [createSteps(roster(50, "a"), mode), createSteps(roster(50, "b"), mode)])).outcome,
    },
    {
        name: "remove every other student of 40 (20 closures)", floor: closeFloor(20), count: 20,
        run: async (mode) => {
            const world = newWorld();
            const all = roster(40, "a");
            const { ids } = await runSteps(world, [createSteps(all, "admission")]);
            world.clock.advance(24 * 60 * MINUTE);
            world.organizations.peakClosures = 0;
            world.organizations.peakCreations = 0;
            return (await runSteps(world, [closeSteps(all, all.filter((_, i) => i % 2 === 1), ids, mode)])).outcome;
        },
    },
];

async function main(): Promise<void> {
    console.log(machineLine());
    console.log(`CreateAccount ${CREATE_ACCOUNT_RANGE[0] / MINUTE}-${CREATE_ACCOUNT_RANGE[1] / MINUTE} min (uniform, seed ${SEED}); CloseAccount ${fmt((CLOSE_ACCOUNT_DURATION + 10 * SECOND) / MINUTE)} min; ` +
        "floor = ceil(N/5) x mean T_create, ceil(N/3) x T_close\n");
    const rows: (string | number)[][] = [];
    for (const scenario of scenarios) {
        const cells: (string | number)[] = [scenario.name, fmt(scenario.floor)];
        for (const mode of (process.env.MODES ?? "lanes,admission").split(",") as Mode[]) {
            const started = performance.now();
            const o = await scenario.run(mode);
            const done = o.ready === scenario.count || (o.ready === scenario.count - 1 && o.failed === 1 && o.refusals === 0);
            cells.push(`${fmt(o.minutes)} min`, `${o.ready}/${scenario.count}${o.failed ? `, ${o.failed} failed` : ""}${o.skipped ? `, ${o.skipped} skipped` : ""}`,
                o.refusals, o.peak, done ? `${fmt(o.minutes / scenario.floor, 2)}x` : "not all");
            process.stderr.write(`${scenario.name} / ${mode}: ${((performance.now() - started) / 1000).toFixed(1)} s real\n`);
        }
        rows.push(cells);
    }
    console.log(table(
        ["scenario", "floor min", "lanes: time", "ready", "refused", "peak", "/floor", "admission: time", "ready", "refused", "peak", "/floor"], rows));
    console.log("\nready: accounts created (closed) of those asked; refused: ConcurrentModificationException from Organizations;" +
        "\npeak: most requests in progress at once, refused ones included; /floor: time over the floor, when every account that could be was ready.");
}

main().catch((error) => { console.error(error); process.exit(1); });
