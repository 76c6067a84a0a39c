import type { DriverContext } from "../context";

export interface ApprovalRequest {
    /** --yes: the instructor approved on the command line. */
    yes?: boolean;
    question: string;
    /** In CI (the CI variable set) a reviewed pipeline is the approval; only for additive work. */
    proceedInCi: boolean;
    /** What was not done when the answer is no, e.g. "nothing was changed". */
    declined: string;
}

function isCi(env: NodeJS.ProcessEnv): boolean {
    return !!env.CI && !/^(0|false)$/i.test(env.CI);
}

/** Asks before a change; never guesses "yes" when nobody can answer. */
export async function approve(ctx: DriverContext, request: ApprovalRequest): Promise<boolean> {
    if (request.yes) return true;
    if (request.proceedInCi && isCi(ctx.env)) {
        ctx.log("CI is set: proceeding without confirmation.");
        return true;
    }
    if (ctx.interactive === false) {
        ctx.warn(`There is no terminal to confirm on, so ${request.declined}. Review the plan above and run again with --yes.`);
        return false;
    }
    if (await ctx.confirm(request.question)) return true;
    ctx.warn(`Cancelled: ${request.declined}.`);
    return false;
}
