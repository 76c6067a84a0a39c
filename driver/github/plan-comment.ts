import type { Octokit } from "@octokit/rest";

/**
 * The workshop plan as one pull-request comment per stack, edited in place on every push: the
 * plan commenters that post a new comment per run leave a trail of stale plans (pulumi/actions#633,
 * #1382), and those that post the whole plan fail past GitHub's size limit.
 */

/** GitHub refuses a comment body longer than this: "body is too long (maximum is 65536 characters)". */
export const COMMENT_LIMIT = 65_536;

/** The hidden first line that says which stack's plan a comment holds. */
export function planCommentMarker(stack: string): string {
    return `<!-- workshop-accounts:plan stack=${stack} -->`;
}

/**
 * The body as it fits in a comment: whole when it does, otherwise cut at the last line break that
 * leaves room for a notice saying so and where the full plan is. Lengths are counted in UTF-16 units,
 * never fewer than the characters GitHub counts, and a cut never splits a surrogate pair.
 */
export function fitComment(body: string, pointer: string, limit = COMMENT_LIMIT): { body: string; trimmed: boolean } {
    if (body.length <= limit) return { body, trimmed: false };
    const notice = (closeDetails: boolean) =>
        `${closeDetails ? "\n</details>\n" : ""}\n\n---\n**This plan was trimmed to fit GitHub's limit of ${limit.toLocaleString("en-US")} characters per comment.** ${pointer}\n`;
    // Room for the notice in its longest form, then the last whole line before it.
    let room = limit - notice(true).length;
    if (room <= 0) throw new Error(`the notice alone is longer than the comment limit of ${limit}`);
    if (/[\uD800-\uDBFF]/.test(body[room - 1] ?? "")) room--;
    const lineEnd = body.lastIndexOf("\n", room - 1);
    const kept = body.slice(0, lineEnd > 0 ? lineEnd : room);
    // A cut inside the collapsed workshop-wide section would fold the notice away with it.
    const open = (kept.match(/<details>/g) ?? []).length - (kept.match(/<\/details>/g) ?? []).length;
    return { body: kept + notice(open > 0), trimmed: true };
}

export interface PlanCommentTarget {
    owner: string;
    repo: string;
    issueNumber: number;
    /** Who wrote our earlier comments: only theirs are edited, whoever else quotes the marker. */
    author: string;
}

export type CommentOutcome = { action: "created" | "updated"; id: number; url: string; removedDuplicates: number };

/**
 * Creates the stack's comment, or edits the one that carries its marker. Every page of the pull
 * request's comments is read (100 a page), so a busy pull request still finds it; duplicates left by
 * an older commenter are deleted so exactly one plan per stack remains.
 */
export async function upsertPlanComment(octokit: Octokit, target: PlanCommentTarget, marker: string, body: string): Promise<CommentOutcome> {
    if (!body.startsWith(marker)) throw new Error("the comment body must start with its marker, or the next run cannot find it");
    const { owner, repo, issueNumber } = target;
    const comments = await octokit.paginate(octokit.rest.issues.listComments, { owner, repo, issue_number: issueNumber, per_page: 100 });
    const ours = comments.filter((c) => c.user?.login === target.author && (c.body ?? "").startsWith(marker));
    if (ours.length === 0) {
        const created = await octokit.rest.issues.createComment({ owner, repo, issue_number: issueNumber, body });
        return { action: "created", id: created.data.id, url: created.data.html_url, removedDuplicates: 0 };
    }
    const [kept, ...extra] = ours;
    const updated = await octokit.rest.issues.updateComment({ owner, repo, comment_id: kept.id, body });
    for (const duplicate of extra) await octokit.rest.issues.deleteComment({ owner, repo, comment_id: duplicate.id });
    return { action: "updated", id: updated.data.id, url: updated.data.html_url, removedDuplicates: extra.length };
}
