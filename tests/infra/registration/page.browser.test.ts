import { SESv2Client } from "@aws-sdk/client-sesv2";
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import type { Browser, BrowserContext, Page } from "playwright-core";

import { PROJECT_ROOT } from "../../../infra/project-root";
import { handleRegistrationRequest } from "../../../infra/registration/handler/app";
import { registrationDeps } from "../../../infra/registration/handler/deps";
import { workshopCodeHash } from "../../../infra/registration/workshop-code";
import { axeViolations } from "../../support/axe";
import { launchChromium } from "../../support/browser";
import { linkIn } from "../../support/confirmation-link";
import { type DynamoDbEmulator, EMULATOR_CREDENTIALS, startDynamoDbEmulator } from "../../support/dynamodb-emulator";
import { serveHandler } from "../../support/http-api-gateway";
import { type SesEmulator, startSesEmulator } from "../../support/ses-emulator";

const ARTIFACTS = path.join(PROJECT_ROOT, "tests", "artifacts");

describe("the registration page in headless Chromium", function () {
    let browser: Browser;
    let context: BrowserContext;
    let dynamodb: DynamoDbEmulator;
    let ses: SesEmulator;
    let server: { url: string; close(): Promise<void> };
    const cspViolations: string[] = [];

    before(async () => {
        [browser, dynamodb, ses] = await Promise.all([launchChromium(), startDynamoDbEmulator(), startSesEmulator()]);
        await dynamodb.createRegistrationTable("registrations");
        let url = "";
        const deps = registrationDeps({
            tableName: "registrations", workshopName: "k8s-nov", get publicUrl() { return url; }, codeHash: workshopCodeHash("K7QX92MD"),
            hashKey: "key", sender: "workshop@school.example", instructorEmail: "teacher@school.example", maxStudents: 30,
            emailDomains: ["uni.example"], sourceHourlyCap: 20, globalHourlyCap: 100,
        }, { dynamodb: dynamodb.client(), ses: new SESv2Client({ endpoint: ses.endpoint, region: "us-east-1", credentials: EMULATOR_CREDENTIALS }) });
        server = await serveHandler((event) => handleRegistrationRequest(event, deps));
        url = server.url;
        // The pages' own Content-Security-Policy applies; axe is injected through the DevTools protocol, which it does not restrict.
        context = await browser.newContext({ viewport: { width: 800, height: 900 } });
        context.on("console", (message) => { if (/Content.Security.Policy/i.test(message.text())) cspViolations.push(message.text()); });
        fs.mkdirSync(ARTIFACTS, { recursive: true });
    });
    after(async () => {
        await browser?.close();
        await Promise.all([server?.close(), dynamodb?.stop(), ses?.stop()]);
    });

    const focused = (page: Page) => page.evaluate(() => document.activeElement?.id || document.activeElement?.tagName || "");

    it("is filled in and sent with the keyboard alone; errors stand next to their field, which gets the focus", async () => {
        const page = await context.newPage();
        await page.goto(server.url);
        expect(await axeViolations(page), "the empty form").to.deep.equal([]);

        await page.keyboard.press("Tab");
        expect(await focused(page)).to.equal("name");
        await page.keyboard.type("Ada Lovelace");
        await page.keyboard.press("Tab");
        expect(await focused(page)).to.equal("email");
        await page.keyboard.type("ada@gmail.example");
        await page.keyboard.press("Tab");
        expect(await focused(page)).to.equal("code");
        await page.keyboard.type("wrong");
        await page.keyboard.press("Tab");
        expect(await focused(page)).to.equal("BUTTON");
        await Promise.all([page.waitForNavigation(), page.keyboard.press("Enter")]);

        // The first field in error has the focus; each message is announced with its field.
        expect(await focused(page)).to.equal("email");
        const described = async (field: string) => page.evaluate((id) => {
            const input = document.getElementById(id)!;
            return (input.getAttribute("aria-describedby") ?? "").split(" ").map((ref) => document.getElementById(ref)?.textContent ?? "").join(" | ");
        }, field);
        expect(await described("email")).to.contain("Error: only addresses at uni.example can register for this workshop");
        expect(await described("code")).to.contain("Error: this is not the workshop code");
        expect(await page.getAttribute("#email", "aria-invalid")).to.equal("true");
        expect(await page.getAttribute("#name", "aria-invalid")).to.equal(null);
        // Next to the field: the message sits right above its input.
        const [message, input] = await Promise.all([page.locator("#email-error").boundingBox(), page.locator("#email").boundingBox()]);
        expect(input!.y - (message!.y + message!.height)).to.be.within(0, 20);
        expect(await page.inputValue("#name")).to.equal("Ada Lovelace");
        expect(await axeViolations(page), "the form with errors").to.deep.equal([]);
        await page.screenshot({ path: path.join(ARTIFACTS, "registration.png"), fullPage: true });

        await page.keyboard.press("ControlOrMeta+a");
        await page.keyboard.type("ada@uni.example");
        await page.keyboard.press("Tab");
        await page.keyboard.press("ControlOrMeta+a");
        await page.keyboard.type("k7qx-92md");
        await page.keyboard.press("Enter");
        await page.waitForSelector("h1:text('Check your inbox')");
        expect(await axeViolations(page), "the result page").to.deep.equal([]);
        await page.close();
    });

    it("the link from the email opens a page whose button confirms, by keyboard", async () => {
        const mail = (await ses.store()).emails.find((e) => e.destination.to.includes("ada@uni.example"));
        const page = await context.newPage();
        await page.goto(linkIn(mail?.body.text));
        expect(await axeViolations(page), "the confirm page").to.deep.equal([]);
        await page.keyboard.press("Tab");
        expect(await focused(page)).to.equal("BUTTON");
        await Promise.all([page.waitForNavigation(), page.keyboard.press("Enter")]);
        expect(await page.textContent("h1")).to.equal("You are registered");
        expect(await axeViolations(page), "the confirmation").to.deep.equal([]);
        await page.close();
    });

    it("nothing on the pages breaks their Content-Security-Policy (no script, styles by hash)", () => {
        expect(cspViolations).to.deep.equal([]);
    });
});
