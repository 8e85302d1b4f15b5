// The offline site's "clean save": the workbook's chapters are stored without their outputs.
//
// Why: JupyterLab saves a notebook (autosave every two minutes, or Ctrl+S) with its outputs. On
// the offline site the chapter is then kept in the browser's storage with widget views whose
// models die with the in-browser kernel; reopened, every widget cell shows "Loading widget..."
// or "Error displaying widget: model not found" until the chapter is run again. This is the
// site's twin of ../jupyter-config/jupyter_server_config.py (which strips the same way on a Jupyter server):
// every notebook saved inside a `notebooks` folder is stored with no outputs, no execution
// counts and no widget state. What a learner types into a cell is still saved; answers and
// progress are kept by calflib (in /drive/.calflib), not in the notebook. Notebooks saved
// anywhere else keep their outputs. The open chapter is not touched: the learner keeps seeing
// the outputs until the page is closed.
//
// How: a JupyterLab front-end plugin that wraps the contents manager's save(). It imports
// nothing, so it needs no bundler: scripts/build_site.py installs this file as the federated
// extension "calf-workbook-clean-save" (static/remoteEntry.<hash>.js), and JupyterLite loads it
// as it loads any prebuilt extension: it runs the script, then calls init() and get('./extension')
// on window._JUPYTERLAB[name] (webpack's module federation container interface).
// Pinned by tests/browser/test_lite_site.py (a chapter run, saved and reopened).

// eslint-disable-next-line no-var
var _JUPYTERLAB;
(function () {
  'use strict';

  var NAME = 'calf-workbook-clean-save';
  // Notebooks inside a folder of this name (at any depth) are the workbook's.
  var WORKBOOK_FOLDER = 'notebooks';
  // Cell metadata that only describes outputs (folded, scrolled) or a run (timings).
  var RUN_METADATA = ['collapsed', 'scrolled', 'execution'];

  function isWorkbookNotebook(path) {
    // A path may carry a drive's name ("Drive:notebooks/x.ipynb"); the default drive has none.
    var local = String(path).replace(/^[^/:]*:/, '');
    var parts = local.split('/').filter(function (part) {
      return part !== '';
    });
    var name = parts.pop();
    return !!name && /\.ipynb$/.test(name) && parts.indexOf(WORKBOOK_FOLDER) !== -1;
  }

  function isObject(value) {
    return value !== null && typeof value === 'object' && !Array.isArray(value);
  }

  // A stripped copy of a notebook (nbformat JSON); the notebook given is left as it is.
  function stripped(notebook) {
    var copy = JSON.parse(JSON.stringify(notebook));
    if (!isObject(copy.metadata)) {
      copy.metadata = {};
    }
    var metadata = copy.metadata;
    delete metadata.widgets;
    if (isObject(metadata.language_info) && 'name' in metadata.language_info) {
      // The kernel fills in its version and file types; the repository keeps the name only.
      metadata.language_info = { name: metadata.language_info.name };
    }
    (Array.isArray(copy.cells) ? copy.cells : []).forEach(function (cell) {
      var cellMetadata = isObject(cell.metadata) ? cell.metadata : {};
      RUN_METADATA.forEach(function (key) {
        delete cellMetadata[key];
      });
      if (isObject(cellMetadata.jupyter)) {
        delete cellMetadata.jupyter.outputs_hidden;
        if (Object.keys(cellMetadata.jupyter).length === 0) {
          delete cellMetadata.jupyter;
        }
      }
      if (cell.cell_type === 'code') {
        cell.outputs = [];
        cell.execution_count = null;
      }
    });
    return copy;
  }

  var plugin = {
    id: NAME + ':plugin',
    description: "Saves the workbook's chapters without outputs, as the repository keeps them.",
    autoStart: true,
    activate: function (app) {
      var contents = app.serviceManager.contents;
      var save = contents.save.bind(contents);
      contents.save = function (path, options) {
        if (
          options &&
          options.type === 'notebook' &&
          isObject(options.content) &&
          isWorkbookNotebook(path)
        ) {
          options = Object.assign({}, options, { content: stripped(options.content) });
        }
        return save(path, options);
      };
    }
  };

  // The site's twin of ../jupyter-config/custom/custom.css: links in the chapters' text are
  // underlined, so they are told apart from the words around them by more than colour (WCAG
  // 1.4.1). Kept in this one extension so the site still needs no bundler.
  var LINK_STYLE =
    'body .jp-RenderedHTMLCommon a:any-link ' +
    '{ text-decoration: underline; text-underline-offset: 0.15em; }';

  var linkStyle = {
    id: NAME + ':link-style',
    description: "Underlines links in the chapters' text, as the workbook's server style sheet does.",
    autoStart: true,
    activate: function () {
      if (typeof document === 'undefined') {
        return; // not in a browser (the unit test runs the extension in Node)
      }
      var style = document.createElement('style');
      style.id = NAME + '-link-style';
      style.textContent = LINK_STYLE;
      document.head.appendChild(style);
    }
  };

  var modules = {
    './extension': { __esModule: true, default: [plugin, linkStyle] }
  };

  _JUPYTERLAB = typeof _JUPYTERLAB === 'undefined' ? {} : _JUPYTERLAB;
  _JUPYTERLAB[NAME] = {
    // Shares and needs no modules: nothing to set up.
    init: function () {
      return Promise.resolve();
    },
    get: function (module) {
      if (!(module in modules)) {
        return Promise.reject(new Error('Module "' + module + '" does not exist in ' + NAME));
      }
      return Promise.resolve(function () {
        return modules[module];
      });
    }
  };
})();
