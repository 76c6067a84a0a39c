import { formatUsd } from "../ui/money";
import { renderTable } from "../ui/table";
import type { AccountMeter } from "./meter";
import type { MeterSnapshot } from "./snapshot";

/** How the estimate reads everywhere it is shown: labelled as one, and never a number that was not computed. */

/** A t3.micro is $0.0104/h: rates keep up to four decimals, at least two. */
export function formatRate(usd: number): string {
    const text = usd.toFixed(4).replace(/0{1,2}$/, "");
    return `$${text}`;
}

export function rateText(meter: AccountMeter | undefined): string {
    if (!meter || meter.usdPerHour === null) return "unknown";
    return `${formatRate(meter.usdPerHour)}/h${meter.unknown.length ? "+?" : ""}`;
}

export function sinceStartText(meter: AccountMeter | undefined): string {
    if (!meter || meter.sinceStartUsd === null) return "unknown";
    return `~${formatUsd(meter.sinceStartUsd)}${meter.unknown.length ? "+?" : ""}`;
}

export function unknownText(meter: AccountMeter | undefined): string {
    if (!meter) return "not metered yet";
    return meter.unknown.map((u) => `${u.what}: ${u.reason}`).join("; ");
}

const unknownCount = (meter: AccountMeter) => (meter.unknown.length ? String(meter.unknown.length) : "");

/** "as of 14:05 UTC, 3 min ago" */
export function asOfText(snapshot: MeterSnapshot, now: Date): string {
    const minutes = Math.max(0, Math.round((now.getTime() - Date.parse(snapshot.finishedAt)) / 60_000));
    return `as of ${snapshot.finishedAt.slice(0, 16).replace("T", " ")} UTC, ${minutes} min ago`;
}

/** The terminal's view of one refresh: a row per student (and the shared key), unknown parts spelled out below. */
export function meterLines(snapshot: MeterSnapshot): string[] {
    const rows = snapshot.students.map((s) => [s.name, s.email, rateText(s.meter), sinceStartText(s.meter),
        unknownCount(s.meter)]);
    if (snapshot.sharedKey) {
        const m = snapshot.sharedKey.meter;
        rows.push(["shared key", snapshot.sharedKey.userName, rateText(m), sinceStartText(m), unknownCount(m)]);
    }
    const since = snapshot.periodStart.slice(0, 16).replace("T", " ");
    const lines = [
        `Live meter (estimate) at ${snapshot.finishedAt.slice(0, 19).replace("T", " ")} UTC; spend counted since ${since} UTC:`,
        ...renderTable(["student", "email", "now (est.)", "since start (est.)", "unknown parts"], rows, { align: ["left", "left", "right", "right", "right"] }),
    ];
    const unknowns = [...snapshot.students.map((s) => ({ who: s.email, meter: s.meter })),
        ...(snapshot.sharedKey ? [{ who: "shared key", meter: snapshot.sharedKey.meter }] : [])]
        .flatMap(({ who, meter }) => meter.unknown.map((u) => `  ? ${who}: ${u.what}: ${u.reason}`));
    if (unknowns.length) lines.push("Not in the estimate (unknown, so shown as +?):", ...unknowns);
    if (snapshot.notMetered.length) lines.push("Not metered in any account:", ...snapshot.notMetered.map((what) => `  - ${what}`));
    const notes = snapshot.students.flatMap((s) => s.meter.notes.map((note) => `  i ${s.email}: ${note}`));
    if (notes.length) lines.push("Notes:", ...notes);
    const { priceList, bundled, unknown } = snapshot.prices;
    lines.push(`Prices: ${priceList} from the AWS Price List, ${bundled} from the bundled table, ${unknown} unknown. ` +
        `Requests: ${Object.entries(snapshot.requests).map(([service, n]) => `${service} ${n}`).join(", ") || "none"}.`);
    return lines;
}

/** The estimate columns of `status`, from the meter's last snapshot, and the line that dates them. */
export function meterStatus(snapshot: MeterSnapshot | undefined, now: Date): { cells(accountId: string): [string, string]; line: string } {
    const byAccount = new Map(snapshot?.students.map((s) => [s.accountId, s.meter]) ?? []);
    return {
        cells: (accountId) => {
            const meter = byAccount.get(accountId);
            return meter ? [rateText(meter), sinceStartText(meter)] : ["-", "-"];
        },
        line: snapshot
            ? `Estimates from the live meter, ${asOfText(snapshot, now)}, since ${snapshot.periodStart.slice(0, 16).replace("T", " ")} UTC; "+?" marks parts it could not price (\`npm run meter -- --once\` lists them).`
            : "No live-meter estimate yet: `npm run meter` (or `dashboard --meter`) refreshes it every few minutes.",
    };
}
