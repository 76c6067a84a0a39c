import * as fs from "fs";
import * as path from "path";
import type { Argv, CommandModule } from "yargs";

import { readRosterCsv } from "../../infra/roster/csv";
import { readRosterFile } from "../../infra/roster/load";
import type { RosterLimits } from "../../infra/roster/student";
import { formatIssue, RosterError, type RosterIssue } from "../../infra/roster/student";
import { validateRoster } from "../../infra/roster/validate";
import { readRosterYaml } from "../../infra/roster/yaml";
import type { ContextFactory, DriverContext } from "../context";
import { errorAnnotation } from "../github/workflow-commands";
import { workshopOutputs } from "../pulumi/stack-outputs";
import { rosterSettings } from "../pulumi/stack-settings";
import { addStudentToRoster, editRosterFile } from "../roster/file";
import { maskEmail, maskEmailsIn } from "../ui/personal-data";
import { type GlobalArgs,runWith } from "./command";
import type { ApplyRoster } from "./students";

interface RosterArgs extends GlobalArgs {
    file?: string;
    csv?: string;
    annotations?: boolean;
    apply?: boolean;
}

/**
 * A roster problem as a GitHub annotation on its line of the file. The log of a public repository's
 * workflow is public: addresses in the message are masked (the line number says which student).
 */
function rosterAnnotation(issue: RosterIssue, file: string): string {
    const own = issue.email ? issue.message.split(issue.email).join(maskEmail(issue.email)) : issue.message;
    return errorAnnotation(maskEmailsIn(own), { file, line: issue.line, title: "Roster" });
}

/** Checks the roster and prints every problem (as GitHub annotations with `annotations`); false when there is any. */
export function validateRosterFile(ctx: DriverContext, file: string, maxStudents: number, annotations = false): boolean {
    const shown = (path.relative(ctx.projectDir, file) || file).split(path.sep).join("/");
    try {
        const { students, issues } = validateRoster(readRosterFile(file), { maxStudents });
        if (issues.length > 0) {
            ctx.warn(`${shown}: ${issues.length} problem(s)${annotations ? "; see the annotations" : ":"}`);
            issues.forEach((issue) => (annotations ? ctx.log(rosterAnnotation(issue, shown)) : ctx.warn(formatIssue(issue))));
            return false;
        }
        ctx.log(`${shown}: ${students.length} student(s), no problems.`);
        return true;
    } catch (error) {
        const message = (error as Error).message;
        if (!annotations) ctx.warn(message);
        else if (error instanceof RosterError) error.issues.forEach((issue) => ctx.log(rosterAnnotation(issue, shown)));
        else ctx.log(errorAnnotation(maskEmailsIn(message), { file: shown, title: "Roster" }));
        return false;
    }
}

/**
 * Merges a spreadsheet export into roster.yaml: new students are appended, students already
 * listed are kept as they are. Nothing is written unless the whole CSV is valid.
 */
export async function importCsv(ctx: DriverContext, csvFile: string, rosterFile: string, maxStudents: number): Promise<boolean> {
    let entries;
    try {
        // Bytes, not text: the reader refuses a UTF-16 or Latin-1 export instead of misreading it.
        entries = readRosterCsv(fs.readFileSync(csvFile), csvFile);
    } catch (error) {
        ctx.warn(error instanceof RosterError ? error.message : `cannot read ${csvFile}: ${(error as Error).message}`);
        return false;
    }
    const { issues } = validateRoster(entries, { maxStudents });
    if (issues.length > 0) {
        ctx.warn(`${csvFile}: ${issues.length} problem(s); ${path.basename(rosterFile)} was not changed:`);
        issues.forEach((issue) => ctx.warn(formatIssue(issue)));
        return false;
    }
    // Written as the spreadsheet has them: names the roster would derive stay derived.
    const rows = entries.map((e) => e.fields as { email: string; name: string; givenName?: string; familyName?: string; budgetUsd?: string });
    const source = path.basename(rosterFile);
    let added: typeof rows = [];
    try {
        await editRosterFile(rosterFile, (text) => {
            // Who is listed is read under the lock: a student added meanwhile is kept, not added twice.
            const existing = new Set(readRosterYaml(text, source).map((e) => String(e.fields.email ?? "").toLowerCase()));
            added = rows.filter((row) => !existing.has(row.email.toLowerCase()));
            return {
                text: added.reduce((acc, row) => addStudentToRoster(acc, {
                    ...row, budgetUsd: row.budgetUsd === undefined ? undefined : Number(row.budgetUsd),
                }, { maxStudents }, source), text),
                listed: rows.map((row) => row.email),
            };
        });
    } catch (error) {
        ctx.warn((error as Error).message);
        return false;
    }
    ctx.log(`Imported ${added.length} new student(s) from ${csvFile} into ${source}; ` +
        `${rows.length - added.length} already listed.`);
    return true;
}

/** `roster pull`: confirmed self-registrations into the roster, then (with --apply) `up`. */
export async function pullIntoRoster(ctx: DriverContext, rosterFile: string, limits: RosterLimits, argv: RosterArgs, apply?: ApplyRoster): Promise<boolean> {
    // Loaded for `pull` only: they reach the DynamoDB client, which `roster validate` must not pay for (driver/commands/index.ts).
    /* eslint-disable @typescript-eslint/no-require-imports */
    const { registrationTable } = require("../registration/table") as typeof import("../registration/table");
    const { pullRegistrations } = require("../registration/pull") as typeof import("../registration/pull");
    /* eslint-enable @typescript-eslint/no-require-imports */
    const table = registrationTable(ctx, workshopOutputs(await ctx.engine.outputs()));
    if (!table) {
        ctx.warn("Self-registration is not deployed for this stack: turn it on with " +
            "`pulumi config set workshop-accounts:registration true` and run `npm run up`.");
        return false;
    }
    const source = path.relative(ctx.projectDir, rosterFile) || rosterFile;
    let result;
    try {
        result = await pullRegistrations(ctx, table, rosterFile, limits);
    } catch (error) {
        ctx.warn(`${(error as Error).message}\nNo registration was marked pulled; fix the cause and run \`roster pull\` again.`);
        return false;
    }
    if (result.added.length === 0 && result.alreadyListed.length === 0) {
        ctx.log("No confirmed registrations to pull.");
        return true;
    }
    ctx.log(`Added ${result.added.length} student(s) to ${source}` +
        (result.alreadyListed.length > 0 ? `; ${result.alreadyListed.length} confirmed registration(s) were listed already` : "") +
        ". Their registrations are deleted from the table.");
    if (argv.apply && apply) return apply(ctx, argv);
    ctx.log("Run `npm run up` to create their accounts, or add --apply next time.");
    return true;
}

export function rosterCommand(getContext: ContextFactory, apply?: ApplyRoster): CommandModule<object, RosterArgs> {
    const run = (check: (ctx: DriverContext, file: string, maxStudents: number, argv: RosterArgs) => boolean | Promise<boolean>) =>
        runWith(getContext, async (ctx, argv: RosterArgs) => {
            const { file, limits } = rosterSettings(ctx.projectDir, ctx.stack);
            return (await check(ctx, file, limits.maxStudents, argv)) ? 0 : 1;
        });
    return {
        builder: (yargs: Argv) => yargs
            .command<RosterArgs>("validate", "Check the roster alone; exit code 1 on any problem",
                (y) => y
                    .option("file", { type: "string", describe: "Roster file to check (default: the stack's rosterPath)" })
                    .option("annotations", { type: "boolean", describe: "Print each problem as a GitHub Actions annotation on its line, emails masked" }),
                run((ctx, file, max, argv) => validateRosterFile(ctx, argv.file ? path.resolve(argv.file) : file, max, argv.annotations)))
            .command<RosterArgs>("import <csv>", "Add the students of a CSV export (columns: email, name, optional given/family name, budget)",
                (y) => y.positional("csv", { type: "string", demandOption: true, describe: "CSV file with a header row" }),
                run((ctx, file, max, argv) => importCsv(ctx, path.resolve(argv.csv!), file, max)))
            .command<RosterArgs>("pull", "Add the confirmed self-registrations to the roster (comments and order kept), then mark them pulled",
                (y) => y.option("apply", { type: "boolean", default: false, describe: "Run `up` right after the pull" }),
                run((ctx, file, max, argv) => pullIntoRoster(ctx, file, { maxStudents: max }, argv, apply)))
            .demandCommand(1, "say `roster validate`, `roster import <file.csv>` or `roster pull`") as Argv<RosterArgs>,
        handler: () => undefined,
    };
}
