import { expect } from "chai";
import { spawnSync } from "child_process";
import * as path from "path";

import { PROJECT_ROOT } from "../../infra/project-root";

const ROOT = PROJECT_ROOT;

function launch(env: NodeJS.ProcessEnv = {}, script = path.join(ROOT, "driver", "launch.js")) {
    return spawnSync(process.execPath, [script, "--help"], {
        cwd: ROOT, encoding: "utf8", env: { ...process.env, ...env }, timeout: 30_000,
    });
}

describe("driver launcher (what every npm script runs)", function () {
    this.timeout(60_000);

    it("runs the driver from the TypeScript sources", () => {
        const run = launch({ WORKSHOP_DRIVER_FROM_SOURCE: "1" });
        expect(run.status, run.stderr).to.equal(0);
        expect(run.stdout).to.contain("driver add-student <email>").and.contain("driver destroy");
    });

    it("the compiled driver (npm run build) finds the project and offers the same commands", function () {
        // The three child processes' own time limits, so a slow but working build is not cut short.
        this.timeout(30_000 + 120_000 + 30_000);
        const fromSource = launch({ WORKSHOP_DRIVER_FROM_SOURCE: "1" });
        const build = spawnSync(process.execPath, [path.join(ROOT, "build", "compile.js")], { cwd: ROOT, encoding: "utf8", timeout: 120_000 });
        expect(build.status, `${build.stdout}${build.stderr}`).to.equal(0);
        const compiled = launch({}, path.join(ROOT, "dist", "driver", "cli.js"));
        expect(compiled.status, compiled.stderr).to.equal(0);
        expect(compiled.stdout).to.equal(fromSource.stdout);
    });
});
