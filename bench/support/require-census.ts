/**
 * Preloaded with `node -r <compiled>/bench/support/require-census.js`: when the process exits,
 * writes which files it had loaded, counted by package, as one line on stderr
 * (`REQUIRE-CENSUS {...}`). Tells which imports a command line (say `--help`) paid for.
 */
process.on("exit", () => {
    const byPackage: Record<string, number> = {};
    for (const file of Object.keys(require.cache)) {
        const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(file);
        const key = match ? match[1] : "(project)";
        byPackage[key] = (byPackage[key] ?? 0) + 1;
    }
    process.stderr.write(`REQUIRE-CENSUS ${JSON.stringify(byPackage)}\n`);
});
