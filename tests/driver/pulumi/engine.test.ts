import type { EngineEvent, PulumiCommand } from "@pulumi/pulumi/automation";
import { expect } from "chai";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import { EngineEventCollector, errorSummary } from "../../../driver/pulumi/automation-engine";
import { checkPassphrase, resolveBackend } from "../../../driver/pulumi/backend";
import { findPulumiCli, type PulumiCliInstaller,PulumiCliMissingError } from "../../../driver/pulumi/cli-install";
import type { WorkshopEvent } from "../../../driver/pulumi/engine";
import { lazyEngine } from "../../../driver/pulumi/lazy-engine";
import { PROJECT_NAME, PROJECT_ROOT, qualifiedConfigKey } from "../../../infra/project-root";

const ROOT = PROJECT_ROOT;
const ACCOUNT_URN = "urn:pulumi:dev::workshop-accounts::workshop-accounts:index:StudentAccount$aws:organizations/account:Account::ada-at-uni-example";
const STACK_URN = "urn:pulumi:dev::workshop-accounts::pulumi:pulumi:Stack::workshop-accounts-dev";

function step(kind: "resourcePreEvent" | "resOutputsEvent" | "resOpFailedEvent", urn: string, op: string, type: string): EngineEvent {
    const metadata = { op, urn, type, provider: "" } as never;
    const body = kind === "resOpFailedEvent" ? { metadata, status: 1, steps: 1 } : { metadata };
    return { sequence: 0, timestamp: 0, [kind]: body } as EngineEvent;
}
function diagnostic(severity: string, message: string, urn?: string): EngineEvent {
    return { sequence: 0, timestamp: 0, diagnosticEvent: { severity, message, color: "never", ...(urn ? { urn } : {}) } } as EngineEvent;
}

describe("driver engine plumbing", () => {
    describe("Pulumi CLI detection", () => {
        const fakeCli = { command: "pulumi", version: null } as unknown as PulumiCommand;
        const missing = (): PulumiCliInstaller & { installs: string[] } => {
            const installs: string[] = [];
            return {
                installs,
                get: async (root) => { throw new Error(`Command failed with ENOENT: ${root ?? "pulumi"} version`); },
                install: async (root) => { installs.push(root); return fakeCli; },
            };
        };

        it("without --install-cli: says how to get the CLI and installs nothing", async () => {
            const installer = missing();
            const error = await findPulumiCli({ projectDir: "/p", installCli: false, log: () => {}, installer }).catch((e) => e);
            expect(error).to.be.instanceOf(PulumiCliMissingError);
            expect(error.message).to.contain("Pulumi CLI not found").and.contain("run again with --install-cli to install it into .pulumi-cli (needs internet)")
                .and.contain("https://www.pulumi.com/docs/install/");
            expect(installer.installs).to.deep.equal([]);
        });

        it("on a terminal: offers the install, and installs only on yes", async () => {
            for (const answer of [false, true]) {
                const installer = missing();
                const questions: string[] = [];
                const offerInstall = async (question: string) => { questions.push(question); return answer; };
                const result = await findPulumiCli({ projectDir: "/p", installCli: false, offerInstall, log: () => {}, installer }).catch((e) => e);
                expect(questions).to.have.length(1);
                expect(questions[0]).to.contain("PulumiCommand.install");
                if (answer) {
                    expect(result).to.equal(fakeCli);
                    expect(installer.installs).to.deep.equal([path.join("/p", ".pulumi-cli")]);
                } else {
                    expect((result as Error).message).to.contain("Pulumi CLI not found");
                    expect(installer.installs).to.deep.equal([]);
                }
            }
        });

        it("with --install-cli: installs into <project>/.pulumi-cli and uses that", async () => {
            const installer = missing();
            const lines: string[] = [];
            const cli = await findPulumiCli({ projectDir: "/p", installCli: true, log: (l) => lines.push(l), installer });
            expect(cli).to.equal(fakeCli);
            expect(installer.installs).to.deep.equal([path.join("/p", ".pulumi-cli")]);
            expect(lines.join()).to.contain("Installing the Pulumi CLI into /p/.pulumi-cli");
        });

        it("prefers a project-local CLI over PATH and never installs when one is found", async () => {
            const projectDir = fs.mkdtempSync(path.join(os.tmpdir(), "cli-"));
            fs.mkdirSync(path.join(projectDir, ".pulumi-cli", "bin"), { recursive: true });
            const asked: (string | undefined)[] = [];
            const installer: PulumiCliInstaller = {
                get: async (root) => { asked.push(root); return fakeCli; },
                install: async () => { throw new Error("must not install"); },
            };
            expect(await findPulumiCli({ projectDir, installCli: true, log: () => {}, installer })).to.equal(fakeCli);
            expect(asked).to.deep.equal([path.join(projectDir, ".pulumi-cli")]);
        });

        it("reports a CLI that is there but unusable with its own reason", async () => {
            const installer: PulumiCliInstaller = {
                get: async () => { throw new Error("Major version mismatch. You are using Pulumi CLI version 2.0.0"); },
                install: async () => fakeCli,
            };
            const error = await findPulumiCli({ projectDir: "/p", installCli: false, log: () => {}, installer }).catch((e) => e);
            expect(error.message).to.contain("Major version mismatch");
        });

        it("finds no pulumi on this machine through the real Automation API (nothing downloaded)", async () => {
            const projectDir = fs.mkdtempSync(path.join(os.tmpdir(), "cli-real-"));
            const savedPath = process.env.PATH;
            process.env.PATH = path.dirname(process.execPath);
            try {
                const error = await findPulumiCli({ projectDir, installCli: false, log: () => {} }).catch((e) => e);
                expect(error).to.be.instanceOf(PulumiCliMissingError);
            } finally {
                process.env.PATH = savedPath;
            }
        });
    });

    describe("backend and passphrase", () => {
        it("defaults to a file backend in the project, else --backend, else PULUMI_BACKEND_URL", () => {
            expect(resolveBackend("/p", undefined, {})).to.deep.equal({ url: "file:///p/.pulumi-state", localDir: "/p/.pulumi-state", usesPassphrase: true });
            expect(resolveBackend("/p", "s3://bucket", { PULUMI_BACKEND_URL: "https://api.pulumi.com" })).to.deep.equal({ url: "s3://bucket", usesPassphrase: true });
            expect(resolveBackend("/p", undefined, { PULUMI_BACKEND_URL: "https://api.pulumi.com" }).usesPassphrase).to.equal(false);
        });

        it("requires a passphrase for self-managed backends and says how to set it", () => {
            const local = resolveBackend("/p", undefined, {});
            expect(() => checkPassphrase(local, {})).to.throw(/PULUMI_CONFIG_PASSPHRASE .*PULUMI_CONFIG_PASSPHRASE_FILE/);
            expect(() => checkPassphrase(local, { PULUMI_CONFIG_PASSPHRASE: "" })).not.to.throw();
            expect(() => checkPassphrase(local, { PULUMI_CONFIG_PASSPHRASE_FILE: "/secret" })).not.to.throw();
            expect(() => checkPassphrase(resolveBackend("/p", "https://api.pulumi.com", {}), {})).not.to.throw();
        });

        it("starts the engine only when a command uses it", async () => {
            let started = 0;
            const engine = lazyEngine("stack dev on file:///p", async () => { started++; throw new Error("no CLI"); });
            expect(engine.description).to.equal("stack dev on file:///p");
            expect(started).to.equal(0);
            await engine.outputs().catch(() => {});
            expect(started).to.equal(1);
        });
    });

    describe("engine events", () => {
        it("maps steps, replacement steps and diagnostics, and collects failures by urn", () => {
            const seen: WorkshopEvent[] = [];
            const collector = new EngineEventCollector((e) => seen.push(e));
            const budgetUrn = ACCOUNT_URN.replace("aws:organizations/account:Account", "aws:budgets/budget:Budget");
            for (const event of [
                step("resourcePreEvent", STACK_URN, "same", "pulumi:pulumi:Stack"),
                step("resourcePreEvent", ACCOUNT_URN, "create", "aws:organizations/account:Account"),
                step("resourcePreEvent", budgetUrn, "create-replacement", "aws:budgets/budget:Budget"),
                step("resourcePreEvent", budgetUrn, "replace", "aws:budgets/budget:Budget"),
                step("resOutputsEvent", budgetUrn, "create-replacement", "aws:budgets/budget:Budget"),
                step("resOutputsEvent", budgetUrn, "replace", "aws:budgets/budget:Budget"),
                diagnostic("error", "creating AWS Organizations Account: EMAIL_ALREADY_EXISTS\n", ACCOUNT_URN),
                step("resOpFailedEvent", ACCOUNT_URN, "create", "aws:organizations/account:Account"),
                diagnostic("error", "update failed", STACK_URN),
                diagnostic("info#err", "note"),
            ]) collector.handle(event);

            expect(collector.changes.map((c) => [c.op, c.name])).to.deep.equal([["create", "ada-at-uni-example"], ["replace", "ada-at-uni-example"]]);
            expect(collector.failures).to.deep.equal([{
                urn: ACCOUNT_URN, type: "aws:organizations/account:Account", name: "ada-at-uni-example",
                message: "creating AWS Organizations Account: EMAIL_ALREADY_EXISTS",
            }]);
            expect(collector.updateErrors).to.deep.equal(["update failed"]);
            expect(seen.filter((e) => e.kind !== "diagnostic").map((e) => `${e.kind} ${e.op} ${e.type}`)).to.deep.equal([
                "step-start create aws:organizations/account:Account",
                "step-start replace aws:budgets/budget:Budget",
                "step-done replace aws:budgets/budget:Budget",
                "step-failed create aws:organizations/account:Account",
            ]);
            expect(seen.find((e) => e.kind === "step-failed")).to.include({ message: "creating AWS Organizations Account: EMAIL_ALREADY_EXISTS" });
            expect(seen.filter((e) => e.kind === "diagnostic").map((e) => (e as { severity: string }).severity)).to.deep.equal(["error", "error", "info"]);
        });

        it("keeps the stderr of a CLI error and namespaces config keys", () => {
            const error = new Error("code: 255\n stdout: lots\n stderr: error: update failed\n  EMAIL_ALREADY_EXISTS\n err?: Error: ...");
            expect(errorSummary(error)).to.equal("error: update failed\n  EMAIL_ALREADY_EXISTS");
            expect(qualifiedConfigKey("rosterPath")).to.equal("workshop-accounts:rosterPath");
            expect(qualifiedConfigKey("aws:region")).to.equal("aws:region");
        });

        it("uses the project name Pulumi.yaml declares", () => {
            expect(fs.readFileSync(path.join(PROJECT_ROOT, "Pulumi.yaml"), "utf8")).to.match(new RegExp(`^name: ${PROJECT_NAME}$`, "m"));
        });
    });

    it("`--help` lists every command and exits 0 (real process)", () => {
        const child = spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", "driver/cli.ts", "--help"], { cwd: ROOT, encoding: "utf8" });
        expect(child.status, child.stderr).to.equal(0);
        for (const command of ["up", "preview", "destroy", "status"]) expect(child.stdout).to.match(new RegExp(`driver ${command}\\b`));
        for (const option of ["--stack", "--backend", "--yes", "--install-cli", "--verbose"]) expect(child.stdout).to.contain(option);
    });
});
