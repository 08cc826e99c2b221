// The inspector: decodes what is typed (or given after `#` in the address) with emvqr's
// WebAssembly module and shows the verdict, the problems with the characters they point at,
// the field tree, the schemes and the QR code. Everything from the payload is put in the page
// as text, never as markup.
import init, { decode, qrSvg } from "./pkg/emvqr.js";

const $ = (id) => document.getElementById(id);
const input = $("payload");
const lenient = $("lenient");
const encoder = new TextEncoder();

await init();

// The code in the fragment, if any; the lenient toggle as last left, or as the address says
// (`?lenient`).
lenient.checked =
  new URLSearchParams(location.search).has("lenient") ||
  localStorage.getItem("emvqr-lenient") === "1";
if (location.hash.length > 1) {
  try {
    input.value = decodeURIComponent(location.hash.slice(1));
  } catch {
    input.value = location.hash.slice(1);
  }
}
input.addEventListener("input", () => {
  history.replaceState(null, "", "#" + encodeURIComponent(input.value));
  show();
});
lenient.addEventListener("change", () => {
  localStorage.setItem("emvqr-lenient", lenient.checked ? "1" : "0");
  show();
});
window.addEventListener("hashchange", () => {
  const text = decodeURIComponent(location.hash.slice(1));
  if (text !== input.value) {
    input.value = text;
    show();
  }
});
show();

// Offline once loaded (where service workers are allowed: https, or this machine).
if ("serviceWorker" in navigator && (location.protocol === "https:" || location.hostname === "localhost" || location.hostname === "127.0.0.1")) {
  navigator.serviceWorker.register("sw.js").catch(() => {});
}

function show() {
  const payload = input.value;
  clear();
  if (payload === "") {
    $("verdict").textContent = "Paste a code above.";
    $("verdict").className = "verdict";
    return;
  }
  const mode = lenient.checked;
  let decoded;
  try {
    decoded = decode(payload, mode);
  } catch (error) {
    $("verdict").textContent = "Invalid: " + error.message;
    $("verdict").className = "verdict invalid";
    $("verdict").dataset.kind = error.kind ?? "";
    showProblems(payload, [error], null);
    for (const note of error.notes ?? []) {
      addProblem(null, "note: " + note, { kind: "note" });
    }
    return;
  }
  const count = decoded.deviation_count;
  $("verdict").textContent = count === 0
    ? `Valid (${decoded.mode}): ${[...payload].length} characters, CRC ${crc(decoded)}`
    : `Valid leniently, breaking ${count} rule${count === 1 ? "" : "s"}:`;
  $("verdict").className = count === 0 ? "verdict valid" : "verdict lenient";
  showProblems(payload, decoded.deviations, decoded);
  if (count > decoded.deviations.length) {
    addProblem(null, `… and ${count - decoded.deviations.length} more`, { kind: "more" });
  }
  showFields(decoded.fields);
  showSchemes(decoded.schemes);
  try {
    // Our own markup: emvqr writes the SVG, no text of the payload is in it.
    $("qr").innerHTML = qrSvg(payload, { lenient: mode, scale: 6 });
  } catch (error) {
    $("qr").textContent = error.message;
  }
}

function clear() {
  $("verdict").removeAttribute("data-kind");
  $("marked").hidden = true;
  $("marked").replaceChildren();
  $("problems").replaceChildren();
  $("fields").hidden = true;
  $("fields-title").hidden = true;
  $("fields").tBodies[0].replaceChildren();
  $("schemes-title").hidden = true;
  $("schemes").replaceChildren();
  $("qr").replaceChildren();
}

function crc(decoded) {
  const field = decoded.fields.find((f) => f.id === "63");
  return field ? field.value : "?";
}

// ------------------------------------------------------------------ problems

/** Each problem in a list, and the characters it points at marked in the payload. */
function showProblems(payload, problems, decoded) {
  const spans = [];
  problems.forEach((problem, index) => {
    const span = pointedAt(payload, problem, decoded);
    if (span) {
      spans.push({ ...span, index });
    }
    addProblem(index + 1, problem.message, problem);
  });
  if (spans.length > 0) {
    markPayload(payload, spans);
  }
}

function addProblem(number, message, problem) {
  const item = document.createElement("li");
  item.className = problem.kind === "note" || problem.kind === "more" ? "note" : "problem";
  item.dataset.kind = problem.kind ?? "";
  if (problem.offset !== undefined && problem.offset !== null) {
    item.dataset.offset = String(problem.offset);
  }
  if (problem.path !== undefined) {
    item.dataset.path = problem.path;
  }
  if (number !== null) {
    const mark = document.createElement("span");
    mark.className = "number";
    mark.textContent = String(number);
    item.append(mark, " ");
  }
  item.append(message);
  if (problem.kind && item.className === "problem") {
    const code = document.createElement("code");
    code.textContent = problem.kind;
    item.append(" ", code);
  }
  $("problems").append(item);
}

/**
 * The characters a problem points at, as UTF-16 indices of `payload`: from its byte offset to
 * the end of its field when the field is known (a lenient read), else the next four characters
 * (a field header, or the CRC's digits).
 */
function pointedAt(payload, problem, decoded) {
  if (problem.offset === null || problem.offset === undefined) {
    return null;
  }
  const start = charIndex(payload, problem.offset);
  let end = Math.min(charIndex(payload, problem.offset) + 4, payload.length);
  const field = decoded && findField(decoded.fields, problem.path);
  if (field) {
    const fieldEnd = charIndex(payload, field.offset) + 4 + [...field.value].length;
    if (fieldEnd > start) {
      end = fieldEnd;
    }
  }
  return { start, end: Math.max(end, start + 1) };
}

function findField(fields, path) {
  for (const field of fields) {
    if (field.path === path) {
      return field;
    }
    if (field.fields && path.startsWith(field.path + ".")) {
      const inner = findField(field.fields, path);
      if (inner) {
        return inner;
      }
    }
  }
  return null;
}

/** The UTF-16 index of UTF-8 byte `offset` of `text`. */
function charIndex(text, offset) {
  let bytes = 0;
  let index = 0;
  for (const character of text) {
    if (bytes >= offset) {
      break;
    }
    bytes += encoder.encode(character).length;
    index += character.length;
  }
  return index;
}

function markPayload(payload, spans) {
  const marked = $("marked");
  let at = 0;
  spans.sort((a, b) => a.start - b.start);
  for (const span of spans) {
    if (span.start < at) {
      continue;
    }
    marked.append(payload.slice(at, span.start));
    const mark = document.createElement("mark");
    mark.textContent = payload.slice(span.start, span.end);
    mark.dataset.problem = String(span.index + 1);
    mark.title = `problem ${span.index + 1}`;
    marked.append(mark);
    at = span.end;
  }
  marked.append(payload.slice(at));
  marked.hidden = false;
}

// ------------------------------------------------------------------ fields and schemes

function showFields(fields) {
  const body = $("fields").tBodies[0];
  const add = (field, depth) => {
    const row = document.createElement("tr");
    row.dataset.path = field.path;
    row.className = "depth-" + depth;
    const cells = [field.id, field.name, field.fields ? "" : field.value, String(field.offset)];
    cells.forEach((text, column) => {
      const cell = document.createElement("td");
      cell.textContent = text;
      if (column === 0) {
        cell.style.paddingLeft = `${0.5 + depth * 1.5}em`;
      }
      row.append(cell);
    });
    body.append(row);
    for (const sub of field.fields ?? []) {
      add(sub, depth + 1);
    }
  };
  fields.forEach((field) => add(field, 0));
  $("fields").hidden = false;
  $("fields-title").hidden = false;
}

function showSchemes(schemes) {
  if (schemes.length === 0) {
    return;
  }
  $("schemes-title").hidden = false;
  for (const scheme of schemes) {
    const box = document.createElement("div");
    box.className = "scheme";
    box.dataset.scheme = scheme.name;
    const title = document.createElement("h3");
    title.textContent = `${scheme.name} (template ${scheme.id})`;
    const description = document.createElement("p");
    description.textContent = scheme.description;
    const table = document.createElement("table");
    for (const [key, value] of Object.entries(scheme)) {
      if (["name", "id", "description"].includes(key)) {
        continue;
      }
      const row = document.createElement("tr");
      const name = document.createElement("th");
      name.textContent = key;
      const cell = document.createElement("td");
      cell.textContent = String(value);
      row.append(name, cell);
      table.append(row);
    }
    box.append(title, description, table);
    $("schemes").append(box);
  }
}
