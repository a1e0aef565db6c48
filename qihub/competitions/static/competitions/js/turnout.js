// Live turnout: poll the page's JSON and update the numbers in place, without a reload.
// Progressive enhancement only: without this file the page shows the same numbers and a
// refresh link. Only the summary sentence is a live region, and it changes only when the
// number of votes does, so screen readers are not interrupted every few seconds.

const INTERVAL_MS = 5000;
const root = document.querySelector("[data-turnout-url]");

const number = (value) => Number(value).toLocaleString("en-GB");
const percent = (value) => `${Number(value).toFixed(1)}%`;
const part = (name) => root.querySelector(`[data-turnout="${name}"]`);

function cell(heading, text, numeric) {
  const td = document.createElement("td");
  td.className = numeric ? "nhsuk-table__cell nhsuk-table__cell--numeric" : "nhsuk-table__cell";
  const label = document.createElement("span");
  label.className = "nhsuk-table-responsive__heading";
  label.setAttribute("aria-hidden", "true");
  label.textContent = `${heading} `;
  td.append(label, text);
  return td;
}

function showDirectorates(rows) {
  const body = part("directorates");
  const fresh = rows.map((row) => {
    const tr = document.createElement("tr");
    tr.className = "nhsuk-table__row";
    tr.append(
      cell("Directorate", row.name, false),
      cell("People who can vote", number(row.electors), true),
      cell("Votes", row.votes === null ? "not shown (small numbers)" : number(row.votes), true),
      cell("Turnout", row.percent === null ? "–" : percent(row.percent), true),
    );
    return tr;
  });
  body.replaceChildren(...fresh);
}

function show(data) {
  const summary = part("summary");
  const sentence =
    `${number(data.votes)} of ${number(data.electorate)} people who can vote have voted ` +
    `(${percent(data.percent)}).`;
  if (summary.textContent.trim() !== sentence) {
    summary.textContent = sentence;
  }
  part("votes").textContent = number(data.votes);
  part("last_five_minutes").textContent = number(data.last_five_minutes);
  part("electorate").textContent = number(data.electorate);
  part("percent").textContent = percent(data.percent);
  part("updated").textContent = data.updated;
  showDirectorates(data.by_directorate);
}

async function poll() {
  let live = true;
  try {
    const response = await fetch(root.dataset.turnoutUrl, {
      headers: { Accept: "application/json" },
      cache: "no-store",
      credentials: "same-origin",
    });
    if (response.ok) {
      const data = await response.json();
      if ("votes" in data) {
        show(data);
      }
      live = data.phase === "voting";
      if (!live) {
        part("status").textContent = `. ${data.phase_label}.`;
      }
    }
  } catch {
    // A dropped connection: keep the numbers on the page and try again next time.
  }
  if (live) {
    window.setTimeout(poll, document.hidden ? INTERVAL_MS * 6 : INTERVAL_MS);
  }
}

if (root && root.dataset.turnoutLive === "true") {
  window.setTimeout(poll, INTERVAL_MS);
}
