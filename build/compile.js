#!/usr/bin/env node
"use strict";
// `npm run build`: compiles infra/ and driver/ into dist/ with tsc -p tsconfig.build.json,
// incrementally (tsc's build info in dist/), and only when the sources changed since the last
// build. A build that fails leaves the stamp as it was, so dist/ never counts as current for
// sources it did not compile (tsconfig.build.json also sets noEmitOnError).
const fs = require("fs");
const path = require("path");
const { spawnSync } = require("child_process");
const { bundleLambdas } = require("./bundle-lambda");
const { OUT_DIR, SOURCE_DIRS, outputOf, snapshot, sourceFiles, staleness, writeStamp } = require("./freshness");

const BUILD_CONFIG = "tsconfig.build.json";
/** Where tsc keeps what it knows between builds (tsconfig.build.json's tsBuildInfoFile). */
const BUILD_INFO = path.join(OUT_DIR, "tsconfig.build.tsbuildinfo");

/** Compiled files whose source is gone: nothing may load them by accident. */
function pruneOrphans(root) {
    const expected = new Set(sourceFiles(root).map(outputOf).filter(Boolean));
    const prune = (rel) => {
        let entries;
        try {
            entries = fs.readdirSync(path.join(root, rel), { withFileTypes: true });
        } catch {
            return;
        }
        for (const entry of entries) {
            const child = path.join(rel, entry.name);
            if (entry.isDirectory()) prune(child);
            else if (entry.name.endsWith(".js") && !expected.has(child)) fs.rmSync(path.join(root, child));
        }
    };
    for (const dir of SOURCE_DIRS) prune(path.join(OUT_DIR, dir));
}

/**
 * Brings dist/ up to date with the sources. Returns { ok, compiled, reason, output }:
 * compiled false when dist/ was already current; ok false with tsc's diagnostics in output.
 * options.log hears one line before tsc starts (it takes seconds); options.force compiles anyway.
 */
function compile(root, options = {}) {
    const reason = options.force ? "a build was asked for" : staleness(root);
    if (!reason) return { ok: true, compiled: false, reason: undefined, output: "" };
    if (options.log) options.log(`Compiling ${SOURCE_DIRS.map((d) => `${d}/`).join(" and ")} into ${OUT_DIR}/ (${reason})...`);
    // What tsc is about to read. Recorded before it runs: an edit made during the build then
    // shows as a change next time rather than being taken as compiled.
    const sources = snapshot(root);
    // `tsc --incremental` trusts its build info and would not re-emit an output deleted since.
    const missing = Object.keys(sources.files).map(outputOf).some((out) => out && !fs.existsSync(path.join(root, out)));
    if (missing) fs.rmSync(path.join(root, BUILD_INFO), { force: true });
    const tsc = spawnSync(process.execPath, [require.resolve("typescript/bin/tsc", { paths: [root] }), "-p", BUILD_CONFIG, "--pretty", "false"],
        { cwd: root, encoding: "utf8", maxBuffer: 64 * 2 ** 20 });
    const output = `${tsc.stdout || ""}${tsc.stderr || ""}${tsc.error ? String(tsc.error) : ""}`.trim();
    if (tsc.status !== 0) return { ok: false, compiled: false, reason, output };
    try {
        bundleLambdas(root);
    } catch (error) {
        return { ok: false, compiled: false, reason, output: `esbuild could not bundle the Lambda code: ${error.message}` };
    }
    pruneOrphans(root);
    writeStamp(root, sources);
    return { ok: true, compiled: true, reason, output };
}

module.exports = { compile, BUILD_CONFIG, BUILD_INFO };

if (require.main === module) {
    const root = path.resolve(__dirname, "..");
    const started = Date.now();
    const result = compile(root, { force: process.argv.includes("--force"), log: (line) => process.stdout.write(`${line}\n`) });
    if (!result.ok) {
        process.stderr.write(`${result.output}\nThe build failed: fix the errors above (dist/ still holds the last good build, which nothing runs while the sources differ).\n`);
        process.exit(1);
    }
    // --quiet (the driver before each preview and up): nothing to say when there was nothing to do.
    if (result.compiled) process.stdout.write(`Compiled in ${((Date.now() - started) / 1000).toFixed(1)} s.\n`);
    else if (!process.argv.includes("--quiet")) process.stdout.write(`${OUT_DIR}/ is current.\n`);
}
