import { createHash } from "crypto";

import type { DashboardModel } from "../workshop-model/model";
import { PAGE_SCRIPT } from "./page-script";
import { PAGE_STYLE } from "./page-style";

export const DASHBOARD_API_PATH = "/api/dashboard";

export type PageOptions =
    /** Served: the page fetches the model from the API now and every refreshSeconds; `overviewPath` links every workshop's overview. */
    | { mode: "live"; refreshSeconds: number; overviewPath?: string }
    /** A file: the model is embedded and nothing is ever fetched. */
    | { mode: "snapshot"; model: DashboardModel };

/** JSON that can sit inside a <script> element: no "</script>" or "<!--" can close or confuse it. */
function scriptSafeJson(value: unknown): string {
    return JSON.stringify(value).replace(/</g, "\\u003c").replace(/>/g, "\\u003e").replace(/&/g, "\\u0026")
        .replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

function cspHash(text: string): string {
    return `'sha256-${createHash("sha256").update(text).digest("base64")}'`;
}

/**
 * Only our own inline script and style may run, pinned by hash; a snapshot may not connect anywhere.
 * Exported so the server can send the same policy as a header.
 */
export function contentSecurityPolicy(mode: PageOptions["mode"]): string {
    return [`default-src 'none'`, `script-src ${cspHash(PAGE_SCRIPT)}`, `style-src ${cspHash(PAGE_STYLE)}`,
        `connect-src ${mode === "live" ? "'self'" : "'none'"}`, `base-uri 'none'`, `form-action 'none'`].join("; ");
}

/** The whole dashboard as one self-contained HTML document: inline CSS and JS, no CDN, no web fonts. */
export function renderDashboardPage(options: PageOptions): string {
    const config = options.mode === "live"
        ? { live: true, refreshSeconds: options.refreshSeconds, apiPath: DASHBOARD_API_PATH, model: null }
        : { live: false, refreshSeconds: 0, apiPath: DASHBOARD_API_PATH, model: options.model };
    return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(options.mode)}">
<meta name="referrer" content="no-referrer">
<title>Workshop dashboard</title>
<style>${PAGE_STYLE}</style>
</head>
<body>
<header>
  <h1 id="workshop-name">Workshop</h1>
  <div class="status"><span id="last-updated">Loading…</span><span id="spend-source"></span><span id="period"></span>${options.mode === "live" && options.overviewPath ? `<span><a href="${options.overviewPath}">All workshops</a></span>` : ""}</div>
</header>
<main>
  <div id="error" class="error" role="alert"></div>
  <div id="live-freezes" class="alert" role="alert"></div>
  <p class="note" id="spend-note"></p>
  <p class="note" id="guardrail-proof"></p>
  <section class="totals" aria-label="Totals">
    <div class="card"><div class="label">Students</div><div class="value" id="total-students">–</div></div>
    <div class="card"><div class="label">Active accounts</div><div class="value" id="total-active">–</div><div class="detail" id="total-active-detail"></div></div>
    <div class="card"><div class="label">Spend, month to date</div><div class="value" id="total-spend">–</div>
      <div class="detail"><span id="total-budget"></span> <span id="total-percent" class="band"></span></div><div class="detail" id="total-forecast"></div></div>
    <div class="card"><div class="label">Emailed</div><div class="value" id="total-emailed">–</div><div class="detail" id="total-emailed-detail"></div></div>
    <div class="card" id="registrations-card" hidden><div class="label">Self-registrations confirmed</div><div class="value" id="registrations-confirmed">–</div><div class="detail" id="registrations-detail"></div></div>
  </section>
  <section class="panel" aria-labelledby="chart-title">
    <h2 id="chart-title">Spend vs. budget per student</h2>
    <p class="legend" id="chart-legend"></p>
    <div class="chart" id="chart"></div>
  </section>
  <section class="panel" aria-labelledby="table-title">
    <h2 id="table-title">Students</h2>
    <p class="meter-status" id="meter-status"></p>
    <table>
      <thead><tr><th>Name</th><th>Email</th><th>Account</th><th>State</th><th class="number">Spend</th><th class="number">Forecast</th><th class="number" title="Estimated by the live meter">Now (est.)</th><th class="number" title="Estimated by the live meter">Since start (est.)</th><th class="number">Budget</th><th class="number">Used</th><th>Emailed</th></tr></thead>
      <tbody id="student-rows"></tbody>
    </table>
  </section>
</main>
<script id="dashboard-config" type="application/json">${scriptSafeJson(config)}</script>
<script>${PAGE_SCRIPT}</script>
</body>
</html>
`;
}
