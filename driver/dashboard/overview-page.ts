import { escapeHtml } from "../../infra/rules/html-text";
import { formatUsd } from "../ui/money";
import type { OrganizationOverview } from "../workshop-model/organization-overview";
import { contentSecurityPolicy } from "./page";
import { PAGE_STYLE } from "./page-style";

export const OVERVIEW_PATH = "/overview";

const html = (text: string | number) => escapeHtml(String(text));

const usd = (amount: number | null) => (amount === null ? "?" : formatUsd(amount));

/**
 * Every workshop of the state backend and the organization's totals, as `workshops` prints them. Served
 * next to a stack's dashboard when the backend holds more than one workshop. Rendered on the server at
 * each request, so it runs no script at all; it does not reload itself (a page that refreshes on its
 * own fails WCAG 2.2.1, axe's meta-refresh rule): a reload shows the numbers anew.
 */
export function renderOverviewPage(overview: OrganizationOverview, options: { dashboardPath: string; generatedAt: Date }): string {
    const rows = overview.workshops.map((w) => `<tr><td>${html(w.workshopName || "?")}</td><td>${html(w.stack)}</td>` +
        [w.students, w.accounts.active, w.accounts.frozen, w.accounts.closing, w.accounts.waitingForCloseQuota].map((n) => `<td class="number">${n}</td>`).join("") +
        `<td class="number">${html(usd(w.spendUsd))} of ${html(usd(w.budgetUsd))}</td><td>${html(w.lastUpdate ?? "never")}</td></tr>`).join("\n");
    const t = overview.totals;
    const card = (label: string, value: string | number, detail: string) =>
        `<div class="card"><div class="label">${html(label)}</div><div class="value">${html(value)}</div><div class="detail">${html(detail)}</div></div>`;
    return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy("snapshot")}">
<meta name="referrer" content="no-referrer">
<title>Workshops of the organization</title>
<style>${PAGE_STYLE}</style>
</head>
<body>
<header>
  <h1>Workshops of the organization</h1>
  <div class="status"><span>Updated ${html(options.generatedAt.toISOString().replace("T", " ").slice(0, 16))} UTC</span><span><a href="${html(options.dashboardPath)}">This stack's dashboard</a></span></div>
</header>
<main>
  <section class="totals" aria-label="Organization">
    ${card("Member accounts", t.members, `${t.active} active, ${t.closing} closing, ${t.suspended} suspended (closed accounts count for 90 days)`)}
    ${card("Account quota", t.accountQuota ?? "?", t.accountQuota === null ? "Service Quotas did not say" : `${Math.max(0, t.accountQuota - t.members)} left`)}
    ${card("Close quota, 30 days", `${t.closeQuota.apiReference} to ${t.closeQuota.quotasPage}`, `CloseAccount API reference to quotas page; ${t.closedRecently} closed in the last 90 days`)}
  </section>
  <section class="panel" aria-labelledby="workshops-title">
    <h2 id="workshops-title">Workshops</h2>
    <table>
      <thead><tr><th>Workshop</th><th>Stack</th><th class="number">Students</th><th class="number">Active</th><th class="number">Frozen</th><th class="number">Closing</th><th class="number">Waiting for close quota</th><th class="number">Spend / budgets</th><th>Last update</th></tr></thead>
      <tbody>
${rows || `<tr><td colspan="9" class="empty">No workshop stacks in this state backend yet.</td></tr>`}
      </tbody>
    </table>
  </section>
</main>
</body>
</html>
`;
}
