import { expect } from "chai";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const ROOT = path.resolve(__dirname, "../..");
// The package exports neither its bin nor its package.json, so the bin is found where npm installs it.
const DEPCRUISE = path.join(ROOT, "node_modules", "dependency-cruiser", "bin", "dependency-cruise.mjs");

/** Runs the project's own dependency rules over a small tree of files. */
function cruise(files: Record<string, string>): { status: number | null; output: string } {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "depcruise-"));
    try {
        fs.copyFileSync(path.join(ROOT, ".dependency-cruiser.cjs"), path.join(dir, ".dependency-cruiser.cjs"));
        for (const top of ["infra", "driver"]) fs.mkdirSync(path.join(dir, top));
        fs.writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions: { module: "commonjs", strict: true } }));
        for (const [name, text] of Object.entries(files)) {
            fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
            fs.writeFileSync(path.join(dir, name), text);
        }
        const run = spawnSync(process.execPath, [DEPCRUISE, "infra", "driver", "--config", ".dependency-cruiser.cjs", "--output-type", "err"], { cwd: dir, encoding: "utf8" });
        return { status: run.status, output: `${run.stdout}${run.stderr}` };
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

/** The entry of depcruise's report that names `rule`: its line and the lines under it (a cycle's path). */
function violation(output: string, rule: string): string {
    const entries = output.split(/\n(?=\s*(?:error|warn|info) )/);
    return entries.find((entry) => entry.includes(rule)) ?? "";
}

describe("dependency rules (.dependency-cruiser.cjs)", function () {
    this.timeout(60_000);
    // One tree breaking every rule once (each depcruise run loads TypeScript: seconds of CPU apiece).
    let broken: { status: number | null; output: string };
    before(() => {
        broken = cruise({
            // A cycle.
            "driver/plan/a.ts": "import { b } from \"./b\";\nexport const a = () => b;\n",
            "driver/plan/b.ts": "import { a } from \"./a\";\nexport const b = () => a;\n",
            // An import from a lower layer up into a higher one.
            "driver/commands/up.ts": "export const up = 1;\n",
            "driver/aws/clients.ts": "import { up } from \"../commands/up\";\nexport const c = up;\n",
            // The program importing the driver.
            "driver/ui/text.ts": "export const t = 1;\n",
            "infra/config.ts": "import { t } from \"../driver/ui/text\";\nexport const c = t;\n",
            // A folder with no layer.
            "driver/newthing/x.ts": "import { c } from \"../../infra/config\";\nexport const x = c;\n",
        });
    });

    it("fail on an import cycle and name its path", () => {
        expect(broken.status).to.not.equal(0);
        expect(violation(broken.output, "no-circular")).to.match(/driver\/plan\/a\.ts.*driver\/plan\/b\.ts|driver\/plan\/b\.ts.*driver\/plan\/a\.ts/s);
    });

    it("fail on an import from a lower layer up into a higher one", () => {
        expect(violation(broken.output, "not-up-to-driver-commands")).to.contain("driver/aws/clients.ts");
    });

    it("fail when the program imports the driver", () => {
        expect(violation(broken.output, "infra-never-imports-driver")).to.contain("infra/config.ts");
    });

    it("fail on a folder that has no layer yet", () => {
        expect(violation(broken.output, "every-source-has-a-layer")).to.contain("driver/newthing/x.ts");
    });

    it("allow imports down the layers", () => {
        const run = cruise({
            "driver/aws/clients.ts": "export const c = 1;\n",
            "driver/commands/up.ts": "import { c } from \"../aws/clients\";\nexport const up = c;\n",
            "infra/rules/amount.ts": "export const a = 1;\n",
            "infra/config.ts": "import { a } from \"./rules/amount\";\nexport const c = a;\n",
        });
        expect(run.status, run.output).to.equal(0);
    });
});
