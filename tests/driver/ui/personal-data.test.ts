import { expect } from "chai";

import { markdownCell } from "../../../driver/ui/markdown";
import { maskEmail, maskEmailsIn } from "../../../driver/ui/personal-data";

describe("personal data in what leaves the machine", () => {
    it("masks an email to the initials of its local part and its domain", () => {
        expect(maskEmail("ada.lovelace@uni.example")).to.equal("a.l***@uni.example");
        expect(maskEmail("grace@uni.example")).to.equal("g***@uni.example");
        expect(maskEmail("aws+k8s-nov-ada@school.example")).to.equal("a***@school.example");
        expect(maskEmail("émile.zola@uni.example")).to.equal("é.z***@uni.example");
        expect(maskEmail("not an email")).to.equal("***");
    });

    it("masks every address in free text and leaves the rest", () => {
        expect(maskEmailsIn("derives the same account name as ada.lovelace@uni.example (line 4); also bob@x.co"))
            .to.equal("derives the same account name as a.l***@uni.example (line 4); also b***@x.co");
    });

    it("a student's name cannot inject Markdown or HTML into a table cell", () => {
        const cell = markdownCell("<img src=x onerror=alert(1)> **Bob** | [click](https://evil.example) `x` &lt;b&gt;\n<!-- workshop-accounts:plan stack=dev -->");
        expect(cell).not.to.match(/<|>|\n/);
        expect(cell).to.equal("&lt;img src=x onerror=alert(1)&gt; \\*\\*Bob\\*\\* \\| \\[click\\](https://evil.example) \\`x\\` &amp;lt;b&amp;gt; " +
            "&lt;!-- workshop-accounts:plan stack=dev --&gt;");
    });
});
