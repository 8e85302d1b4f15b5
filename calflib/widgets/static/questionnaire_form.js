// The questionnaire's front end (calflib/widgets/questionnaire_form.py): draws the form the kernel
// describes in "spec" and reports each choice ("chosen", "days_since_injury"). It decides nothing:
// the kernel answers with the verdict, the summary and the notes, and this only shows them.
// Plain ES module, no build step and no network, so it runs as it is in JupyterLab, Voila and
// JupyterLite. Pinned by tests/browser/test_lab_screening.py.

const GROUP = "group:";
// JupyterLab binds arrow keys, Space and Home/End in a notebook (ArrowLeft collapses the cell):
// inside the form they belong to the radio buttons, as on any web page.
const FORM_KEYS = new Set(["ArrowLeft", "ArrowRight", "ArrowUp", "ArrowDown", "Home", "End", " "]);
let views = 0;

function make(tag, attributes = {}, text = "") {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  if (text) node.textContent = text;
  return node;
}

// JupyterLab, Voila and JupyterLite wrap each output in boxes that clip (overflow: auto or
// hidden) without scrolling. A sticky element sticks inside its nearest such box, so the result
// would never stay in view: the clipping boxes around this form (up to its cell) are let visible.
// A box let visible is also let narrow (min-width 0): a flex item that clips may be narrower than
// its content, one that does not may not, and the output would then stick out at phone width.
//
// It runs just after the form's first paint, and reads every box before changing any: it needs a
// layout, and forcing one while the page is still being built held the form back by some 25 ms
// on a slow machine (benchmark figure 5b); read-then-write costs one layout, not one per box.
function unclip(el) {
  const clipping = [];
  for (let node = el.parentElement; node && !node.matches(".jp-Cell, body"); ) {
    const style = getComputedStyle(node);
    const clips = style.overflowX !== "visible" || style.overflowY !== "visible";
    if (clips && node.scrollHeight <= node.clientHeight + 1) clipping.push(node);
    node = node.parentElement;
  }
  for (const node of clipping) {
    node.style.overflow = "visible";
    node.style.minWidth = "0";
  }
}

function afterPaint(action) {
  requestAnimationFrame(() => setTimeout(action, 0));
}

function whenShown(el, action, frames = 300) {
  if (el.isConnected) action(el);
  else if (frames > 0) requestAnimationFrame(() => whenShown(el, action, frames - 1));
}

function render({ model, el }) {
  const spec = model.get("spec");
  // Unique on the page, even with two notebooks open (each may load its own copy of this module).
  const id = `calf-qform-${++views}-${Math.random().toString(36).slice(2, 8)}`;
  const radios = new Map(); // key -> {choice: input}
  const closable = new Map(); // group id -> the box of its questions
  const notes = new Map(); // group id -> its "which one applies?" note
  let days = null;
  let dayOptions = "";
  let sent = 0; // choices sent to the kernel by this view; "seen" says how many it has taken

  // A choice goes to the kernel as a message, in order with "Start again" (see
  // QuestionnaireForm._on_message); what the page shows stays the learner's until the kernel
  // has it, so an older choice echoed back never briefly undoes a newer one.
  function report(message) {
    sent = Math.max(sent, model.get("seen")) + 1; // still rising if another view sent some
    form.dataset.kernel = "behind";
    model.send({ ...message, seq: sent });
  }

  const form = make("form", {
    class: "calf-qform",
    "aria-labelledby": `${id}-title`,
    "data-lm-suppress-shortcuts": "true",
  });
  form.addEventListener("submit", (event) => event.preventDefault());
  form.addEventListener("keydown", (event) => {
    if (FORM_KEYS.has(event.key)) event.stopPropagation();
  });

  const summary = make("div", {
    class: "calf-qform-summary",
    role: "status",
    "aria-live": "polite",
    "aria-atomic": "true",
  });
  // The form's title is an h3 on its own, one level lower inside a section (the planner's).
  const level = spec.level ?? 3; // checked by ScreeningQuestionnaire (2 to 5)
  const sub = `h${level + 1}`;
  const title = make(`h${level}`, { id: `${id}-title` }, spec.title);
  form.append(summary, title, make("p", {}, spec.intro));
  const offer = make("div", { class: "calf-saved-offer" });
  form.append(offer);

  function question(key, css, legendParts, help = "", extra = []) {
    const legendId = `${id}-${key}-legend`.replace(/[^\w-]/g, "-");
    const box = make("fieldset", {
      class: `calf-qform-question ${css}`,
      role: "radiogroup",
      "aria-labelledby": legendId,
    });
    const legend = make("legend", { id: legendId });
    legend.append(...legendParts);
    box.append(legend);
    if (help) {
      const helpId = `${legendId}-help`;
      box.append(make("p", { id: helpId, class: "calf-qform-help" }, help));
      box.setAttribute("aria-describedby", helpId);
    }
    box.append(...extra);
    const row = make("div", { class: "calf-qform-choices" });
    const inputs = {};
    for (const choice of spec.choices) {
      const label = make("label", { class: "calf-qform-choice" });
      const input = make("input", { type: "radio", name: `${id}-${key}`, value: choice });
      input.addEventListener("change", () => {
        if (!input.checked) return;
        report({ event: "choose", key, choice });
        if (key.startsWith(GROUP)) show();
      });
      label.append(input, make("span", {}, choice));
      row.append(label);
      inputs[choice] = input;
    }
    box.append(row);
    radios.set(key, inputs);
    return box;
  }

  function strong(text) {
    return make("strong", {}, text);
  }

  for (const group of spec.groups) {
    const section = make("section", { class: `calf-qform-group calf-group-${group.id}` });
    section.append(make(sub, {}, group.title));
    if (group.intro) section.append(make("p", {}, group.intro));
    let inner = section;
    if (group.lead_in) {
      const list = make("ul");
      for (const q of group.questions) list.append(make("li", {}, q.label));
      const css = `calf-group-answer calf-g-${group.id}`;
      section.append(question(GROUP + group.id, css, [strong(group.lead_in)], "", [list]));
      const note = make("p", { class: "calf-group-unclear" });
      notes.set(group.id, note);
      inner = make("div", { class: "calf-group-questions" });
      closable.set(group.id, inner);
      section.append(note, inner);
    }
    for (const q of group.questions) {
      const legend = [strong(q.label), " ", q.question];
      inner.append(question(q.id, `calf-answer calf-q-${q.id}`, legend, q.help));
      if (q.timed && !days) {
        const daysId = `${id}-days`;
        const wrap = make("div", { class: "calf-days" });
        days = make("select", { id: daysId });
        days.addEventListener("change", () => {
          report({ event: "days", value: days.value === "" ? null : Number(days.value) });
        });
        wrap.append(make("label", { for: daysId }, model.get("days_label")), days);
        inner.append(wrap);
      }
    }
    form.append(section);
  }

  form.append(make(sub, {}, "Result"));
  const verdict = make("div", { class: "calf-verdict-widget" });
  const reset = make("button", { type: "button", class: "calf-reset" }, model.get("reset_label"));
  reset.addEventListener("click", () => model.send({ event: "reset" }));
  form.append(verdict, reset);

  const shown = [
    [summary, "summary_html"],
    [offer, "offer_html"],
    [verdict, "verdict_html"],
  ];
  const written = new Map();

  function show() {
    const chosen = model.get("chosen");
    const current = model.get("seen") >= sent; // the kernel has every choice this view sent
    if (current) {
      for (const [key, inputs] of radios) {
        const value = chosen[key] ?? "Not sure";
        for (const [choice, input] of Object.entries(inputs)) input.checked = choice === value;
      }
      form.dataset.kernel = "agrees";
    }
    // From the radio shown (the learner's latest), so a "No" folds its questions away at once.
    for (const [gid, box] of closable) box.hidden = radios.get(GROUP + gid)?.No?.checked === true;
    const unclear = new Set(model.get("unclear"));
    for (const [gid, note] of notes) {
      note.textContent = unclear.has(gid) ? model.get("unclear_text") : "";
    }
    if (days) {
      const options = model.get("day_options");
      if (JSON.stringify(options) !== dayOptions) {
        dayOptions = JSON.stringify(options);
        const items = options.map(([label, value]) => make("option", { value: value ?? "" }, label));
        days.replaceChildren(...items);
      }
      const value = model.get("days_since_injury");
      if (current) days.value = value === null ? "" : String(value);
      days.disabled = !model.get("days_enabled");
    }
    // Only what changed is written, so a screen reader announces the result when it changes.
    for (const [node, name] of shown) {
      const html = model.get(name);
      if (written.get(node) !== html) {
        node.innerHTML = html;
        written.set(node, html);
        // The summary at the top is the form's one live region. Cards carry live markers of
        // their own (for plain HTML widgets): kept, the full verdict card would be read out
        // as well at every choice.
        if (node !== summary) {
          for (const inner of node.querySelectorAll("[aria-live], [role='status']")) {
            inner.removeAttribute("aria-live");
            if (inner.getAttribute("role") === "status") inner.removeAttribute("role");
          }
        }
      }
    }
  }

  // One "change" event per message from the kernel, however many of its traits it sets (one
  // choice changes "chosen", "seen", the verdict and the summary): the form is drawn once for it.
  model.on("change", show);
  show();
  // As every ipywidgets view: the page's widget styles apply, and a rendered widget is found so.
  el.classList.add("jupyter-widgets");
  el.append(form);
  whenShown(el, (shown) => afterPaint(() => unclip(shown)));
  return () => model.off("change", show);
}

export default { render };
