// Accessible choices, live regions and the player's step signal (calflib/widgets/choice.py).
// One ES module for three small views, picked by the model's "kind". It decides nothing: the
// kernel keeps the values and the messages; this draws them and reports what the learner chose.
// Plain ES module, no build step and no network (JupyterLab, Voila, JupyterLite).
// Pinned by tests/browser/test_lab_a11y_widgets.py.

// JupyterLab binds arrow keys, Space, Home/End and Enter in a notebook (ArrowLeft collapses the
// section): inside these widgets they belong to the controls, as on any web page.
const KEYS = new Set(["ArrowLeft", "ArrowRight", "ArrowUp", "ArrowDown", "Home", "End", " ", "Enter"]);
const SUPPRESS = "data-lm-suppress-shortcuts";
// Element ids must be unique on the page; each widget model may load its own copy of this
// module, so the count is kept on the page, not in the module.
function nextId(prefix) {
  window.calfChoiceViews = (window.calfChoiceViews || 0) + 1;
  return `${prefix}-${window.calfChoiceViews}`;
}

function make(tag, attributes = {}, text = "") {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  if (text) node.textContent = text;
  return node;
}

function keepKeys(node) {
  node.setAttribute(SUPPRESS, "true");
  node.addEventListener("keydown", (event) => {
    if (KEYS.has(event.key)) event.stopPropagation();
  });
}

// Once on the page, the enclosing ".calf-keys" box (a whole explorer) keeps its keys too, so its
// drop-down menus, sliders and checkboxes (plain ipywidgets) work with the arrow keys.
function whenShown(el, action, frames = 300) {
  if (el.isConnected) action(el);
  else if (frames > 0) requestAnimationFrame(() => whenShown(el, action, frames - 1));
}

// An Accordion's section title (ipywidgets 8) is a plain div that only takes a mouse click: here
// it is a button to the keyboard and to assistive technology, open or closed (aria-expanded).
function openWithKeys(header) {
  header.setAttribute("role", "button");
  header.setAttribute("tabindex", "0");
  // The caret is a Font Awesome glyph drawn by CSS: not part of the button's name.
  for (const icon of header.querySelectorAll("i")) icon.setAttribute("aria-hidden", "true");
  header.addEventListener("keydown", (event) => {
    if (event.key !== "Enter" && event.key !== " ") return;
    event.preventDefault();
    header.click();
  });
}

// ipywidgets leave some states unsaid: a ToggleButton's "on" is only a CSS class, a slider's
// handle has no name, an Accordion section's state is a class. Said here, for every such
// control in the box, and again when it changes.
function describeControls(box) {
  for (const header of box.querySelectorAll(".jupyter-widget-Collapse-header")) {
    if (header.getAttribute("role") !== "button") openWithKeys(header);
    const open = String(header.parentElement.classList.contains("jupyter-widget-Collapse-open"));
    if (header.getAttribute("aria-expanded") !== open) header.setAttribute("aria-expanded", open);
  }
  for (const button of box.querySelectorAll(".widget-toggle-button")) {
    const pressed = String(button.classList.contains("mod-active"));
    if (button.getAttribute("aria-pressed") !== pressed) button.setAttribute("aria-pressed", pressed);
  }
  for (const slider of box.querySelectorAll(".widget-slider")) {
    const handle = slider.querySelector("[role='slider']");
    const label = slider.querySelector(".widget-label");
    const name = label ? label.textContent.replace(/:\s*$/, "").trim() : "";
    if (handle && name && handle.getAttribute("aria-label") !== name) {
      handle.setAttribute("aria-label", name);
    }
  }
}

function markBox(el) {
  const box = el.closest(".calf-keys");
  if (!box || box.hasAttribute(SUPPRESS)) return;
  keepKeys(box);
  describeControls(box);
  const watch = { subtree: true, childList: true, attributes: true, attributeFilter: ["class"] };
  new MutationObserver(() => describeControls(box)).observe(box, watch);
}

function renderChoice({ model, el }) {
  const id = nextId("calf-choice");
  const multiple = model.get("multiple");
  const box = make("fieldset", {
    class: `calf-choice calf-choice-${model.get("look")}`,
    "aria-labelledby": `${id}-legend`,
  });
  if (!multiple) box.setAttribute("role", "radiogroup");
  keepKeys(box);
  const legend = make("legend", { id: `${id}-legend`, class: "calf-choice-legend" });
  const hint = make("p", { id: `${id}-hint`, class: "calf-choice-hint" });
  const row = make("div", { class: "calf-choice-options" });
  box.append(legend, hint, row);
  let inputs = [];
  let drawn = "";
  let sent = 0; // choices sent to the kernel by this view; "seen" says how many it has taken

  // A choice goes to the kernel as a message, in order with the buttons' clicks (see
  // ChoiceGroup._on_message); what the page shows stays the learner's until the kernel has it.
  function report() {
    const chosen = inputs.flatMap((input, i) => (input.checked ? [i] : []));
    sent = Math.max(sent, model.get("seen")) + 1; // still rising if another view sent some
    box.dataset.kernel = "behind";
    model.send({ chosen, seq: sent });
  }

  function drawOptions() {
    const labels = model.get("labels");
    const tips = model.get("tooltips");
    const helps = model.get("helps");
    const marks = model.get("marks");
    const key = JSON.stringify([labels, tips, helps, marks]);
    if (key === drawn) return false;
    drawn = key;
    inputs = labels.map((text, i) => {
      const input = make("input", {
        type: multiple ? "checkbox" : "radio",
        name: id,
        value: String(i),
        id: `${id}-${i}`,
      });
      input.addEventListener("change", report);
      return input;
    });
    row.replaceChildren(
      ...labels.map((text, i) => {
        const label = make("label", { class: "calf-choice-option", for: `${id}-${i}` });
        if (tips[i]) label.title = tips[i];
        const words = make("span", { class: "calf-choice-text", id: `${id}-${i}-name` });
        if (marks[i]) {
          // Seen, not read: the words after it name the same thing.
          words.append(make("span", { class: "calf-choice-mark", "aria-hidden": "true" }, marks[i]));
          words.append(" ");
        }
        words.append(text);
        if (helps[i]) {
          // The option is named by its words alone; the help line is read after, as help.
          const help = make("span", { class: "calf-choice-help", id: `${id}-${i}-help` }, helps[i]);
          inputs[i].setAttribute("aria-labelledby", words.id);
          inputs[i].setAttribute("aria-describedby", help.id);
          const both = make("span", { class: "calf-choice-words" });
          both.append(words, help);
          label.append(inputs[i], both);
        } else {
          label.append(inputs[i], words);
        }
        return label;
      }),
    );
    return true;
  }

  function draw() {
    legend.textContent = model.get("description");
    const hintText = model.get("hint");
    hint.textContent = hintText;
    hint.hidden = !hintText;
    if (hintText) box.setAttribute("aria-describedby", hint.id);
    else box.removeAttribute("aria-describedby");
    const redrawn = drawOptions();
    // An older choice echoed back while a newer one is on its way is not shown.
    if (model.get("seen") >= sent || redrawn) {
      const chosen = new Set(model.get("chosen"));
      inputs.forEach((input, i) => {
        input.checked = chosen.has(i);
      });
      box.dataset.kernel = "agrees";
    }
    box.disabled = model.get("disabled");
  }

  const names = ["labels", "tooltips", "helps", "marks", "chosen", "seen", "description", "hint"];
  const events = [...names, "disabled"].map(
    (name) => `change:${name}`,
  );
  for (const event of events) model.on(event, draw);
  draw();
  el.append(box);
  whenShown(el, markBox);
  return () => {
    for (const event of events) model.off(event, draw);
  };
}

function renderLive({ model, el }) {
  const region = make("div", { class: "calf-live" });
  let written = null;
  function write(html) {
    region.innerHTML = html;
    written = html;
    // Cards carry their own live markers for plain HTML widgets; inside this region they
    // would make a screen reader say the news twice.
    for (const node of region.querySelectorAll("[aria-live], [role='status']")) {
      node.removeAttribute("aria-live");
      if (node.getAttribute("role") === "status") node.removeAttribute("role");
    }
  }
  function draw() {
    const live = model.get("live");
    region.setAttribute("aria-live", live);
    // A region that never speaks (a clock, a list shown beside its own status) is no status.
    if (live === "off") region.removeAttribute("role");
    else region.setAttribute("role", "status");
    const html = model.get("value");
    // Only a change is written, so a screen reader announces news, never the same words twice.
    if (html !== written) write(html);
  }
  // The kernel asks for the same words again (LiveHTML.say): emptied, then written again a
  // frame later, a change a screen reader announces.
  function again() {
    const html = written;
    region.innerHTML = "";
    requestAnimationFrame(() => write(html));
  }
  model.on("change:value", draw);
  model.on("change:live", draw);
  model.on("change:said", again);
  draw();
  el.append(region);
  whenShown(el, markBox);
  return () => {
    model.off("change:value", draw);
    model.off("change:live", draw);
    model.off("change:said", again);
  };
}

let audio = null;

function beep() {
  const Context = window.AudioContext || window.webkitAudioContext;
  if (!Context) return;
  audio = audio || new Context();
  const tone = audio.createOscillator();
  const volume = audio.createGain();
  const now = audio.currentTime;
  tone.frequency.value = 660;
  volume.gain.setValueAtTime(0.0001, now);
  volume.gain.exponentialRampToValueAtTime(0.15, now + 0.03);
  volume.gain.exponentialRampToValueAtTime(0.0001, now + 0.4);
  tone.connect(volume).connect(audio.destination);
  tone.start(now);
  tone.stop(now + 0.45);
}

function say(text) {
  if (!("speechSynthesis" in window) || !text) return;
  window.speechSynthesis.cancel();
  window.speechSynthesis.speak(new SpeechSynthesisUtterance(text));
}

function renderSignal({ model, el }) {
  const id = nextId("calf-signal");
  const box = make("fieldset", { class: "calf-choice calf-signal", "aria-labelledby": `${id}-l` });
  keepKeys(box);
  box.append(make("legend", { id: `${id}-l`, class: "calf-choice-legend" }, "Hands busy?"));
  const row = make("div", { class: "calf-choice-options" });
  const switches = {};
  for (const name of ["sound", "speak"]) {
    const input = make("input", { type: "checkbox", id: `${id}-${name}` });
    input.addEventListener("change", () => {
      model.set(name, input.checked);
      model.save_changes();
      if (input.checked && name === "sound") beep(); // a first beep: the learner hears the volume
    });
    const label = make("label", { class: "calf-choice-option", for: input.id });
    label.append(input, make("span", { class: "calf-choice-text" }, model.get(`${name}_label`)));
    row.append(label);
    switches[name] = input;
  }
  box.append(row);
  function draw() {
    switches.sound.checked = model.get("sound");
    switches.speak.checked = model.get("speak");
  }
  function signal() {
    if (model.get("sound")) beep();
    if (model.get("speak")) say(model.get("cue"));
  }
  model.on("change:sound change:speak", draw);
  model.on("change:step", signal);
  draw();
  el.append(box);
  return () => {
    model.off("change:sound change:speak", draw);
    model.off("change:step", signal);
    if ("speechSynthesis" in window) window.speechSynthesis.cancel();
  };
}

function render(context) {
  const kind = context.model.get("kind");
  if (kind === "live") return renderLive(context);
  if (kind === "signal") return renderSignal(context);
  return renderChoice(context);
}

export default { render };
