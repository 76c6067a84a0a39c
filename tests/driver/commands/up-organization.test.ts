import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import type { CommandOptions } from "../../../driver/commands";
import { workshopDataDir } from "../../../driver/paths";
import { guardrailProofPath, writeGuardrailProof } from "../../../driver/workshop-model/guardrail-proof-record";
import { FakeEngine } from "../../support/fake-engine";
import { runCli } from "../../support/run-cli";
import { students, WorkshopOnWorld } from "../../support/workshop-on-world";

/**
 * The two hooks of issue 20 in `up` and `preview`: the organization's readiness first (a FAIL
 * stops `up` before the preview and before any change), and the guardrail proof after the first
 * account an `up` creates, unless --no-guardrail-proof.
 */
describe("up and preview with the organization check and the guardrail proof", function () {
    this.timeout(300_000);
    let workshop: WorkshopOnWorld | undefined;
    afterEach(() => workshop?.close());

    it("a FAIL in the organization check stops up before the preview: nothing is changed", async () => {
        const engine = new FakeEngine({ outputs: {} });
        const checked: string[] = [];
        const options: CommandOptions = {
            checkOrganization: async (ctx, command) => {
                checked.push(command);
                ctx.warn("  FAIL  account quota  You need 31; your quota is 10");
                return { blocking: true };
            },
        };
        const run = await runCli(["up", "--yes"], { engine, commandOptions: options });
        expect(run.exitCode).to.equal(1);
        expect(checked).to.deep.equal(["up"]);
        expect(engine.calls, "no preview, no update").to.deep.equal([]);
        expect(run.stderr).to.contain("You need 31");
    });

    it("up goes on past warnings, proves the guardrails on the first new account, and --no-guardrail-proof skips it", async () => {
        workshop = new WorkshopOnWorld(students(2));
        const proofs: string[][] = [];
        const options: CommandOptions = {
            checkOrganization: async () => ({ blocking: false }),
            afterNewAccounts: async (_ctx, outputs, keys) => {
                proofs.push(keys.map((k) => outputs.students[k].email));
                return 0;
            },
        };
        const up = (...flags: string[]) => runCli(["up", "--yes", ...flags], { engine: workshop!.engine, context: { projectDir: workshop!.dir }, commandOptions: options });
        const first = await up("--no-guardrail-proof");
        expect(first.exitCode, first.stderr).to.equal(0);
        expect(proofs).to.deep.equal([]);

        fs.appendFileSync(path.join(workshop.dir, "roster.yaml"), "  - email: student3@uni.example\n    name: Student Three\n");
        const second = await up();
        expect(second.exitCode, second.stderr).to.equal(0);
        expect(proofs, "only the account this up created").to.deep.equal([["student3@uni.example"]]);
    });

    it("preview shows the check and never stops on it; JSON output stays alone on stdout", async () => {
        workshop = new WorkshopOnWorld(students(1));
        const options: CommandOptions = {
            checkOrganization: async (ctx, command, out = ctx) => {
                out.log(`Organization: 14 ok (${command}).`);
                return { blocking: true };
            },
        };
        const run = await runCli(["preview", "--json"], { engine: workshop.engine, context: { projectDir: workshop.dir }, commandOptions: options });
        expect(run.exitCode, run.stderr).to.equal(0);
        expect(run.stderr).to.contain("Organization: 14 ok (preview).");
        expect(() => JSON.parse(run.stdout)).not.to.throw();
    });

    it("the proof line in status: never proven, then proven on its date", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "status-proof-"));
        fs.writeFileSync(path.join(dir, "roster.yaml"), "students:\n  - email: ada@uni.example\n    name: Ada Lovelace\n");
        const status = () => runCli(["status"], { engine: new FakeEngine({ outputs: {}, config: {} }), context: { projectDir: dir } });
        expect((await status()).stdout).to.contain("Guardrails not proven on this organization yet: `npm run doctor -- --guardrails <student email>` ($0).");
        writeGuardrailProof(guardrailProofPath(workshopDataDir(dir, "dev")), {
            version: 1, provenAt: "2026-12-01T09:00:00.000Z", email: "ada@uni.example", accountId: "111111111111", frozen: false, proven: 8, failed: 0, unknown: 0,
        });
        expect((await status()).stdout).to.contain("Guardrails proven on 2026-12-01: all 8 DryRun requests answered as expected (account 111111111111).");
    });
});
