import type { Argv, CommandModule } from "yargs";

import type { ContextFactory } from "../context";
import type { DestroyOptions } from "./destroy";
import type { MeterOptions } from "./meter";
import type { PreviewOptions } from "./preview";
import type { ApplyRoster } from "./students";
import type { UpOptions } from "./up";

/** Every command is built from the context factory, so `--help` starts nothing. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- yargs' CommandModule is invariant in its arguments, so a list of commands with their own typed arguments needs any here
export type CommandFactory = (getContext: ContextFactory) => CommandModule<any, any>;

/** What the commands call around an update; tests inject fakes. */
export interface CommandOptions extends UpOptions, DestroyOptions, PreviewOptions {
    meter?: MeterOptions;
}

/** What `--help` lists of a command, and how to load the module that runs it. */
interface CommandEntry {
    command: string;
    describe: string;
    load: (options: CommandOptions) => CommandFactory;
}

// Each command's module is required only when yargs picks that command: the modules reach the AWS SDK
// clients (EC2 alone takes ~0.4 s to load), and `--help` or `roster validate` must not pay for them.
/* eslint-disable @typescript-eslint/no-require-imports -- a synchronous, typed, on-demand require is the lazy load */
const applyRoster = (options: CommandOptions): ApplyRoster => async (ctx, argv) =>
    (await (require("./up") as typeof import("./up")).runUp(ctx, argv, options)) === 0;

/** The driver's commands, in the order `--help` lists them: the table of contents of driver/commands/. */
const COMMANDS: CommandEntry[] = [
    {
        command: "up",
        describe: "Create, update or close student accounts to match the roster (preview, confirm, apply)",
        load: (options) => (getContext) => (require("./up") as typeof import("./up")).upCommand(getContext, options),
    },
    {
        command: "preview",
        describe: "Show what `up` would change, per student, without changing anything",
        load: (options) => (getContext) => (require("./preview") as typeof import("./preview")).previewCommand(getContext, options),
    },
    {
        command: "destroy",
        describe: "Close every student account and remove the workshop (asks for the workshop name)",
        load: (options) => (getContext) => (require("./destroy") as typeof import("./destroy")).destroyCommand(getContext, options),
    },
    {
        command: "status",
        describe: "List the students, their accounts, their spend against their budget and whether their welcome email went out",
        load: () => (require("./status") as typeof import("./status")).statusCommand,
    },
    {
        command: "workshops",
        describe: "Every workshop (stack) in the state backend: students, accounts by state, spend, and the organization's quotas",
        load: () => (require("./workshops") as typeof import("./workshops")).workshopsCommand,
    },
    {
        command: "add-student <email>",
        describe: "Add a student to the roster (comments and order are kept)",
        load: (options) => (getContext) => (require("./students") as typeof import("./students")).addStudentCommand(getContext, applyRoster(options)),
    },
    {
        command: "remove-student <email>",
        describe: "Remove a student from the roster; the next `up` closes their account",
        load: (options) => (getContext) => (require("./students") as typeof import("./students")).removeStudentCommand(getContext, applyRoster(options)),
    },
    {
        command: "roster",
        describe: "Check the roster, import students from a spreadsheet (CSV), or pull the confirmed self-registrations",
        load: (options) => (getContext) => (require("./roster") as typeof import("./roster")).rosterCommand(getContext, applyRoster(options)),
    },
    {
        command: "registration",
        describe: "The self-registration page: show its address and workshop code, or rotate the code",
        load: () => (require("./registration") as typeof import("./registration")).registrationCommand,
    },
    {
        command: "email",
        describe: "Send each student their welcome email (once: a ledger remembers who got it)",
        load: () => (require("./email") as typeof import("./email")).emailCommand,
    },
    {
        command: "dashboard",
        describe: "Serve the instructor dashboard on 127.0.0.1 (spend vs. budget per student), or write a static snapshot",
        load: () => (require("./dashboard") as typeof import("./dashboard")).dashboardCommand,
    },
    {
        command: "meter",
        describe: "Live cost meter: each student's $/hour now and estimated spend, every few minutes; live freeze at liveFreezeAtUsd",
        load: (options) => (getContext) => (require("./meter") as typeof import("./meter")).meterCommand(getContext, options.meter),
    },
    {
        command: "report",
        describe: "Write the post-workshop report (Markdown and CSV): spend, budget, alerts, account state, emails",
        load: () => (require("./report") as typeof import("./report")).reportCommand,
    },
    {
        command: "freeze [email]",
        describe: "Stop what bills by the hour in a student's account and attach the freeze SCP (or every student the budget froze)",
        load: () => (require("./freeze") as typeof import("./freeze")).freezeCommand,
    },
    {
        command: "unfreeze <email>",
        describe: "Lift the budget freeze from a student's account (reverses their AWS Budgets action)",
        load: () => (require("./unfreeze") as typeof import("./unfreeze")).unfreezeCommand,
    },
    {
        command: "doctor [email]",
        describe: "Why a student cannot get in; with --org, whether the organization is ready; with --guardrails, the SCPs proven at $0",
        load: () => (require("./doctor") as typeof import("./doctor")).doctorCommand,
    },
    {
        command: "keys",
        describe: "Rotate, revoke or show the shared workshop-mode (Bedrock) access keys",
        load: () => (require("./keys") as typeof import("./keys")).keysCommand,
    },
    {
        command: "instructor-policy",
        describe: "Print the least-privilege IAM policy the instructor needs, filled in for this organization and workshop",
        load: () => (require("./instructor-policy") as typeof import("./instructor-policy")).instructorPolicyCommand,
    },
    {
        command: "pr-comment",
        describe: "Post the stack's plan as the pull request's comment for that stack, edited in place (GitHub Actions)",
        load: () => (require("./pr-comment") as typeof import("./pr-comment")).prCommentCommand,
    },
    {
        command: "log-masks",
        describe: "Mask every student's email, name and key in the rest of a GitHub Actions job's log",
        load: () => (require("./log-masks") as typeof import("./log-masks")).logMasksCommand,
    },
];
/* eslint-enable @typescript-eslint/no-require-imports */

/** A command whose module loads when yargs builds or runs it, never for the command list. */
function lazyCommand(entry: CommandEntry, options: CommandOptions): CommandFactory {
    return (getContext) => {
        let loaded: CommandModule<object, object> | undefined;
        const command = () => (loaded ??= entry.load(options)(getContext));
        return {
            command: entry.command,
            describe: entry.describe,
            builder: (yargs: Argv) => {
                const builder = command().builder;
                return (typeof builder === "function" ? builder(yargs) : yargs.options(builder ?? {})) as Argv;
            },
            handler: (argv) => command().handler(argv),
        };
    };
}

/** The driver's commands, in the order `--help` lists them. */
export function commandFactories(options: CommandOptions = {}): CommandFactory[] {
    return COMMANDS.map((entry) => lazyCommand(entry, options));
}
