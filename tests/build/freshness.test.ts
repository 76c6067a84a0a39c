import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse } from "yaml";

import { CONFIG_FILES, isCurrent, outputOf, snapshot, SOURCE_DIRS, staleness, writeStamp } from "../../build/freshness";
import { PROJECT_ROOT } from "../../infra/project-root";

/** A project with two sources and their outputs, built (stamped) as the build would leave it. */
function builtProject(): string {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "freshness-"));
    const write = (rel: string, text: string) => {
        fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
        fs.writeFileSync(path.join(root, rel), text);
    };
    write("infra/index.ts", "export const a = 1;\n");
    write("driver/cli.ts", "export const b = 2;\n");
    write("tsconfig.json", "{}\n");
    write("tsconfig.build.json", "{}\n");
    write("dist/infra/index.js", "exports.a = 1;\n");
    write("dist/driver/cli.js", "exports.b = 2;\n");
    writeStamp(root, snapshot(root));
    return root;
}

describe("build freshness (whether dist/ is the build of the sources as they are now)", () => {
    it("is current right after a build, and says why not before any", () => {
        const root = builtProject();
        expect(staleness(root)).to.equal(undefined);
        expect(isCurrent(root)).to.equal(true);
        fs.rmSync(path.join(root, "dist"), { recursive: true });
        expect(staleness(root)).to.equal("dist/ has not been built yet");
    });

    it("an edited source is stale, even when its size and mtime are kept", () => {
        const root = builtProject();
        const file = path.join(root, "infra", "index.ts");
        const { mtime } = fs.statSync(file);
        fs.writeFileSync(file, "export const a = 7;\n");
        expect(staleness(root)).to.equal("infra/index.ts changed since the last build");
        fs.utimesSync(file, mtime, mtime);
        expect(isCurrent(root)).to.equal(false);
    });

    it("a file touched without a change is still current (compared by content hash)", () => {
        const root = builtProject();
        const later = new Date(Date.now() + 60_000);
        fs.utimesSync(path.join(root, "infra", "index.ts"), later, later);
        expect(staleness(root)).to.equal(undefined);
    });

    it("a new, a removed source and a changed tsconfig are stale", () => {
        const root = builtProject();
        fs.writeFileSync(path.join(root, "infra", "extra.ts"), "export {};\n");
        expect(staleness(root)).to.equal("infra/extra.ts is new since the last build");
        fs.rmSync(path.join(root, "infra", "extra.ts"));
        fs.rmSync(path.join(root, "driver", "cli.ts"));
        expect(staleness(root)).to.equal("driver/cli.ts was removed since the last build");
        const other = builtProject();
        fs.writeFileSync(path.join(other, "tsconfig.build.json"), "{ \"compilerOptions\": {} }\n");
        expect(staleness(other)).to.equal("tsconfig.build.json changed since the last build");
    });

    it("a deleted output is stale although every source matches", () => {
        const root = builtProject();
        fs.rmSync(path.join(root, "dist", "infra", "index.js"));
        expect(staleness(root)).to.equal(`${path.join("dist", "infra", "index.js")} is missing`);
    });

    it("lists several changes in one short sentence", () => {
        const root = builtProject();
        for (const name of ["a", "b", "c", "d", "e"]) fs.writeFileSync(path.join(root, "infra", `${name}.ts`), "export {};\n");
        expect(staleness(root)).to.equal("infra/a.ts is new, infra/b.ts is new, infra/c.ts is new and 2 more since the last build");
    });

    it("maps each source to the output tsc writes for it", () => {
        expect(outputOf(path.join("infra", "index.ts"))).to.equal(path.join("dist", "infra", "index.js"));
        expect(outputOf("tsconfig.json")).to.equal(undefined);
    });

    it("watches exactly what tsconfig.build.json compiles", () => {
        const config = parse(fs.readFileSync(path.join(PROJECT_ROOT, "tsconfig.build.json"), "utf8")) as { extends: string; include: string[]; compilerOptions: Record<string, unknown> };
        expect(config.include).to.deep.equal(SOURCE_DIRS.map((dir) => `${dir}/**/*.ts`));
        expect(CONFIG_FILES).to.deep.equal([path.basename(config.extends), "tsconfig.build.json"]);
        expect(config.compilerOptions).to.include({ incremental: true, noEmitOnError: true });
    });
});
