/**
 * The live meter's part of the page script (spliced into PAGE_SCRIPT, so it shares its helpers
 * and its CSP hash): the estimate columns, labelled as estimates, and the live-freeze banner.
 * Unknown parts show as "+?" with their reasons in the cell's tooltip, never as a number.
 */
export const METER_SCRIPT = `
  // A t3.micro is $0.0104/h: rates keep up to four decimals.
  var rate = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD", minimumFractionDigits: 2, maximumFractionDigits: 4 });
  function meterCells(model, row) {
    var m = model.meter && model.meter.students[row.accountId];
    var unknown = m && m.unknown.length ? "+?" : "";
    var now = el("td", "number estimate", !m ? "–" : m.usdPerHour === null ? "unknown" : rate.format(m.usdPerHour) + "/h" + unknown);
    var since = el("td", "number estimate", !m ? "–" : m.sinceStartUsd === null ? "unknown" : "~" + usd.format(m.sinceStartUsd) + unknown);
    if (m && m.unknown.length) now.title = since.title = "Not in the estimate: " + m.unknown.join("; ");
    return [now, since];
  }

  function renderMeter(model) {
    var m = model.meter;
    var status = $("meter-status");
    if (!m) {
      status.textContent = "Live meter: not running (start it with npm run meter, or dashboard --meter).";
    } else {
      status.textContent = "Live meter (estimate from what runs now and Bedrock tokens): as of " + time(m.finishedAt) +
        ", spend counted since " + time(m.periodStart) + (m.stale ? ". STALE: the meter has not refreshed for a while." : ".") +
        (m.notMetered.length ? " Not metered in any account: " + m.notMetered.join("; ") + "." : "") +
        (m.sharedKey ? " Shared key " + m.sharedKey.userName + ": " + (m.sharedKey.sinceStartUsd === null ? "unknown" : "~" + usd.format(m.sharedKey.sinceStartUsd)) + " since the start." : "");
    }
    status.className = m && m.stale ? "meter-status stale" : "meter-status";
    var banner = $("live-freezes");
    banner.replaceChildren();
    (m ? m.freezes : []).forEach(function (line) { banner.appendChild(el("p", "", line)); });
    banner.className = m && m.freezes.length ? "alert shown" : "alert";
  }
`;
