import { expect } from "chai";

import { chooseChromium, DEBIAN_CHROMIUM } from "./chromium-executable";

/** A file system holding exactly these executables. */
const holding = (...executables: string[]) => (file: string) => executables.includes(file);

describe("which Chromium the browser tests launch", () => {
    it("takes CHROMIUM_PATH first, even with Debian's chromium installed", () => {
        const choice = chooseChromium({ CHROMIUM_PATH: "/opt/chrome/chrome" }, holding("/opt/chrome/chrome", DEBIAN_CHROMIUM));
        expect(choice).to.deep.equal({ source: "CHROMIUM_PATH", executablePath: "/opt/chrome/chrome" });
    });

    it("fails on a CHROMIUM_PATH that names no executable instead of falling back", () => {
        expect(() => chooseChromium({ CHROMIUM_PATH: "/opt/nowhere/chrome" }, holding(DEBIAN_CHROMIUM)))
            .to.throw("CHROMIUM_PATH=/opt/nowhere/chrome is not an executable file; fix it, or unset it to use Debian's chromium or the bundled one");
    });

    it("takes Debian's chromium when CHROMIUM_PATH is unset or empty", () => {
        for (const env of [{}, { CHROMIUM_PATH: "" }]) {
            expect(chooseChromium(env, holding(DEBIAN_CHROMIUM))).to.deep.equal({ source: "Debian", executablePath: DEBIAN_CHROMIUM });
        }
    });

    it("falls back to the bundled Chromium when neither is there", () => {
        expect(chooseChromium({}, holding())).to.deep.equal({ source: "bundled" });
    });
});
