import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import type { Browser, Page } from "playwright-core";

import { renderWelcomeEmail } from "../../../driver/email/render";
import { PROJECT_ROOT } from "../../../infra/project-root";
import { welcomeEmailInput } from "../../fixtures/welcome";
import { launchChromium } from "../../support/browser";

const ARTIFACTS = path.join(PROJECT_ROOT, "tests", "artifacts");

/** Long values on purpose: they are what pushes an email wider than a phone. */
const student = welcomeEmailInput({
    student: { name: "Maria-Fernanda O'Brien-Castellanos", email: "maria.fernanda.obrien-castellanos@students.university.example.edu" },
    accountName: "serverless-101-maria-fernanda-obrien-cast-4f2a1c",
    budgetUsd: 25,
    alertThresholdsPercent: [50, 80, 100],
});

describe("welcome email in a browser", function () {
    let browser: Browser;
    const html = renderWelcomeEmail(student).html;

    async function open(width: number): Promise<Page> {
        const page = await browser.newPage({ viewport: { width, height: 900 } });
        // Any request would be an external resource an email client would block.
        const requests: string[] = [];
        page.on("request", (request) => requests.push(request.url()));
        await page.setContent(html, { waitUntil: "load" });
        expect(requests, "no external resources").to.deep.equal([]);
        return page;
    }

    before(async () => {
        browser = await launchChromium();
    });
    after(async () => {
        await browser?.close();
    });

    it("shows every key fact as visible text", async () => {
        const page = await open(800);
        const facts = ["Maria-Fernanda O'Brien-Castellanos", "https://d-0123456789.awsapps.com/start", student.student.email,
            "210987654321", "eu-west-1 and eu-central-1", "$25.00", "50%, 80% and 100%", "one-time verification code",
            "only read and delete actions keep working", "Choose a password", "Register an MFA device", "WorkshopStudent",
            "jo@instructor.example", "Open the access portal"];
        for (const fact of facts) {
            expect(await page.getByText(fact, { exact: false }).first().isVisible(), fact).to.equal(true);
        }
        expect(await page.getByRole("link", { name: "Open the access portal" }).getAttribute("href")).to.equal(student.accessPortalUrl);
        fs.mkdirSync(ARTIFACTS, { recursive: true });
        await page.screenshot({ path: path.join(ARTIFACTS, "welcome-email.png"), fullPage: true });
    });

    it("keeps the email body within 600px on a desktop", async () => {
        const page = await open(1024);
        const widest = await page.evaluate(() => Math.max(...Array.from(document.querySelectorAll("table"))
            .map((table) => table.getBoundingClientRect().width)
            .filter((width) => width < document.documentElement.clientWidth)));
        expect(widest).to.be.at.most(600).and.at.least(560);
    });

    it("does not overflow horizontally on a 375px phone", async () => {
        const page = await open(375);
        const overflow = await page.evaluate(() => ({
            scroll: document.documentElement.scrollWidth,
            client: document.documentElement.clientWidth,
            offenders: Array.from(document.querySelectorAll("body *"))
                .filter((el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
                .map((el) => `${el.tagName}: ${(el.textContent ?? "").trim().slice(0, 40)}`),
        }));
        expect(overflow.offenders).to.deep.equal([]);
        expect(overflow.scroll).to.be.at.most(overflow.client);
        await page.screenshot({ path: path.join(ARTIFACTS, "welcome-email-375.png"), fullPage: true });
    });
});
