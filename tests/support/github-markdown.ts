/**
 * A small renderer of the GitHub-flavoured Markdown the plan comment uses, for a screenshot and for
 * checking what a reader sees: headings, paragraphs, bold, code spans, links, backslash escapes,
 * blockquotes, rules, pipe tables and the <details>/<summary> block. Like GitHub, it keeps HTML
 * comments and a small set of tags; any other raw HTML is shown as text (GitHub's sanitizer would
 * drop it; showing it makes an escaping bug visible instead of hiding it).
 */

const ALLOWED_BLOCK = /^<\/?(details|summary)>|^<details><summary>.*<\/summary>$|^<!--.*-->$/;
const ESCAPABLE = /\\([\\`*_{}[\]()#+\-.!|~<>])/g;

function escapeHtml(text: string): string {
    return text.replace(/&(?!(?:amp|lt|gt|quot|#\d+);)/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Inline Markdown: escapes first (a `\*` is never emphasis), code spans, bold, links. */
export function renderInline(text: string): string {
    const held: string[] = [];
    // Private-use characters mark the held pieces: they never occur in a plan.
    const hold = (html: string) => `\uE000${held.push(html) - 1}\uE001`;
    let out = text.replace(ESCAPABLE, (_, c: string) => hold(escapeHtml(c)));
    out = out.replace(/`([^`]+)`/g, (_, code: string) => hold(`<code>${escapeHtml(code)}</code>`));
    out = escapeHtml(out);
    out = out.replace(/\*\*(.+?)\*\*/g, "<strong>$1</strong>");
    out = out.replace(/\[([^\]]+)\]\((https?:\/\/[^)\s]+)\)/g, '<a href="$2">$1</a>');
    return out.replace(/\uE000(\d+)\uE001/g, (_, i: string) => held[Number(i)]);
}

function splitRow(line: string): string[] {
    const cells: string[] = [];
    let cell = "";
    const body = line.trim().replace(/^\|/, "").replace(/\|$/, "");
    for (let i = 0; i < body.length; i++) {
        if (body[i] === "\\" && body[i + 1] === "|") { cell += "\\|"; i++; continue; }
        if (body[i] === "|") { cells.push(cell.trim()); cell = ""; continue; }
        cell += body[i];
    }
    cells.push(cell.trim());
    return cells;
}

export function renderGithubMarkdown(markdown: string): string {
    const lines = markdown.replace(/\r\n/g, "\n").split("\n");
    const html: string[] = [];
    let paragraph: string[] = [];
    const flush = () => {
        if (paragraph.length > 0) html.push(`<p>${paragraph.map(renderInline).join("<br>")}</p>`);
        paragraph = [];
    };
    for (let i = 0; i < lines.length; i++) {
        const line = lines[i];
        if (!line.trim()) { flush(); continue; }
        if (ALLOWED_BLOCK.test(line.trim())) {
            flush();
            const summary = /^<details><summary>(.*)<\/summary>$/.exec(line.trim());
            html.push(summary ? `<details><summary>${renderInline(summary[1])}</summary>` : line.trim());
            continue;
        }
        const heading = /^(#{1,6}) (.*)$/.exec(line);
        if (heading) { flush(); html.push(`<h${heading[1].length}>${renderInline(heading[2])}</h${heading[1].length}>`); continue; }
        if (/^---+$/.test(line.trim())) { flush(); html.push("<hr>"); continue; }
        if (line.startsWith(">")) { flush(); html.push(`<blockquote><p>${renderInline(line.replace(/^> ?/, ""))}</p></blockquote>`); continue; }
        if (line.startsWith("- ")) { flush(); html.push(`<ul><li>${renderInline(line.slice(2))}</li></ul>`); continue; }
        if (line.startsWith("|") && /^\|[\s:|-]+\|$/.test(lines[i + 1]?.trim() ?? "")) {
            flush();
            const align = splitRow(lines[i + 1]).map((c) => (c.endsWith(":") ? ' style="text-align:right"' : ""));
            const row = (cells: string[], tag: string) => `<tr>${cells.map((c, j) => `<${tag}${align[j] ?? ""}>${renderInline(c)}</${tag}>`).join("")}</tr>`;
            const rows = [`<thead>${row(splitRow(line), "th")}</thead><tbody>`];
            for (i += 2; i < lines.length && lines[i].startsWith("|"); i++) rows.push(row(splitRow(lines[i]), "td"));
            i--;
            html.push(`<table>${rows.join("")}</tbody></table>`);
            continue;
        }
        paragraph.push(line);
    }
    flush();
    return html.join("\n");
}

/** The comment as a page that looks like GitHub's: its width, font, table and quote styles. */
export function githubCommentPage(markdown: string, author = "github-actions"): string {
    return `<!doctype html><html><head><meta charset="utf-8"><style>
body { font: 14px/1.5 -apple-system, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif; color: #1f2328; background: #fff; margin: 16px; }
.comment { max-width: 860px; border: 1px solid #d1d9e0; border-radius: 6px; }
.head { background: #f6f8fa; border-bottom: 1px solid #d1d9e0; padding: 8px 16px; color: #59636e; border-radius: 6px 6px 0 0; }
.head b { color: #1f2328; }
.body { padding: 16px; }
h3 { font-size: 1.25em; margin: 0 0 16px; }
code { font: 85% ui-monospace, SFMono-Regular, Menlo, monospace; background: #eff1f3; padding: .2em .4em; border-radius: 6px; }
blockquote { margin: 0 0 16px; padding: 0 1em; color: #59636e; border-left: .25em solid #d1d9e0; }
blockquote p { margin: 0; }
table { border-collapse: collapse; margin: 0 0 16px; display: block; overflow: auto; }
th, td { border: 1px solid #d1d9e0; padding: 6px 13px; }
tr:nth-child(2n) td { background: #f6f8fa; }
hr { border: 0; height: .25em; background: #d1d9e0; margin: 24px 0; }
p { margin: 0 0 16px; }
</style></head><body><div class="comment"><div class="head"><b>${author}</b> bot commented</div><div class="body">
${renderGithubMarkdown(markdown)}
</div></div></body></html>`;
}
