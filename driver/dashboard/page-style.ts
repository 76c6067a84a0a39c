/** The page's only stylesheet: inline, system fonts, nothing fetched. */
export const PAGE_STYLE = `
:root { --green: #2e7d32; --amber: #e09200; --red: #c62828; --ink: #1d2430; --muted: #5b6472; --line: #dde2ea; --panel: #f6f8fb; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--ink); background: #fff; }
header { display: flex; flex-wrap: wrap; align-items: baseline; justify-content: space-between; gap: 8px 24px; padding: 16px 24px; border-bottom: 1px solid var(--line); }
h1 { margin: 0; font-size: 20px; }
h2 { margin: 0 0 12px; font-size: 15px; }
.status { color: var(--muted); font-size: 13px; }
.status span + span::before { content: " · "; }
main { padding: 16px 24px 32px; display: grid; gap: 20px; }
.error { display: none; padding: 8px 12px; border: 1px solid var(--red); border-radius: 6px; color: var(--red); background: #fdecec; }
.error.shown { display: block; }
.note { margin: 0; color: var(--muted); font-size: 13px; }
.totals { display: grid; grid-template-columns: repeat(auto-fit, minmax(180px, 1fr)); gap: 12px; }
.card { padding: 12px 14px; border: 1px solid var(--line); border-radius: 8px; background: var(--panel); }
.card .label { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
.card .value { font-size: 24px; font-weight: 600; font-variant-numeric: tabular-nums; }
.card .detail { color: var(--muted); font-size: 12px; }
section.panel { border: 1px solid var(--line); border-radius: 8px; padding: 14px; }
.chart { display: grid; grid-template-columns: minmax(120px, 220px) 1fr minmax(150px, auto); gap: 6px 12px; align-items: center; }
.chart .name { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.chart .track { position: relative; height: 16px; background: #eef1f5; border-radius: 3px; }
.chart .fill { position: absolute; inset: 0 auto 0 0; border-radius: 3px; }
.chart .budget-line { position: absolute; top: -3px; bottom: -3px; width: 2px; background: var(--ink); opacity: .55; }
.chart .amount { font-variant-numeric: tabular-nums; color: var(--muted); white-space: nowrap; }
.empty { color: var(--muted); }
.legend { margin: -6px 0 12px; color: var(--muted); font-size: 12px; }
table { width: 100%; border-collapse: collapse; }
th, td { padding: 6px 8px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
th { font-size: 12px; color: var(--muted); font-weight: 600; text-transform: uppercase; letter-spacing: .04em; }
td.number, th.number { text-align: right; font-variant-numeric: tabular-nums; }
.band { display: inline-block; min-width: 52px; padding: 1px 8px; border-radius: 10px; color: #fff; text-align: center; font-weight: 600; }
.band-green { background: var(--green); } .band-amber { background: var(--amber); color: #1d2430; } .band-red { background: var(--red); }
.state-ACTIVE { color: var(--green); } .state-SUSPENDED, .state-CLOSED, .state-PENDING_CLOSURE { color: var(--red); }
.muted { color: var(--muted); }
.alert { display: none; padding: 8px 12px; border: 1px solid var(--amber); border-radius: 6px; background: #fff6e0; }
.alert.shown { display: block; } .alert p { margin: 2px 0; }
.meter-status { margin: -6px 0 12px; color: var(--muted); font-size: 12px; } .meter-status.stale { color: var(--red); }
td.estimate { font-style: italic; }
`;
