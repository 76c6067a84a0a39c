import { expect } from "chai";

import { type DashboardServer,startDashboardServer } from "../../../driver/dashboard/server";
import type { DashboardModel } from "../../../driver/workshop-model/model";
import { fixtureModel } from "../../fixtures/dashboard";
import { get } from "../../support/http-get";

describe("dashboard server", () => {
    let server: DashboardServer;
    let loads = 0;
    beforeEach(async () => {
        loads = 0;
        server = await startDashboardServer({ host: "127.0.0.1", port: 0, load: async () => { loads++; return fixtureModel(); } });
    });
    afterEach(() => server.close());

    it("refuses to bind anything but loopback", async () => {
        for (const host of ["0.0.0.0", "::", "192.168.1.10", "localhost"]) {
            let message = "";
            await startDashboardServer({ host, port: 0, load: async () => fixtureModel() }).catch((e: Error) => (message = e.message));
            expect(message, host).to.match(/loopback only/);
        }
    });
    it("binds 127.0.0.1", () => {
        expect(server.url).to.match(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    });
    it("serves the model as JSON, uncached and without CORS", async () => {
        const response = await get(`${server.url}api/dashboard`);
        expect(response.status).to.equal(200);
        expect(response.headers["content-type"]).to.equal("application/json; charset=utf-8");
        expect(response.headers["cache-control"]).to.equal("no-store");
        expect(response.headers).not.to.have.property("access-control-allow-origin");
        const body = JSON.parse(response.body) as DashboardModel;
        expect(body).to.have.keys("workshopName", "generatedAt", "spend", "period", "thresholds", "totals", "students");
        expect(body.spend).to.have.keys("fetchedAt", "creditsIncluded", "missingBudgets");
        expect(body.students[0]).to.have.keys("name", "email", "accountId", "accountState", "spendUsd", "forecastUsd", "budgetUsd", "percentUsed",
            "band", "thresholdsReached", "emailed", "emailedAt");
        expect(body.totals.spendUsd).to.equal(47.5);
    });
    it("serves a self-contained page that fetches nothing from elsewhere", async () => {
        const response = await get(server.url);
        expect(response.status).to.equal(200);
        expect(response.headers["content-security-policy"]).to.contain("default-src 'none'").and.to.contain("connect-src 'self'");
        expect(response.body).not.to.match(/(src|href)\s*=\s*["']?(https?:)?\/\//i);
        expect(response.body).not.to.match(/@import|url\(/i);
        expect(loads, "the page itself needs no costs").to.equal(0);
    });
    it("answers GET only, known paths only, local Host only", async () => {
        expect((await get(`${server.url}api/dashboard`, {}, "POST")).status).to.equal(405);
        expect((await get(`${server.url}secrets`)).status).to.equal(404);
        expect((await get(`${server.url}api/dashboard`, { Host: "evil.example" })).status).to.equal(421);
    });
    it("shares one slow load between polls arriving together", async () => {
        let slowLoads = 0;
        const slow = await startDashboardServer({ host: "127.0.0.1", port: 0, load: async () => {
            slowLoads++;
            await new Promise((resolve) => setTimeout(resolve, 100));
            return fixtureModel();
        } });
        try {
            const responses = await Promise.all([1, 2, 3].map(() => get(`${slow.url}api/dashboard`)));
            expect(responses.map((r) => r.status)).to.deep.equal([200, 200, 200]);
            expect(slowLoads).to.equal(1);
        } finally {
            await slow.close();
        }
    });
    it("reports a failed load as a JSON error", async () => {
        const failing = await startDashboardServer({ host: "127.0.0.1", port: 0, load: async () => { throw new Error("AccessDenied"); } });
        try {
            const response = await get(`${failing.url}api/dashboard`);
            expect(response.status).to.equal(500);
            expect(JSON.parse(response.body)).to.deep.equal({ error: "AccessDenied" });
        } finally {
            await failing.close();
        }
    });
});
