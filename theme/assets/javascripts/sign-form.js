/* The sign-up form: builds a signatory file in the browser and checks it as the
   officer types, against the JSON Schema and the code's rules, both exported
   by codemark (sign/form-data.json). Nothing here restates the rules. */
(function () {
  "use strict";

  var form = document.getElementById("cm-sign-form");
  if (!form || !window.fetch) return;
  var data = null;
  var touched = {};
  var shownAll = false;

  // Reading the form -------------------------------------------------------

  function byPath(path) {
    return form.querySelector('[data-path="' + path + '"]');
  }

  function value(path) {
    var element = byPath(path);
    return element ? element.value.trim() : "";
  }

  function kind() {
    return value("organisation.kind");
  }

  function applies(criterion) {
    return criterion.applies_to.indexOf(kind()) !== -1;
  }

  function today() {
    var now = new Date();
    return new Date(Date.UTC(now.getFullYear(), now.getMonth(), now.getDate())).toISOString().slice(0, 10);
  }

  function counts(criterion) {
    return criterion.effective <= today();
  }

  function collect() {
    var organisation = {};
    ["name", "kind", "identifier", "website", "contact"].forEach(function (key) {
      var text = value("organisation." + key);
      if (text) organisation[key] = text;
    });
    var areas = value("organisation.area").split(",").map(function (a) { return a.trim(); }).filter(Boolean);
    if (areas.length) organisation.area = areas;
    var signed = {};
    ["date", "by", "decision"].forEach(function (key) {
      var text = value("signed." + key);
      if (text) signed[key] = text;
    });
    var criteria = {};
    data.criteria.forEach(function (c) {
      if (!applies(c)) return;
      var answer = {};
      var checked = form.querySelector('input[name="c-' + c.id + '"]:checked');
      if (checked) answer.status = checked.value;
      ["evidence", "note"].forEach(function (key) {
        var text = value("assessment.criteria." + c.id + "." + key);
        if (text) answer[key] = text;
      });
      if (answer.status || answer.evidence || answer.note || counts(c)) criteria[c.id] = answer;
    });
    var assessment = { code_version: data.code.version };
    if (value("assessment.date")) assessment.date = value("assessment.date");
    assessment.criteria = criteria;
    var doc = { organisation: organisation, signed: signed, assessment: assessment };
    if (form.dataset.demonstration === "true") doc = Object.assign({ demonstration: true }, doc);
    if (form.dataset.withdrawn) doc.withdrawn = JSON.parse(form.dataset.withdrawn);
    return doc;
  }

  // Checking: the JSON Schema, then the rules that need the code or other data

  function labelFor(path) {
    var element = byPath(path);
    return element ? element.getAttribute("data-label") : path.split(".").pop();
  }

  function schemaErrors(schema, item, path, errors) {
    if (schema.not && typeof item === "string" && schema.not.pattern && new RegExp(schema.not.pattern).test(item)) {
      var why = "Remove the HTML, invisible characters or line breaks from " + labelFor(path) +
        (/^[=+\-@]/.test(item) ? ", and do not start it with =, +, - or @" : "") + ".";
      if (item.indexOf("![") !== -1) why = "Images cannot be shown in notes: link to them instead.";
      else if (/\]\(/.test(item) && !/<[A-Za-z\/!?]/.test(item)) why = "Links in notes must start https:// or mailto:.";
      errors.push([path, why]);
      return;
    }
    if (schema.type === "object") {
      if (typeof item !== "object" || item === null || Array.isArray(item)) {
        errors.push([path, "Enter " + labelFor(path) + "."]);
        return;
      }
      (schema.required || []).forEach(function (key) {
        var child = path ? path + "." + key : key;
        if (!(key in item)) errors.push([child, (key === "status" ? "Choose " : "Enter ") + labelFor(child) + "."]);
      });
      Object.keys(item).forEach(function (key) {
        var child = path ? path + "." + key : key;
        var sub = (schema.properties || {})[key];
        if (sub) schemaErrors(sub, item[key], child, errors);
        else if (schema.additionalProperties === false) errors.push([child, "'" + key + "' is not a field of this file."]);
      });
      (schema.allOf || []).forEach(function (rule) {
        var matches = true;
        var when = rule.if.properties || {};
        Object.keys(when).forEach(function (key) {
          if (!(key in item) || when[key].enum.indexOf(item[key]) === -1) matches = false;
        });
        if (matches) {
          rule.then.required.forEach(function (key) {
            if (!(key in item)) {
              var id = path.split(".").pop();
              var message = key === "evidence"
                ? "Criterion " + id + " is answered met, so give a link to public evidence."
                : "Criterion " + id + " is answered " + (item.status === "n/a" ? "not applicable" : "partly met") + ", so give a note saying why.";
              errors.push([path + "." + key, message]);
            }
          });
        }
      });
    } else if (schema.type === "array") {
      if (!Array.isArray(item)) { errors.push([path, "Enter " + labelFor(path) + "."]); return; }
      if (schema.minItems && item.length < schema.minItems) errors.push([path, "Enter " + labelFor(path) + "."]);
      item.forEach(function (entry) { schemaErrors(schema.items, entry, path, errors); });
      if (schema.uniqueItems && new Set(item).size !== item.length) errors.push([path, "Give each of " + labelFor(path) + " once."]);
    } else if (schema.type === "boolean") {
      if (typeof item !== "boolean") errors.push([path, labelFor(path) + " must be true or false."]);
    } else if (schema.enum) {
      if (schema.enum.indexOf(item) === -1) errors.push([path, "Choose " + labelFor(path) + "."]);
    } else if (schema.type === "string") {
      if (typeof item !== "string" || item.length < (schema.minLength || 0)) {
        errors.push([path, "Enter " + labelFor(path) + "."]);
      } else if (schema.maxLength && item.length > schema.maxLength) {
        errors.push([path, labelFor(path).replace(/^./, function (c) { return c.toUpperCase(); }) + " must be " + schema.maxLength + " characters or fewer."]);
      } else if (schema.pattern && !new RegExp(schema.pattern).test(item)) {
        var how = {
          date: "Enter a real date, such as 2026-03-02.",
          uri: "Enter a web address starting https://, copied from your browser's address bar.",
          email: "Enter an email address, such as commissioning@example.gov.uk."
        }[schema.format] || ("Enter " + labelFor(path) + " in the right form, such as " + (path.indexOf("identifier") !== -1 ? "GB-LAE-ISL" : "1.0.0") + ".");
        errors.push([path, how]);
      } else if (schema.format === "date" && isNaN(Date.parse(item + "T00:00:00Z"))) {
        errors.push([path, "Enter a real date, such as 2026-03-02."]);
      }
    }
  }

  function domainOf(text) {
    var match = /^https:\/\/([^\/:?#]+)/.exec(text);
    return match ? match[1].toLowerCase() : text.split("@").pop().toLowerCase();
  }

  function onDomain(host, domains) {
    return domains.some(function (d) { return host === d || host.slice(-(d.length + 1)) === "." + d; });
  }

  // The same rules as the validator's DATE_RULES (codemark.signatories).
  function dateOrderErrors(doc, errors) {
    var signed = doc.signed.date, assessed = doc.assessment.date;
    var first = Object.keys(data.code.versions).map(function (v) { return data.code.versions[v]; }).sort()[0];
    var real = /^\d{4}-\d\d-\d\d$/;
    if (!real.test(signed || "")) return;
    if (first && signed < first) {
      errors.push(["signed.date", "The body cannot have signed before the code was first published (" + first + ")."]);
    }
    if (real.test(assessed || "") && assessed < signed) {
      errors.push(["assessment.date", "The assessment cannot be dated before the body signed (" + signed + ")."]);
    }
    if (doc.withdrawn && doc.withdrawn.date && doc.withdrawn.date <= signed) {
      errors.push(["", "The file says the body withdrew on " + doc.withdrawn.date + ", which is not after it signed (" + signed + ")."]);
    }
  }

  // Names compared as the validator compares them: case, spacing and Unicode form aside.
  function plainName(text) {
    return text.normalize("NFKC").toLowerCase().split(/\s+/).filter(Boolean).join(" ");
  }

  function ruleErrors(doc, errors, warnings) {
    var org = doc.organisation, signed = doc.signed, assessment = doc.assessment;
    ["signed.date", "assessment.date"].forEach(function (path) {
      var date = path === "signed.date" ? signed.date : assessment.date;
      if (date && /^\d{4}-\d\d-\d\d$/.test(date) && date > today()) errors.push([path, "The date cannot be in the future."]);
    });
    var published = data.code.versions[assessment.code_version];
    if (assessment.date && published && assessment.date < published) {
      errors.push(["assessment.date", "The assessment cannot be dated before version " + assessment.code_version + " of the code was published (" + published + ")."]);
    }
    dateOrderErrors(doc, errors);
    data.criteria.forEach(function (c) {
      var answer = assessment.criteria[c.id];
      if (applies(c) && counts(c) && (!answer || !answer.status)) {
        errors.push(["assessment.criteria." + c.id + ".status", "Choose an answer for criterion " + c.id + "."]);
      }
    });
    if (!org.identifier) return;
    var demo = doc.demonstration === true;
    if (demo !== (org.identifier.indexOf(data.demo_prefix) === 0)) {
      errors.push(["organisation.identifier", demo
        ? "A demonstration entry's identifier starts with " + data.demo_prefix + "."
        : "Identifiers starting " + data.demo_prefix + " are kept for demonstration entries. Use your body's real identifier."]);
      return;
    }
    if (demo) return;
    var known = data.known[org.identifier];
    var namesake = Object.keys(data.known).filter(function (id) {
      return org.name && data.known[id].name.toLowerCase() === org.name.toLowerCase() && id !== org.identifier;
    })[0];
    if (namesake) {
      errors.push(["organisation.name", org.name + " is the name of " + namesake + ", not " + org.identifier + ". A body can only sign for itself."]);
      return;
    }
    if (!known) {
      warnings.push(["organisation.identifier", org.identifier + " is not in our list of public bodies. Check it; if it is right, the secretariat will add your body."]);
      return;
    }
    if (org.name && plainName(org.name) !== plainName(known.name)) {
      errors.push(["organisation.name", org.identifier + " is the identifier of " + known.name + ", so the name must be '" + known.name + "'. An identifier can only be claimed under its body's own name: use that name, or correct the identifier."]);
      return;
    }
    if (org.kind && known.kind !== org.kind) {
      errors.push(["organisation.kind", org.identifier + " is " + known.name + ", a " + known.kind + ". Check the identifier: a body can only sign for itself."]);
    }
    if (org.website && !onDomain(domainOf(org.website), known.domains)) {
      warnings.push(["organisation.website", "This website is not on " + known.name + "'s own domain (" + known.domains.join(", ") + "). Readers trust an entry more when it links to the body's own site."]);
    }
    if (org.contact && !onDomain(domainOf(org.contact), known.domains.concat(known.mail_domains))) {
      warnings.push(["organisation.contact", "This mailbox is not on " + known.name + "'s own domain (" + known.domains.concat(known.mail_domains).join(", ") + ")."]);
    }
  }

  function check(doc) {
    var errors = [], warnings = [];
    schemaErrors(data.schema, doc, "", errors);
    ruleErrors(doc, errors, warnings);
    var seen = {};
    errors = errors.filter(function (e) { var k = e[0]; if (seen[k]) return false; seen[k] = true; return true; });
    return { errors: errors, warnings: warnings };
  }

  // The level the answers reach -------------------------------------------

  function satisfied(c, answer) {
    if (!answer) return false;
    if (answer.status === "met") return !!answer.evidence || !c.url_required;
    if (answer.status === "n/a") return c.na_allowed && (!!answer.note || !c.justification_required);
    return false;
  }

  function levelText(doc) {
    if (!kind()) return "Choose your kind of body to see which criteria apply.";
    var counted = data.criteria.filter(function (c) { return applies(c) && counts(c); });
    var held = null, next = null;
    for (var i = 0; i < data.levels.length; i++) {
      var level = data.levels[i];
      var missing = counted.filter(function (c) {
        return c.rank <= level.rank && !satisfied(c, doc.assessment.criteria[c.id]);
      });
      if (missing.length) { next = { level: level, missing: missing }; break; }
      held = level;
    }
    var text = held ? "These answers reach the " + held.name + " level" : "These answers do not reach a level yet";
    if (held && held.review_required) text += ", once the secretariat has reviewed the evidence";
    text += ".";
    if (next) {
      var ids = next.missing.map(function (c) { return c.id; });
      text += " For " + next.level.name + ", still needed: " + ids.slice(0, 15).join(", ") + (ids.length > 15 ? " and " + (ids.length - 15) + " more" : "") + ".";
    }
    return text;
  }

  // Showing problems -----------------------------------------------------------

  function idFor(path) {
    var match = /^assessment\.criteria\.(\d+\.\d+)\.(\w+)$/.exec(path);
    if (match) return "f-c-" + match[1].replace(".", "-") + "-" + match[2];
    return "f-" + path.replace(/\./g, "-");
  }

  function focusTarget(path) {
    var element = document.getElementById(idFor(path));
    if (element) return element;
    var radio = form.querySelector('[data-path="' + path + '"][data-first]');
    return radio || byPath(path);
  }

  function show(result, all) {
    form.querySelectorAll(".cm-error-message").forEach(function (p) {
      p.hidden = true; p.textContent = ""; p.classList.remove("cm-error-message--warning");
    });
    form.querySelectorAll(".cm-field--error").forEach(function (f) { f.classList.remove("cm-field--error"); });
    form.querySelectorAll("[aria-invalid]").forEach(function (e) { e.removeAttribute("aria-invalid"); });
    var visible = result.errors.filter(function (e) { return all || touched[e[0]]; });
    visible.forEach(function (e) {
      var message = document.getElementById(idFor(e[0]) + "-error");
      var target = focusTarget(e[0]);
      if (!message && target) message = target.closest(".cm-field").querySelector(".cm-error-message");
      if (message && message.hidden) {
        message.hidden = false;
        message.innerHTML = '<span class="cm-visually-hidden">Error: </span>';
        message.appendChild(document.createTextNode(e[1]));
      }
      if (target) {
        target.setAttribute("aria-invalid", "true");
        var field = target.closest(".cm-field");
        if (field) field.classList.add("cm-field--error");
      }
    });
    // Identity warnings are shown beside the field as soon as it is filled in:
    // they are how a reader can trust the entry comes from the body itself.
    result.warnings.forEach(function (w) {
      if (!all && !touched[w[0]]) return;
      var message = document.getElementById(idFor(w[0]) + "-error");
      if (message && message.hidden) {
        message.hidden = false;
        message.classList.add("cm-error-message--warning");
        message.textContent = "Warning: " + w[1];
      }
    });
    var summary = document.getElementById("cm-error-summary");
    var list = summary.querySelector("ul");
    list.textContent = "";
    if (all && result.errors.length) {
      result.errors.forEach(function (e) {
        var item = document.createElement("li");
        var link = document.createElement("a");
        link.href = "#" + (focusTarget(e[0]) || {}).id;
        link.textContent = e[1];
        link.addEventListener("click", function (event) {
          var target = focusTarget(e[0]);
          if (target) { event.preventDefault(); target.focus(); target.scrollIntoView({ block: "center" }); }
        });
        item.appendChild(link);
        list.appendChild(item);
      });
      result.warnings.forEach(function (w) {
        var item = document.createElement("li");
        item.textContent = "Warning: " + w[1];
        list.appendChild(item);
      });
      summary.hidden = false;
    } else if (!result.errors.length || !all) {
      summary.hidden = !(all && result.errors.length);
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

  // The file ------------------------------------------------------------------

  function slug(name) {
    return name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
  }

  function q(text) {
    return JSON.stringify(text);  // a JSON string is a valid double-quoted YAML string
  }

  function toYaml(doc) {
    var lines = ["# yaml-language-server: $schema=signatory.schema.json"];
    if (doc.demonstration) lines.push("demonstration: true");
    var org = doc.organisation;
    lines.push("organisation:");
    ["name", "kind", "identifier"].forEach(function (k) { if (org[k]) lines.push("  " + k + ": " + q(org[k])); });
    if (org.area) lines.push("  area: [" + org.area.map(q).join(", ") + "]");
    ["website", "contact"].forEach(function (k) { if (org[k]) lines.push("  " + k + ": " + q(org[k])); });
    lines.push("signed:");
    ["date", "by", "decision"].forEach(function (k) {
      if (doc.signed[k]) lines.push("  " + k + ": " + (k === "date" ? doc.signed[k] : q(doc.signed[k])));
    });
    lines.push("assessment:", "  code_version: " + doc.assessment.code_version);
    if (doc.assessment.date) lines.push("  date: " + doc.assessment.date);
    lines.push("  criteria:");
    Object.keys(doc.assessment.criteria).forEach(function (id) {
      var answer = doc.assessment.criteria[id];
      lines.push("    " + q(id) + ":");
      ["status", "evidence", "note"].forEach(function (k) { if (answer[k]) lines.push("      " + k + ": " + q(answer[k])); });
    });
    if (doc.withdrawn) {
      lines.push("withdrawn:", "  date: " + doc.withdrawn.date, "  reason: " + q(doc.withdrawn.reason || ""));
    }
    return lines.join("\n") + "\n";
  }

  function produce(doc) {
    var text = toYaml(doc);
    var name = slug(doc.organisation.name) + ".yml";
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

  // Loading an existing file ----------------------------------------------------

  function set(path, text) {
    var element = byPath(path);
    if (element && text !== undefined && text !== null) element.value = String(text);
  }

  function load(text) {
    var doc;
    try {
      // The failsafe schema reads every value as written: 4.10 stays "4.10".
      doc = window.jsyaml.load(text, { schema: window.jsyaml.FAILSAFE_SCHEMA });
    } catch (error) {
      return [["", "The file could not be read: " + error.message.split("\n")[0]]];
    }
    if (!doc || typeof doc !== "object") return [["", "The file does not hold a self-assessment."]];
    var org = doc.organisation || {}, signed = doc.signed || {}, assessment = doc.assessment || {};
    form.dataset.demonstration = String(doc.demonstration === "true");
    if (doc.withdrawn) form.dataset.withdrawn = JSON.stringify(doc.withdrawn);
    ["name", "kind", "identifier", "website", "contact"].forEach(function (k) { set("organisation." + k, org[k]); });
    if (org.area) set("organisation.area", [].concat(org.area).join(", "));
    ["date", "by", "decision"].forEach(function (k) { set("signed." + k, signed[k]); });
    set("assessment.date", assessment.date);
    applyKind();
    var criteria = assessment.criteria || {};
    Object.keys(criteria).forEach(function (id) {
      var answer = criteria[id] || {};
      var radio = form.querySelector('input[name="c-' + id + '"][value="' + answer.status + '"]');
      if (radio) radio.checked = true;
      set("assessment.criteria." + id + ".evidence", answer.evidence);
      set("assessment.criteria." + id + ".note", answer.note);
    });
    var unknown = Object.keys(criteria).filter(function (id) {
      return !data.criteria.some(function (c) { return c.id === id; });
    });
    return unknown.map(function (id) { return ["", "The file answers criterion " + id + ", which is not in the code: that answer was left out."]; });
  }

  // Wiring -----------------------------------------------------------------------

  function refresh() {
    var doc = collect();
    var result = check(doc);
    show(result, shownAll);
    document.getElementById("cm-level").textContent = levelText(doc);
    if (!result.errors.length && shownAll) finish(doc, result);
    else document.getElementById("cm-result").hidden = true;
    return result;
  }

  function finish(doc, result) {
    produce(doc);
    var valid = document.getElementById("cm-valid");
    valid.textContent = "Your self-assessment is complete and valid. " + levelText(doc) +
      (result.warnings.length ? " Please look at the warnings above." : "");
    document.getElementById("cm-result").hidden = false;
  }

  function loadProblems(problems) {
    var summary = document.getElementById("cm-error-summary");
    problems.forEach(function (p) {
      var item = document.createElement("li");
      item.textContent = p[1];
      summary.querySelector("ul").appendChild(item);
    });
    if (problems.length) summary.hidden = false;
  }

  fetch(form.getAttribute("data-data")).then(function (response) { return response.json(); }).then(function (loaded) {
    data = loaded;
    document.getElementById("cm-nojs").hidden = true;
    form.hidden = false;
    applyKind();
    form.addEventListener("input", function (event) {
      var path = event.target.getAttribute("data-path");
      if (path) touched[path] = true;
      if (path === "organisation.kind") applyKind();
      refresh();
    });
    form.addEventListener("change", function (event) {
      var path = event.target.getAttribute("data-path");
      if (path) touched[path] = true;
      if (path === "organisation.kind") applyKind();
      refresh();
    });
    document.getElementById("cm-check").addEventListener("click", function () {
      shownAll = true;
      var result = refresh();
      if (result.errors.length) document.getElementById("cm-error-summary").focus();
      else document.getElementById("cm-result-title").focus();
    });
    document.getElementById("f-load").addEventListener("change", function (event) {
      var file = event.target.files[0];
      if (!file) return;
      file.text().then(function (text) {
        var problems = load(text);
        shownAll = true;
        refresh();
        loadProblems(problems);
        document.getElementById("cm-error-summary").focus();
      });
    });
    refresh();
  });
})();
