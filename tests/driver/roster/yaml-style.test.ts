import { expect } from "chai";

import { detectYamlStyle } from "../../../driver/roster/yaml-style";

describe("YAML style detection", () => {
    it("reads line endings and the indentation of the first list under a key, skipping comments", () => {
        expect(detectYamlStyle("students:\r\n    # first\r\n    - email: a@x.example\r\n")).to.deep.equal({ eol: "\r\n", indent: 4, indentSeq: true });
        expect(detectYamlStyle("students:\n- email: a@x.example\n")).to.deep.equal({ eol: "\n", indent: 2, indentSeq: false });
        expect(detectYamlStyle("# roster\nstudents:\n   - email: a@x.example\n")).to.deep.equal({ eol: "\n", indent: 3, indentSeq: true });
    });

    it("falls back to the library's layout where the file shows none (empty, top-level list, empty list)", () => {
        for (const text of ["", "- email: a@x.example\n  name: A\n", "students: []\n"]) {
            expect(detectYamlStyle(text), text).to.deep.equal({ eol: "\n", indent: 2, indentSeq: true });
        }
    });
});
