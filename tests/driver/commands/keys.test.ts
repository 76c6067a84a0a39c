import { expect } from "chai";
import yargs from "yargs";

import {revokeKeys, rotateKeys, showKeys} from "../../../driver/commands/keys";
import type { DriverContext } from "../../../driver/context";
import type { OutputMap } from "../../../driver/pulumi/engine";
import { KEY_GENERATIONS_CONFIG, newGenerationId, parseKeyGenerations, rotateGenerations } from "../../../driver/pulumi/workshop-keys";
import { WORKSHOP_MODE_KEYS_OUTPUT } from "../../../infra/outputs";
import { driverCommand } from "../../support/driver-command";
import { capturingContext, FakeEngine } from "../../support/fake-engine";

const NOW = new Date("2026-11-23T14:12:09Z");
const secretOf = (generation: string) => `wJalrXUtnFEMI/K7MDENG/${generation}/SECRETKEY`;

/** What infra deploys for the generations in config: one key each, in a secret output. */
function deployKeys(config: Record<string, string>): OutputMap {
    const keys = parseKeyGenerations(config[KEY_GENERATIONS_CONFIG]).map((generation) => ({
        generation, accessKeyId: `AKIA${generation.replace(/-/g, "")}`, secretAccessKey: secretOf(generation),
    }));
    return { workshopModeUserName: { value: "aws101-workshop-mode", secret: false }, [WORKSHOP_MODE_KEYS_OUTPUT]: { value: keys, secret: true } };
}

function workshop(generations: string[], workshopMode = "true") {
    const config = { workshopMode, [KEY_GENERATIONS_CONFIG]: JSON.stringify(generations) };
    const engine = new FakeEngine({ config, outputs: deployKeys(config), up: deployKeys });
    const captured = capturingContext(engine);
    captured.ctx.now = () => NOW;
    const printed = () => [...captured.lines, ...captured.warnings].join("\n");
    const deployed = () => JSON.parse(engine.config[KEY_GENERATIONS_CONFIG]) as string[];
    return { engine, ...captured, printed, generations: deployed };
}

describe("workshop-mode key generations", function () {
    it("names a generation by the UTC minute, and by the second when the minute is taken", () => {
        expect(newGenerationId(NOW, [])).to.equal("20261123-1412");
        expect(newGenerationId(NOW, ["20261123-1412"])).to.equal("20261123-141209");
    });

    const rotations: { current: string[]; next: string[]; kept?: string; removed: string[] }[] = [
        { current: [], next: ["new"], kept: undefined, removed: [] },
        { current: ["a"], next: ["a", "new"], kept: "a", removed: [] },
        { current: ["a", "b"], next: ["b", "new"], kept: "b", removed: ["a"] },
    ];
    for (const r of rotations) {
        it(`rotating [${r.current}] gives [${r.next}]`, () => {
            expect(rotateGenerations(r.current, "new")).to.deep.equal({ next: r.next, kept: r.kept, removed: r.removed });
        });
    }

    it("reads the config as a JSON list or comma-separated", () => {
        expect(parseKeyGenerations('["a", "b"]')).to.deep.equal(["a", "b"]);
        expect(parseKeyGenerations("a, b")).to.deep.equal(["a", "b"]);
        expect(parseKeyGenerations(undefined)).to.deep.equal([]);
    });
});

describe("keys command", function () {
    it("rotate appends a generation and deploys it", async () => {
        const w = workshop([]);
        expect(await rotateKeys(w.ctx)).to.equal(0);
        expect(w.generations()).to.deep.equal(["20261123-1412"]);
        expect(w.engine.calls).to.deep.equal([`setConfig ${KEY_GENERATIONS_CONFIG}`, "up"]);
        expect(w.lines[0]).to.contain("20261123-1412").and.contain("AKIA202611231412");
    });

    it("rotate keeps at most two keys: the newest previous one and the new one", async () => {
        const w = workshop(["20261101-0900", "20261115-0900"]);
        expect(await rotateKeys(w.ctx)).to.equal(0);
        expect(w.generations()).to.deep.equal(["20261115-0900", "20261123-1412"]);
        expect(w.printed()).to.contain("Deleted key(s) 20261101-0900").and.contain("Key 20261115-0900 keeps working");
    });

    it("rotate never prints a secret, old or new", async () => {
        const w = workshop(["20261115-0900"]);
        await rotateKeys(w.ctx);
        expect(w.printed()).not.to.contain(secretOf("20261115-0900")).and.not.contain(secretOf("20261123-1412")).and.not.contain("SECRETKEY");
    });

    it("revoke empties the generations and deploys, deleting every key", async () => {
        const w = workshop(["20261115-0900", "20261120-0900"]);
        expect(await revokeKeys(w.ctx, true)).to.equal(0);
        expect(w.generations()).to.deep.equal([]);
        expect(w.engine.calls).to.include("up");
        expect(await w.engine.outputs()).to.have.nested.property(`${WORKSHOP_MODE_KEYS_OUTPUT}.value`).that.deep.equals([]);
    });

    it("revoke changes nothing when the instructor does not confirm", async () => {
        const w = workshop(["20261115-0900"]);
        expect(await revokeKeys(w.ctx, false)).to.equal(1);
        expect(w.engine.calls).to.deep.equal([]);
    });

    it("show masks the secrets unless --reveal", async () => {
        const w = workshop(["20261115-0900"]);
        expect(await showKeys(w.ctx, false)).to.equal(0);
        expect(w.printed()).to.contain("AKIA202611150900").and.not.contain("SECRETKEY");
        w.lines.length = 0;
        expect(await showKeys(w.ctx, true)).to.equal(0);
        expect(w.lines.join("\n")).to.contain(secretOf("20261115-0900"));
    });

    const commands: [string, (ctx: DriverContext) => Promise<number>][] =
        [["rotate", rotateKeys], ["revoke", (ctx) => revokeKeys(ctx, true)], ["show", (ctx) => showKeys(ctx, true)]];
    for (const [name, run] of commands) {
        it(`${name} refuses when workshop mode is off`, async () => {
            const w = workshop(["20261115-0900"], "false");
            expect(await run(w.ctx)).to.equal(1);
            expect(w.warnings[0]).to.contain("Workshop mode is off");
            expect(w.engine.calls).to.deep.equal([]);
            expect(w.printed()).not.to.contain("SECRETKEY");
        });
    }

    it("runs as `keys rotate` and `keys show --reveal` on the command line", async () => {
        const w = workshop([]);
        const run = (...args: string[]) => yargs(args).command(driverCommand("keys", async () => w.ctx)).strict()
            .fail((message, error) => { throw error ?? new Error(message); }).parseAsync();
        await run("keys", "rotate");
        expect(w.generations()).to.deep.equal(["20261123-1412"]);
        await run("keys", "show");
        expect(w.printed()).not.to.contain("SECRETKEY");
        await run("keys", "show", "--reveal");
        expect(w.printed()).to.contain(secretOf("20261123-1412"));
        expect(process.exitCode ?? 0).to.equal(0);
    });
});
