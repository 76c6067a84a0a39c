"use strict";
// The self-registration function's code (infra/registration/handler/) as one file for Lambda,
// bundled by esbuild with the AWS SDK clients it uses: the code that runs is the version tested,
// whatever SDK the nodejs22.x runtime carries, and nothing is downloaded at deploy or run time.
// `npm run build` writes it (build/compile.js); the program reads it (infra/registration/bundle.ts).
const path = require("path");

const LAMBDA_BUNDLES = [{ entry: path.join("infra", "registration", "handler", "index.ts"), out: path.join("dist", "lambda", "registration", "index.js") }];

/** Bundles every Lambda entry; throws esbuild's errors. Deterministic: the same sources give the same bytes (and asset hash). */
function bundleLambdas(root) {
    const esbuild = require(require.resolve("esbuild", { paths: [root] }));
    for (const bundle of LAMBDA_BUNDLES.filter((b) => require("fs").existsSync(path.join(root, b.entry)))) {
        esbuild.buildSync({
            absWorkingDir: root,
            entryPoints: [bundle.entry],
            outfile: bundle.out,
            bundle: true,
            platform: "node",
            target: "node22",
            format: "cjs",
            minify: true,
            legalComments: "none",
            logLevel: "silent",
        });
    }
}

module.exports = { LAMBDA_BUNDLES, bundleLambdas };
