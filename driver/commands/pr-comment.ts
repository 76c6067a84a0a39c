import { Octokit } from "@octokit/rest";
import * as fs from "fs";
import * as path from "path";
import type { Argv, CommandModule } from "yargs";

import type { ContextFactory } from "../context";
import { pullRequestJob } from "../github/actions-environment";
import { fitComment, planCommentMarker, upsertPlanComment } from "../github/plan-comment";
import { type GlobalArgs, runWith } from "./command";

interface PrCommentArgs extends GlobalArgs {
    file?: string;
    artifact?: string;
}

/** The account GITHUB_TOKEN comments as: only its comments are ever edited. */
const ACTIONS_BOT = "github-actions[bot]";

/**
 * `pr-comment --file plan.md`: the stack's plan (from `preview --markdown`) as the pull request's one
 * comment for that stack, edited in place; trimmed to GitHub's limit with a pointer to the full plan.
 */
export function prCommentCommand(getContext: ContextFactory): CommandModule<object, PrCommentArgs> {
    return {
        builder: (yargs: Argv) => yargs
            .option("file", { type: "string", demandOption: true, describe: "The plan in Markdown (`preview --markdown`)" })
            .option("artifact", { type: "string", describe: "Name of the run's artifact holding the full plan (default workshop-plan-<stack>)" })
            .example("$0 pr-comment --stack nov --file plan.md", "in a pull_request job, with GITHUB_TOKEN in the environment") as Argv<PrCommentArgs>,
        handler: runWith(getContext, async (ctx, argv) => {
            const job = pullRequestJob(ctx.env);
            const plan = fs.readFileSync(path.resolve(argv.file!), "utf8");
            const marker = planCommentMarker(ctx.stack);
            const artifact = argv.artifact ?? `workshop-plan-${ctx.stack}`;
            const where = job.runUrl ? `[this run's job summary](${job.runUrl})` : "this run's job summary";
            const { body, trimmed } = fitComment(`${marker}\n${plan.trimEnd()}\n`,
                `The full plan is in ${where} and in its artifact \`${artifact}\`.`);
            const octokit = new Octokit({ auth: job.token, baseUrl: job.apiUrl });
            const outcome = await upsertPlanComment(octokit, {
                owner: job.owner, repo: job.repo, issueNumber: job.pullRequest, author: ctx.env.WORKSHOP_COMMENT_AUTHOR || ACTIONS_BOT,
            }, marker, body);
            ctx.log(`${outcome.action === "created" ? "Posted" : "Updated"} the plan comment for stack ${ctx.stack} on pull request ` +
                `#${job.pullRequest}: ${outcome.url}${trimmed ? " (trimmed to fit; the full plan is in the job summary)" : ""}` +
                `${outcome.removedDuplicates > 0 ? `; removed ${outcome.removedDuplicates} duplicate(s)` : ""}.`);
        }),
    };
}
