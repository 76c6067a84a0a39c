import { expect } from "chai";

import { renderWelcomeEmail, welcomeInputs } from "../../../driver/email/render";
import { sampleStudent, sampleWorkshopOutputs } from "../../fixtures/outputs";
import { welcomeEmailInput as input } from "../../fixtures/welcome";


/** Visible text of the HTML part, so facts split by markup still count as present. */
function htmlText(html: string): string {
    return html.replace(/<style[\s\S]*?<\/style>/g, "").replace(/<[^>]+>/g, " ")
        .replace(/&amp;/g, "&").replace(/&#x27;/g, "'").replace(/&quot;/g, "\"").replace(/&#x3D;/g, "=")
        .replace(/\s+/g, " ");
}

describe("welcome email rendering", () => {
    const facts = [
        "serverless-101", "Ana Lima", "https://d-0123456789.awsapps.com/start", "ana.lima@example.com",
        "210987654321", "eu-west-1 and eu-central-1", "$37.50", "50%, 80% and 100%",
        "one-time verification code", "freeze policy is applied", "only read and delete actions keep working",
        "Choose a password", "MFA", "WorkshopStudent", "Jo Instructor", "jo@instructor.example",
    ];

    it("states every fact a student needs, in the HTML and in the text part", () => {
        const email = renderWelcomeEmail(input());
        const visible = htmlText(email.html);
        for (const fact of facts) {
            expect(visible, `html: ${fact}`).to.include(fact);
            expect(email.text, `text: ${fact}`).to.include(fact);
        }
    });

    it("lists the first sign-in steps in order: portal, email, code, password, MFA, account, role", () => {
        const { text } = renderWelcomeEmail(input());
        const order = ["1. Open the access portal", "2. Enter your email", "3. Enter the one-time verification code",
            "4. Choose a password", "5. Register an MFA device", "6. In the portal, pick the account", "7. Choose the role"];
        const positions = order.map((step) => text.indexOf(step));
        expect(positions).to.not.include(-1);
        expect([...positions].sort((a, b) => a - b)).to.deep.equal(positions);
    });

    it("says what happens at 100% when the freeze is off", () => {
        const email = renderWelcomeEmail(input({ budgetFreeze: false }));
        expect(email.text).to.not.include("freeze policy");
        expect(email.text).to.include("At 100% the instructor is alerted");
        expect(htmlText(email.html)).to.include("At 100% the instructor is alerted");
    });

    it("names no role when the stack does not say which", () => {
        const email = renderWelcomeEmail(input({ roleName: undefined }));
        expect(email.text).to.include("Choose the role offered for that account");
    });

    it("HTML-escapes names in the HTML part only, and keeps the subject one plain line", () => {
        const name = "<b>O'Brien & co</b>";
        const email = renderWelcomeEmail(input({ student: { name, email: "obrien@example.com" } }));
        expect(email.html).to.not.include("<b>O'Brien");
        expect(email.html).to.include("&lt;b&gt;O&#x27;Brien &amp; co&lt;/b&gt;");
        expect(email.text).to.include(`Hello ${name},`);
        expect(email.subject).to.equal("serverless-101: your AWS account is ready, <b>O'Brien");
    });

    it("builds the subject from the workshop and the student's first name", () => {
        const email = renderWelcomeEmail(input({ student: { name: "Ana\nLima", email: "ana@example.com" } }));
        expect(email.subject).to.equal("serverless-101: your AWS account is ready, Ana");
        expect(email.subject).to.not.match(/[\r\n]/);
    });

    it("keeps the HTML email-client safe: tables, inline styles, no external resources", () => {
        const { html } = renderWelcomeEmail(input());
        expect(html).to.match(/max-width:600px/);
        expect(html).to.not.match(/<link\b|<img\b|<script\b|@import|url\(/i);
        expect(html).to.not.match(/<style\b/i);
        const externalRefs = html.match(/(?:src|href)="[^"]*"/g) ?? [];
        expect(externalRefs.every((ref) => /href="(https:\/\/d-0123456789|mailto:)/.test(ref))).to.equal(true, externalRefs.join(" "));
    });
});

describe("welcomeInputs", () => {
    it("makes one input per student, sorted by email, with the budget settings passed in", () => {
        const outputs = sampleWorkshopOutputs(0, {
            students: {
                b: sampleStudent("zoe@example.com", "Zoe", "111111111111", 40),
                a: sampleStudent("adam@example.com", "", "222222222222"),
            },
        });
        const inputs = welcomeInputs(outputs, { budgetAlertThresholds: [90], budgetFreeze: false, instructorName: "Jo" });
        expect(inputs.map((i) => i.student.email)).to.deep.equal(["adam@example.com", "zoe@example.com"]);
        expect(inputs[0].student.name).to.equal("adam@example.com", "a student without a name is greeted by email");
        expect(inputs[1]).to.include({ accountId: "111111111111", budgetUsd: 40, budgetFreeze: false });
        expect(inputs[1].alertThresholdsPercent).to.deep.equal([90]);
        expect(inputs[1].instructor).to.deep.equal({ name: "Jo", email: "instructor@example.com" });
        expect(inputs[1].roleName).to.equal("serverless-101-student", "the permission set infra/workshop-identity.ts creates");
    });

    it("refuses outputs that would strand a student, naming every problem", () => {
        const outputs = sampleWorkshopOutputs(0, {
            accessPortalUrl: "",
            students: { a: sampleStudent("ana@example.com", "Ana", "pending") },
        });
        expect(() => welcomeInputs(outputs)).to.throw(/accessPortalUrl[\s\S]*ana@example.com: account id "pending"[\s\S]*Run `up`/);
    });
});
