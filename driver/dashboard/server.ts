import * as http from "http";
import type { AddressInfo } from "net";

import type { DashboardModel } from "../workshop-model/model";
import type { OrganizationOverview } from "../workshop-model/organization-overview";
import { isLocalHostHeader, isLoopbackAddress } from "./loopback";
import { OVERVIEW_PATH, renderOverviewPage } from "./overview-page";
import { contentSecurityPolicy, DASHBOARD_API_PATH, renderDashboardPage } from "./page";

export interface DashboardServerOptions {
    /** Must be a loopback address, e.g. 127.0.0.1. */
    host: string;
    /** 0 picks a free port (tests). */
    port: number;
    load: () => Promise<DashboardModel>;
    /** How often the page polls the API. */
    refreshSeconds?: number;
    /** Every workshop of the state backend, served at /overview when it holds more than one. */
    loadOverview?: () => Promise<OrganizationOverview>;
    now?: () => Date;
}

export const OVERVIEW_API_PATH = "/api/overview";

export interface DashboardServer {
    url: string;
    port: number;
    close(): Promise<void>;
}

export class NonLoopbackHostError extends Error {
    constructor(host: string) {
        super(`refusing to serve the dashboard on "${host}": it shows student emails and spend without a login, ` +
            `so it binds to loopback only (use 127.0.0.1 and, to share it, an SSH tunnel)`);
        this.name = "NonLoopbackHostError";
    }
}

const COMMON_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
};

function send(response: http.ServerResponse, status: number, contentType: string, body: string, headers: http.OutgoingHttpHeaders = {}): void {
    response.writeHead(status, { ...COMMON_HEADERS, "Content-Type": contentType, "Content-Length": Buffer.byteLength(body), ...headers });
    response.end(body);
}

function sendJson(response: http.ServerResponse, status: number, value: unknown): void {
    send(response, status, "application/json; charset=utf-8", JSON.stringify(value));
}

/**
 * Polls from several open tabs arriving together share one load, so a cold cache still asks
 * AWS once.
 */
function sharedLoad<T>(load: () => Promise<T>): () => Promise<T> {
    let inFlight: Promise<T> | undefined;
    return () => {
        inFlight ??= load().finally(() => { inFlight = undefined; });
        return inFlight;
    };
}

/**
 * Serves the live dashboard page at / and its model as JSON at /api/dashboard. GET only, no
 * CORS headers (other origins cannot read it), and requests must name a local Host.
 */
export async function startDashboardServer(options: DashboardServerOptions): Promise<DashboardServer> {
    if (!isLoopbackAddress(options.host)) throw new NonLoopbackHostError(options.host);
    const load = sharedLoad(options.load);
    const loadOverview = options.loadOverview && sharedLoad(options.loadOverview);
    const refreshSeconds = options.refreshSeconds ?? 60;
    const page = renderDashboardPage({ mode: "live", refreshSeconds, ...(loadOverview ? { overviewPath: OVERVIEW_PATH } : {}) });
    const failed = (response: http.ServerResponse) => (error: unknown) =>
        sendJson(response, 500, { error: error instanceof Error ? error.message : String(error) });
    let port = options.port;

    const server = http.createServer((request, response) => {
        if (!isLocalHostHeader(request.headers.host, port)) return sendJson(response, 421, { error: "unexpected Host header" });
        if (request.method !== "GET") return send(response, 405, "text/plain; charset=utf-8", "GET only\n", { Allow: "GET" });
        const pathname = new URL(request.url ?? "/", "http://localhost").pathname;
        if (pathname === "/") {
            return send(response, 200, "text/html; charset=utf-8", page, {
                "Content-Security-Policy": `${contentSecurityPolicy("live")}; frame-ancestors 'none'`,
            });
        }
        if (pathname === DASHBOARD_API_PATH) {
            load().then((model) => sendJson(response, 200, model), failed(response));
            return;
        }
        if (loadOverview && pathname === OVERVIEW_PATH) {
            loadOverview().then((overview) => send(response, 200, "text/html; charset=utf-8",
                renderOverviewPage(overview, { dashboardPath: "/", generatedAt: options.now?.() ?? new Date() }),
                { "Content-Security-Policy": `${contentSecurityPolicy("snapshot")}; frame-ancestors 'none'` }), failed(response));
            return;
        }
        if (loadOverview && pathname === OVERVIEW_API_PATH) {
            loadOverview().then((overview) => sendJson(response, 200, overview), failed(response));
            return;
        }
        sendJson(response, 404, { error: "not found" });
    });

    await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(options.port, options.host, () => { server.off("error", reject); resolve(); });
    });
    port = (server.address() as AddressInfo).port;
    const hostInUrl = options.host.includes(":") ? `[${options.host}]` : options.host;
    return {
        url: `http://${hostInUrl}:${port}/`,
        port,
        close: () => new Promise<void>((resolve, reject) => {
            server.close((error) => (error ? reject(error) : resolve()));
            server.closeAllConnections();
        }),
    };
}
