import * as fs from "fs";

/** What a workflow job knows about itself, from the variables the runner sets. */
export interface PullRequestJob {
    token: string;
    owner: string;
    repo: string;
    pullRequest: number;
    apiUrl: string;
    /** The page of this run: its job summary and artifacts. */
    runUrl?: string;
}

/**
 * The pull request a job runs for. GITHUB_TOKEN, GITHUB_REPOSITORY, GITHUB_API_URL, GITHUB_SERVER_URL,
 * GITHUB_RUN_ID and GITHUB_EVENT_PATH are the runner's (docs.github.com: "Store information in
 * variables", default environment variables); PR_NUMBER overrides the event's number.
 */
export function pullRequestJob(env: NodeJS.ProcessEnv): PullRequestJob {
    const missing = ["GITHUB_TOKEN", "GITHUB_REPOSITORY"].filter((name) => !env[name]);
    if (missing.length > 0) {
        throw new Error(`${missing.join(" and ")} not set: run this in a GitHub Actions job (pass GITHUB_TOKEN: \${{ github.token }} in the step's env)`);
    }
    const [owner, repo, ...rest] = env.GITHUB_REPOSITORY!.split("/");
    if (!owner || !repo || rest.length > 0) throw new Error(`GITHUB_REPOSITORY is "${env.GITHUB_REPOSITORY}", not owner/repo`);
    const pullRequest = pullRequestNumber(env);
    const server = env.GITHUB_SERVER_URL ?? "https://github.com";
    return {
        token: env.GITHUB_TOKEN!,
        owner,
        repo,
        pullRequest,
        apiUrl: env.GITHUB_API_URL ?? "https://api.github.com",
        ...(env.GITHUB_RUN_ID ? { runUrl: `${server}/${owner}/${repo}/actions/runs/${env.GITHUB_RUN_ID}` } : {}),
    };
}

function pullRequestNumber(env: NodeJS.ProcessEnv): number {
    if (env.PR_NUMBER) {
        const number = Number(env.PR_NUMBER);
        if (!Number.isInteger(number) || number <= 0) throw new Error(`PR_NUMBER is "${env.PR_NUMBER}", not a pull request number`);
        return number;
    }
    if (!env.GITHUB_EVENT_PATH) throw new Error("no pull request: set PR_NUMBER, or run in a job triggered by pull_request");
    const event = JSON.parse(fs.readFileSync(env.GITHUB_EVENT_PATH, "utf8")) as { pull_request?: { number?: number } };
    const number = event.pull_request?.number;
    if (typeof number !== "number") throw new Error(`${env.GITHUB_EVENT_PATH} is not a pull_request event: set PR_NUMBER`);
    return number;
}
