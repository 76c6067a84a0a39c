import * as fs from "fs";
import * as path from "path";
import type { Argv, CommandModule } from "yargs";

import type { WorkshopOutputs } from "../../infra/outputs";
import type { ContextFactory, DriverContext } from "../context";
import { EmailLedger, emailLedgerPath } from "../email/ledger";
import { type PlannedEmail, planWelcomeEmails, type ResendSelection } from "../email/plan";
import { renderWelcomeEmail } from "../email/render";
import type { EmailRunReport } from "../email/send";
import { sendStackWelcomeEmails } from "../email/stack-emails";
import { type WelcomeConfig,welcomeConfig } from "../email/welcome-config";
import { welcomeInputs } from "../email/welcome-input";
import { workshopOutputs } from "../pulumi/stack-outputs";
import { type GlobalArgs,runWith } from "./command";

interface EmailArgs extends GlobalArgs {
    resend?: string[];
    all?: boolean;
    dryRun?: boolean;
    preview?: string;
    out?: string;
    summary?: string;
}

/** `email`: sends each student's welcome email once; see driver/email/send.ts. */
export function emailCommand(getContext: ContextFactory): CommandModule<object, EmailArgs> {
    return {
        builder: (yargs: Argv) => yargs
            .option("resend", { type: "string", array: true, describe: "Send again to this student's email, even if already sent (repeatable)" })
            .option("all", { type: "boolean", default: false, describe: "With resend semantics: send again to every student" })
            .option("dry-run", { type: "boolean", default: false, describe: "Render every email and list what would be sent; send nothing" })
            .option("preview", { type: "string", describe: "Render this student's email as HTML into --out; send nothing" })
            .option("out", { type: "string", describe: "File the --preview HTML is written to (default: <data dir>/welcome-preview.html)" })
            .option("summary", { type: "string", describe: "Append the counts in Markdown to this file (e.g. $GITHUB_STEP_SUMMARY)" })
            .example("$0 email", "email every student not emailed yet, and retry earlier failures")
            .example("$0 email --resend ana@example.com", "send Ana's email again")
            .example("$0 email --preview ana@example.com --out /tmp/ana.html", "see Ana's email in a browser") as unknown as Argv<EmailArgs>,
        handler: runWith(getContext, async (ctx, argv) => {
            try {
                return await runEmailCommand(ctx, argv);
            } catch (error) {
                ctx.warn((error as Error).message);
                return 1;
            }
        }),
    };
}

async function runEmailCommand(ctx: DriverContext, argv: EmailArgs): Promise<number | void> {
    if (argv.out && !argv.preview) throw new Error("--out is where --preview writes; give --preview <email> too.");
    const resend = resendSelection(argv);
    const outputs = workshopOutputs(await ctx.engine.outputs());
    if (Object.keys(outputs.students).length === 0) {
        ctx.log("No students in the stack outputs yet: run `up` first.");
        return;
    }
    if (argv.preview || argv.dryRun) {
        const config = await welcomeConfig(ctx.engine, outputs);
        return argv.preview ? writePreview(ctx, outputs, config, argv.preview, argv.out) : listPlan(ctx, outputs, config, resend);
    }

    const report = await sendStackWelcomeEmails(ctx, outputs, resend);
    ctx.log(summary(report));
    if (argv.summary) {
        fs.appendFileSync(argv.summary, `### Welcome emails\n\n**${report.sent + report.skipped} of ${report.sent + report.skipped + report.failed}** students ` +
            `have their welcome email: ${report.sent} sent now, ${report.skipped} already sent earlier, ${report.failed} need attention` +
            `${report.failed > 0 ? " (run `npm run email` locally to see who and why)" : ""}.\n\n`);
    }
    if (!report.ok) {
        ctx.warn("Fix what the advice above says, then run `email` again: failed emails are retried, sent ones are not repeated.");
        return 1;
    }
}

function resendSelection(argv: EmailArgs): ResendSelection {
    const emails = argv.resend ?? [];
    if (argv.all && emails.length > 0) throw new Error("--all already resends to every student; drop --resend, or drop --all.");
    if (argv.all) return "all";
    if (emails.some((email) => !email.trim())) throw new Error("--resend needs a student's email; use --all to resend to everyone.");
    return emails;
}

function writePreview(ctx: DriverContext, outputs: WorkshopOutputs, config: WelcomeConfig, email: string, out: string | undefined): void {
    const input = welcomeInputs(outputs).find((i) => i.student.email.toLowerCase() === email.trim().toLowerCase());
    if (!input) {
        throw new Error(`no student with email ${email} in the stack outputs; students: ` +
            Object.values(outputs.students).map((s) => s.email).sort().join(", "));
    }
    const rendered = renderWelcomeEmail(input);
    const file = path.resolve(out ?? path.join(ctx.dataDir, "welcome-preview.html"));
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, rendered.html);
    ctx.log(`Subject: ${rendered.subject}`);
    ctx.log(`Wrote the HTML email for ${input.student.email} to ${file}`);
}

/** The plan a real run would follow, from the same planner; every email is rendered so template errors show now. */
function listPlan(ctx: DriverContext, outputs: WorkshopOutputs, config: WelcomeConfig, resend: ResendSelection): void {
    const plan = planWelcomeEmails(welcomeInputs(outputs), EmailLedger.load(emailLedgerPath(ctx.dataDir)), resend);
    ctx.log(`Dry run: nothing is sent. From ${config.from}.`);
    for (const planned of plan) {
        const { subject } = renderWelcomeEmail(planned.input);
        ctx.log(`${planLabel(planned).padEnd(24)} ${planned.input.student.email} (account ${planned.input.accountId})  "${subject}"`);
    }
    const count = (action: PlannedEmail["action"]) => plan.filter((p) => p.action === action).length;
    ctx.log(`${count("send")} to send, ${count("skip")} already sent, ${count("hold")} held (in doubt).`);
}

function planLabel(planned: PlannedEmail): string {
    switch (planned.action) {
        case "send": return planned.reason === "new" ? "would send" : `would send (${planned.reason})`;
        case "skip": return `already sent ${planned.record?.sentAt?.slice(0, 10) ?? ""}`.trim();
        case "hold": return "held: in doubt";
    }
}

function summary(report: EmailRunReport): string {
    const rate = report.sendRate ? ` at up to ${report.sendRate}/s` : "";
    return `Welcome emails: ${report.sent} sent${rate}, ${report.skipped} already sent, ${report.failed} need attention.`;
}
