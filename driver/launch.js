#!/usr/bin/env node
// Starts the driver. The compiled copy in dist/ (built by `npm install` through `prepare`, or
// `npm run build`) starts in a fraction of the time ts-node needs, so it is used whenever it is
// the build of the sources as they are now (build/freshness.js, the same test the Pulumi program's
// entry uses); after an edit, the sources run directly until the next build (`preview` and `up`
// build first).
"use strict";
const path = require("path");
const { isCurrent } = require("../build/freshness");

const root = path.resolve(__dirname, "..");

let cli;
if (!process.env.WORKSHOP_DRIVER_FROM_SOURCE && isCurrent(root)) {
    cli = require(path.join(root, "dist", "driver", "cli.js"));
} else {
    require("ts-node").register({ transpileOnly: true, project: path.join(root, "tsconfig.json") });
    cli = require("./cli.ts");
}
cli.main();
