#!/usr/bin/env node
// Starts the driver. The compiled copy in dist/ (built by `npm install` through `prepare`, or
// `npm run build`) starts in a fraction of the time ts-node needs, so it is used whenever it is
// at least as new as every TypeScript source; after an edit, the sources run directly.
"use strict";
const fs = require("fs");
const path = require("path");

const root = path.resolve(__dirname, "..");
const compiled = path.join(root, "dist", "driver", "cli.js");

function newestSource(dir) {
    let newest = 0;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const file = path.join(dir, entry.name);
        if (entry.isDirectory()) newest = Math.max(newest, newestSource(file));
        else if (entry.name.endsWith(".ts")) newest = Math.max(newest, fs.statSync(file).mtimeMs);
    }
    return newest;
}

function compiledIsCurrent() {
    if (!fs.existsSync(compiled)) return false;
    const built = fs.statSync(compiled).mtimeMs;
    return ["driver", "infra"].every((dir) => newestSource(path.join(root, dir)) <= built);
}

let cli;
if (compiledIsCurrent() && !process.env.WORKSHOP_DRIVER_FROM_SOURCE) {
    cli = require(compiled);
} else {
    require("ts-node").register({ transpileOnly: true, project: path.join(root, "tsconfig.json") });
    cli = require("./cli.ts");
}
cli.main();
