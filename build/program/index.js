"use strict";
// The Pulumi program's entry (Pulumi.yaml `main`). Pulumi runs it as plain JavaScript
// (runtime.options.typescript: false): the program compiled by tsc into dist/infra/, which
// evaluates about 3× faster than under ts-node and in less memory (bench/RESULTS.md). If a
// source changed since the last build, it is compiled first, so a plain `pulumi up` never runs
// stale code either; a program that does not compile stops here with tsc's errors.
const path = require("path");
const { compile } = require("../compile");

const root = path.resolve(__dirname, "..", "..");
const build = compile(root, { log: (line) => process.stderr.write(`${line}\n`) });
if (!build.ok) {
    throw new Error(`the program does not compile, so nothing was previewed or deployed. tsc says:\n${build.output}`);
}
module.exports = require(path.join(root, "dist", "infra", "index.js"));
