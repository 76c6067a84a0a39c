import { promises as fs } from "fs";
import * as path from "path";

import type { DashboardModel } from "../workshop-model/model";
import { renderDashboardPage } from "./page";

/** Writes the dashboard as a static file with the model embedded: it opens anywhere and fetches nothing. */
export async function writeDashboardSnapshot(outPath: string, model: DashboardModel): Promise<string> {
    const resolved = path.resolve(outPath);
    await fs.mkdir(path.dirname(resolved), { recursive: true });
    await fs.writeFile(resolved, renderDashboardPage({ mode: "snapshot", model }), "utf8");
    return resolved;
}
