import { expect } from "chai";
import { spawnSync } from "child_process";
import * as path from "path";

import { PROJECT_ROOT } from "../../../infra/project-root";

/** The npm packages a driver command line loaded, counted by bench/support/require-census.ts. */
function packagesLoaded(args: string[]): Record<string, number> {
    const run = spawnSync(process.execPath, [
        "-r", "ts-node/register/transpile-only", "-r", path.join(PROJECT_ROOT, "bench", "support", "require-census.ts"),
        path.join(PROJECT_ROOT, "driver", "launch.js"), ...args,
    ], { cwd: PROJECT_ROOT, encoding: "utf8", env: { ...process.env, WORKSHOP_DRIVER_FROM_SOURCE: "1" }, timeout: 60_000 });
    expect(run.status, run.stderr).to.equal(0);
    const census = /REQUIRE-CENSUS (\{.*\})/.exec(run.stderr);
    expect(census, run.stderr).to.not.equal(null);
    return JSON.parse(census![1]) as Record<string, number>;
}

const SDK_CLIENT = /^@aws-sdk\/client-/;

describe("the command table (driver/commands/index.ts)", function () {
    this.timeout(120_000);

    it("--help lists every command without loading an AWS SDK client or Pulumi", () => {
        const loaded = Object.keys(packagesLoaded(["--help"]));
        expect(loaded.filter((name) => SDK_CLIENT.test(name) || name.startsWith("@pulumi/"))).to.deep.equal([]);
    });

    it("roster validate checks the roster without loading an AWS SDK client", () => {
        const loaded = Object.keys(packagesLoaded(["roster", "validate"]));
        expect(loaded.filter((name) => SDK_CLIENT.test(name))).to.deep.equal([]);
    });

    it("a command's own module loads when it is asked for, with the clients it uses", () => {
        const loaded = Object.keys(packagesLoaded(["status", "--help"]));
        expect(loaded).to.include("@aws-sdk/client-budgets");
    });
});
