import { expect } from "chai";

import { compilingEngine, ProgramCompileError } from "../../../driver/pulumi/compile-program";
import type { Engine, PreviewResult, UpdateResult } from "../../../driver/pulumi/engine";

/** An engine that records what ran, in order with the compile step. */
function recordingEngine(calls: string[]): Engine {
    const result: UpdateResult = { ok: true, changes: [], failures: [], outputs: {} };
    return {
        description: "stack test on the recording engine",
        preview: async (): Promise<PreviewResult> => { calls.push("preview"); return { changes: [] }; },
        up: async () => { calls.push("up"); return result; },
        destroy: async () => { calls.push("destroy"); return result; },
        outputs: async () => { calls.push("outputs"); return {}; },
        stateVersion: async () => { calls.push("stateVersion"); return undefined; },
        listStacks: async () => { calls.push("listStacks"); return []; },
        getConfig: async (key) => { calls.push(`getConfig ${key}`); return undefined; },
        setConfig: async (key) => { calls.push(`setConfig ${key}`); },
    };
}

describe("compile step before the program runs (driver/pulumi/compile-program.ts)", () => {
    it("compiles before every preview and up, and not for destroy, outputs or config (which do not run the program)", async () => {
        const calls: string[] = [];
        const engine = compilingEngine(recordingEngine(calls), async () => { calls.push("compile"); });
        await engine.preview();
        await engine.up();
        await engine.destroy();
        await engine.outputs();
        await engine.getConfig("rosterPath");
        await engine.setConfig("rosterPath", "x.yaml");
        expect(calls).to.deep.equal(["compile", "preview", "compile", "up", "destroy", "outputs", "getConfig rosterPath", "setConfig rosterPath"]);
        expect(engine.description).to.equal("stack test on the recording engine");
    });

    it("a failed compile stops preview and up with tsc's errors: the program never runs", async () => {
        const calls: string[] = [];
        const diagnostics = "infra/config.ts(60,23): error TS2362: The left-hand side of an arithmetic operation must be of type 'any', 'number', 'bigint' or an enum type.";
        const engine = compilingEngine(recordingEngine(calls), async () => { throw new ProgramCompileError(diagnostics); });
        for (const run of [() => engine.preview(), () => engine.up()]) {
            const error = await run().catch((e: unknown) => e);
            expect(error).to.be.instanceOf(ProgramCompileError);
            expect((error as Error).message).to.contain("the program does not compile, so nothing was previewed or deployed").and.contain(diagnostics);
        }
        expect(calls).to.deep.equal([]);
    });
});
