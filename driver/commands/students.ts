import type { Argv, CommandModule } from "yargs";

import { isValidEmail } from "../../infra/roster/validate";
import { parseBudgetUsd } from "../../infra/rules/budget-amount";
import type { ContextFactory, DriverContext } from "../context";
import { rosterSettings } from "../pulumi/stack-settings";
import { addStudentToRoster, editRosterFile, nameFromEmail, removeStudentFromRoster } from "../roster/file";
import { type GlobalArgs,runWith } from "./command";

interface StudentArgs extends GlobalArgs {
    email: string;
    name?: string;
    givenName?: string;
    familyName?: string;
    budget?: string;
    apply?: boolean;
}

/** Runs `up` after a roster edit; injected so these commands do not depend on how `up` is built. */
export type ApplyRoster = (ctx: DriverContext, argv: { yes?: boolean }) => Promise<boolean>;

const applyOption = {
    type: "boolean",
    default: false,
    describe: "Run `up` right after editing the roster",
} as const;

function editCommand(
    getContext: ContextFactory,
    apply: ApplyRoster,
    edit: (ctx: DriverContext, argv: StudentArgs) => Promise<string>,
) {
    return runWith(getContext, async (ctx, argv: StudentArgs) => {
        if (!isValidEmail(argv.email)) {
            ctx.warn(`"${argv.email}" is not a valid email address; the roster was not changed`);
            return 1;
        }
        try {
            ctx.log(await edit(ctx, argv));
        } catch (error) {
            ctx.warn((error as Error).message);
            return 1;
        }
        if (argv.apply) return (await apply(ctx, argv)) ? 0 : 1;
        ctx.log("Run `npm run up` to apply it, or add --apply next time.");
        return 0;
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
        handler: editCommand(getContext, apply, async (ctx, argv) => {
            const budget = argv.budget === undefined ? undefined : parseBudgetUsd(argv.budget, "--budget");
            if (budget?.problem) throw new Error(`${budget.problem}; the roster was not changed`);
            const { file, limits } = rosterSettings(ctx.projectDir, ctx.stack);
            const name = argv.name ?? nameFromEmail(argv.email);
            await editRosterFile(file, (text) => ({
                text: addStudentToRoster(text, {
                    email: argv.email, name, givenName: argv.givenName, familyName: argv.familyName, budgetUsd: budget?.usd,
                }, limits),
                listed: [argv.email],
            }));
            return `Added ${name} <${argv.email}> to ${file}.`;
        }),
    };
}

export function removeStudentCommand(getContext: ContextFactory, apply: ApplyRoster): CommandModule<object, StudentArgs> {
    return {
        builder: (yargs: Argv) => yargs
            .positional("email", { type: "string", demandOption: true, describe: "The student's email as listed in the roster" })
            .option("apply", applyOption) as unknown as Argv<StudentArgs>,
        handler: editCommand(getContext, apply, async (ctx, argv) => {
            const { file } = rosterSettings(ctx.projectDir, ctx.stack);
            await editRosterFile(file, (text) => ({ text: removeStudentFromRoster(text, argv.email), unlisted: [argv.email] }));
            return `Removed ${argv.email} from ${file}. Their account will be closed (it stays SUSPENDED for 90 days).`;
        }),
    };
}
