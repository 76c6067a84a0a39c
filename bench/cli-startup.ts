/**
 * Driver start-up: `driver/cli.ts --help` run by ts-node (transpile-only and type-checking) vs.
 * precompiled by tsc, and what the heavy packages cost to require alone, each in a fresh
 * process, median of --runs (default 5).
 *
 *   ts-node --transpile-only bench/cli-startup.ts [--runs 5]
 *
 * If driver/cli.ts does not exist yet, the --help rows are skipped and only module loads are measured.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

import { compileProject, REPO } from "./support/compile";
import { fmt, machineLine, median, table } from "./support/table";

function argValue(name: string): string | undefined {
    const i = process.argv.indexOf(name);
    return i >= 0 ? process.argv[i + 1] : undefined;
}

interface Timing {
    label: string;
    runs: number[];
    ok: boolean;
    note?: string;
}

/** Wall time of a whole command, from spawn to exit, `runs` times. */
function timeCommand(label: string, command: string, args: string[], runs: number, cwd = REPO): Timing {
    const times: number[] = [];
    let ok = true;
    let note: string | undefined;
    for (let i = 0; i < runs; i++) {
        const started = performance.now();
        const run = spawnSync(command, args, { cwd, encoding: "utf8", env: { ...process.env, NODE_NO_WARNINGS: "1" } });
        times.push(performance.now() - started);
        if (run.status !== 0) {
            ok = false;
            note = `exit ${run.status}: ${(run.stderr || run.stdout).trim().split("\n").slice(-1)[0]?.slice(0, 100)}`;
        }
    }
    return { label, runs: times, ok, note };
}

/** Time to require one module in a fresh node process (excluding node's own start-up), `runs` times. */
function timeRequire(label: string, specifier: string, runs: number, cwd = REPO): Timing {
    const script = `const t=performance.now();require(${JSON.stringify(specifier)});process.stdout.write(String(performance.now()-t))`;
    const times: number[] = [];
    let ok = true;
    let note: string | undefined;
    for (let i = 0; i < runs; i++) {
        const run = spawnSync(process.execPath, ["-e", script], { cwd, encoding: "utf8", env: { ...process.env, NODE_NO_WARNINGS: "1" } });
        if (run.status !== 0) {
            ok = false;
            note = (run.stderr.trim().split("\n").find((l) => /Error/.test(l)) ?? "failed").slice(0, 100);
            break;
        }
        times.push(Number(run.stdout));
    }
    return { label, runs: times, ok, note };
}

function rows(timings: Timing[]): (string | number)[][] {
    return timings.map((t) => [t.label, t.runs.length ? fmt(median(t.runs), 0) : "—",
        t.runs.length ? `${fmt(Math.min(...t.runs), 0)}–${fmt(Math.max(...t.runs), 0)}` : "—", t.ok ? "" : `FAILED ${t.note ?? ""}`]);
}

function main(): void {
    const runs = Number(argValue("--runs") ?? 5);
    console.log(`cli-startup: ${machineLine()}`);
    const compiled = compileProject();
    const tsNodeBin = require.resolve("ts-node/dist/bin.js");
    const cli = path.join(REPO, "driver", "cli.ts");
    const hasCli = fs.existsSync(cli);

    const whole: Timing[] = [
        timeCommand("node -e 0 (node's own start-up)", process.execPath, ["-e", "0"], runs),
        timeCommand("ts-node --transpile-only -e 0", process.execPath, [tsNodeBin, "--transpile-only", "-e", "0"], runs),
    ];
    if (hasCli) {
        whole.push(
            timeCommand("ts-node --transpile-only driver/cli.ts --help", process.execPath, [tsNodeBin, "--transpile-only", "driver/cli.ts", "--help"], runs),
            timeCommand("ts-node driver/cli.ts --help (type-checks)", process.execPath, [tsNodeBin, "driver/cli.ts", "--help"], runs),
            timeCommand("node <tsc out>/driver/cli.js --help", process.execPath, [path.join(compiled.dir, "driver", "cli.js"), "--help"], runs, compiled.dir),
        );
    }
    console.log(`\nWhole-process wall time, ms (median of ${runs}; spawn to exit)${hasCli ? "" : " — driver/cli.ts does not exist yet: --help not measured"}`);
    console.log(table(["command", "median ms", "range", ""], rows(whole)));

    if (hasCli) {
        const census = spawnSync(process.execPath, ["-r", path.join(compiled.dir, "bench", "support", "require-census.js"),
            path.join(compiled.dir, "driver", "cli.js"), "--help"], { cwd: compiled.dir, encoding: "utf8", env: { ...process.env, NODE_NO_WARNINGS: "1" } });
        const line = census.stderr.split("\n").find((l) => l.startsWith("REQUIRE-CENSUS "));
        if (line) {
            const counts = Object.entries(JSON.parse(line.slice("REQUIRE-CENSUS ".length)) as Record<string, number>).sort((a, b) => b[1] - a[1]);
            console.log(`\nFiles loaded by \`node <tsc out>/driver/cli.js --help\`, by package (${counts.reduce((n, [, c]) => n + c, 0)} in all)`);
            console.log(table(["package", "files"], counts.slice(0, 15)));
        }
    }

    const packages = ["@pulumi/pulumi/automation", "@pulumi/pulumi", "@pulumi/aws", "@pulumi/random", "@aws-sdk/client-organizations",
        "@aws-sdk/client-cost-explorer", "@aws-sdk/client-sesv2", "@aws-sdk/client-budgets", "yargs", "handlebars", "yaml"];
    const loads = packages.map((p) => timeRequire(`require("${p}")`, p, runs));
    console.log(`\nrequire() of one package alone in a fresh process, ms (median of ${runs}; node start-up excluded)`);
    console.log(table(["module", "median ms", "range", ""], rows(loads)));

    // What each command module costs to load, precompiled: a CLI that imports every command at
    // start-up pays the sum (modules shared between commands are counted in each row).
    const commandsDir = path.join(compiled.dir, "driver", "commands");
    const commandFiles = fs.existsSync(commandsDir) ? fs.readdirSync(commandsDir).filter((f) => f.endsWith(".js")).sort() : [];
    const commandLoads = commandFiles.map((f) => timeRequire(`driver/commands/${f}`, path.join(commandsDir, f), runs, compiled.dir));
    const all = `[${commandFiles.map((f) => JSON.stringify(path.join(commandsDir, f))).join(",")}].forEach((f) => require(f))`;
    const allTimes: number[] = [];
    for (let i = 0; i < runs && commandFiles.length; i++) {
        const run = spawnSync(process.execPath, ["-e", `const t=performance.now();${all};process.stdout.write(String(performance.now()-t))`],
            { cwd: compiled.dir, encoding: "utf8", env: { ...process.env, NODE_NO_WARNINGS: "1" } });
        if (run.status === 0) allTimes.push(Number(run.stdout));
    }
    if (commandFiles.length) commandLoads.push({ label: "all of driver/commands/ together", runs: allTimes, ok: allTimes.length === runs });
    console.log(`\nrequire() of each precompiled driver/commands/ module in a fresh process, ms (median of ${runs})`);
    console.log(table(["module", "median ms", "range", ""], rows(commandLoads)));
}

main();
