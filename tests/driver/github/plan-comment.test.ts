import { Octokit } from "@octokit/rest";
import { expect } from "chai";
import * as fs from "fs";
import nock from "nock";
import * as os from "os";
import * as path from "path";

import { COMMENT_LIMIT, fitComment, planCommentMarker, upsertPlanComment } from "../../../driver/github/plan-comment";
import { MockEngine } from "../../support/mock-engine";
import { runCli } from "../../support/run-cli";

const API = "https://api.github.com";
const BOT = "github-actions[bot]";
const ISSUE = "/repos/school/workshop/issues/7/comments";

interface Comment { id: number; body: string; user: { login: string }; html_url: string }

const comment = (id: number, body: string, login = BOT): Comment =>
    ({ id, body, user: { login }, html_url: `https://github.com/school/workshop/pull/7#issuecomment-${id}` });

/**
 * GitHub's REST list endpoint pages with a Link header (rel="next"), at most 100 a page
 * (https://docs.github.com/en/rest/using-the-rest-api/using-pagination-in-the-rest-api).
 */
function listComments(pages: Comment[][]): void {
    pages.forEach((page, i) => {
        const link = i + 1 < pages.length ? { Link: `<${API}${ISSUE}?per_page=100&page=${i + 2}>; rel="next"` } : undefined;
        nock(API).get(ISSUE).query(i === 0 ? { per_page: "100" } : { per_page: "100", page: String(i + 1) }).reply(200, page, link);
    });
}

describe("the plan comment on a pull request", () => {
    const octokit = () => new Octokit({ auth: "test-token", baseUrl: API });
    const target = { owner: "school", repo: "workshop", issueNumber: 7, author: BOT };
    const marker = planCommentMarker("nov");

    before(() => nock.disableNetConnect());
    afterEach(() => {
        const pending = nock.pendingMocks();
        nock.cleanAll();
        expect(pending, "requests GitHub was expected to receive").to.deep.equal([]);
    });
    after(() => nock.enableNetConnect());

    it("creates the stack's comment when none carries its marker", async () => {
        listComments([[comment(1, "LGTM", "ada"), comment(2, `${planCommentMarker("dev")}\nother stack`)]]);
        let posted: unknown;
        nock(API).post(ISSUE, (body) => { posted = body; return true; }).reply(201, comment(3, "x"));
        const outcome = await upsertPlanComment(octokit(), target, marker, `${marker}\nplan`);
        expect(outcome).to.deep.include({ action: "created", id: 3 });
        expect(posted).to.deep.equal({ body: `${marker}\nplan` });
    });

    it("finds its comment on the third page of a busy pull request and edits exactly that one", async () => {
        const others = (from: number) => Array.from({ length: 100 }, (_, i) => comment(from + i, "a review remark", "grace"));
        listComments([others(1000), others(2000), [comment(3001, `${marker}\nold plan`), comment(3002, "thanks")]]);
        let edited: unknown;
        nock(API).patch("/repos/school/workshop/issues/comments/3001", (body) => { edited = body; return true; }).reply(200, comment(3001, "x"));
        const outcome = await upsertPlanComment(octokit(), target, marker, `${marker}\nnew plan`);
        expect(outcome).to.deep.include({ action: "updated", id: 3001, removedDuplicates: 0 });
        expect(edited).to.deep.equal({ body: `${marker}\nnew plan` });
    });

    it("edits only its own comment: a person quoting the marker is left alone, duplicates of older runs are removed", async () => {
        listComments([[
            comment(10, `${marker}\nquoted by a reviewer`, "mallory"),
            comment(11, `${marker}\nfirst run`),
            comment(12, `${marker}\nre-run`),
            comment(13, `see the plan: ${marker}`),
        ]]);
        nock(API).patch("/repos/school/workshop/issues/comments/11").reply(200, comment(11, "x"));
        nock(API).delete("/repos/school/workshop/issues/comments/12").reply(204);
        const outcome = await upsertPlanComment(octokit(), target, marker, `${marker}\nplan`);
        expect(outcome).to.deep.include({ action: "updated", id: 11, removedDuplicates: 1 });
    });

    it("refuses a body without its marker: the next run could not find it and would post a second one", async () => {
        let error: Error | undefined;
        await upsertPlanComment(octokit(), target, marker, "plan").catch((e: Error) => { error = e; });
        expect(error?.message).to.contain("must start with its marker");
    });

    describe("trimming to GitHub's limit", () => {
        const pointer = "The full plan is in the job summary.";
        const rows = (n: number) => Array.from({ length: n }, (_, i) => `| Student ${i} | s${i}\\*\\*\\*@uni.example | new account | 8 | 0 | 0 | 0 |`).join("\n");

        it("keeps a body of exactly the limit whole, and trims one a character longer to fit with the pointer", () => {
            const head = `${marker}\n### Workshop plan\n\n`;
            const exact = (head + rows(1000)).slice(0, COMMENT_LIMIT);
            expect(exact.length).to.equal(COMMENT_LIMIT);
            expect(fitComment(exact, pointer)).to.deep.equal({ body: exact, trimmed: false });

            const over = `${exact}x`;
            const fitted = fitComment(over, pointer);
            expect(fitted.trimmed).to.equal(true);
            expect(fitted.body.length).to.be.at.most(COMMENT_LIMIT);
            expect(fitted.body.startsWith(marker)).to.equal(true);
            expect(fitted.body).to.contain("trimmed to fit GitHub's limit of 65,536 characters").and.contain(pointer);
            // Cut at a line break: no table row is left half.
            const kept = fitted.body.slice(0, fitted.body.indexOf("\n\n---\n"));
            expect(kept.split("\n").slice(3).every((line) => /^\| Student \d+ \| .* \| 0 \|$/.test(line))).to.equal(true);
        });

        it("closes a collapsed section it cuts into, so the notice stays visible", () => {
            const body = `${marker}\n<details><summary>Workshop-wide changes</summary>\n\n${rows(2000)}\n</details>\n`;
            const fitted = fitComment(body, pointer);
            expect(fitted.body.length).to.be.at.most(COMMENT_LIMIT);
            expect(fitted.body.indexOf("</details>")).to.be.lessThan(fitted.body.indexOf("trimmed to fit"));
        });

        it("never splits a character made of two UTF-16 units", () => {
            const body = "😀".repeat(COMMENT_LIMIT);
            const fitted = fitComment(body, pointer);
            expect(fitted.body.length).to.be.at.most(COMMENT_LIMIT);
            expect(fitted.body).not.to.match(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
        });
    });

    describe("pr-comment command", () => {
        let dir: string;
        beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), "pr-comment-")); });
        afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

        const env = (extra: Record<string, string> = {}) => ({
            GITHUB_TOKEN: "test-token", GITHUB_REPOSITORY: "school/workshop", GITHUB_SERVER_URL: "https://github.com", GITHUB_RUN_ID: "99",
            GITHUB_EVENT_PATH: writeEvent(), ...extra,
        });
        const writeEvent = () => {
            const file = path.join(dir, "event.json");
            fs.writeFileSync(file, JSON.stringify({ pull_request: { number: 7 } }));
            return file;
        };
        const run = (envs: Record<string, string>, ...argv: string[]) =>
            runCli(argv, { engine: new MockEngine(), context: { projectDir: dir, env: envs } });

        it("posts a long plan trimmed, pointing to the run's job summary and artifact", async () => {
            const file = path.join(dir, "plan.md");
            fs.writeFileSync(file, `### Workshop plan for stack \`nov\`\n\n${"| a | b |\n".repeat(10_000)}`);
            listComments([[]]);
            let posted = "";
            nock(API).post(ISSUE, (body: { body: string }) => { posted = body.body; return true; }).reply(201, comment(5, "x"));
            const result = await run(env(), "pr-comment", "--stack", "nov", "--file", file);
            expect(result.exitCode, result.stderr).to.equal(0);
            expect(posted.startsWith(`${marker}\n### Workshop plan`)).to.equal(true);
            expect(posted.length).to.be.at.most(COMMENT_LIMIT);
            expect(posted).to.contain("[this run's job summary](https://github.com/school/workshop/actions/runs/99)")
                .and.contain("artifact `workshop-plan-nov`");
            expect(result.stdout).to.contain("Posted the plan comment for stack nov on pull request #7").and.contain("trimmed to fit");
        });

        it("says what is missing outside a pull-request job", async () => {
            const file = path.join(dir, "plan.md");
            fs.writeFileSync(file, "plan");
            const result = await run({}, "pr-comment", "--file", file);
            expect(result.exitCode).to.equal(1);
            expect(result.stderr).to.contain("GITHUB_TOKEN and GITHUB_REPOSITORY not set");
            const push = await run(env({ GITHUB_EVENT_PATH: path.join(dir, "push.json") }), "pr-comment", "--file", file);
            expect(push.exitCode).to.equal(1);
        });
    });
});
