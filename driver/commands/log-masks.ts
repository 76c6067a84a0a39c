import * as path from "path";
import type { Argv, CommandModule } from "yargs";

import { readRosterFile } from "../../infra/roster/load";
import { studentKey } from "../../infra/roster/naming";
import { canonicalField } from "../../infra/roster/validate";
import type { ContextFactory, DriverContext } from "../context";
import { addMask } from "../github/workflow-commands";
import { workshopOutputs } from "../pulumi/stack-outputs";
import { rosterSettings } from "../pulumi/stack-settings";
import { type GlobalArgs, runWith } from "./command";

interface LogMasksArgs extends GlobalArgs {
    stackOutputs?: boolean;
}

const PERSONAL_FIELDS = new Set(["email", "name", "givenName", "familyName"]);

/** What names a student: their email, names and the key their resources are called by (derived from the email). */
function rosterValues(file: string): string[] {
    const values: string[] = [];
    for (const entry of readRosterFile(file)) {
        for (const [raw, value] of Object.entries(entry.fields)) {
            const field = canonicalField(raw);
            if (!field || !PERSONAL_FIELDS.has(field) || typeof value !== "string" || !value.trim()) continue;
            values.push(value.trim());
            if (field === "email") values.push(studentKey(value.trim()));
        }
    }
    return values;
}

async function stackValues(ctx: DriverContext): Promise<string[]> {
    const outputs = workshopOutputs(await ctx.engine.outputs());
    return Object.entries(outputs.students).flatMap(([key, s]) => [key, s.email, s.name, s.accountName, s.accountEmail, s.userName]);
}

/**
 * `log-masks`: a `::add-mask::` line for every student's email, name and key, so the runner prints
 * *** for them in the rest of the job's log (a public repository's logs are public). A roster that
 * does not validate is still read as far as it parses; the check itself is `roster validate`.
 */
export function logMasksCommand(getContext: ContextFactory): CommandModule<object, LogMasksArgs> {
    return {
        builder: (yargs: Argv) => yargs
            .option("stack-outputs", { type: "boolean", describe: "Also the students the stack still has (removed from the roster; runs Pulumi)" }) as Argv<LogMasksArgs>,
        handler: runWith(getContext, async (ctx, argv) => {
            const { file } = rosterSettings(ctx.projectDir, ctx.stack);
            let values: string[] = [];
            try {
                values = rosterValues(file);
            } catch (error) {
                ctx.warn(`${path.relative(ctx.projectDir, file) || file} could not be read for masking (${(error as Error).name}); \`roster validate\` says why.`);
            }
            if (argv.stackOutputs) values.push(...await stackValues(ctx));
            // Longest first: a name is masked whole before a part of it that is also a value.
            const unique = [...new Set(values.filter((v) => v.length >= 3))].sort((a, b) => b.length - a.length);
            unique.forEach((value) => ctx.log(addMask(value)));
            ctx.warn(`Masked ${unique.length} value(s) of ${ctx.stack}'s students in this job's log.`);
        }),
    };
}
