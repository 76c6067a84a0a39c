import { expect } from "chai";
import * as fc from "fast-check";

import { accountName, budgetName, fitWithHash, studentKey } from "../../../infra/roster/naming";
import { isValidAccountName, isValidBudgetName, isValidTagValue, MAX_ACCOUNT_NAME_LENGTH } from "../../../infra/rules/aws-name-rules";

const WORKSHOP = "k8s-nov";

function nameFor(name: string, email: string): string {
    return accountName(WORKSHOP, { name, email, key: studentKey(email) });
}

/** The account name as it was derived before transliteration, for names that are plain printable ASCII. */
function previousAsciiAccountName(name: string, email: string): string {
    const joined = `${WORKSHOP} ${name}`.replace(/[^\x20-\x7e]/g, "").replace(/\s+/g, " ").trim();
    return joined.length <= MAX_ACCOUNT_NAME_LENGTH ? joined : fitWithHash(`${WORKSHOP}-${studentKey(email)}`, MAX_ACCOUNT_NAME_LENGTH);
}

describe("naming: account names", () => {
    it("transliterates accented Latin names instead of dropping letters", () => {
        expect(nameFor("José Álvarez", "jose@uni.example")).to.equal("k8s-nov Jose Alvarez");
        expect(nameFor("Zoë Smith", "zoe@uni.example")).to.equal("k8s-nov Zoe Smith");
        expect(nameFor("François Müller-Lüdenscheidt", "fm@uni.example")).to.equal("k8s-nov Francois Muller-Ludenscheidt");
        expect(nameFor("Nguyễn Thị Ánh", "anh@uni.example")).to.equal("k8s-nov Nguyen Thi Anh");
    });

    it("spells out letters that Unicode does not decompose", () => {
        expect(nameFor("Jürgen Weiß", "jw@uni.example")).to.equal("k8s-nov Jurgen Weiss");
        expect(nameFor("Søren Kierkegaard", "sk@uni.example")).to.equal("k8s-nov Soren Kierkegaard");
        expect(nameFor("Łukasz Żółć", "lz@uni.example")).to.equal("k8s-nov Lukasz Zolc");
        expect(nameFor("Đorđe Æsir", "dj@uni.example")).to.equal("k8s-nov Dorde Aesir");
        expect(nameFor("Þóra Guðmundsdóttir", "thora@uni.example")).to.equal("k8s-nov Thora Gudmundsdottir");
        expect(nameFor("Œdipe Straße", "oe@uni.example")).to.equal("k8s-nov Oedipe Strasse");
    });

    it("keeps apostrophes and dashes typed as typographic characters", () => {
        expect(nameFor("Siobhán O’Brien–Kelly", "sob@uni.example")).to.equal("k8s-nov Siobhan O'Brien-Kelly");
    });

    it("falls back to the email's local part for names that cannot be written in ASCII, so they stay distinct", () => {
        const names = [
            nameFor("李小龙", "li.xiaolong@uni.example"),
            nameFor("محمد علي", "m.ali@uni.example"),
            nameFor("🚀🌟", "rocket.fan@uni.example"),
            nameFor("Ελένη Παπαδοπούλου", "eleni.p@uni.example"),
            nameFor("Wang 王", "wang@uni.example"),
        ];
        expect(names).to.deep.equal(["k8s-nov li.xiaolong", "k8s-nov m.ali", "k8s-nov rocket.fan", "k8s-nov eleni.p", "k8s-nov wang"]);
    });

    it("drops symbols that are not part of the name but keeps every letter", () => {
        expect(nameFor("Ana 🚀 Lima", "ana@uni.example")).to.equal("k8s-nov Ana Lima");
    });

    it("keeps within 50 characters with a hash when the name or local part is too long", () => {
        const long = nameFor("Maximiliana Theodora Alexandrina Featherstonehaugh", "max@uni.example");
        expect(long.length).to.be.at.most(MAX_ACCOUNT_NAME_LENGTH);
        expect(long).to.match(/^k8s-nov-max-at-uni-example/);
        const local = nameFor("李", `${"l".repeat(50)}@uni.example`);
        expect(local.length).to.be.at.most(MAX_ACCOUNT_NAME_LENGTH);
        expect(local).to.match(/-[0-9a-f]{6}$/);
    });

    it("does not rename the account of a student with a plain ASCII name", () => {
        fc.assert(fc.property(fc.string({ unit: "grapheme-ascii", minLength: 1, maxLength: 60 }), (name) => {
            fc.pre(/\S/.test(name));
            expect(nameFor(name, "s@uni.example")).to.equal(previousAsciiAccountName(name, "s@uni.example"));
        }), { numRuns: 500 });
    });

    it("is always a valid Organizations account name that says more than the workshop", () => {
        const email = fc.tuple(fc.stringMatching(/^[a-z0-9._%+'-]{1,70}$/), fc.stringMatching(/^[a-z0-9-]{1,20}\.[a-z]{2,6}$/))
            .map(([local, domain]) => `${local}@${domain}`);
        fc.assert(fc.property(fc.string({ unit: "binary", maxLength: 80 }), email, (name, address) => {
            const result = nameFor(name, address);
            expect(isValidAccountName(result), JSON.stringify(result)).to.equal(true);
            expect(result).not.to.equal(WORKSHOP);
        }), { numRuns: 1000 });
    });
});

describe("naming: budget names and tags", () => {
    it("derives budget names Budgets accepts", () => {
        const key = fc.stringMatching(/^[a-z0-9]+(-[a-z0-9]+)*$/);
        const workshop = fc.stringMatching(/^[a-z0-9](?:[a-z0-9-]{0,22}[a-z0-9])?$/);
        fc.assert(fc.property(workshop, key, (w, k) => {
            expect(isValidBudgetName(budgetName(w, k))).to.equal(true);
        }));
    });

    it("the rules match what AWS documents", () => {
        expect(isValidBudgetName("k8s-nov-ada")).to.equal(true);
        for (const bad of ["", "a:b", "a\\b", "x/action/y", "<script>x</script>", "x".repeat(101)]) {
            expect(isValidBudgetName(bad), bad).to.equal(false);
        }
        expect(isValidAccountName("k8s-nov Ada ~!")).to.equal(true);
        for (const bad of ["", "x".repeat(51), "k8s Zoë", "tab\there"]) expect(isValidAccountName(bad), bad).to.equal(false);
        expect(isValidTagValue("ada.lovelace+k8s@uni.example")).to.equal(true);
        expect(isValidTagValue("José Álvarez 12 _.:/=+-@")).to.equal(true);
        for (const bad of ["o'brien@uni.example", "100%@uni.example", "a!b", "x".repeat(257)]) expect(isValidTagValue(bad), bad).to.equal(false);
    });
});
