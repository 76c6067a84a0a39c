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
// Pulumi's Node.js runner installs source-map-support for every program. Our build has no source
// maps, so it would only map frames inside the Pulumi SDK, but it does so for the stack trace the
// SDK records on every promise it creates: about half of the program's evaluation time
// (bench/RESULTS.md, "the path pulumi up takes"). V8's own formatting instead: stack traces and
// resource source positions then name the compiled files (dist/infra/*.js, node_modules/**/*.js).
Error.prepareStackTrace = undefined;
module.exports = require(path.join(root, "dist", "infra", "index.js"));
