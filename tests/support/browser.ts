import { chromium, type Browser } from "playwright-core";

/**
 * Debian's chromium by default; CHROMIUM_PATH names another installed Chromium or Chrome (GitHub's
 * runners ship Google Chrome). Playwright's own browser downloads are never used.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || "/usr/bin/chromium";

/**
 * Headless Debian chromium through playwright-core, for browser tests. Background networking is
 * off so a test never reaches the internet; callers close the browser in an after hook.
 */
export function launchChromium(): Promise<Browser> {
    return chromium.launch({
        executablePath: CHROMIUM_PATH,
        args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    });
}
