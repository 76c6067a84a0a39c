"use strict";
// Whether dist/ holds the compiled form of the sources as they are now. One answer for everything
// that runs compiled code: driver/launch.js (compiled driver, else ts-node), the Pulumi program's
// entry (build/program/), the driver before preview and up, and `npm run build` itself.
//
// tsc's own build info cannot answer it: `tsc --incremental` rewrites only the outputs whose source
// changed (so no single output's mtime says "built after every edit"), and it trusts its build info
// even when outputs were deleted. Instead the build records a fingerprint of every source it
// compiled (build/compile.js); dist/ is current when every source still matches it and every
// output exists. A file touched but not changed still matches (same content hash).
const crypto = require("crypto");
const fs = require("fs");
const path = require("path");

const { LAMBDA_BUNDLES } = require("./bundle-lambda");

/** What tsconfig.build.json compiles (its "include"; a test keeps the two in step). */
const SOURCE_DIRS = ["infra", "driver"];
/** The files that shape tsc's output besides the sources. */
const CONFIG_FILES = ["tsconfig.json", "tsconfig.build.json"];
const OUT_DIR = "dist";
const STAMP_FILE = path.join(OUT_DIR, ".build-stamp.json");
const STAMP_VERSION = 1;

function walk(root, dir, found) {
    let entries;
    try {
        entries = fs.readdirSync(path.join(root, dir), { withFileTypes: true });
    } catch (error) {
        if (error.code === "ENOENT") return;
        throw error;
    }
    for (const entry of entries) {
        const rel = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(root, rel, found);
        else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts")) found.push(rel);
    }
}

/** Every input of the build, relative to the project root, in a stable order. */
function sourceFiles(root) {
    const found = [];
    for (const dir of SOURCE_DIRS) walk(root, dir, found);
    for (const file of CONFIG_FILES) if (fs.existsSync(path.join(root, file))) found.push(file);
    return found.sort();
}

/** dist/infra/index.js for infra/index.ts; undefined for the config files. */
function outputOf(rel) {
    return rel.endsWith(".ts") ? path.join(OUT_DIR, rel.replace(/\.ts$/, ".js")) : undefined;
}

function hashOf(file) {
    return crypto.createHash("sha256").update(fs.readFileSync(file)).digest("hex");
}

/** Content hash (with size and mtime, for people reading the stamp) of every source: what a build is about to compile. */
function snapshot(root) {
    const files = {};
    for (const rel of sourceFiles(root)) {
        const file = path.join(root, rel);
        const stat = fs.statSync(file);
        files[rel] = { size: stat.size, mtimeMs: stat.mtimeMs, sha256: hashOf(file) };
    }
    return { version: STAMP_VERSION, files };
}

function readStamp(root) {
    try {
        const stamp = JSON.parse(fs.readFileSync(path.join(root, STAMP_FILE), "utf8"));
        return stamp && stamp.version === STAMP_VERSION && stamp.files ? stamp : undefined;
    } catch {
        return undefined;
    }
}

function writeStamp(root, stamp) {
    fs.mkdirSync(path.join(root, OUT_DIR), { recursive: true });
    const file = path.join(root, STAMP_FILE);
    fs.writeFileSync(`${file}.tmp`, `${JSON.stringify(stamp, null, 1)}\n`);
    fs.renameSync(`${file}.tmp`, file);
}

/**
 * Why dist/ is not current, in words for the instructor; undefined when it is. Hashes every
 * source (about 250 KB, a few milliseconds): mtimes alone can be kept across an edit (a
 * checkout, a copy that preserves times) and then would vouch for code that was never built.
 */
function staleness(root) {
    const stamp = readStamp(root);
    if (!stamp) return `${OUT_DIR}/ has not been built yet`;
    const sources = sourceFiles(root);
    const changed = [];
    for (const rel of sources) {
        const built = stamp.files[rel];
        if (!built) {
            changed.push(`${rel} is new`);
            continue;
        }
        if (hashOf(path.join(root, rel)) !== built.sha256) changed.push(`${rel} changed`);
    }
    const current = new Set(sources);
    for (const rel of Object.keys(stamp.files)) if (!current.has(rel)) changed.push(`${rel} was removed`);
    if (changed.length > 0) {
        return `${changed.slice(0, 3).join(", ")}${changed.length > 3 ? ` and ${changed.length - 3} more` : ""} since the last build`;
    }
    // The Lambda bundles (build/bundle-lambda.js) are outputs too; their sources are among those hashed above.
    const bundles = LAMBDA_BUNDLES.filter((b) => current.has(b.entry)).map((b) => b.out);
    const missing = [...sources.map(outputOf), ...bundles].filter((out) => out && !fs.existsSync(path.join(root, out)));
    if (missing.length > 0) return `${missing[0]} is missing${missing.length > 1 ? ` (and ${missing.length - 1} more outputs)` : ""}`;
    return undefined;
}

function isCurrent(root) {
    return staleness(root) === undefined;
}

module.exports = { SOURCE_DIRS, CONFIG_FILES, OUT_DIR, STAMP_FILE, sourceFiles, outputOf, snapshot, writeStamp, staleness, isCurrent };
