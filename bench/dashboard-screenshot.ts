/**
 * Re-takes docs/dashboard.png, the README's picture of the dashboard, on a realistic class:
 * ordinary names, spend from a few cents to over budget, the live meter's columns filled in and the
 * guardrail-proof line. (The test fixture's hostile names stay in tests/driver/dashboard/.)
 *
 *   npx ts-node --transpile-only bench/dashboard-screenshot.ts [out.png]
 */
import * as path from "path";

import type { WorkshopSpend } from "../driver/costs/budget-spend";
import { startDashboardServer } from "../driver/dashboard/server";
import type { MeterView } from "../driver/meter/dashboard-view";
import { guardrailProofLine } from "../driver/workshop-model/guardrail-proof-record";
import { dashboardModel } from "../driver/workshop-model/model";
import { PROJECT_ROOT } from "../infra/project-root";
import { studentKey } from "../infra/roster/naming";
import { sampleStudent, sampleWorkshopOutputs } from "../tests/fixtures/outputs";
import { launchChromium } from "../tests/support/browser";

const CLASS: [name: string, spendUsd: number, usdPerHour: number][] = [
    ["Amira Haddad", 3.12, 0.0104], ["Ben Carter", 0.42, 0], ["Chloé Martin", 7.85, 0.0416], ["Daniel Okafor", 12.4, 0.0832],
    ["Elena Petrova", 1.05, 0], ["Farid Rahimi", 21.7, 0.1248], ["Grace Liu", 4.6, 0.0104], ["Hannah Schmidt", 26.3, 0],
    ["Isaac Mensah", 0.0, 0], ["Julia Rossi", 9.9, 0.0208], ["Kenji Tanaka", 15.2, 0.0416], ["Laura Gómez", 2.35, 0.0104],
];

async function main(): Promise<void> {
    const out = path.resolve(process.argv[2] ?? path.join(PROJECT_ROOT, "docs", "dashboard.png"));
    const students = Object.fromEntries(CLASS.map(([name], i) => {
        const email = `${name.toLowerCase().normalize("NFD").replace(/[^a-z ]/g, "").replace(" ", ".")}@university.example`;
        const student = sampleStudent(email, name, String(210987654300 + i));
        return [studentKey(email), { ...student, accountName: `cloud-101 ${name}`, budgetName: `cloud-101-${studentKey(email)}` }];
    }));
    const outputs = sampleWorkshopOutputs(0, {
        workshopName: "cloud-101", masterBudgetName: "cloud-101-master", masterBudgetUsd: 300, allowedRegions: ["eu-west-1"], students,
    });
    const list = Object.values(outputs.students);
    const spend: WorkshopSpend = {
        fetchedAt: "2026-12-03T14:45:00.000Z",
        byBudget: {
            ...Object.fromEntries(list.map((s, i) => [s.budgetName,
                { actualUsd: CLASS[i][1], forecastedUsd: Math.round(CLASS[i][1] * 1.6 * 100) / 100, limitUsd: s.budgetLimitUsd, includesCredits: false }])),
            [outputs.masterBudgetName]: { actualUsd: CLASS.reduce((sum, c) => sum + c[1], 0), forecastedUsd: 170, limitUsd: 300, includesCredits: false },
        },
    };
    const states = Object.fromEntries(list.map((s) => [s.accountId, "ACTIVE" as const]));
    const emailed = Object.fromEntries(list.map((s) => [`${s.email} ${s.accountId}`, "2026-12-01T08:30:00.000Z"]));
    const now = new Date("2026-12-03T15:00:00Z");
    const meter: MeterView = {
        finishedAt: "2026-12-03T14:58:00.000Z", periodStart: "2026-12-01T00:00:00.000Z", stale: false, sharedKey: null, freezes: [], notMetered: [],
        students: Object.fromEntries(list.map((s, i) => [s.accountId, {
            usdPerHour: CLASS[i][2], sinceStartUsd: Math.round((CLASS[i][1] + CLASS[i][2] * 6) * 100) / 100, unknown: [],
        }])),
    };
    const model = {
        ...dashboardModel(outputs, spend, { start: "2026-12-01", end: "2026-12-04", month: "2026-12" }, states, emailed, { thresholds: [50, 80, 100], generatedAt: now }),
        meter,
        guardrailProof: guardrailProofLine({
            version: 1, provenAt: "2026-12-01T09:12:00.000Z", email: list[0].email, accountId: list[0].accountId, frozen: false, proven: 8, failed: 0, unknown: 0,
        }),
    };

    const server = await startDashboardServer({ host: "127.0.0.1", port: 0, load: async () => model, refreshSeconds: 60 });
    const browser = await launchChromium();
    try {
        const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
        await page.goto(server.url);
        await page.waitForFunction(() => document.body.dataset.renders !== undefined);
        await page.screenshot({ path: out, fullPage: true });
        console.log(`wrote ${out}`);
    } finally {
        await browser.close();
        await server.close();
    }
}

main().catch((error) => {
    console.error(error);
    process.exit(1);
});
