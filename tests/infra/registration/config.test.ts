import { expect } from "chai";

import { ConfigError } from "../../../infra/config";
import { testSettings } from "../../fixtures/workshop";

describe("stack config: self-registration", () => {
    it("is off by default, with the documented caps, the instructor as sender and code generation 1", () => {
        expect(testSettings().registration).to.deep.equal({
            enabled: false, emailDomains: [], codeGeneration: "1", sourceHourlyCap: 20, hourlyCap: 100, senderEmail: "teacher@school.example",
        });
    });

    it("reads the domains (a leading @ is fine), the closing time, the caps and the sender", () => {
        const settings = testSettings({
            registration: "true", registrationEmailDomains: '["@Uni.example", "students.uni.example"]', registrationClosesAt: "2026-11-23T09:00:00+01:00",
            registrationSourceHourlyCap: "60", registrationHourlyCap: "200", senderEmail: "workshop@school.example", registrationCodeGeneration: "20261123-1412",
        }).registration;
        expect(settings).to.deep.include({
            enabled: true, emailDomains: ["uni.example", "students.uni.example"], sourceHourlyCap: 60, hourlyCap: 200,
            senderEmail: "workshop@school.example", codeGeneration: "20261123-1412",
        });
        expect(settings.closesAt?.toISOString()).to.equal("2026-11-23T08:00:00.000Z");
    });

    const bad: [string, Record<string, string>, RegExp][] = [
        ["a domain that is not one", { registrationEmailDomains: "uni" }, /registrationEmailDomains: "uni" is not a domain like uni\.example/],
        ["a closing time without its zone", { registrationClosesAt: "2026-11-23T09:00" }, /registrationClosesAt must be a date and time with its zone/],
        ["a closing date alone", { registrationClosesAt: "2026-11-23" }, /registrationClosesAt must be a date and time with its zone/],
        ["a cap of zero", { registrationHourlyCap: "0" }, /registrationHourlyCap must be a whole number of emails per hour between 1 and 10000/],
        ["a fractional cap", { registrationSourceHourlyCap: "2.5" }, /registrationSourceHourlyCap must be a whole number/],
        ["a code generation with spaces", { registrationCodeGeneration: "a b" }, /registrationCodeGeneration must be letters, digits or dashes/],
        ["registration that is not a boolean", { registration: "on" }, /registration must be true or false/],
    ];
    for (const [what, overrides, expected] of bad) {
        it(`rejects ${what} with a message naming the key`, () => {
            expect(() => testSettings(overrides)).to.throw(ConfigError, expected);
        });
    }
});
