import type { Argv, CommandModule } from "yargs";

import { isValidEmail } from "../../infra/roster/validate";
import { parseBudgetUsd } from "../../infra/rules/budget-amount";
import type { ContextFactory, DriverContext } from "../context";
import { rosterSettings } from "../pulumi/stack-settings";
import { addStudentToRoster, editRosterFile, editRosterFileHeld, nameFromEmail, removeStudentFromRoster, type RosterEdit, withRosterHeld } from "../roster/file";
import { type GlobalArgs,runWith } from "./command";

interface StudentArgs extends GlobalArgs {
    email: string;
    name?: string;
    givenName?: string;
    familyName?: string;
    budget?: string;
    apply?: boolean;
}

/**
 * Runs `up` after a roster edit; injected so these commands do not depend on how `up` is built.
 * `rosterHeld`: the edit and the `up` run under one hold of the roster lock.
 */
export type ApplyRoster = (ctx: DriverContext, argv: { yes?: boolean; rosterHeld?: boolean }) => Promise<boolean>;

/**
 * An edit, and with --apply the `up` after it, under one hold of the roster lock: nothing another
 * process saves can slip in between the edit and the preview that `up` asks to approve.
 */
async function editAndApply(ctx: DriverContext, argv: StudentArgs, apply: ApplyRoster, file: string, edit: (text: string) => RosterEdit,
    done: string): Promise<number> {
    if (!argv.apply) {
        await editRosterFile(file, edit, { onWait: ctx.log });
        ctx.log(done);
        ctx.log("Run `npm run up` to apply it, or add --apply next time.");
        return 0;
    }
    return withRosterHeld(file, async () => {
        editRosterFileHeld(file, edit);
        ctx.log(done);
        return (await apply(ctx, { ...argv, rosterHeld: true })) ? 0 : 1;
    }, { onWait: ctx.log });
}

const applyOption = {
    type: "boolean",
    default: false,
    describe: "Run `up` right after editing the roster",
} as const;

function editCommand(
    getContext: ContextFactory,
    apply: ApplyRoster,
    edit: (ctx: DriverContext, argv: StudentArgs) => { file: string; edit: (text: string) => RosterEdit; done: string },
) {
    return runWith(getContext, async (ctx, argv: StudentArgs) => {
        if (!isValidEmail(argv.email)) {
            ctx.warn(`"${argv.email}" is not a valid email address; the roster was not changed`);
            return 1;
        }
        let edited: number | undefined;
        try {
            const { file, edit: change, done } = edit(ctx, argv);
            edited = await editAndApply(ctx, argv, apply, file, change, done);
        } catch (error) {
            ctx.warn((error as Error).message);
            return 1;
        }
        return edited;
    });
}

export function addStudentCommand(getContext: ContextFactory, apply: ApplyRoster): CommandModule<object, StudentArgs> {
    return {
        builder: (yargs: Argv) => yargs
            .positional("email", { type: "string", demandOption: true, describe: "The student's own email: their sign-in name" })
            .option("name", { type: "string", describe: "Display name (default: from the email, e.g. ada.lovelace -> Ada Lovelace)" })
            .option("given-name", { type: "string", describe: "Given name in Identity Center (default: first word of the name)" })
            .option("family-name", { type: "string", describe: "Family name in Identity Center (default: the rest of the name)" })
            // Text, not a yargs number: "abc" would arrive as NaN and be reported as such.
            .option("budget", { type: "string", describe: "Monthly budget in USD for this student, e.g. 37.50 (default: studentBudgetUsd)" })
            .option("apply", applyOption) as unknown as Argv<StudentArgs>,
        handler: editCommand(getContext, apply, (ctx, argv) => {
            const budget = argv.budget === undefined ? undefined : parseBudgetUsd(argv.budget, "--budget");
            if (budget?.problem) throw new Error(`${budget.problem}; the roster was not changed`);
            const { file, limits } = rosterSettings(ctx.projectDir, ctx.stack);
            const name = argv.name ?? nameFromEmail(argv.email);
            return {
                file,
                edit: (text) => ({
                    text: addStudentToRoster(text, {
                        email: argv.email, name, givenName: argv.givenName, familyName: argv.familyName, budgetUsd: budget?.usd,
                    }, limits),
                    listed: [argv.email],
                }),
                done: `Added ${name} <${argv.email}> to ${file}.`,
            };
        }),
    };
}

export function removeStudentCommand(getContext: ContextFactory, apply: ApplyRoster): CommandModule<object, StudentArgs> {
    return {
        builder: (yargs: Argv) => yargs
            .positional("email", { type: "string", demandOption: true, describe: "The student's email as listed in the roster" })
            .option("apply", applyOption) as unknown as Argv<StudentArgs>,
        handler: editCommand(getContext, apply, (ctx, argv) => {
            const { file } = rosterSettings(ctx.projectDir, ctx.stack);
            return {
                file,
                edit: (text) => ({ text: removeStudentFromRoster(text, argv.email), unlisted: [argv.email] }),
                done: `Removed ${argv.email} from ${file}. Their account will be closed (it stays SUSPENDED for 90 days).`,
            };
        }),
    };
}
