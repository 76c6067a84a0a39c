/**
 * Welcome-email throughput against the local SES emulator (aws-ses-v2-local), through the real
 * sender (driver/email/send.ts sendWelcomeEmails) and the real SES v2 client.
 *
 *   ts-node --transpile-only bench/email-throughput.ts [--quick] [--students 300] [--rates 1,14]
 *
 * For each MaxSendRate: one clean run (total time vs. the ideal N/rate), then an interrupted
 * run: a sender in a child process is killed with SIGKILL once about a third of the emails are
 * in the emulator's store, and a second run resumes from the ledger. Duplicates (a recipient with
 * more than one message) must be 0; an email whose send was in flight at the kill is held as
 * "in doubt" rather than sent again, so it is reported, not counted as a duplicate.
 * 300 students at 1/s take about 5 minutes per run; --quick runs 30.
 */
import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import { sesClient } from "../driver/email/mailer";
import { type EmailRunReport,sendWelcomeEmails } from "../driver/email/send";
import { sampleWorkshopOutputs } from "../tests/fixtures/outputs";
import { testAwsClients } from "../tests/support/aws";
import { type SesEmulator,startSesEmulator } from "../tests/support/ses-emulator";
import { fmt, machineLine, table } from "./support/table";

const FROM = "workshop-mail@example.com";

function argValue(name: string): string | undefined {
    const i = process.argv.indexOf(name);
    return i >= 0 ? process.argv[i + 1] : undefined;
}

function client(endpoint: string) {
    return sesClient(testAwsClients({ SES_ENDPOINT: endpoint }));
}

function send(endpoint: string, students: number, ledgerPath: string): Promise<EmailRunReport> {
    return sendWelcomeEmails({ outputs: sampleWorkshopOutputs(students), ledgerPath, ses: client(endpoint), from: FROM });
}

/** Child mode: one sender process, killed by the parent part way through. */
async function child(endpoint: string, students: number, ledgerPath: string): Promise<void> {
    const report = await send(endpoint, students, ledgerPath);
    process.stdout.write(`sent ${report.sent}\n`);
}

async function recipientsCount(emulator: SesEmulator): Promise<{ messages: number; recipients: number; duplicates: number }> {
    const { emails } = await emulator.store();
    const perRecipient = new Map<string, number>();
    for (const email of emails) for (const to of email.destination.to) perRecipient.set(to, (perRecipient.get(to) ?? 0) + 1);
    const duplicates = [...perRecipient.values()].reduce((sum, n) => sum + Math.max(0, n - 1), 0);
    return { messages: emails.length, recipients: perRecipient.size, duplicates };
}

interface RateResult {
    rate: number;
    students: number;
    cleanSeconds: number;
    cleanSent: number;
    killedAfter: number;
    firstPartSeconds: number;
    resumeSeconds: number;
    resumeSent: number;
    resumeSkipped: number;
    inDoubt: number;
    recipients: number;
    duplicates: number;
}

async function measureRate(rate: number, students: number): Promise<RateResult> {
    const emulator = await startSesEmulator({ maxSendRate: rate });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "workshop-bench-email-"));
    try {
        // Clean run.
        const cleanStart = performance.now();
        const clean = await send(emulator.endpoint, students, path.join(dir, "clean-ledger.json"));
        const cleanSeconds = (performance.now() - cleanStart) / 1000;
        process.stderr.write(`  ${rate}/s clean run: ${clean.sent} sent in ${fmt(cleanSeconds, 1)} s\n`);
        await emulator.clear();

        // Interrupted run: a separate process, so the kill is a real crash (no finally, no lock release).
        const ledgerPath = path.join(dir, "ledger.json");
        const killAt = Math.ceil(students / 3);
        const partStart = performance.now();
        const sender = spawn(process.execPath, ["-r", require.resolve("ts-node/register/transpile-only"), __filename,
            "--child", emulator.endpoint, String(students), ledgerPath], { stdio: ["ignore", "pipe", "inherit"] });
        const exited = new Promise<void>((resolve) => sender.once("exit", () => resolve()));
        let killedAfter = 0;
        for (;;) {
            const { messages } = await recipientsCount(emulator);
            if (messages >= killAt || sender.exitCode !== null) {
                sender.kill("SIGKILL");
                killedAfter = messages;
                break;
            }
            await new Promise((resolve) => setTimeout(resolve, Math.min(200, 250 / rate)));
        }
        await exited;
        const firstPartSeconds = (performance.now() - partStart) / 1000;
        const atKill = await recipientsCount(emulator);
        process.stderr.write(`  ${rate}/s interrupted after ${atKill.messages} message(s) (${fmt(firstPartSeconds, 1)} s incl. child start-up)\n`);

        const resumeStart = performance.now();
        const resumed = await send(emulator.endpoint, students, ledgerPath);
        const resumeSeconds = (performance.now() - resumeStart) / 1000;
        const final = await recipientsCount(emulator);
        process.stderr.write(`  ${rate}/s resumed: ${resumed.sent} sent, ${resumed.skipped} skipped, ${resumed.failed} held/failed in ${fmt(resumeSeconds, 1)} s\n`);
        return {
            rate, students, cleanSeconds, cleanSent: clean.sent, killedAfter: atKill.messages || killedAfter, firstPartSeconds,
            resumeSeconds, resumeSent: resumed.sent, resumeSkipped: resumed.skipped,
            inDoubt: resumed.results.filter((r) => r.status === "in-doubt").length,
            recipients: final.recipients, duplicates: final.duplicates,
        };
    } finally {
        await emulator.stop();
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

async function main(): Promise<void> {
    const childAt = process.argv.indexOf("--child");
    if (childAt >= 0) {
        const [endpoint, students, ledgerPath] = process.argv.slice(childAt + 1);
        return child(endpoint, Number(students), ledgerPath);
    }
    const quick = process.argv.includes("--quick");
    const students = Number(argValue("--students") ?? (quick ? 30 : 300));
    const rates = (argValue("--rates") ?? "1,14").split(",").map(Number);
    console.log(`email-throughput: ${machineLine()}`);
    console.log(`Ran: ${students} students${quick ? " (--quick)" : ""} at MaxSendRate ${rates.join(" and ")} msg/s, aws-ses-v2-local on loopback.`);

    const results: RateResult[] = [];
    for (const rate of rates) results.push(await measureRate(rate, students));

    console.log("\nClean run: total time vs. the ideal N/rate");
    console.log(table(["rate msg/s", "students", "sent", "seconds", "ideal N/rate s", "actual ÷ ideal", "achieved msg/s"],
        results.map((r) => [r.rate, r.students, r.cleanSent, fmt(r.cleanSeconds, 1), fmt(r.students / r.rate, 1),
            fmt(r.cleanSeconds / (r.students / r.rate), 2), fmt(r.cleanSent / r.cleanSeconds, 2)])));

    console.log("\nInterrupted (SIGKILL after ~1/3) and resumed run");
    console.log(table(["rate msg/s", "delivered before kill", "resume sent", "resume skipped", "held in doubt", "recipients reached", "duplicates", "resume s"],
        results.map((r) => [r.rate, r.killedAfter, r.resumeSent, r.resumeSkipped, r.inDoubt, `${r.recipients}/${r.students}`, r.duplicates,
            fmt(r.resumeSeconds, 1)])));
    const duplicates = results.reduce((sum, r) => sum + r.duplicates, 0);
    console.log(duplicates === 0 ? "\nduplicates: 0 (as required)" : `\nduplicates: ${duplicates} — MUST be 0, this is a bug`);
}

main().catch((error) => {
    console.error(error);
    process.exit(1);
});
