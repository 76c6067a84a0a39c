import type { Argv, CommandModule } from "yargs";

import type { ContextFactory, DriverContext } from "../context";
import { diagnose, firstFinding } from "../doctor/checks";
import { allStudentEmails, gatherSetup, gatherStudent } from "../doctor/gather";
import { runGuardrailProof } from "../doctor/guardrail-proof";
import { doctorOrganization } from "../doctor/org-readiness";
import { allStudentsTable, signInInstructions, studentReport } from "../doctor/report";
import { mapPool } from "../promise-pool";
import { type GlobalArgs,runWith } from "./command";

export interface DoctorArgs extends GlobalArgs {
    email?: string;
    all?: boolean;
    unsuppress?: boolean;
    org?: boolean;
    /** A deployed student's email: their account is where the guardrails are probed. */
    guardrails?: string;
}

/** Students looked at side by side in `--all`: each asks about a dozen read-only questions. */
const CONCURRENT_STUDENTS = 4;

/**
 * The instructor's answer to "I can't get in": every check for one student (roster, stack,
 * account, Identity Center, welcome email, SES suppression, budget and freeze) with how to fix
 * what is wrong, then the sign-in steps; or with --all, one line per student. Exit 1 when
 * anything is wrong or could not be checked.
 */
export async function runDoctor(ctx: DriverContext, argv: DoctorArgs): Promise<number> {
    if (argv.org) return (await doctorOrganization(ctx)).blocking ? 1 : 0;
    if (argv.guardrails) return runGuardrailProof(ctx, argv.guardrails);
    const setup = await gatherSetup(ctx);
    if (argv.all) {
        const emails = allStudentEmails(setup);
        if (emails.length === 0) {
            ctx.log("No students in the roster or the stack.");
            return 0;
        }
        const results = await mapPool(emails, CONCURRENT_STUDENTS, async (email) => {
            const facts = await gatherStudent(ctx.aws, setup, email);
            return { facts, verdicts: diagnose(facts, setup.workshop) };
        });
        allStudentsTable(results).forEach((line) => ctx.log(line));
        const troubled = results.filter((r) => firstFinding(r.verdicts)).length;
        ctx.log(troubled === 0
            ? `All ${results.length} students pass every check.`
            : `${troubled} of ${results.length} students need a look: \`npm run doctor -- <email>\` shows every check and how to fix it.`);
        return troubled === 0 ? 0 : 1;
    }
    const facts = await gatherStudent(ctx.aws, setup, argv.email!, { unsuppress: !!argv.unsuppress });
    const verdicts = diagnose(facts, setup.workshop);
    studentReport(facts, verdicts).forEach((line) => ctx.log(line));
    if (argv.unsuppress && facts.suppression?.ok && !facts.suppression.value.suppressed) {
        ctx.log("--unsuppress: the address is not on SES's suppression list, nothing was removed.");
    }
    const signIn = signInInstructions(setup.outputs, facts);
    if (signIn.length) ctx.log("");
    signIn.forEach((line) => ctx.log(line));
    return firstFinding(verdicts) ? 1 : 0;
}

export function doctorCommand(getContext: ContextFactory): CommandModule<object, DoctorArgs> {
    return {
        builder: (yargs: Argv) => yargs
            .positional("email", { type: "string", describe: "The student's email as listed in the roster" })
            .option("all", { type: "boolean", describe: "One line per student with the first problem found" })
            .option("unsuppress", { type: "boolean", describe: "Remove the student's address from SES's account-level suppression list" })
            .option("org", { type: "boolean", describe: "Is the organization ready for this workshop? Read-only; run it a week before" })
            .option("guardrails", { type: "string", describe: "Prove the SCPs in this student's account with EC2 DryRun requests ($0)" })
            .check((argv) => {
                const modes = [!!argv.email, !!argv.all, !!argv.org, argv.guardrails !== undefined].filter(Boolean).length;
                if (modes !== 1) throw new Error("give one student's email, or --all, or --org, or --guardrails <student email>");
                if (argv.guardrails === "") throw new Error("--guardrails needs the email of a student who has an account");
                if (argv.unsuppress && !argv.email) throw new Error("--unsuppress works on one student: give their email");
                return true;
            }) as Argv<DoctorArgs>,
        handler: runWith(getContext, runDoctor),
    };
}
