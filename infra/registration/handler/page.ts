import { createHash } from "crypto";

import { escapeHtml } from "../../rules/html-text";

/**
 * The pages the endpoint serves: plain HTML forms, no script, so they work with any browser,
 * keyboard and screen reader, and the Content-Security-Policy can forbid scripts outright.
 */

export type Field = "name" | "email" | "code";
export type FieldErrors = Partial<Record<Field, string[]>>;

export interface PageResponse {
    statusCode: number;
    headers: Record<string, string>;
    body: string;
}

const STYLE = `
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;line-height:1.5;margin:0;background:#f4f5f7;color:#1b1f24}
main{max-width:34rem;margin:2rem auto;padding:1.5rem 2rem;background:#fff;border-radius:8px;box-shadow:0 1px 3px rgba(0,0,0,.15)}
h1{font-size:1.5rem;margin:0 0 1rem}
label{display:block;font-weight:600;margin-top:1.25rem}
.hint{display:block;color:#4a5360;font-size:.95rem}
input{display:block;width:100%;box-sizing:border-box;font-size:1rem;padding:.5rem;margin-top:.25rem;border:2px solid #4a5360;border-radius:4px}
input:focus,button:focus,a:focus{outline:3px solid #ffbf47;outline-offset:1px}
input[aria-invalid=true]{border-color:#b00020}
.error{color:#b00020;font-weight:600;margin:.25rem 0 0}
.summary{border:3px solid #b00020;padding:.5rem 1rem;margin-bottom:1rem}
.summary h2{font-size:1.1rem;margin:.25rem 0}
.summary a{color:#b00020}
button{margin-top:1.5rem;font-size:1rem;padding:.6rem 1.4rem;border:0;border-radius:4px;background:#00703c;color:#fff;cursor:pointer}
`;
const STYLE_HASH = createHash("sha256").update(STYLE).digest("base64");

/** No script, no frames, no other origin; forms post back here only. Links in emails must not leak through Referer. */
const SECURITY_HEADERS = {
    "content-security-policy": `default-src 'none'; style-src 'sha256-${STYLE_HASH}'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`,
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "cache-control": "no-store",
};

function page(statusCode: number, title: string, main: string): PageResponse {
    const body = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${main}
</main>
</body>
</html>
`;
    return { statusCode, headers: { "content-type": "text/html; charset=utf-8", ...SECURITY_HEADERS }, body };
}

/** A page that says one thing: a result, a refusal or a closed registration. */
export function messagePage(statusCode: number, title: string, paragraphs: string[]): PageResponse {
    return page(statusCode, title, `<h1>${escapeHtml(title)}</h1>\n${paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join("\n")}`);
}

const FIELDS: { field: Field; label: string; hint: string; type: string; autocomplete: string }[] = [
    { field: "name", label: "Your name", hint: "As it should appear on your AWS account, e.g. Ada Lovelace.", type: "text", autocomplete: "name" },
    { field: "email", label: "Your email address", hint: "We send a confirmation link to it; it becomes your sign-in name.", type: "email", autocomplete: "email" },
    { field: "code", label: "Workshop code", hint: "Your instructor gives it to you, e.g. K7QX-92MD.", type: "text", autocomplete: "off" },
];

export interface FormView {
    workshopName: string;
    values?: Partial<Record<Field, string>>;
    errors?: FieldErrors;
    /** Shown when no address domain is allowed but these. */
    emailDomains: string[];
}

/** The registration form; with errors, each stands next to its field and a summary links to them. */
export function formPage(view: FormView, statusCode = 200): PageResponse {
    const errors = view.errors ?? {};
    const invalid = FIELDS.filter(({ field }) => (errors[field] ?? []).length > 0);
    const summary = invalid.length === 0 ? "" : `<div class="summary">
<h2 id="summary-title">Please correct ${invalid.length === 1 ? "this" : "these"}:</h2>
<ul aria-labelledby="summary-title">
${invalid.map(({ field, label }) => `<li><a href="#${field}">${escapeHtml(label)}: ${escapeHtml(errors[field]!.join("; "))}</a></li>`).join("\n")}
</ul>
</div>`;
    const domains = view.emailDomains.length > 0 ? ` Only addresses at ${view.emailDomains.join(", ")}.` : "";
    const inputs = FIELDS.map(({ field, label, hint, type, autocomplete }) => {
        const fieldErrors = errors[field] ?? [];
        const describedBy = [`${field}-hint`, ...(fieldErrors.length > 0 ? [`${field}-error`] : [])].join(" ");
        // The first field in error gets the focus, so a keyboard or screen-reader user lands on it.
        const focus = invalid[0]?.field === field ? " autofocus" : "";
        return `<label for="${field}">${escapeHtml(label)}</label>
<span class="hint" id="${field}-hint">${escapeHtml(hint + (field === "email" ? domains : ""))}</span>
${fieldErrors.length > 0 ? `<p class="error" id="${field}-error">Error: ${escapeHtml(fieldErrors.join("; "))}</p>\n` : ""}<input id="${field}" name="${field}" type="${type}" autocomplete="${autocomplete}" value="${escapeHtml(view.values?.[field] ?? "")}" aria-describedby="${describedBy}"${fieldErrors.length > 0 ? ` aria-invalid="true"` : ""}${focus} spellcheck="false">`;
    }).join("\n");
    const title = `Register for ${view.workshopName}`;
    return page(statusCode, invalid.length > 0 ? `Error: ${title}` : title, `<h1>${escapeHtml(title)}</h1>
<p>Register with your own email address. Your instructor then adds you to the workshop, and you receive your AWS sign-in details by email.</p>
${summary}
<form method="post" action="/" novalidate>
${inputs}
<button type="submit">Register</button>
</form>`);
}

/** The page a confirmation link opens: one button, so a mail scanner that follows links confirms nothing. */
export function confirmPage(workshopName: string, token: string): PageResponse {
    return page(200, `Confirm your registration for ${workshopName}`, `<h1>Confirm your registration for ${escapeHtml(workshopName)}</h1>
<p>Press the button to confirm that this is your email address and that you want to take part.</p>
<form method="post" action="/confirm">
<input type="hidden" name="token" value="${escapeHtml(token)}">
<button type="submit">Confirm my registration</button>
</form>`);
}
