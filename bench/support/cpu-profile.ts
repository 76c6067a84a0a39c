import * as fs from "fs";
import * as path from "path";

/** The parts of a V8 .cpuprofile (node --cpu-prof) this summary reads. */
interface CpuProfile {
    nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }[];
    startTime: number;
    endTime: number;
    samples: number[];
    timeDeltas: number[];
}

export interface SelfTime {
    ms: number;
    group: string;
    fn: string;
}

const ROOT = path.resolve(__dirname, "..", "..");

/**
 * Which package or part of the program a frame belongs to. The @pulumi/pulumi runtime is split
 * by file, because "serialization" and "the mock monitor" are different fixes.
 */
export function groupOf(url: string, functionName: string): string {
    if (!url) {
        if (functionName === "(garbage collector)") return "V8: garbage collector";
        if (functionName === "(program)" || functionName === "(idle)" || functionName === "(root)") return `V8: ${functionName}`;
        return "V8/native builtins";
    }
    const file = inRepo(url);
    const pulumiRuntime = /node_modules\/@pulumi\/pulumi\/(.*)$/.exec(file);
    if (pulumiRuntime) {
        const rel = pulumiRuntime[1];
        if (/runtime\/rpc\.js$/.test(rel)) return "@pulumi/pulumi runtime: serialization (runtime/rpc.js)";
        if (/runtime\/mocks\.js$/.test(rel)) return "@pulumi/pulumi runtime: mock monitor (runtime/mocks.js)";
        if (/runtime\/resource\.js$/.test(rel)) return "@pulumi/pulumi runtime: resource registration (runtime/resource.js)";
        if (/^output\.js$/.test(rel)) return "@pulumi/pulumi: Output/apply (output.js)";
        if (/^resource\.js$/.test(rel)) return "@pulumi/pulumi: Resource constructors (resource.js)";
        if (/proto\//.test(rel)) return "@pulumi/pulumi: generated protobuf messages (proto/)";
        if (/runtime\/debuggable\.js$/.test(rel)) return "@pulumi/pulumi runtime: leak/debug tracking (runtime/debuggable.js)";
        if (/runtime\/settings\.js$/.test(rel)) return "@pulumi/pulumi runtime: settings (runtime/settings.js)";
        return `@pulumi/pulumi: other (${rel.split("/").slice(0, 2).join("/")})`;
    }
    if (/node_modules\/@pulumi\/aws\//.test(file)) return "@pulumi/aws (resource classes, module loading)";
    if (/node_modules\/@pulumi\/random\//.test(file)) return "@pulumi/random";
    if (/node_modules\/google-protobuf\//.test(file)) return "google-protobuf (Struct/Value encoding)";
    if (/node_modules\/@grpc\//.test(file)) return "@grpc";
    if (/node_modules\/(typescript|ts-node)\//.test(file)) return "ts-node/typescript (transpiling on load)";
    if (/node_modules\/(@opentelemetry|require-in-the-middle|import-in-the-middle)\//.test(file)) return "@opentelemetry / require hooks";
    if (/node_modules\/source-map-support\//.test(file)) return "source-map-support";
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(file);
    if (pkg) return `other package: ${pkg[1]}`;
    if (file.startsWith("node:internal/modules") || file.startsWith("node:internal/fs")) return "node: module loading / fs";
    if (file.startsWith("node:")) return "node: other internals";
    const rel = path.relative(ROOT, file);
    if (rel.startsWith("infra/")) return `our program: ${rel}`;
    if (rel === "tests/support/pulumi-harness.ts") return "harness: mocks (tests/support/pulumi-harness.ts)";
    if (rel.startsWith("tests/")) return `tests: ${rel}`;
    if (rel.startsWith("bench/")) return "bench script";
    return `other: ${rel}`;
}

/** Self time per profile node, optionally only for samples between two hrtime marks (µs). */
export function selfTimes(profilePath: string, window?: { startUs: number; endUs: number }): { totalMs: number; entries: SelfTime[] } {
    const profile = JSON.parse(fs.readFileSync(profilePath, "utf8")) as CpuProfile;
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    const selfUs = new Map<number, number>();
    let t = profile.startTime;
    let total = 0;
    for (let i = 0; i < profile.samples.length; i++) {
        t += profile.timeDeltas[i];
        // A sample's delta is the time since the previous one; charge it to the sampled frame.
        const delta = profile.timeDeltas[i];
        if (window && (t < window.startUs || t > window.endUs)) continue;
        selfUs.set(profile.samples[i], (selfUs.get(profile.samples[i]) ?? 0) + delta);
        total += delta;
    }
    const entries: SelfTime[] = [];
    for (const [id, us] of selfUs) {
        const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
        const where = url ? `${shortUrl(url)}:${lineNumber + 1}` : "";
        entries.push({ ms: us / 1000, group: groupOf(url, functionName), fn: `${functionName || "(anonymous)"} ${where}`.trim() });
    }
    return { totalMs: total / 1000, entries };
}

/** A frame's file, with the precompiled copy (program-scale.ts's "js" modes) mapped back to the repository. */
function inRepo(url: string): string {
    return url.replace(/^file:\/\//, "").replace(/^.*\/workshop-bench-js-[^/]+\//, `${ROOT}/`).replace(/\.js$/, (m) =>
        /node_modules/.test(url) ? m : ".ts");
}

function shortUrl(url: string): string {
    const file = inRepo(url);
    const inModules = /node_modules\/(.*)$/.exec(file);
    return inModules ? inModules[1] : path.relative(ROOT, file) || file;
}

export function sumBy<K>(entries: SelfTime[], key: (e: SelfTime) => K): [K, number][] {
    const sums = new Map<K, number>();
    for (const e of entries) sums.set(key(e), (sums.get(key(e)) ?? 0) + e.ms);
    return [...sums].sort((a, b) => b[1] - a[1]);
}
