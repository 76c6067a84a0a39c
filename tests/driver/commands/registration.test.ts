import { expect } from "chai";

import { FakeEngine, plainOutputs } from "../../support/fake-engine";
import { runCli } from "../../support/run-cli";

const REGISTRATION = { url: "https://abc123.execute-api.us-east-1.amazonaws.com/", tableName: "k8s-nov-registrations", region: "us-east-1" };

/** What `up` would output: a code that changes with the generation, as the RandomString's keepers make it. */
const deploy = (config: Record<string, string>) => ({
    ...plainOutputs({ workshopName: "k8s-nov", registration: REGISTRATION }),
    registrationCode: { value: config.registrationCodeGeneration === "20261123-1200" ? "NEWC0DE2" : "K7QX92MD", secret: true },
});

describe("registration command", () => {
    it("rotate-code writes a new code generation, runs up, and prints the new code", async () => {
        const engine = new FakeEngine({ config: { registration: "true" }, outputs: deploy({}), up: deploy });
        const run = await runCli(["registration", "rotate-code"], { engine });
        expect(run.exitCode, run.stderr).to.equal(0);
        expect(engine.config.registrationCodeGeneration).to.equal("20261123-1200");
        expect(engine.calls).to.deep.equal(["setConfig registrationCodeGeneration", "up"]);
        expect(run.stdout).to.contain("New workshop code: NEWC-0DE2. The previous code no longer works.");
    });

    it("show prints the page and the code as students type it", async () => {
        const engine = new FakeEngine({ config: { registration: "true" }, outputs: deploy({}) });
        const run = await runCli(["registration", "show"], { engine });
        expect(run.stdout).to.contain(`Registration page: ${REGISTRATION.url}`).and.contain("Workshop code: K7QX-92MD");
    });

    it("refuses, changing nothing, when registration is off", async () => {
        const engine = new FakeEngine({ config: {}, outputs: plainOutputs({ workshopName: "k8s-nov" }) });
        const run = await runCli(["registration", "rotate-code"], { engine });
        expect(run.exitCode).to.equal(1);
        expect(run.stderr).to.contain("pulumi config set workshop-accounts:registration true");
        expect(engine.calls).to.deep.equal([]);
    });

    it("roster pull says how to turn registration on when the stack has none", async () => {
        const run = await runCli(["roster", "pull"], { engine: new FakeEngine({ outputs: plainOutputs({ workshopName: "k8s-nov" }) }) });
        expect(run.exitCode).to.equal(1);
        expect(run.stderr).to.contain("Self-registration is not deployed for this stack");
    });
});
