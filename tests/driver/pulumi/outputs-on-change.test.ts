import { expect } from "chai";

import type { Engine, OutputMap } from "../../../driver/pulumi/engine";
import { outputsOnChange } from "../../../driver/pulumi/outputs-on-change";
import { FakeEngine, plainOutputs } from "../../support/fake-engine";

/** A fake engine that counts its outputs reads (each one runs the Pulumi CLI in production). */
function countingEngine(version: () => string | undefined): { engine: Engine; reads: () => number; outputs: { current: OutputMap } } {
    let reads = 0;
    const outputs = { current: plainOutputs({ workshopName: "nov" }) };
    const base = new FakeEngine();
    const engine: Engine = Object.assign(Object.create(base) as Engine, {
        outputs: async () => { reads++; return outputs.current; },
        stateVersion: async () => version(),
    });
    return { engine, reads: () => reads, outputs };
}

describe("outputsOnChange", () => {
    it("reads the outputs once over many polls while the state version stays the same, again when it changes", async () => {
        let version = "v1";
        const { engine, reads, outputs } = countingEngine(() => version);
        const read = outputsOnChange(engine);
        for (let poll = 0; poll < 100; poll++) expect((await read()).workshopName.value).to.equal("nov");
        expect(reads()).to.equal(1);

        outputs.current = plainOutputs({ workshopName: "dec" });
        version = "v2";
        for (let poll = 0; poll < 100; poll++) expect((await read()).workshopName.value).to.equal("dec");
        expect(reads()).to.equal(2);
    });
    it("reads every time when the engine cannot tell the version", async () => {
        const { engine, reads } = countingEngine(() => undefined);
        const read = outputsOnChange(engine);
        for (let poll = 0; poll < 3; poll++) await read();
        expect(reads()).to.equal(3);
    });
    it("follows the fake engine's own version: an update changes it", async () => {
        const engine = new FakeEngine({ outputs: plainOutputs({ workshopName: "nov" }), config: {},
            up: () => plainOutputs({ workshopName: "dec" }) });
        const read = outputsOnChange(engine);
        expect((await read()).workshopName.value).to.equal("nov");
        await engine.up();
        expect((await read()).workshopName.value).to.equal("dec");
    });
});
