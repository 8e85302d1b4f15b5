// The small module every choice widget carries (calflib/widgets/choice.py). The real front end
// (choice.js and choice.css, about 14 KB) is sent once per kernel in one shared model, "_code";
// carried by each of a chapter's 50-odd choices and live regions it would cost some 800 KB.
// Loaded once per page and shared by every view; plain ES module, no network.

function frontEnd(model) {
  const id = String(model.get("_code")).replace("IPY_MODEL_", "");
  window.calfChoiceFrontEnds = window.calfChoiceFrontEnds || new Map();
  const known = window.calfChoiceFrontEnds;
  if (!known.has(id)) {
    known.set(
      id,
      (async () => {
        const code = await model.widget_manager.get_model(id);
        if (!document.querySelector(`style[data-calf-choice="${id}"]`)) {
          const style = document.createElement("style");
          style.dataset.calfChoice = id;
          style.textContent = code.get("css");
          document.head.append(style);
        }
        const blob = new Blob([code.get("esm")], { type: "text/javascript" });
        const url = URL.createObjectURL(blob);
        try {
          return (await import(/* webpackIgnore: true */ url)).default;
        } finally {
          URL.revokeObjectURL(url);
        }
      })(),
    );
  }
  return known.get(id);
}

export default {
  async render(context) {
    const code = await frontEnd(context.model);
    return code.render(context);
  },
};
