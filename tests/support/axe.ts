import * as fs from "fs";
import type { Page } from "playwright-core";

const AXE = require.resolve("axe-core/axe.min.js");

interface AxeResults { violations: { id: string; help: string; nodes: { target: string[] }[] }[] }

/**
 * axe-core's WCAG 2.x A and AA rules and its best practices, on the page as it stands. The page's own
 * Content-Security-Policy applies to it; axe is injected through the DevTools protocol, which it does not restrict.
 */
export async function axeViolations(page: Page): Promise<string[]> {
    await page.evaluate(fs.readFileSync(AXE, "utf8"));
    const results = await page.evaluate(() => (window as unknown as { axe: { run(): Promise<AxeResults> } }).axe.run());
    return results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
}
