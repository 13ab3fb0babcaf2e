/* The sign-up form: builds a signatory file in the browser and checks it as the
   officer types. The checking is CodemarkRules' (codemark-rules.js), with the
   rules and messages codemark exports (sign/form-data.json): the form checks
   the very file it will produce, as codemark validate would. This script only
   reads the form, shows what the rules say, and makes the file. */
(function () {
  "use strict";

  var form = document.getElementById("cm-sign-form");
  if (!form || !window.fetch || !window.CodemarkRules || !window.jsyaml) return;
  var rules = window.CodemarkRules;
  var data = null;
  var loaded = {};  // fields of a loaded file that the form does not ask for (withdrawn...)
  var touched = {};
  var shownAll = false;

  // The day, as codemark's checks count it: in UTC.
  function today() { return new Date().toISOString().slice(0, 10); }

  function say(id, params) { return rules.fill(data.messages[id].file, params || {}); }

  // Reading the form ---------------------------------------------------------------

  function byPath(path) { return form.querySelector('[data-path="' + path + '"]'); }

  function value(path) {
    var element = byPath(path);
    return element ? element.value.trim() : "";
  }

  // Where things are in a file, as the exported declaration says: the answers (the one
  // section of ids), the kind of body (as the template marks it), the name the file is named by.
  // The history is the one list of sections: earlier assessments.
  var answers = null, kindPath = form.getAttribute("data-kind-path"), namePath = null, historyName = null;

  function locate() {
    data.file.props.forEach(function (section) {
      (section.field.props || []).forEach(function (prop) {
        if (prop.field.kind === "map") answers = { path: [section.name, prop.name], props: prop.field.value.props };
      });
      if (section.field.kind === "list" && section.field.item.kind === "record") historyName = section.name;
    });
    namePath = data.checks.filter(function (c) { return c.kind === "file-name"; })[0].field;
  }

  function at(values, path) {
    return path.reduce(function (v, key) { return v && typeof v === "object" ? v[key] : undefined; }, values);
  }

  function kind() { return value(kindPath); }

  function answerFor(id) {
    var answer = {};
    var prefix = answers.path.concat([id]).join(".") + ".";
    var checked = form.querySelector('input[name="c-' + id + '"]:checked');
    answers.props.forEach(function (prop) {
      var text = prop.field.kind === "choice" ? (checked ? checked.value : "") : value(prefix + prop.name);
      if (text) answer[prop.name] = text;
    });
    return answer;
  }

  // The form's values, shaped as the file's fields, in the order they are declared.
  function collect() {
    var doc = {};
    data.file.props.forEach(function (section) {
      if (!form.querySelector('[data-section="' + section.name + '"]')) {
        if (loaded[section.name] !== undefined) doc[section.name] = loaded[section.name];
        return;
      }
      var values = {};
      section.field.props.forEach(function (prop) {
        if (prop.field.kind === "map") {
          var criteria = {};
          form.querySelectorAll(".cm-answer").forEach(function (field) {
            if (field.hidden) return;
            var id = field.getAttribute("data-criterion"), answer = answerFor(id);
            if (Object.keys(answer).length) criteria[id] = answer;
          });
          values[prop.name] = criteria;
          return;
        }
        var text = value(section.name + "." + prop.name);
        if (!text) return;
        values[prop.name] = prop.field.kind === "list"
          ? text.split(",").map(function (item) { return item.trim(); }).filter(Boolean)
          : text;
      });
      doc[section.name] = values;
    });
    return doc;
  }

  function fileName(doc) {
    return rules.slugify(at(doc, namePath) || "");
  }

  // The problems of the file the form would produce, as codemark validate would find them.
  function check(doc) {
    var text = rules.toYaml(doc, data);
    var read = rules.readText(text, data, window.jsyaml);
    if (read.problem) return { text: text, problems: [read.problem] };
    var slug = fileName(doc);
    return { text: text, problems: rules.check(read.node, data, { today: today(), slug: slug, path: "signatories/" + slug + ".yml" }) };
  }

  // Showing problems ------------------------------------------------------------------

  // The input a problem is about: its field, without "item 2" of a list.
  function pathOf(problem) {
    return problem.field.filter(function (part) { return !/^item \d+$/.test(part); }).join(".");
  }

  function focusTarget(path) {
    return form.querySelector('[data-path="' + path + '"][data-first]') || byPath(path);
  }

  function capital(text) { return text.charAt(0).toUpperCase() + text.slice(1); }

  // What the form shows for a problem: beside its field, and in the summary.
  function words(problem, path) {
    var message = data.messages[problem.rule], element = byPath(path);
    if (message.form && element) {
      var text = rules.fill(message.form, Object.assign({ prompt: element.getAttribute("data-prompt") }, problem.params));
      return { beside: text, summary: text };
    }
    var own = problem.message;
    for (var n = problem.field.length; n > 0; n--) {  // the message without the field it names
      var prefix = problem.field.slice(0, n).join(" \u203a ") + ": ";
      if (own.indexOf(prefix) === 0) { own = own.slice(prefix.length); break; }
    }
    // The validator's own words: a value it starts with keeps its case.
    var label = element ? element.getAttribute("data-label") : "";
    return { beside: own, summary: label ? capital(label) + ": " + own : own };
  }

  // Every problem at a field, with the inputs it is about: an unanswered criterion is
  // shown at each criterion as well as once for all.
  function placed(problems) {
    var list = [];
    problems.forEach(function (problem) {
      list.push({ problem: problem, path: pathOf(problem) });
      (problem.params.missing || []).forEach(function (id) {
        var status = answers.props.filter(function (p) { return p.required; })[0].name;
        var each = { field: answers.path.concat([id, status]), rule: "not-answered-each", params: { id: id }, severity: problem.severity, message: "" };
        each.message = rules.fill(data.messages[each.rule].file, each.params);
        list.push({ problem: each, path: pathOf(each), only: "beside" });
      });
    });
    return list;
  }

  function clear() {
    form.querySelectorAll(".cm-error-message").forEach(function (p) {
      p.hidden = true; p.textContent = ""; p.classList.remove("cm-error-message--warning");
    });
    form.querySelectorAll(".cm-field--error").forEach(function (f) { f.classList.remove("cm-field--error"); });
    form.querySelectorAll("[aria-invalid]").forEach(function (e) { e.removeAttribute("aria-invalid"); });
  }

  function besideField(item, all) {
    var path = item.path, problem = item.problem, warning = problem.severity === "warning";
    if (!all && !touched[path]) return;
    var target = focusTarget(path);
    var message = form.querySelector('[data-error-for="' + path + '"]');
    if (!message && target) message = target.closest(".cm-field").querySelector(".cm-error-message");
    if (message && message.hidden) {
      message.hidden = false;
      message.textContent = "";
      if (warning) {
        message.classList.add("cm-error-message--warning");
        message.appendChild(document.createTextNode(say("form-warning")));
      } else {
        var label = document.createElement("span");  // read out, as the red is not seen by all
        label.className = "cm-visually-hidden";
        label.textContent = say("form-error");
        message.appendChild(label);
      }
      message.appendChild(document.createTextNode(words(problem, path).beside));
    }
    if (target && !warning) {
      target.setAttribute("aria-invalid", "true");
      var field = target.closest(".cm-field");
      if (field) field.classList.add("cm-field--error");
    }
  }

  function summarise(items) {
    var summary = document.getElementById("cm-error-summary");
    var list = summary.querySelector("ul");
    var listed = Array.prototype.map.call(list.querySelectorAll("li"), function (li) { return li.textContent; });
    items.forEach(function (item) {
      var entry = document.createElement("li");
      var text = (item.problem.severity === "warning" ? say("form-warning") : "") + words(item.problem, item.path).summary;
      if (listed.indexOf(text) !== -1) return;
      listed.push(text);
      var target = focusTarget(item.path);
      if (target && target.id) {
        var link = document.createElement("a");
        link.href = "#" + target.id;
        link.textContent = text;
        link.addEventListener("click", function (event) {
          event.preventDefault(); target.focus(); target.scrollIntoView({ block: "center" });
        });
        entry.appendChild(link);
      } else {
        entry.textContent = text;
      }
      list.appendChild(entry);
    });
    if (items.length) summary.hidden = false;
  }

  function show(problems, all) {
    clear();
    var items = placed(problems);
    items.forEach(function (item) { besideField(item, all); });
    var summary = document.getElementById("cm-error-summary");
    summary.querySelector("ul").textContent = "";
    summary.hidden = true;
    var errors = problems.filter(function (p) { return p.severity === "error"; });
    if (all && errors.length) {
      summarise(items.filter(function (item) { return item.only !== "beside"; }));
    }
  }

  function applyKind() {
    var k = kind();
    form.querySelectorAll(".cm-answer").forEach(function (field) {
      field.hidden = k !== "" && field.getAttribute("data-kinds").split(" ").indexOf(k) === -1;
    });
    form.querySelectorAll(".cm-form-principle").forEach(function (section) {
      section.hidden = !section.querySelector(".cm-answer:not([hidden])");
    });
  }

  // The level the answers reach ---------------------------------------------------------

  function levelText(doc) {
    if (!kind()) return say("level-choose-kind");
    var criteria = at(doc, answers.path) || {};
    var reached = rules.reach(data, kind(), criteria, today());
    var text = !reached.held ? say("level-none")
      : say(reached.held.review_required ? "level-held-review" : "level-held", { level: reached.held.name });
    if (reached.next) {
      var ids = reached.missing, shown = ids.slice(0, 15).join(", ");
      text += " " + (ids.length > 15
        ? say("level-next-more", { level: reached.next.name, listed: shown, count: ids.length - 15 })
        : say("level-next", { level: reached.next.name, listed: shown }));
    }
    return text;
  }

  // The file ---------------------------------------------------------------------------------

  function produce(doc, text) {
    var name = fileName(doc) + ".yml";
    document.getElementById("cm-yaml").textContent = text;
    var download = document.getElementById("cm-download");
    download.href = URL.createObjectURL(new Blob([text], { type: "text/yaml" }));
    download.setAttribute("download", name);
    var propose = document.getElementById("cm-propose");
    var url = data.new_file_url + "?filename=" + encodeURIComponent("signatories/" + name) + "&value=" + encodeURIComponent(text);
    var tooLong = !data.new_file_url || url.length > 8000;
    propose.hidden = tooLong;
    propose.href = tooLong ? "#" : url;
    document.getElementById("cm-too-long").hidden = !tooLong || !data.new_file_url;
  }

  // Loading an existing file --------------------------------------------------------------

  function set(path, text) {
    var element = byPath(path);
    // A hidden field is the form's own: a renewal answers the current version of the code.
    if (element && element.type !== "hidden" && typeof text === "string") element.value = text;
  }

  // Fill the form from a file; return the problems codemark validate would find in it.
  function load(bytes, name) {
    var read = rules.readBytes(bytes, name, data);
    if (read.problem) return [read.problem];
    var tree = rules.readText(read.text, data, window.jsyaml);
    if (tree.problem) return [tree.problem];
    var problems = rules.check(tree.node, data, { today: today(), slug: name.replace(/\.[^.]*$/, ""), path: "signatories/" + name });
    var values = rules.toValues(tree.node);
    if (!values || typeof values !== "object" || Array.isArray(values)) return problems;
    loaded = {};
    data.file.props.forEach(function (section) {
      var given = values[section.name];
      if (!form.querySelector('[data-section="' + section.name + '"]')) {
        if (given !== undefined && given !== null) loaded[section.name] = given;
        return;
      }
      if (!given || typeof given !== "object") return;
      section.field.props.forEach(function (prop) {
        var path = section.name + "." + prop.name, item = given[prop.name];
        if (prop.field.kind === "list" && Array.isArray(item)) set(path, item.join(", "));
        else if (prop.field.kind !== "map") set(path, item);
      });
    });
    renew(values[answers.path[0]]);
    applyKind();
    var criteria = at(values, answers.path) || {};
    Object.keys(criteria).forEach(function (id) {
      var answer = criteria[id] || {};
      var radio = Array.prototype.filter.call(form.querySelectorAll('input[name="c-' + id + '"]'), function (r) { return r.value === answer.status; })[0];
      if (radio) radio.checked = true;
      answers.props.forEach(function (prop) {
        if (prop.field.kind !== "choice") set(answers.path.concat([id, prop.name]).join("."), answer[prop.name]);
      });
    });
    return problems;
  }

  // A renewal, as codemark renew makes one: the assessment loaded moves, as it was, to the
  // top of the history, and the new one is dated today, starting from the same answers.
  // Not when it is already dated today, nor when the history is not a list to add to.
  function renew(assessment) {
    var history = loaded[historyName];
    if (!assessment || typeof assessment !== "object" || Array.isArray(assessment)) return;
    if (typeof assessment.date !== "string" || assessment.date >= today()) return;
    if (history !== undefined && !Array.isArray(history)) return;
    loaded[historyName] = [assessment].concat(history || []);
    set(answers.path[0] + ".date", today());
  }

  // Wiring -------------------------------------------------------------------------------------

  function refresh() {
    var doc = collect();
    var result = check(doc);
    show(result.problems, shownAll);
    document.getElementById("cm-level").textContent = levelText(doc);
    var errors = result.problems.filter(function (p) { return p.severity === "error"; });
    if (!errors.length && shownAll) finish(doc, result);
    else document.getElementById("cm-result").hidden = true;
    return errors;
  }

  function finish(doc, result) {
    produce(doc, result.text);
    var warnings = result.problems.length > 0;
    document.getElementById("cm-valid").textContent = say("form-valid") + " " + levelText(doc) + (warnings ? " " + say("form-warnings") : "");
    document.getElementById("cm-result").hidden = false;
  }

  fetch(form.getAttribute("data-data")).then(function (response) { return response.json(); }).then(function (exported) {
    data = exported;
    locate();
    document.getElementById("cm-nojs").hidden = true;
    form.hidden = false;
    applyKind();
    function changed(event) {
      var path = event.target.getAttribute("data-path");
      if (path) touched[path] = true;
      if (path === kindPath) applyKind();
      refresh();
    }
    form.addEventListener("input", changed);
    form.addEventListener("change", changed);
    document.getElementById("cm-check").addEventListener("click", function () {
      shownAll = true;
      var errors = refresh();
      document.getElementById(errors.length ? "cm-error-summary" : "cm-result-title").focus();
    });
    document.getElementById("f-load").addEventListener("change", function (event) {
      var file = event.target.files[0];
      if (!file) return;
      file.arrayBuffer().then(function (buffer) {
        var problems = load(new Uint8Array(buffer), file.name);
        shownAll = true;
        refresh();
        // What codemark validate says of the file as it was loaded, before any change. The
        // file the form would make is offered only once the officer checks again.
        var errors = problems.filter(function (p) { return p.severity === "error"; });
        summarise(placed(problems).filter(function (item) { return item.only !== "beside"; }));
        if (errors.length) document.getElementById("cm-result").hidden = true;
        document.getElementById(errors.length ? "cm-error-summary" : "cm-result-title").focus();
      });
    });
    refresh();
  });
})();
