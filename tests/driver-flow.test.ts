import { type Budget,BudgetsClient, DescribeBudgetsCommand } from "@aws-sdk/client-budgets";
import { type Account,DescribeOrganizationCommand, ListAccountsCommand, OrganizationsClient } from "@aws-sdk/client-organizations";
import { mockClient } from "aws-sdk-client-mock";
import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { stringify } from "yaml";

import type { CommandOptions } from "../driver/commands";
import { costBudget, simulatedBudgets } from "../driver/costs/simulated-budgets";
import type { WorkshopOutputs } from "../infra/outputs";
import { PROJECT_ROOT } from "../infra/project-root";
import { TEST_CONFIG } from "./fixtures/workshop";
import { awsWith, testAwsClients } from "./support/aws";
import { MockEngine } from "./support/mock-engine";
import { runCli, type RunCliOptions } from "./support/run-cli";

const ADA = { email: "ada@uni.example", name: "Ada Lovelace" };
const GRACE = { email: "grace@uni.example", name: "Grace Hopper" };
const ACCOUNT = "aws:organizations/account:Account";

function accounts(count: number, state: Account["State"], offset = 0): Account[] {
    return Array.from({ length: count }, (_, i) => ({ Id: String(100000000000 + offset + i), State: state }));
}

/** An Organizations client whose ListAccounts answers in two pages. */
function organizations(active: number, suspended: number): OrganizationsClient {
    const client = testAwsClients().client(OrganizationsClient);
    mockClient(client)
        .on(ListAccountsCommand, { NextToken: undefined }).resolves({ Accounts: accounts(active, "ACTIVE"), NextToken: "page-2" })
        .on(ListAccountsCommand, { NextToken: "page-2" }).resolves({ Accounts: accounts(suspended, "SUSPENDED", active) });
    return client;
}

/** Budgets and Organizations clients answering DescribeBudgets with these budgets, for the management account. */
function budgets(...answer: Budget[]): [BudgetsClient, OrganizationsClient] {
    const client = testAwsClients().client(BudgetsClient);
    mockClient(client).on(DescribeBudgetsCommand).callsFake(simulatedBudgets(answer));
    const org = testAwsClients().client(OrganizationsClient);
    mockClient(org).on(DescribeOrganizationCommand).resolves({ Organization: { Id: "o-abc123", MasterAccountId: "999999999999" } });
    return [client, org];
}

describe("driver commands through the mock engine", function () {
    this.timeout(120_000);
    let dir: string;
    let rosterFile: string;
    let engine: MockEngine;

    const writeRoster = (...students: object[]) => fs.writeFileSync(rosterFile, stringify({ students }));
    const run = (argv: string[], options: Partial<RunCliOptions> = {}) =>
        runCli(argv, { engine, ...options, context: { projectDir: dir, ...options.context } });
    const deployedEmails = async () => Object.values((await engine.outputs()).students?.value as WorkshopOutputs["students"] ?? {})
        .map((s) => s.email).sort();

    beforeEach(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "driver-flow-"));
        rosterFile = path.join(dir, "roster.yaml");
        engine = new MockEngine({ stack: "dev", config: { ...TEST_CONFIG, rosterPath: rosterFile } });
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("add, up, status, remove, up, destroy: the whole life of a workshop", async () => {
        const emailed: string[][] = [];
        const commandOptions: CommandOptions = {
            afterUpdate: async (_ctx, outputs) => { emailed.push(Object.values(outputs.students).map((s) => s.email).sort()); return 0; },
        };
        const aws = awsWith(organizations(20, 0));

        writeRoster(ADA, GRACE);
        const first = await run(["up", "--yes"], { commandOptions });
        expect(first.exitCode, first.stderr).to.equal(0);
        expect(first.stdout).to.match(/\+ ada@uni\.example\s+new account\s+\d+ to create/);
        expect(first.stdout).to.match(/\+ grace@uni\.example\s+new account/);
        expect(first.stdout).to.contain("Workshop-wide:");
        expect(first.stdout).to.contain("ok ada@uni.example: account ready");
        expect(first.stdout).to.contain("ok grace@uni.example: account ready");
        expect(await deployedEmails()).to.deep.equal([ADA.email, GRACE.email]);
        expect(emailed).to.deep.equal([[ADA.email, GRACE.email]]);

        const again = await run(["up", "--yes"], { commandOptions });
        expect(again.exitCode).to.equal(0);
        expect(again.stdout).to.contain("No changes");
        expect(engine.calls.filter((c) => c === "up")).to.have.length(1);

        const outputs = (await engine.outputs()).students.value as WorkshopOutputs["students"];
        const ada = Object.values(outputs).find((s) => s.email === ADA.email)!;
        fs.mkdirSync(path.join(dir, ".workshop", "dev"), { recursive: true });
        fs.writeFileSync(path.join(dir, ".workshop", "dev", "email-ledger.json"), JSON.stringify({
            version: 1, records: { [`${ADA.email} ${ada.accountId}`]: { email: ADA.email, accountId: ada.accountId, status: "sent", sentAt: "2026-11-22T09:00:00Z",
                attempts: 1, updatedAt: "2026-11-22T09:00:00Z" } },
        }));
        const status = await run(["status"], { context: { aws: awsWith(...budgets(costBudget(ada.budgetName, { actualUsd: 3.5 }))) } });
        expect(status.exitCode, status.stderr).to.equal(0);
        const adaRow = status.stdout.split("\n").find((l) => l.includes(ADA.email))!;
        // Spend from Budgets, no live-meter estimate yet ("-"), the budget, emailed.
        expect(adaRow).to.contain(ada.accountId).and.contain("ready").and.match(/\$3\.50\s+-\s+-\s+\$25\.00\s+sent 2026-11-22/);
        expect(status.stdout.split("\n").find((l) => l.includes(GRACE.email))).to.match(/ready\s+no budget\s+-\s+-\s+\$25\.00\s+-$/);
        expect(status.stdout).to.contain("No live-meter estimate yet");

        writeRoster(ADA);
        const removal = await run(["up", "--yes"], { commandOptions });
        expect(removal.exitCode, removal.stderr).to.equal(0);
        expect(removal.stdout).to.match(/- grace@uni\.example\s+account closes\s+\d+ to delete/);
        expect(removal.stdout).not.to.match(/ada@uni\.example\s+new account/);
        expect(removal.stdout).to.contain("ok grace@uni.example: account closed");
        expect(await deployedEmails()).to.deep.equal([ADA.email]);
        expect(engine.resources().some((r) => r.name.startsWith("grace-at-uni-example"))).to.equal(false);

        const destroy = await run(["destroy", "--yes"], { commandOptions, context: { aws } });
        expect(destroy.exitCode, destroy.stderr).to.equal(0);
        expect(destroy.stdout).to.contain("ok ada@uni.example: account closed");
        expect(destroy.stderr).to.contain("SUSPENDED for 90 days");
        expect(engine.resources()).to.deep.equal([]);
        expect(await engine.outputs()).to.deep.equal({});
    });

    it("a damaged email ledger stops status, email, dashboard and report alike, with one message and nothing sent or written", async () => {
        writeRoster(ADA);
        expect((await run(["up", "--yes"])).exitCode).to.equal(0);
        const ledger = path.join(dir, ".workshop", "dev", "email-ledger.json");
        fs.mkdirSync(path.dirname(ledger), { recursive: true });
        fs.writeFileSync(ledger, JSON.stringify({ version: 1, records: [] }));
        const snapshot = path.join(dir, "snapshot.html");
        for (const argv of [["status"], ["email"], ["dashboard", "--out", snapshot], ["report"]]) {
            const result = await run(argv);
            expect(result.exitCode, argv[0]).to.equal(1);
            expect(result.stdout, argv[0]).not.to.contain(ADA.email);
            expect(result.stderr.split(`the email ledger ${ledger} is damaged`), argv[0]).to.have.length(2);
            expect(result.stderr, argv[0]).to.contain("records is a list").and.contain(`mv ${ledger} ${ledger}.damaged`)
                .and.not.match(/TypeError|Cannot read/);
        }
        expect(fs.existsSync(snapshot)).to.equal(false);
        expect(fs.existsSync(path.join(dir, ".workshop", "dev", "reports"))).to.equal(false);
        expect(fs.readFileSync(ledger, "utf8")).to.equal(JSON.stringify({ version: 1, records: [] }));
    });

    it("preview --json and --markdown print only the plan, grouped by student", async () => {
        writeRoster(ADA, { email: "linus@uni.example", name: "Linus | Torvalds" });
        const json = await run(["preview", "--json"]);
        expect(json.exitCode, json.stderr).to.equal(0);
        const plan = JSON.parse(json.stdout);
        expect(plan.stack).to.equal("dev");
        expect(plan.hasChanges).to.equal(true);
        expect(plan.students.map((s: { email: string }) => s.email)).to.deep.equal([ADA.email, "linus@uni.example"]);
        expect(plan.students[0].action).to.equal("new account");
        expect(plan.students[0].changes.some((c: { type: string; op: string }) => c.type === ACCOUNT && c.op === "create")).to.equal(true);
        expect(plan.workshop.length).to.be.greaterThan(0);

        const markdown = await run(["preview", "--markdown"]);
        expect(markdown.exitCode).to.equal(0);
        expect(markdown.stdout).to.match(/^### Workshop plan for stack `dev`/);
        expect(markdown.stdout).to.contain("| Linus \\| Torvalds | l\\*\\*\\*@uni.example | new account |");
        expect(markdown.stdout).not.to.contain("linus@uni.example");
        const full = await run(["preview", "--markdown", "--emails", "full"]);
        expect(full.stdout).to.contain("| Linus \\| Torvalds | linus@uni.example | new account |");
        expect(engine.calls).to.deep.equal(["preview", "preview", "preview"]);
        expect(engine.resources()).to.deep.equal([]);
    });

    it("partial failure: one student's EMAIL_ALREADY_EXISTS is reported with advice, the others get their account", async () => {
        writeRoster(ADA, GRACE, { email: "linus@uni.example", name: "Linus Torvalds" });
        engine.failOn = (type, name) => (type === ACCOUNT && name.startsWith("grace-")
            ? "creating AWS Organizations Account: waiting for completion: unexpected state 'FAILED', last error: EMAIL_ALREADY_EXISTS"
            : undefined);
        const emailed: string[][] = [];
        const result = await run(["up", "--yes"], {
            commandOptions: { afterUpdate: async (_ctx, outputs) => { emailed.push(Object.values(outputs.students).map((s) => s.email).sort()); return 0; } },
        });
        expect(result.exitCode).to.equal(1);
        expect(result.stdout).to.contain("ok ada@uni.example: account ready");
        expect(result.stdout).to.contain("Done for 2 student(s): ada@uni.example, linus@uni.example.");
        expect(result.stderr).to.contain("Failed for 1 student(s):");
        expect(result.stderr).to.contain("x grace@uni.example");
        expect(result.stderr).to.contain("failed: Account grace-at-uni-example: creating AWS Organizations Account");
        expect(result.stderr).to.match(/root email is already used .*remove the student and add them again/);
        expect(await deployedEmails()).to.deep.equal([ADA.email, "linus@uni.example"]);
        expect(emailed).to.deep.equal([[ADA.email, "linus@uni.example"]]);

        engine.failOn = undefined;
        const retry = await run(["up", "--yes"]);
        expect(retry.exitCode).to.equal(0);
        expect(retry.stdout).to.match(/\+ grace@uni\.example\s+new account/);
        expect(retry.stdout).not.to.contain("ada@uni.example  new account");
        expect(await deployedEmails()).to.deep.equal([ADA.email, GRACE.email, "linus@uni.example"]);
    });

    it("declined confirmation changes nothing; no terminal without --yes refuses; CI proceeds", async () => {
        writeRoster(ADA);
        const declined = await run(["up"], { context: { confirm: async () => false } });
        expect(declined.exitCode).to.equal(1);
        expect(declined.stderr).to.contain("Cancelled: nothing was changed.");
        const noTerminal = await run(["up"], { context: { interactive: false } });
        expect(noTerminal.exitCode).to.equal(1);
        expect(noTerminal.stderr).to.contain("run again with --yes");
        expect(engine.calls).to.deep.equal(["preview", "preview"]);
        expect(engine.resources()).to.deep.equal([]);

        const ci = await run(["up"], { context: { interactive: false, env: { CI: "true" } } });
        expect(ci.exitCode, ci.stderr).to.equal(0);
        expect(await deployedEmails()).to.deep.equal([ADA.email]);
    });

    it("a broken roster stops before Pulumi runs, with every problem listed", async () => {
        writeRoster({ email: "not-an-email", name: "X" }, { name: "No Email" });
        const result = await run(["up", "--yes"]);
        expect(result.exitCode).to.equal(1);
        expect(result.stderr).to.contain("not-an-email").and.contain("missing email");
        expect(engine.calls).to.deep.equal([]);
    });

    it("destroy warns with both CloseAccount quotas but leaves the decision to Organizations, and wants the workshop name typed", async () => {
        writeRoster(ADA, GRACE);
        expect((await run(["up", "--yes"])).exitCode).to.equal(0);
        const wrongName = await run(["destroy"], { context: { aws: awsWith(organizations(5, 0)), prompt: async () => "k8s-dec" } });
        expect(wrongName.exitCode).to.equal(1);
        expect(wrongName.stderr).to.contain('That is not "k8s-nov": nothing was destroyed.');
        expect(engine.calls).not.to.include("destroy");

        // 30 members: the API reference's quota is 10, of which 9 may be taken by suspended accounts.
        const reports: string[] = [];
        const destroyed = await run(["destroy"], {
            commandOptions: { beforeDestroy: async (_ctx, outputs) => { reports.push(outputs.workshopName); return 0; } },
            context: { aws: awsWith(organizations(22, 9)), prompt: async () => "k8s-nov", confirm: async () => true },
        });
        expect(destroyed.exitCode, destroyed.stderr).to.equal(0);
        expect(destroyed.stderr).to.contain("Closing 2 account(s)").and.contain("(CloseAccount API reference: 10)")
            .and.contain("(Organizations quotas page: 250)").and.contain("9 account(s) closed in the last 90 days");
        expect(destroyed.stdout).to.contain("Closed 2 account(s).");
        expect(reports).to.deep.equal(["k8s-nov"]);
        expect(engine.resources()).to.deep.equal([]);
    });

    it("names the missing Pulumi CLI and how to get it, through the real engine", async function () {
        const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), "driver-state-"));
        const { spawnSync } = await import("child_process");
        // PATH holds node only, so no pulumi is found, and nothing is ever downloaded (no --install-cli).
        const child = spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", "driver/cli.ts", "status", "--backend", `file://${stateDir}`], {
            cwd: PROJECT_ROOT,
            env: { PATH: path.dirname(process.execPath), HOME: os.tmpdir(), PULUMI_CONFIG_PASSPHRASE: "test" },
            encoding: "utf8",
        });
        fs.rmSync(stateDir, { recursive: true, force: true });
        expect(child.status).to.equal(1);
        expect(child.stderr).to.contain("Pulumi CLI not found");
        expect(child.stderr).to.contain("run again with --install-cli to install it into .pulumi-cli (needs internet)");
        expect(child.stderr).to.contain("https://www.pulumi.com/docs/install/");
        expect(child.stderr).not.to.contain("    at ");
    });
});
