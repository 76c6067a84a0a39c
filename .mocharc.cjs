// Test files run in parallel, one worker per core (at least 2): the suite is CPU-bound (simulations,
// tsc, Chromium), and a 2-core machine runs it in about half the time of one process.
const os = require("os");

module.exports = {
    require: ["ts-node/register/transpile-only"],
    extension: ["ts"],
    parallel: true,
    jobs: Math.max(2, os.availableParallelism()),
    timeout: 60000,
    reporter: "spec",
};
