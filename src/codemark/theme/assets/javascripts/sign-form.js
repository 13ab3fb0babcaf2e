/* The sign-up form: a task list (the GOV.UK pattern), each task a view of its own named in
   the page's address, so that Back and Forward move between them. It builds a signatory
   file in the browser and checks it as the officer types. The checking is CodemarkRules'
   (codemark-rules.js), with the rules and messages codemark exports (sign/form-data.json):
   the form checks the very file it will produce, as codemark validate would, and every
   word it adds to the page is one of codemark's messages.

   Nothing is lost: every change is saved as a draft in the browser's storage, one draft
   per body, offered again when the officer comes back; a copy can be saved as a file and
   loaded again; and when the browser cannot store anything, the form says so and keeps
   the answers in the page. */
(function () {
  "use strict";

  var form = document.getElementById("cm-sign-form");
  if (!form || !window.fetch || !window.CodemarkRules || !window.jsyaml) return;
  var rules = window.CodemarkRules;
  var data = null;
  var loaded = {};  // sections of a loaded file that the form does not ask for (withdrawn...)
  var touched = {};  // fields the officer has changed: their problems show as they type
  var shown = {};  // tasks whose every problem shows: the officer asked to save and continue
  var baseline = null;  // last year's answers, by field, when the officer renews
  var done = false;  // the file was downloaded or proposed, and nothing changed since
  var gate = "";  // "drafts" or "discard" while the officer decides what to do with a draft
  var returnTo = "";  // "check" when a task was opened from "Check your answers" (its history entry says so)
  var focusAfter = null;  // the field a summary's link goes to, once its view shows
  var said = {};  // what the live region last said of each task and of the level
  var storage = null;  // the browser's storage, or null when it cannot be used
  var draftId = "";  // this draft's key in the storage; made when the first answer is given
  var discarding = null;  // the draft "Start again" would delete
  // Drafts of this form only: a site on a shared host shares its storage with others.
  var PREFIX = "codemark-draft:" + location.pathname + ":";

  // The day, as codemark's checks count it: in UTC.
  function today() { return new Date().toISOString().slice(0, 10); }

  function say(id, params) { return rules.fill(data.messages[id].file, params || {}); }

  function each(selector, root, callback) {
    Array.prototype.forEach.call((root || form).querySelectorAll(selector), callback);
  }

  // Reading the form ---------------------------------------------------------------

  // The page's inputs, found once: the form checks the whole file at every key pressed.
  var inputs = {}, radios = {}, firsts = {};
  each("[data-path]", form, function (input) {
    var path = input.getAttribute("data-path");
    if (!inputs[path]) inputs[path] = input;
    if (input.hasAttribute("data-first")) firsts[path] = input;
    if (input.type === "radio") (radios[input.name] = radios[input.name] || []).push(input);
  });

  function byPath(path) { return inputs[path] || null; }

  function checkedFor(id) {
    return (radios["c-" + id] || []).filter(function (radio) { return radio.checked; })[0] || null;
  }

  function value(path) {
    var element = byPath(path);
    return element ? element.value.trim() : "";
  }

  // Where things are in a file, as the exported declaration says: the answers (the one
  // section of ids), the kind of body (as the template marks it), the name the file is named by.
  // The history is the one list of sections: earlier assessments.
  var answers = null, kindPath = form.getAttribute("data-kind-path"), namePath = null, historyName = null;
  var versionPath = form.getAttribute("data-version-path"), assessedPath = form.getAttribute("data-assessed-path");

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

  function statusPath(id) { return answers.path.concat([id, answers.props[0].name]).join("."); }

  function answerFor(id) {
    var answer = {};
    var prefix = answers.path.concat([id]).join(".") + ".";
    var checked = checkedFor(id);
    answers.props.forEach(function (prop) {
      var text = prop.field.kind === "choice" ? (checked ? checked.value : "") : value(prefix + prop.name);
      if (text) answer[prop.name] = text;
    });
    return answer;
  }

  function applies(field) { return !field.hidden; }

  // Whether the form asks any of a section's fields; those it does not are kept as loaded.
  function asked(section) {
    return (section.field.props || []).some(function (prop) {
      return prop.field.kind === "map" || byPath(section.name + "." + prop.name) !== null;
    });
  }

  // The form's values, shaped as the file's fields, in the order they are declared.
  function collect() {
    var doc = {};
    data.file.props.forEach(function (section) {
      if (!asked(section)) {
        if (loaded[section.name] !== undefined) doc[section.name] = loaded[section.name];
        return;
      }
      var values = {};
      section.field.props.forEach(function (prop) {
        if (prop.field.kind === "map") {
          var criteria = {};
          each(".cm-answer", form, function (field) {
            if (!applies(field)) return;
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
    var problems = rules.check(read.node, data, { today: today(), slug: slug, path: "signatories/" + slug + ".yml" });
    // codemark checks the answers once every field reads; a task shows its own before that.
    var said = problems.map(function (p) { return p.message; });
    rules.checkAnswers(data, kind(), value(versionPath), at(doc, answers.path) || {}).forEach(function (p) {
      if (said.indexOf(p.message) === -1) problems.push(p);
    });
    return { text: text, problems: problems };
  }

  // Tasks ------------------------------------------------------------------------------

  function taskViews() { return Array.prototype.slice.call(form.querySelectorAll(".cm-view[data-task]")); }
  function taskId(view) { return view.getAttribute("data-task"); }
  function taskView(id) { return form.querySelector('.cm-view[data-task="' + id + '"]'); }
  function taskTitle(id) { return form.querySelector('.cm-task[data-task="' + id + '"] a').textContent; }
  function isPrinciple(view) { return view.querySelector(".cm-answer") !== null; }
  // A principle with no criterion for the body's kind has nothing to ask.
  function inUse(view) { return !isPrinciple(view) || view.querySelector(".cm-answer:not([hidden])") !== null; }

  function taskOf(element) {
    var view = element && element.closest(".cm-view[data-task]");
    return view ? taskId(view) : "";
  }

  // Whether the officer has given anything in a task: a value, or an answer chosen.
  function started(view) {
    return Array.prototype.some.call(view.querySelectorAll("[data-path]"), function (input) {
      if (input.closest(".cm-answer[hidden]")) return false;  // a criterion for other kinds
      return input.type === "radio" ? input.checked : input.value.trim() !== "";
    });
  }

  // The criteria the file must answer, as codemark.rules.due counts them, that are not.
  function unanswered() {
    if (!kind()) return [];
    var assessed = value(assessedPath);
    var date = new RegExp("^(?:" + data.patterns.date + ")$");
    return rules.due(data, kind(), value(versionPath), date.test(assessed) ? assessed : today())
      .filter(function (id) { return !checkedFor(id); });
  }

  // Every problem at the field it is about. The answers a task still needs are found here,
  // per criterion, as codemark validate finds them for the whole file only once every
  // field reads (its checks across fields follow the fields).
  function placed(problems) {
    var list = problems.map(function (problem) { return { problem: problem, path: pathOf(problem), file: true }; });
    unanswered().forEach(function (id) {
      var each = { field: answers.path.concat([id, answers.props[0].name]), rule: "not-answered-each", params: { id: id }, severity: "error", message: "" };
      each.message = say(each.rule, each.params);
      list.push({ problem: each, path: pathOf(each) });
    });
    list.forEach(function (item) {
      var target = focusTarget(item.path);
      if (!target && item.problem.params.missing) target = focusTarget(statusPath(item.problem.params.missing[0]));
      item.target = target;
      item.task = taskOf(target);
    });
    return list;
  }

  // A task's status, as a message id.
  function statusOf(view, items) {
    if (isPrinciple(view) && !kind()) return "task-cannot-start";
    var id = taskId(view);
    var errors = items.some(function (item) { return item.task === id && item.problem.severity === "error"; });
    if (!started(view)) return "task-not-started";
    return errors ? "task-in-progress" : "task-completed";
  }

  function statuses(items) {
    var found = {};
    taskViews().forEach(function (view) { if (inUse(view)) found[taskId(view)] = statusOf(view, items); });
    var all = Object.keys(found).every(function (id) { return found[id] === "task-completed"; });
    found.check = !all ? "task-cannot-start" : done ? "task-completed" : "task-not-started";
    return found;
  }

  function showTasks(found, now) {
    var count = 0, completed = 0;
    each(".cm-task", form, function (item) {
      var id = item.getAttribute("data-task"), status = found[id];
      item.hidden = status === undefined;
      if (item.hidden) return;
      count++;
      if (status === "task-completed") completed++;
      var link = item.querySelector("a");
      // A task that cannot start yet is not a link, as in the GOV.UK pattern.
      if (status === "task-cannot-start") link.removeAttribute("href");
      else link.setAttribute("href", "#" + (id === "check" ? "check" : "task-" + id));
      var label = item.querySelector(".cm-task__status");
      label.textContent = say(status);
      label.className = "cm-task__status cm-task__status--" + status.replace("task-", "");
      var hint = item.querySelector(".cm-task__hint");
      if (hint) hint.textContent = unchangedText(taskView(id), now);
    });
    document.getElementById("cm-progress").textContent = say("tasks-completed", { done: completed, count: count });
  }

  // Last year's answers -------------------------------------------------------------------

  // Each field and each criterion, as the form reads them, to compare with last year's.
  function snapshot() {
    var values = {};
    each("[data-field]", form, function (field) {
      var path = field.getAttribute("data-field"), id = field.getAttribute("data-criterion");
      values[path] = id ? JSON.stringify(answerFor(id)) : value(path);
    });
    return values;
  }

  function unchanged(field, now) {
    var path = field.getAttribute("data-field"), before = baseline && baseline[path];
    return !!before && before !== "{}" && before === now[path];
  }

  function markUnchanged(now) {
    each(".cm-view [data-field]", form, function (field) {
      var mark = field.querySelector(".cm-unchanged"), is = unchanged(field, now);
      if (is && !mark) {
        mark = document.createElement("p");
        mark.className = "cm-unchanged";
        mark.textContent = say("unchanged");
        field.insertBefore(mark, field.firstChild);
      }
      if (mark) mark.hidden = !is;
    });
  }

  function unchangedText(view, now) {
    if (!baseline || !view) return "";
    var count = 0, same = 0;
    each("[data-field]", view, function (field) {
      if (field.hidden) return;
      count++;
      if (unchanged(field, now)) same++;
    });
    return say("task-unchanged", { unchanged: same, count: count });
  }

  // Showing problems ------------------------------------------------------------------

  // The input a problem is about: its field, without "item 2" of a list.
  function pathOf(problem) {
    return problem.field.filter(function (part) { return !/^item \d+$/.test(part); }).join(".");
  }

  function focusTarget(path) {
    return firsts[path] || byPath(path);
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

  function clear() {
    each(".cm-error-message", form, function (p) {
      p.hidden = true; p.textContent = ""; p.classList.remove("cm-error-message--warning");
    });
    each(".cm-field--error", form, function (f) { f.classList.remove("cm-field--error"); });
    each("[aria-invalid]", form, function (e) { e.removeAttribute("aria-invalid"); });
  }

  function besideField(item) {
    var path = item.path, problem = item.problem, warning = problem.severity === "warning";
    if (problem.params.missing || (!shown[item.task] && !touched[path])) return;
    var target = item.target;
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

  // An error summary: each problem once, linking to its field. From another view than the
  // field's, the link opens the field's task, to come back here when it is saved.
  function summarise(summary, items) {
    var list = summary.querySelector("ul"), listed = [];
    list.textContent = "";
    var view = summary.closest(".cm-view");
    items.forEach(function (item) {
      var text = (item.problem.severity === "warning" ? say("form-warning") : "") + words(item.problem, item.path).summary;
      if (listed.indexOf(text) !== -1) return;
      listed.push(text);
      var entry = document.createElement("li"), target = item.target;
      if (target && target.id) {
        var link = document.createElement("a"), elsewhere = !view.contains(target);
        link.href = elsewhere ? "#task-" + item.task : "#" + target.id;
        link.textContent = text;
        link.addEventListener("click", function (event) {
          event.preventDefault();
          if (!elsewhere) { target.focus(); target.scrollIntoView({ block: "center" }); return; }
          focusAfter = target;
          if (view.getAttribute("data-view") === "check") fromCheck(link.getAttribute("href"));
          else go(link.getAttribute("href"));
        });
        entry.appendChild(link);
      } else {
        entry.textContent = text;
      }
      list.appendChild(entry);
    });
    summary.hidden = listed.length === 0;
  }

  // A task's errors; the criteria not answered are each its own, not the file's count of them.
  function errorsIn(items, task) {
    return items.filter(function (item) {
      return item.problem.severity === "error" && item.task === task && !item.problem.params.missing;
    });
  }

  // The level the answers reach ---------------------------------------------------------

  function levelHeld(doc) {
    if (!kind()) return { text: say("level-choose-kind"), reached: null };
    var reached = rules.reach(data, kind(), at(doc, answers.path) || {}, today());
    var text = !reached.held ? say("level-none")
      : say(reached.held.review_required ? "level-held-review" : "level-held", { level: reached.held.name });
    return { text: text, reached: reached };
  }

  function levelText(doc) {
    var held = levelHeld(doc), reached = held.reached, text = held.text;
    if (reached && reached.next) {
      var ids = reached.missing, listed = ids.slice(0, 15).join(", ");
      text += " " + (ids.length > 15
        ? say("level-next-more", { level: reached.next.name, listed: listed, count: ids.length - 15 })
        : say("level-next", { level: reached.next.name, listed: listed }));
    }
    return text;
  }

  // The live region: what changed, once. Typing does not repeat what is already known.
  function announce(text) {
    var region = document.getElementById("cm-announce");
    region.textContent = region.textContent === text ? text + "\u00a0" : text;
  }

  // Views --------------------------------------------------------------------------------

  function go(hash) {
    if (location.hash === hash) route(true);
    else location.hash = hash;  // a history entry: Back returns to the view before
  }

  // A task opened from "Check your answers" returns there: its history entry says so, so
  // that Back and Forward keep it.
  function fromCheck(hash) {
    history.pushState({ returnTo: "check" }, "", hash);
    route(true);
  }

  // The view the address names: #tasks, #task-<id> or #check.
  function route(moveFocus) {
    var name = location.hash.slice(1) || "tasks";
    returnTo = history.state && history.state.returnTo === "check" ? "check" : "";
    var view = form.querySelector('.cm-view[data-view="' + name + '"]');
    if (gate) name = gate;
    else if (!view || name === "drafts" || name === "discard") name = "tasks";
    else if (view.hasAttribute("data-task") && (!inUse(view) || (isPrinciple(view) && !kind()))) name = "tasks";
    var result = refresh();
    if (name === "check") showCheck(result);
    if (name !== "tasks") document.getElementById("cm-load-summary").hidden = true;
    each(".cm-view", form, function (v) { v.hidden = v.getAttribute("data-view") !== name; });
    var shownView = form.querySelector('.cm-view[data-view="' + name + '"]');
    each("[data-return]", shownView, function (link) { link.setAttribute("href", returnTo ? "#check" : "#tasks"); });
    if (!moveFocus) return;
    var target = focusAfter || shownView.querySelector("h2[tabindex]");
    focusAfter = null;
    target.focus({ preventScroll: true });
    if (target.tagName === "H2") window.scrollTo(0, 0);
    else target.scrollIntoView({ block: "center" });
  }

  // Check your answers -------------------------------------------------------------------

  function answerText(id) {
    var checked = checkedFor(id);
    var answer = answerFor(id), lines = [];
    if (checked) lines.push(form.querySelector('label[for="' + checked.id + '"]').textContent);
    answers.props.slice(1).forEach(function (prop) { if (answer[prop.name]) lines.push(answer[prop.name]); });
    return lines;
  }

  function showCheck(result) {
    each("[data-check-task]", form, function (group) {
      var view = taskView(group.getAttribute("data-check-task"));
      group.hidden = !inUse(view) || (isPrinciple(view) && !kind());
    });
    each("[data-check-path]", form, function (row) {
      var element = byPath(row.getAttribute("data-check-path"));
      var text = element.tagName === "SELECT" && element.value ? element.options[element.selectedIndex].text : element.value.trim();
      row.querySelector("dd").textContent = text || say("not-answered-yet");
    });
    each("[data-check-criterion]", form, function (row) {
      var id = row.getAttribute("data-check-criterion");
      var field = form.querySelector('.cm-answer[data-criterion="' + id + '"]');
      row.hidden = !applies(field) || !kind();
      var dd = row.querySelector("dd"), lines = answerText(id);
      dd.textContent = "";
      (lines.length ? lines : [say("not-answered-yet")]).forEach(function (line) {
        var p = document.createElement("p");
        p.textContent = line;
        dd.appendChild(p);
      });
    });
    var doc = collect();
    document.getElementById("cm-check-level").textContent = levelText(doc);
    // Every problem of the file, with the criteria not answered counted once per task.
    var errors = result.items.filter(function (item) {
      return item.file && item.problem.severity === "error" && !item.problem.params.missing;
    });
    taskViews().forEach(function (view) {
      var ids = result.items.filter(function (item) { return !item.file && item.task === taskId(view); })
        .map(function (item) { return item.problem.params.id; });
      if (!ids.length) return;
      var rule = ids.length === 1 ? "not-answered" : "not-answered-many";
      var params = { count: ids.length, listed: ids.join(", "), missing: ids };
      var problem = { field: statusPath(ids[0]).split("."), rule: rule, params: params, severity: "error", message: say(rule, params) };
      errors.push({ problem: problem, path: statusPath(ids[0]), target: focusTarget(statusPath(ids[0])), task: taskId(view) });
    });
    summarise(document.getElementById("cm-check-summary"), errors);
    var valid = !errors.length && !result.problems.some(function (p) { return p.severity === "error"; });
    document.getElementById("cm-result").hidden = !valid;
    if (valid) finish(doc, result);
  }

  // The file ---------------------------------------------------------------------------------

  function finish(doc, result) {
    var text = result.text, name = fileName(doc) + ".yml";
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
    var warnings = result.problems.length > 0;
    document.getElementById("cm-valid").textContent = say("form-valid") + " " + levelText(doc) + (warnings ? " " + say("form-warnings") : "");
  }

  function offer(text, name) {
    var link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob([text], { type: "text/yaml" }));
    link.download = name;
    link.hidden = true;
    document.body.appendChild(link);
    link.click();
    link.remove();
  }

  // A copy of the answers so far, in the file's own format, marked as a draft.
  function saveCopy() {
    var doc = collect();
    offer("# " + say("draft-comment") + "\n" + rules.toYaml(doc, data), (fileName(doc) || "self-assessment") + "-draft.yml");
  }

  function isCopy(text) { return text.indexOf("# " + say("draft-comment") + "\n") === 0; }

  // Filling the form -------------------------------------------------------------------------

  function set(path, text) {
    var element = byPath(path);
    // A hidden field is the form's own: a renewal answers the current version of the code.
    if (element && element.type !== "hidden" && typeof text === "string") element.value = text;
  }

  function applyKind() {
    var k = kind();
    each(".cm-answer", form, function (field) {
      field.hidden = k !== "" && field.getAttribute("data-kinds").split(" ").indexOf(k) === -1;
    });
  }

  // Empty the form, as the page first shows it.
  function reset() {
    form.reset();
    loaded = {}; touched = {}; shown = {}; baseline = null; done = false; said = {};
    applyKind();
  }

  // Fill the form with a file's values (as CodemarkRules.toValues reads them).
  function fill(values) {
    if (!values || typeof values !== "object" || Array.isArray(values)) return;
    data.file.props.forEach(function (section) {
      var given = values[section.name];
      if (!asked(section)) {
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
    applyKind();
    var criteria = at(values, answers.path) || {};
    Object.keys(criteria).forEach(function (id) {
      var answer = criteria[id] || {};
      each('input[name="c-' + id + '"]', form, function (radio) { radio.checked = radio.value === answer.status; });
      answers.props.forEach(function (prop) {
        if (prop.field.kind !== "choice") set(answers.path.concat([id, prop.name]).join("."), answer[prop.name]);
      });
    });
  }

  // Load a file: last year's, to renew, or a copy the officer saved. Return the problems
  // codemark validate finds in it as it is.
  function load(bytes, name) {
    var read = rules.readBytes(bytes, name, data);
    if (read.problem) return { problems: [read.problem] };
    var tree = rules.readText(read.text, data, window.jsyaml);
    if (tree.problem) return { problems: [tree.problem] };
    var copy = isCopy(read.text);
    var problems = copy ? [] : rules.check(tree.node, data, { today: today(), slug: name.replace(/\.[^.]*$/, ""), path: "signatories/" + name });
    // The draft open now stays on this computer, offered next time; this file starts its own.
    if (taskViews().some(started)) draftId = "";
    reset();
    var values = rules.toValues(tree.node);
    fill(values);
    if (copy) {
      baseline = lastYear();
    } else {
      baseline = snapshot();
      renew(values[answers.path[0]]);
    }
    return { problems: problems, copy: copy, filled: true };
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
    set(assessedPath, today());
  }

  // Last year's answers, from the top of the history a saved copy carries, to mark what is
  // unchanged (its other fields are not kept there, so they are not marked).
  function lastYear() {
    var history = loaded[historyName], last = Array.isArray(history) ? history[0] : null;
    var criteria = last && typeof last === "object" ? last[answers.path[1]] : null;
    if (!criteria || typeof criteria !== "object") return null;
    var values = {};
    Object.keys(criteria).forEach(function (id) {
      var given = criteria[id] || {}, answer = {};
      answers.props.forEach(function (prop) { if (typeof given[prop.name] === "string" && given[prop.name]) answer[prop.name] = given[prop.name]; });
      values[answers.path.concat([id]).join(".")] = JSON.stringify(answer);
    });
    return values;
  }

  // Drafts ---------------------------------------------------------------------------------

  function openStorage() {
    try {
      var store = window.localStorage, probe = PREFIX + "probe";
      store.setItem(probe, "1");
      store.removeItem(probe);
      return store;
    } catch (error) {
      return null;
    }
  }

  function storageFailed() {
    storage = null;
    var warning = document.getElementById("cm-storage-warning");
    if (!warning.hidden) return;
    document.getElementById("cm-storage-text").textContent = say("storage-failed");
    warning.hidden = false;
    announce(say("storage-failed"));
  }

  // Every draft of this form on this computer, the newest first.
  function drafts() {
    var found = [];
    if (!storage) return found;
    try {
      for (var n = 0; n < storage.length; n++) {
        var key = storage.key(n);
        if (key.indexOf(PREFIX) !== 0) continue;
        var draft = JSON.parse(storage.getItem(key));
        if (draft && draft.doc) { draft.id = key.slice(PREFIX.length); found.push(draft); }
      }
    } catch (error) {
      storageFailed();
    }
    return found.sort(function (a, b) { return a.changed < b.changed ? 1 : -1; });
  }

  function bodyName(name) { return name || say("draft-unnamed"); }

  function saveDraft(doc, found) {
    if (!storage || !taskViews().some(started)) return;
    if (!draftId) draftId = Date.now().toString(36) + Math.random().toString(36).slice(2, 8);
    var draft = {
      doc: doc, baseline: baseline, done: done, changed: new Date().toISOString(),
      name: at(doc, namePath) || "",
      tasks: Object.keys(found).map(function (id) { return [taskTitle(id), say(found[id])]; })
    };
    try {
      storage.setItem(PREFIX + draftId, JSON.stringify(draft));
    } catch (error) {  // full, or turned off since the page opened
      storageFailed();
    }
  }

  function showDrafts(found) {
    var list = document.getElementById("cm-drafts"), template = document.getElementById("cm-draft-template");
    list.textContent = "";
    found.forEach(function (draft) {
      var card = template.content.firstElementChild.cloneNode(true);
      card.querySelector(".cm-draft__name").textContent = say("draft-for", { name: bodyName(draft.name) });
      var when = new Date(draft.changed).toLocaleString("en-GB", { dateStyle: "long", timeStyle: "short" });
      card.querySelector(".cm-draft__changed").textContent = say("draft-changed", { when: when });
      draft.tasks.forEach(function (task) {
        var item = document.createElement("li");
        item.textContent = say("task-now", { task: task[0], status: task[1] });
        card.querySelector(".cm-draft__tasks").appendChild(item);
      });
      card.querySelector("[data-draft-continue]").addEventListener("click", function () { resume(draft); });
      card.querySelector("[data-draft-discard]").addEventListener("click", function () { confirmDiscard(draft, "drafts"); });
      list.appendChild(card);
    });
  }

  function resume(draft) {
    reset();
    draftId = draft.id;
    fill(draft.doc);
    baseline = draft.baseline || null;
    done = !!draft.done;
    gate = "";
    route(true);
    announce(say("draft-restored", { name: bodyName(draft.name) }));
  }

  var cameFrom = "";
  function confirmDiscard(draft, from) {
    discarding = draft;
    cameFrom = from;
    document.getElementById("cm-discard-text").textContent = say("draft-confirm", { name: bodyName(draft.name) });
    gate = "discard";
    route(true);
  }

  function discard() {
    if (storage && discarding.id) {
      try { storage.removeItem(PREFIX + discarding.id); } catch (error) { storageFailed(); }
    }
    if (discarding.id === draftId || cameFrom === "tasks") { reset(); draftId = ""; }
    var left = drafts();
    gate = left.length ? "drafts" : "";
    if (gate) { showDrafts(left); route(true); } else go("#tasks");
    announce(say("draft-deleted", { name: bodyName(discarding.name) }));
  }

  // Wiring -------------------------------------------------------------------------------------

  // After every change: check the file, show what the rules say, mark each task, save.
  function refresh() {
    var doc = collect();
    var result = check(doc);
    var items = placed(result.problems);
    clear();
    items.forEach(besideField);
    var found = statuses(items);
    var now = baseline ? snapshot() : {};
    showTasks(found, now);
    markUnchanged(now);
    // A task's summary, once shown, follows the answers: a problem put right leaves it.
    taskViews().forEach(function (view) {
      var summary = view.querySelector(".cm-error-summary");
      if (!summary.hidden) summarise(summary, errorsIn(items, taskId(view)));
    });
    document.getElementById("cm-level").textContent = levelText(doc);
    var level = levelHeld(doc).text;
    var news = [];
    Object.keys(found).forEach(function (id) {
      if (said[id] && said[id] !== found[id]) news.push(say("task-now", { task: taskTitle(id), status: say(found[id]) }));
      said[id] = found[id];
    });
    if (said.level && said.level !== level) news.push(level);
    said.level = level;
    if (news.length) announce(news.join(" "));
    saveDraft(doc, found);
    return { doc: doc, text: result.text, problems: result.problems, items: items };
  }

  function saveAndContinue(view) {
    var task = taskId(view);
    shown[task] = true;
    var errors = errorsIn(refresh().items, task);
    var summary = view.querySelector(".cm-error-summary");
    if (errors.length) {
      summarise(summary, errors);
      summary.focus();
      return;
    }
    summary.hidden = true;
    go(returnTo ? "#check" : "#tasks");
  }

  function start(exported) {
    data = exported;
    locate();
    document.getElementById("cm-nojs").hidden = true;
    form.hidden = false;
    applyKind();
    storage = openStorage();
    if (!storage) storageFailed();
    var found = drafts();
    if (found.length) { gate = "drafts"; showDrafts(found); }

    function changed(event) {
      var path = event.target.getAttribute("data-path");
      if (!path) return;
      touched[path] = true;
      done = false;
      if (path === kindPath) applyKind();
      refresh();
    }
    form.addEventListener("input", changed);
    form.addEventListener("change", changed);
    form.addEventListener("click", function (event) {
      var change = event.target.closest("[data-from-check]");
      if (change) { event.preventDefault(); fromCheck(change.getAttribute("href")); return; }
      var button = event.target.closest("button");
      if (!button) return;
      if (button.hasAttribute("data-save-continue")) saveAndContinue(button.closest(".cm-view"));
      else if (button.hasAttribute("data-save-copy")) saveCopy();
    });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    window.addEventListener("hashchange", function () { route(true); });
    document.getElementById("cm-start-again").addEventListener("click", function () {
      confirmDiscard({ id: draftId, name: value(namePath.join(".")) }, "tasks");
    });
    document.getElementById("cm-discard-yes").addEventListener("click", discard);
    document.getElementById("cm-discard-no").addEventListener("click", function () {
      gate = cameFrom === "drafts" ? "drafts" : "";
      route(true);
    });
    document.getElementById("cm-draft-new").addEventListener("click", function () {
      reset();
      draftId = "";
      gate = "";
      go("#tasks");
    });
    ["cm-download", "cm-propose"].forEach(function (id) {
      document.getElementById(id).addEventListener("click", function () { done = true; refresh(); });
    });
    document.getElementById("f-load").addEventListener("change", function (event) {
      var file = event.target.files[0];
      if (!file) return;
      file.arrayBuffer().then(function (buffer) {
        var result = load(new Uint8Array(buffer), file.name);
        event.target.value = "";
        history.replaceState(null, "", "#tasks");  // no new entry: the task list is showing
        route(false);
        // What codemark validate says of the file as it was loaded, before any change.
        var summary = document.getElementById("cm-load-summary");
        summarise(summary, placed(result.problems).filter(function (item) { return item.file; }));
        if (result.filled) announce(say(result.copy ? "copy-loaded" : "renewal-loaded"));
        (summary.hidden ? document.getElementById("cm-tasks-title") : summary).focus();
      });
    });
    route(false);
  }

  fetch(form.getAttribute("data-data")).then(function (response) { return response.json(); }).then(start);
})();
