import { expect } from "chai";

import { liveFreezeThresholds } from "../../../driver/meter/meter-settings";
import { ConfigError, parseWorkshopConfig } from "../../../infra/config";
import { validateRoster } from "../../../infra/roster/validate";
import { readRosterYaml } from "../../../infra/roster/yaml";
import { TEST_CONFIG } from "../../fixtures/workshop";

function configProblems(overrides: Record<string, string>): string[] {
    const raw: Record<string, string | undefined> = { ...TEST_CONFIG, ...overrides };
    try {
        parseWorkshopConfig((key) => raw[key]);
        return [];
    } catch (error) {
        return (error as ConfigError).problems;
    }
}

/** Not decimal money, though JavaScript's Number() or YAML read each of them as a number. */
const NOT_DECIMAL = ["0x10", "0b101", "0o17", "1e3", "5e-324", "Infinity", " ", "1_000", "+5", "-5", "12.345"];

describe("money values: one decimal parser with bounds for config, roster and meter", () => {
    for (const raw of NOT_DECIMAL.filter((r) => r.trim())) {
        it(`the meter refuses liveFreezeAtUsd "${raw}" instead of reading it as a number`, () => {
            expect(() => liveFreezeThresholds((key) => (key === "liveFreezeAtUsd" ? raw : undefined), 10)).to.throw(/liveFreezeAtUsd must be a number of USD/);
        });
    }

    it("the meter still reads 40 and 37.50, and derives the shared key's threshold", () => {
        expect(liveFreezeThresholds((key) => (key === "liveFreezeAtUsd" ? "37.50" : undefined), 4)).to.deep.equal({ studentUsd: 37.5, sharedKeyUsd: 150 });
        expect(liveFreezeThresholds((key) => ({ liveFreezeAtUsd: "40", liveFreezeSharedKeyAtUsd: "100" } as Record<string, string>)[key], 4))
            .to.deep.equal({ studentUsd: 40, sharedKeyUsd: 100 });
    });

    it("up checks liveFreezeAtUsd and liveFreezeSharedKeyAtUsd like every other key", () => {
        expect(configProblems({ liveFreezeAtUsd: "0x10", liveFreezeSharedKeyAtUsd: "5e-324" })).to.deep.equal([
            'liveFreezeAtUsd must be a number of USD from 1.00 to 1000000.00 with at most 2 decimals (e.g. 25 or 37.50), got "0x10"',
            'liveFreezeSharedKeyAtUsd must be a number of USD from 1.00 to 1000000.00 with at most 2 decimals (e.g. 25 or 37.50), got "5e-324"',
        ]);
        expect(configProblems({ liveFreezeAtUsd: "40", liveFreezeSharedKeyAtUsd: "250.5" })).to.deep.equal([]);
    });

    it("budgets in the stack config are decimal only", () => {
        expect(configProblems({ studentBudgetUsd: "0x10" })).to.have.length(1);
        expect(configProblems({ masterBudgetUsd: "1e3" })).to.have.length(1);
    });

    it("a roster budget written as a YAML hex, octal or exponent number is refused, not read as 16 or 1000", () => {
        for (const written of ["0x10", "0o20", "1e3", ".inf"]) {
            const { issues } = validateRoster(readRosterYaml(`- email: ada@uni.example\n  name: Ada Lovelace\n  budget: ${written}\n`), { maxStudents: 5 });
            expect(issues.map((i) => i.message), written).to.deep.equal([
                `budget must be a number of USD from 1.00 to 1000000.00 with at most 2 decimals (e.g. 25 or 37.50), got "${written}"`,
            ]);
        }
        const { students } = validateRoster(readRosterYaml("- email: ada@uni.example\n  name: Ada Lovelace\n  budget: 37.50\n"), { maxStudents: 5 });
        expect(students[0].budgetUsd).to.equal(37.5);
    });
});

describe("permissionSetPolicyArn: what AttachManagedPolicyToPermissionSet accepts", () => {
    it("refuses a stray quote, space or a customer managed policy before anything is created", () => {
        for (const arn of ['arn:aws:iam::aws:policy/PowerUserAccess"', "arn:aws:iam::aws:policy/Power UserAccess",
            "arn:aws:iam::123456789012:policy/MyPolicy", "arn:aws:iam::aws:policy/", "arn:aws:iam::aws:policy/job-function//ViewOnlyAccess"]) {
            const found = configProblems({ permissionSetPolicyArn: arn });
            expect(found, arn).to.have.length(1);
            expect(found[0]).to.contain("permissionSetPolicyArn must be an AWS managed policy ARN");
        }
    });

    it("accepts AWS managed policies, with a path and in every partition", () => {
        for (const arn of ["arn:aws:iam::aws:policy/PowerUserAccess", "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess",
            "arn:aws-us-gov:iam::aws:policy/AdministratorAccess", "arn:aws-cn:iam::aws:policy/service-role/AWSLambdaRole"]) {
            expect(configProblems({ permissionSetPolicyArn: arn }), arn).to.deep.equal([]);
        }
    });
});
