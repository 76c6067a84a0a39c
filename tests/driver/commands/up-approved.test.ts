import { expect } from "chai";
import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { stringify } from "yaml";

import { workshopDataDir } from "../../../driver/paths";
import { takeApprovalSnapshot } from "../../../driver/roster/approval-snapshot";
import { stackRosterSettings } from "../../../driver/roster/stack-roster";
import { TEST_CONFIG } from "../../fixtures/workshop";
import { AwsWorld } from "../../support/aws-rules/world";
import { type CompiledDriverProject, compiledDriverProject } from "../../support/compiled-driver";
import { MockEngine } from "../../support/mock-engine";
import { type CliRun, runCli } from "../../support/run-cli";
import { type RosterStudent, students } from "../../support/workshop-on-world";

const REFUSED = "the roster changed since the preview: run `npm run up` again";

/** An `add-student` in a process of its own, resolved with its output once it exits; `said` resolves when its output contains a text. */
function driverProcess(project: CompiledDriverProject, args: string[]) {
    const child = spawn(process.execPath, [path.join(project.dir, "driver", "launch.js"), ...args], {
        cwd: project.dir, env: { PATH: process.env.PATH, HOME: os.tmpdir() }, stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    const waiting: { text: string; done: () => void }[] = [];
    child.stdout.on("data", (chunk: Buffer) => {
        stdout += chunk.toString();
        for (const w of waiting.filter((w) => stdout.includes(w.text))) w.done();
    });
    child.stderr.on("data", (chunk: Buffer) => { stderr += chunk.toString(); });
    const exited = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
        child.on("close", (code) => resolve({ code, stdout, stderr })));
    const said = (text: string) => new Promise<void>((done, fail) => {
        if (stdout.includes(text)) return done();
        waiting.push({ text, done });
        void exited.then((r) => fail(new Error(`the process ended without saying "${text}":\n${r.stdout}${r.stderr}`)));
    });
    return { exited, said };
}

describe("up deploys exactly the roster and config it previewed", function () {
    this.timeout(300_000);
    let project: CompiledDriverProject;
    let roster: string;
    let engine: MockEngine;
    let world: AwsWorld;
    before(() => { project = compiledDriverProject(); });
    after(() => project?.remove());
    beforeEach(() => {
        roster = path.join(project.dir, "roster.yaml");
        fs.rmSync(path.join(project.dir, ".workshop"), { recursive: true, force: true });
        world = new AwsWorld();
        engine = new MockEngine({ stack: "dev", world, config: { ...TEST_CONFIG, rosterPath: roster } });
    });

    const writeRoster = (list: RosterStudent[]) => fs.writeFileSync(roster, stringify({ students: list }));
    const run = (args: string[], confirm: () => Promise<boolean> = async () => true, prompt?: () => Promise<string | undefined>): Promise<CliRun> =>
        runCli(args, { engine, context: { projectDir: project.dir, confirm, ...(prompt ? { prompt } : {}) } });
    const deployed = async () => Object.values((await engine.outputs()).students?.value as Record<string, { email: string; accountId: string }> ?? {});
    const deployedEmails = async () => (await deployed()).map((s) => s.email).sort();
    /** Accounts deployed for these students by the first `up`, to follow what happens to them later. */
    const accountsOf = async (...emails: string[]) => (await deployed()).filter((s) => emails.includes(s.email)).map((s) => s.accountId);
    const statusOf = (ids: string[]) => ids.map((id) => world.organizations.status(world.organizations.accounts.get(id)!));

    /** Deploys `count` students, then adds one more to the roster for the next preview to show. */
    async function deploy(count: number): Promise<void> {
        writeRoster(students(count));
        const first = await run(["up", "--yes"]);
        expect(first.exitCode, first.stderr).to.equal(0);
        writeRoster(students(count + 1));
    }

    it("the issue's run: preview \"+ student5\", the roster loses student1 and student2 during the question; after \"y\" nothing is closed", async () => {
        await deploy(4);
        const leaving = await accountsOf("student1@uni.example", "student2@uni.example");
        expect(leaving).to.have.length(2);
        const result = await run(["up"], async () => {
            // An editor save or a `git pull`: it ignores the lock.
            writeRoster(students(3, 3));
            return true;
        });
        expect(result.stdout).to.contain("student5@uni.example");
        expect(result.exitCode).to.equal(1);
        expect(result.stderr).to.contain(REFUSED);
        expect(result.stdout).not.to.contain("Closed");
        expect(engine.calls).to.deep.equal(["preview", "up", "preview"]);
        expect(await deployedEmails()).to.deep.equal(students(4).map((s) => s.email));
        expect(statusOf(leaving)).to.deep.equal(["ACTIVE", "ACTIVE"]);
    });

    it("an add-student in another process during the question waits for the lock and lands after the update, which deploys what was approved", async () => {
        await deploy(1);
        const adding = driverProcess(project, ["add-student", "late@uni.example"]);
        const result = await run(["up"], async () => {
            await adding.said("is held by a deployment");
            return true;
        });
        expect(result.exitCode, result.stderr).to.equal(0);
        const added = await adding.exited;
        expect(added.code, added.stderr).to.equal(0);
        expect(added.stdout).to.contain("Added Late <late@uni.example>");
        expect(fs.readFileSync(roster, "utf8")).to.contain("late@uni.example").and.contain("student2@uni.example");
        // The update ran on the approved roster: the late student waits for the next `up`.
        expect(await deployedEmails()).to.deep.equal(students(2).map((s) => s.email));
        const next = await run(["up", "--yes"]);
        expect(next.exitCode, next.stderr).to.equal(0);
        expect(await deployedEmails()).to.include("late@uni.example");
    });

    it("hands the engine the previewed roster bytes and stack config, the same for preview and update", async () => {
        fs.writeFileSync(path.join(project.dir, "Pulumi.dev.yaml"), "config:\n  workshop-accounts:workshopName: test-ws\n");
        await deploy(1);
        const approved = engine.approved.slice(-2);
        expect(approved.map((a) => a.call)).to.deep.equal(["preview", "up"]);
        expect(approved[1].inputs).to.deep.equal(approved[0].inputs);
        expect(path.basename(approved[0].inputs.configFile!)).to.equal("Pulumi.dev.yaml");
        // Nothing is left of the snapshot once the update ended.
        expect(fs.existsSync(path.dirname(approved[0].inputs.rosterSnapshot!))).to.equal(false);
    });

    it("the program reads the approved bytes, not the file as it is when the engine runs", async () => {
        writeRoster(students(2));
        const ctx = (await run(["roster", "validate"])).contexts[0];
        const snapshot = await takeApprovalSnapshot({ ...ctx, dataDir: workshopDataDir(project.dir, "dev") }, { rosterFile: (await stackRosterSettings(ctx)).file });
        writeRoster(students(3));
        const result = await engine.up(undefined, snapshot.inputs);
        expect(result.ok, result.error).to.equal(true);
        expect(await deployedEmails()).to.deep.equal(students(2).map((s) => s.email));
    });

    it("a stack config saved during the question is refused the same way", async () => {
        fs.writeFileSync(path.join(project.dir, "Pulumi.dev.yaml"), "config:\n  workshop-accounts:workshopName: test-ws\n");
        await deploy(1);
        const result = await run(["up"], async () => {
            fs.appendFileSync(path.join(project.dir, "Pulumi.dev.yaml"), "  workshop-accounts:studentBudgetUsd: \"5\"\n");
            return true;
        });
        expect(result.exitCode).to.equal(1);
        expect(result.stderr).to.contain("the stack config (Pulumi.dev.yaml) changed since the preview: run `npm run up` again");
        expect(engine.calls.filter((c) => c === "up")).to.have.length(1);
        fs.rmSync(path.join(project.dir, "Pulumi.dev.yaml"));
    });

    it("remove-student --apply: the edit and the update under one lock; a save during the question is refused and closes nothing", async () => {
        await deploy(1);
        const leaving = await accountsOf("student1@uni.example");
        const result = await run(["remove-student", "student1@uni.example", "--apply"], async () => {
            // Someone else's save: student2 gone, student3 in.
            writeRoster(students(1, 3));
            return true;
        });
        expect(result.exitCode).to.equal(1);
        expect(result.stderr).to.contain(REFUSED);
        expect(engine.calls.filter((c) => c === "up")).to.have.length(1);
        expect(statusOf(leaving)).to.deep.equal(["ACTIVE"]);
    });

    it("destroy: an update of the stack while the workshop name is asked is refused, and nothing is destroyed", async () => {
        await deploy(1);
        const result = await run(["destroy", "--no-report", "--no-stop-resources"], async () => true, async () => {
            // Another machine's `pulumi up` (another checkout, a CI job): it does not know this lock.
            await engine.up();
            return "k8s-nov";
        });
        expect(result.exitCode).to.equal(1);
        expect(result.stderr).to.contain("the stack's state (another update ran) changed since the confirmation: run `npm run destroy` again");
        expect(engine.calls).not.to.include("destroy");
    });
});
