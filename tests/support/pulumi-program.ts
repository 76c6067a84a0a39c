/**
 * Runs a project's Pulumi program the way the Pulumi CLI's Node.js language host does, but under
 * Pulumi's mocks instead of a real engine: the settings come from the project's Pulumi.yaml
 * (`main`, `runtime.options.typescript`, `nodeargs`), and the program is started by the SDK's own
 * `cmd/run` (what the language host executes), which registers ts-node only when `typescript` is
 * true. So tests and benchmarks see exactly which code `pulumi up` would load.
 *
 * Each run is a fresh child process (the program reads config and the roster at module load;
 * Pulumi's runtime is process-wide state):
 *
 *   node <nodeargs> pulumi-program.js --child '{"projectDir": ..., "config": {...}}'
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import Module from "module";
import * as path from "path";
import { parse } from "yaml";

import { resolve, runUnderMocks } from "./pulumi-harness";

/** What Pulumi.yaml tells the language host. */
export interface PulumiRuntime {
    /** Pulumi.yaml `main`, relative to the project (default: the project folder). */
    main: string;
    /** runtime.options.typescript (Pulumi's default: true). */
    typescript: boolean;
    /** runtime.options.nodeargs, split as the language host splits them. */
    nodeargs: string[];
}

export function projectRuntime(projectDir: string): PulumiRuntime {
    const project = parse(fs.readFileSync(path.join(projectDir, "Pulumi.yaml"), "utf8")) as {
        main?: string;
        runtime: string | { name: string; options?: { typescript?: boolean; nodeargs?: string } };
    };
    const options = typeof project.runtime === "object" ? project.runtime.options ?? {} : {};
    return {
        main: project.main ?? ".",
        typescript: options.typescript ?? true,
        nodeargs: (options.nodeargs ?? "").split(/\s+/).filter(Boolean),
    };
}

export interface ProgramRunRequest {
    projectDir: string;
    stack?: string;
    /** Stack config without the project namespace. */
    config: Record<string, string>;
    /** Instead of the project's Pulumi.yaml, e.g. to measure how an older one ran the program. */
    runtime?: PulumiRuntime;
    /** Extra environment for the child (the language host passes the CLI's environment on). */
    env?: NodeJS.ProcessEnv;
}

export interface ProgramRunResult {
    outputs: Record<string, unknown>;
    resources: number;
    /** Spawn to exit, and the part inside the program run (module loading + evaluation). */
    wallMs: number;
    runMs: number;
    maxRssMiB: number;
    /** Project files the run loaded (relative paths; not node_modules, not this runner's own), to prove which code ran. */
    loadedProjectFiles: string[];
    /** What the program wrote to stderr (compile notices, errors). */
    stderr: string;
}

export class ProgramRunFailed extends Error {
    constructor(message: string, readonly stderr: string) {
        super(message);
    }
}

/**
 * What the language host's `node .../cmd/run` does before it runs the program, minus connecting
 * to an engine: the SDK's tracing setup, `source-map-support/register` (installed for every
 * program, compiled or not: it rewrites every stack trace), and the V8 inspector hooks. Its
 * argument parsing would insist on an engine address, so that module is replaced by its one
 * export that run.js reads.
 */
async function languageHostPrelude(): Promise<string> {
    const runDir = path.dirname(require.resolve("@pulumi/pulumi/cmd/run/run"));
    /* eslint-disable @typescript-eslint/no-require-imports -- the SDK's own modules, loaded in the order cmd/run loads them */
    require(path.join(runDir, "instrumentation"));
    require(require.resolve("source-map-support/register", { paths: [runDir] }));
    const index = new Module(path.join(runDir, "index.js"));
    index.exports = { nodeJSProcessExitedAfterLoggingUserActionableMessage: 32 };
    index.loaded = true;
    require.cache[index.id] = index;
    await (require("@pulumi/pulumi/runtime/closure/v8Hooks") as { isInitializedAsync(): Promise<void> }).isInitializedAsync();
    /* eslint-enable @typescript-eslint/no-require-imports */
    return path.join(runDir, "run");
}

type RunModule = {
    run(argv: { _: string[] }, programStarted: () => void, reportLoggedError: (err: Error) => void, isErrorReported: (err: Error) => boolean): Promise<Record<string, unknown> | undefined>;
};

/** Runs in the child: the SDK's `cmd/run` under mocks, in the project folder, as the language host would. */
async function child(request: ProgramRunRequest & { runtime: PulumiRuntime }): Promise<void> {
    process.chdir(request.projectDir);
    process.env.PULUMI_NODEJS_TYPESCRIPT = String(request.runtime.typescript);
    let reported: Error | undefined;
    const before = new Set(Object.keys(require.cache));
    const started = performance.now();
    const runModule = await languageHostPrelude();
    const { resources, result } = await runUnderMocks(async () => {
        // The SDK's own program runner, the module the Node.js language host starts.
        // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded after setMocks, inside the timed run
        const { run } = require(runModule) as RunModule;
        const outputs = await run({ _: [request.runtime.main] }, () => {}, (err) => { reported = err; }, (err) => err === reported);
        return outputs === undefined ? {} : await resolve(outputs as never) as Record<string, unknown>;
    }, { stack: request.stack ?? "dev", config: request.config });
    const runMs = performance.now() - started;
    if (reported) throw reported;
    const projectDir = fs.realpathSync(request.projectDir);
    const loadedProjectFiles = Object.keys(require.cache)
        .filter((file) => !before.has(file) && file.startsWith(projectDir + path.sep) && !file.includes(`${path.sep}node_modules${path.sep}`))
        .map((file) => path.relative(projectDir, file));
    const answer: Omit<ProgramRunResult, "wallMs" | "stderr"> = {
        outputs: result, resources: resources.length, runMs,
        maxRssMiB: process.resourceUsage().maxRSS / 1024, loadedProjectFiles,
    };
    process.stdout.write(`RESULT ${JSON.stringify(answer)}\n`);
}

/**
 * `script`: this file as the child should run it. Tests pass the .ts (run with ts-node's
 * require hook, which never affects the program: the hook only compiles .ts files, and the
 * program's own files are checked in loadedProjectFiles); benchmarks pass a compiled .js.
 */
export function runProgramAsPulumi(request: ProgramRunRequest, script: { file: string; nodeFlags?: string[] } = { file: __filename }): ProgramRunResult {
    const runtime = request.runtime ?? projectRuntime(request.projectDir);
    const flags = [...runtime.nodeargs, ...(script.nodeFlags ?? []),
        ...(script.file.endsWith(".ts") ? ["-r", require.resolve("ts-node/register/transpile-only")] : [])];
    const started = performance.now();
    const run = spawnSync(process.execPath, [...flags, script.file, "--child", JSON.stringify({ ...request, runtime })], {
        cwd: request.projectDir, encoding: "utf8", maxBuffer: 256 * 2 ** 20,
        env: { ...process.env, ...request.env, TS_NODE_PROJECT: path.resolve(__dirname, "..", "..", "tsconfig.json") },
    });
    const wallMs = performance.now() - started;
    const line = run.stdout.split("\n").find((l) => l.startsWith("RESULT "));
    if (run.status !== 0 || !line) {
        const oom = /heap out of memory/.test(run.stderr);
        throw new ProgramRunFailed(oom ? "out of memory (V8 heap limit)" : `the program failed (exit ${run.status ?? run.signal}):\n${run.stderr.trim()}`, run.stderr);
    }
    return { ...JSON.parse(line.slice("RESULT ".length)) as Omit<ProgramRunResult, "wallMs" | "stderr">, wallMs, stderr: run.stderr };
}

if (require.main === module && process.argv[2] === "--child") {
    child(JSON.parse(process.argv[3]) as ProgramRunRequest & { runtime: PulumiRuntime }).catch((error: unknown) => {
        process.stderr.write(`${(error as Error)?.stack ?? String(error)}\n`);
        process.exit(1);
    });
}
