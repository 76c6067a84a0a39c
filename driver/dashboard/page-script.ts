import { METER_SCRIPT } from "./meter-script";

/**
 * The page's browser code, as plain ES2019 text (not compiled TypeScript, so what runs is what
 * you read). It renders a DashboardModel with DOM calls and textContent only, so student names
 * can never inject markup, and in live mode polls the API and re-renders in place.
 */
export const PAGE_SCRIPT = `
"use strict";
(function () {
  var config = JSON.parse(document.getElementById("dashboard-config").textContent);
  var usd = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" });
  function $(id) { return document.getElementById(id); }
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }
  // Cut, never rounded up: 49.98% must not read as the 50% alert.
  function percent(n) { return Math.floor(n + 1e-9) + "%"; }
  function time(iso) { return iso ? new Date(iso).toLocaleString() : "never"; }
  // Null is a budget Budgets does not list, or a forecast it has not made yet: unknown, not $0.
  function money(n) { return n === null ? "n/a" : usd.format(n); }

  // What the numbers are: AWS Budgets' own calculation, which lags the usage by hours.
  function spendNote(spend) {
    var note = "Spend is what AWS Budgets calculated, month to date. Budgets recalculates up to three times a day " +
      "(typically 8-12 hours apart), so the last hours of usage may not show yet. " +
      (spend.creditsIncluded
        ? "Credits are included: usage paid by credits shows as $0."
        : "Credits are excluded: spend shows all usage, even what credits will pay for.");
    if (spend.missingBudgets > 0) note += " " + spend.missingBudgets + " student budget(s) are not in AWS Budgets: their spend shows n/a.";
    return note;
  }

  function renderTotals(model) {
    var t = model.totals;
    $("workshop-name").textContent = model.workshopName ? "Workshop " + model.workshopName : "Workshop";
    $("total-students").textContent = String(t.students);
    $("total-active").textContent = String(t.activeAccounts);
    $("total-active-detail").textContent = "of " + t.students + " accounts";
    $("total-spend").textContent = usd.format(t.spendUsd);
    $("total-budget").textContent = "of " + usd.format(t.masterBudgetUsd) + " master budget";
    var band = $("total-percent");
    band.textContent = percent(t.masterPercentUsed);
    band.className = "band band-" + t.masterBand;
    $("total-emailed").textContent = String(t.emailed);
    $("total-emailed-detail").textContent = "of " + t.students + " welcome emails sent";
    var registrations = model.registrations;
    $("registrations-card").hidden = registrations === undefined;
    $("registrations-confirmed").textContent = registrations ? String(registrations.confirmed) : "?";
    $("registrations-detail").textContent = registrations
      ? registrations.pending + " pending, " + registrations.pulled + " pulled into the roster"
      : "the registrations table could not be read";
    $("total-forecast").textContent = t.forecastUsd === null ? "" : "forecast " + usd.format(t.forecastUsd) + " this month";
    $("spend-source").textContent = "Spend from AWS Budgets, asked " + time(model.spend.fetchedAt);
    $("spend-note").textContent = spendNote(model.spend);
    $("guardrail-proof").textContent = model.guardrailProof || "";
    $("period").textContent = "Month to date " + model.period.start + " – " + model.period.end + " (exclusive)";
  }

  function renderChart(model) {
    var firstAlert = Math.min.apply(null, [100].concat(model.thresholds));
    $("chart-legend").textContent = "Green below " + firstAlert + "% of the budget (the first alert), amber from " + firstAlert +
      "%, red from 100%. The line marks each student's budget.";
    var chart = $("chart");
    chart.replaceChildren();
    if (model.students.length === 0) { chart.appendChild(el("p", "empty", "No students yet.")); return; }
    var rows = model.students.slice().sort(function (a, b) { return b.percentUsed - a.percentUsed; });
    // Everyone under budget: the scale ends at the budget. Someone over: it stretches, and the line marks 100%.
    var scale = Math.max(100, rows[0].percentUsed);
    rows.forEach(function (row) {
      var name = el("div", "name", row.name);
      name.title = row.email;
      var track = el("div", "track");
      track.setAttribute("role", "img");
      track.setAttribute("aria-label", row.name + ": " + percent(row.percentUsed) + " of budget");
      var fill = el("div", "fill band-" + row.band);
      fill.style.width = (Math.min(row.percentUsed, scale) / scale * 100) + "%";
      var line = el("div", "budget-line");
      line.style.left = "calc(" + (100 / scale * 100) + "% - 1px)";
      track.append(fill, line);
      var amount = el("div", "amount", money(row.spendUsd) + " / " + usd.format(row.budgetUsd) + " (" + percent(row.percentUsed) + ")");
      chart.append(name, track, amount);
    });
  }

${METER_SCRIPT}
  function renderTable(model) {
    var body = $("student-rows");
    body.replaceChildren();
    model.students.forEach(function (row) {
      var tr = el("tr");
      tr.dataset.accountId = row.accountId;
      var band = el("span", "band band-" + row.band, percent(row.percentUsed));
      var emailed = row.emailed ? (row.emailedAt ? time(row.emailedAt) : "yes") : "no";
      var cells = [
        el("td", "", row.name), el("td", "", row.email), el("td", "", row.accountId),
        el("td", "state-" + row.accountState, row.accountState.replace(/_/g, " ").toLowerCase()),
        el("td", "number spend", money(row.spendUsd)), el("td", "number forecast", money(row.forecastUsd)),
        el("td", "number", usd.format(row.budgetUsd)), el("td", "number"), el("td", row.emailed ? "" : "muted", emailed),
      ];
      cells[7].appendChild(band);
      // The live meter's estimates go right after the actual spend and its forecast.
      cells.splice.apply(cells, [6, 0].concat(meterCells(model, row)));
      tr.append.apply(tr, cells);
      body.appendChild(tr);
    });
  }

  function render(model) {
    renderTotals(model);
    renderChart(model);
    renderTable(model);
    renderMeter(model);
    $("last-updated").textContent = "Last updated " + new Date().toLocaleTimeString();
    document.body.dataset.renders = String(Number(document.body.dataset.renders || 0) + 1);
  }

  function showError(message) {
    var box = $("error");
    box.textContent = message;
    box.className = message ? "error shown" : "error";
  }

  function poll() {
    fetch(config.apiPath, { cache: "no-store", headers: { Accept: "application/json" } })
      .then(function (response) {
        return response.json().then(function (body) {
          if (!response.ok) throw new Error(body && body.error ? body.error : "HTTP " + response.status);
          return body;
        });
      })
      .then(function (model) { showError(""); render(model); })
      // Keep showing the last good numbers; say why they are not fresh.
      .catch(function (error) { showError("Refresh failed: " + error.message + " (showing the last data)"); })
      .then(function () { setTimeout(poll, config.refreshSeconds * 1000); });
  }

  if (config.model) render(config.model);
  if (config.live) poll();
})();
`;
