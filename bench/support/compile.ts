import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

export const REPO = path.resolve(__dirname, "..", "..");
/** What the compiled files find by walking up to the project root (policies/, templates/), require as plain JS (build/), or resolve packages from. */
const LINKED = ["node_modules", "policies", "templates", "build", "Pulumi.yaml", "roster.yaml"];

export interface Compiled {
    dir: string;
    seconds: number;
    /** tsc's exit code: non-zero when some file has type errors (tsc still emits). */
    status: number | null;
    diagnostics: string;
}

let cached: Compiled | undefined;

/**
 * `tsc -p . --outDir <tmp>` of the whole project, with node_modules and the data folders linked
 * in so the compiled files find what they read. Compiled once per bench process.
 */
export function compileProject(): Compiled {
    if (cached) return cached;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "workshop-bench-js-"));
    const started = performance.now();
    const tsc = spawnSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", REPO, "--outDir", dir], { encoding: "utf8" });
    const seconds = (performance.now() - started) / 1000;
    if (!fs.existsSync(path.join(dir, "bench"))) throw new Error(`tsc emitted nothing:\n${tsc.stdout}${tsc.stderr}`);
    for (const name of LINKED) {
        if (fs.existsSync(path.join(REPO, name))) fs.symlinkSync(path.join(REPO, name), path.join(dir, name));
    }
    // Removed when the bench exits; CPU profiles that name these files stay readable by their paths.
    process.on("exit", () => fs.rmSync(dir, { recursive: true, force: true }));
    process.stderr.write(`  compiled the project to ${dir} in ${seconds.toFixed(1)} s` +
        `${tsc.status === 0 ? "" : " (tsc reported type errors; output emitted anyway)"}\n`);
    return (cached = { dir, seconds, status: tsc.status, diagnostics: `${tsc.stdout}${tsc.stderr}` });
}
