/* codemark's rules for a signatory file, in the browser and under Node.

   A generic evaluator of what codemark exports in sign/form-data.json: the
   fields of a file, the checks that follow, the statuses and levels, the
   text patterns and every message. It holds no rule and no message of its
   own. Each kind of field and each kind of check is carried out here as
   codemark carries it out (src/codemark/schema.py, signatories/checks.py,
   rules.py), counting characters as Python does, and tests/test_parity.py
   runs both on the same files.

   Loaded by the sign-up page as a plain script (window.CodemarkRules) and by
   the tests with require(). */
(function (root, factory) {
  if (typeof module === "object" && module.exports) module.exports = factory();
  else root.CodemarkRules = factory();
}(typeof self !== "undefined" ? self : this, function () {
  "use strict";

  // Text as Python sees it: a string of code points -----------------------------

  function chars(text) { return Array.from(text); }
  function length(text) { return chars(text).length; }
  function slice(text, start, end) { return chars(text).slice(start, end).join(""); }
  function codePointIndex(text, index) { return chars(text.slice(0, index)).length; }

  var compiled = {};
  // Patterns are exported in the part of regular expressions both languages read alike.
  function regex(source, how) {
    var key = how + "\u0000" + source;
    if (!compiled[key]) {
      var body = how === "full" ? "^(?:" + source + ")$" : how === "start" ? "^(?:" + source + ")" : source;
      compiled[key] = new RegExp(body, how === "all" ? "g" : "");
    }
    return compiled[key];
  }
  function fullmatch(source, text) { return regex(source, "full").test(text); }
  function match(source, text) { return regex(source, "start").test(text); }
  function search(source, text) { return regex(source, "search").exec(text); }

  // str.strip(), a character at a time: a pattern anchored at the end would take time in
  // proportion to the square of a long run of spaces.
  function strip(text, data) {
    var space = regex(data.text.space, "full"), start = 0, end = text.length;
    while (start < end && space.test(text.charAt(start))) start++;
    while (end > start && space.test(text.charAt(end - 1))) end--;
    return text.slice(start, end);
  }

  function splitSpace(text, data) {  // str.split()
    return strip(text, data).split(regex(data.text.space + "+", "search")).filter(Boolean);
  }
  function thousands(number) { return String(number).replace(/\B(?=(\d{3})+(?!\d))/g, ","); }
  function hex4(code) { var h = code.toString(16).toUpperCase(); while (h.length < 4) h = "0" + h; return h; }
  function titleCase(word) { return word.charAt(0).toUpperCase() + word.slice(1).toLowerCase(); }
  function orList(words) { return words.length === 1 ? words[0] : words.slice(0, -1).join(", ") + " or " + words[words.length - 1]; }

  // difflib.get_close_matches(word, possibilities, n=1, cutoff), as CPython computes it.
  function ratio(a, b) {
    var b2j = new Map();
    b.forEach(function (element, j) { if (!b2j.has(element)) b2j.set(element, []); b2j.get(element).push(j); });
    if (b.length >= 200) {  // autojunk: elements more common than 1% are not matched on
      var most = Math.floor(b.length / 100) + 1;
      Array.from(b2j.keys()).forEach(function (element) { if (b2j.get(element).length > most) b2j.delete(element); });
    }
    function longest(alo, ahi, blo, bhi) {
      var besti = alo, bestj = blo, bestsize = 0, j2len = new Map();
      for (var i = alo; i < ahi; i++) {
        var next = new Map(), js = b2j.get(a[i]) || [];
        for (var n = 0; n < js.length; n++) {
          var j = js[n];
          if (j < blo) continue;
          if (j >= bhi) break;
          var k = (j2len.get(j - 1) || 0) + 1;
          next.set(j, k);
          if (k > bestsize) { besti = i - k + 1; bestj = j - k + 1; bestsize = k; }
        }
        j2len = next;
      }
      while (besti > alo && bestj > blo && a[besti - 1] === b[bestj - 1]) { besti--; bestj--; bestsize++; }
      while (besti + bestsize < ahi && bestj + bestsize < bhi && a[besti + bestsize] === b[bestj + bestsize]) bestsize++;
      return [besti, bestj, bestsize];
    }
    var matches = 0, queue = [[0, a.length, 0, b.length]];
    while (queue.length) {
      var q = queue.pop(), found = longest(q[0], q[1], q[2], q[3]), i = found[0], j = found[1], k = found[2];
      if (k) {
        matches += k;
        if (q[0] < i && q[2] < j) queue.push([q[0], i, q[2], j]);
        if (i + k < q[1] && j + k < q[3]) queue.push([i + k, q[1], j + k, q[3]]);
      }
    }
    var total = a.length + b.length;
    return total ? 2.0 * matches / total : 1.0;
  }

  function closeMatch(text, choices, cutoff) {
    var lowered = new Map();
    choices.forEach(function (choice) { lowered.set(choice.toLowerCase(), choice); });
    var word = chars(text.toLowerCase()), best = null;
    lowered.forEach(function (choice, low) {
      var score = ratio(chars(low), word);
      if (score >= cutoff && (best === null || score > best[0] || (score === best[0] && low > best[1]))) best = [score, low];
    });
    return best ? lowered.get(best[1]) : "";
  }

  // Messages ----------------------------------------------------------------------

  function fill(template, params) {
    return template.replace(/\{(\w+)(:,)?\}/g, function (_, name, comma) {
      var value = params[name];
      return comma ? thousands(value) : String(value);
    });
  }

  function problem(data, at, rule, params, options) {
    options = options || {};
    var where = (options.at || at).join(" \u203a ");
    var text = fill(data.messages[rule].file, params);
    return {
      field: options.field || at, rule: rule, params: params,
      severity: options.severity || "error",
      message: where ? where + ": " + text : text,
      line: options.line || 0
    };
  }

  // Reading a file: bytes, then text, then YAML, as codemark reads them -------------

  // The byte at which a sequence stops being UTF-8, as Python's decoder reports it; -1 if none.
  function utf8Error(bytes) {
    for (var i = 0; i < bytes.length;) {
      var b = bytes[i], need = 0, low = 0x80, high = 0xBF;
      if (b < 0x80) { i++; continue; }
      if (b >= 0xC2 && b <= 0xDF) need = 1;
      else if (b >= 0xE0 && b <= 0xEF) { need = 2; if (b === 0xE0) low = 0xA0; if (b === 0xED) high = 0x9F; }
      else if (b >= 0xF0 && b <= 0xF4) { need = 3; if (b === 0xF0) low = 0x90; if (b === 0xF4) high = 0x8F; }
      else return i;
      for (var n = 1; n <= need; n++) {
        var c = bytes[i + n];
        if (c === undefined || c < (n === 1 ? low : 0x80) || c > (n === 1 ? high : 0xBF)) return i;
      }
      i += need + 1;
    }
    return -1;
  }

  function roundHalfEven(x) {
    var floor = Math.floor(x), rest = x - floor;
    return rest > 0.5 ? floor + 1 : rest < 0.5 ? floor : (floor % 2 === 0 ? floor : floor + 1);
  }

  // A file's bytes become its text, or the problem that stops it.
  function readBytes(bytes, name, data) {
    var base = name.replace(/^.*\//, ""), suffix = /.\.([^.]*)$/.exec(base), stem = suffix ? base.slice(0, -suffix[1].length - 1) : base;
    suffix = suffix ? ["." + suffix[1]] : null;
    if (!suffix || suffix[0] !== ".yml") {
      return { problem: suffix && suffix[0] === ".yaml" ? fileProblem(data, "wrong-suffix-yaml", { stem: stem }, 1) : fileProblem(data, "wrong-suffix", {}, 1) };
    }
    if (bytes.length > data.max_bytes) {
      return { problem: fileProblem(data, "too-big", { size: thousands(roundHalfEven(bytes.length / 1024)), limit: Math.floor(data.max_bytes / 1024) }) };
    }
    if ((bytes[0] === 0xFF && bytes[1] === 0xFE) || (bytes[0] === 0xFE && bytes[1] === 0xFF)) {
      return { problem: fileProblem(data, "utf-16", {}) };
    }
    if (bytes[0] === 0xEF && bytes[1] === 0xBB && bytes[2] === 0xBF) bytes = bytes.subarray(3);
    var bad = utf8Error(bytes);
    if (bad !== -1) {
      var line = 1, start = 0;
      for (var i = 0; i < bad; i++) if (bytes[i] === 0x0A) { line++; start = i + 1; }
      var params = { byte: ("0" + bytes[bad].toString(16)).slice(-2), column_number: bad - start + 1 };
      return { problem: fileProblem(data, "not-utf-8", params, bad - start + 1, line) };
    }
    return { text: new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes) };
  }

  function fileProblem(data, rule, params, column, line) {
    var found = problem(data, [], rule, params);
    found.line = line || 1;
    found.column = column || 0;
    return found;
  }

  // YAML text becomes a tree of nodes like PyYAML's: each scalar as written, plain or
  // quoted; each mapping as its pairs in order, repeated keys and all. js-yaml builds
  // plain objects, so the listener wraps each scalar as it is read, and gives each key
  // a unique name, keeping the key itself aside.
  function readYaml(text, jsyaml, data) {
    var stack = [], keys = {}, count = 0, order = 0, anchor = null;
    function scalarStart(position) {  // the first character of a node's content
      var i = position, blank = " \t\r\n";
      for (;;) {
        while (i < text.length && blank.indexOf(text.charAt(i)) !== -1) i++;
        var c = text.charAt(i);
        if (c === "#") { while (i < text.length && text.charAt(i) !== "\n") i++; continue; }
        if (c !== "!" && c !== "&") return c;  // past the node's tag and anchor
        while (i < text.length && blank.indexOf(text.charAt(i)) === -1) i++;
      }
    }
    function followedByColon(position) {  // a key: the node is followed on its line by ":"
      var i = position;
      while (text.charAt(i) === " " || text.charAt(i) === "\t") i++;
      return text.charAt(i) === ":";
    }
    function listener(event, state) {
      if (event === "open") {
        stack.push({ order: order++, line: state.line, position: state.position, explicitKey: text.charAt(state.position - 1) === "?" });
        return;
      }
      var frame = stack.pop(), result = state.result;
      if (state.anchor !== null && (anchor === null || frame.order < anchor.order)) anchor = { name: state.anchor, order: frame.order, line: frame.line };
      if (!(result instanceof String && result.node)) {
        if (result === null || typeof result === "string") {
          var plain = result === null ? true : state.tag === "?" ? true : state.tag === null ? false : "\"'|>".indexOf(scalarStart(frame.position)) === -1;
          var wrapped = new String(result === null ? "" : result);
          wrapped.node = { kind: "scalar", value: result === null ? "" : result, plain: plain, line: frame.line + 1 };
          result = state.result = wrapped;
        }
      }
      if (frame.explicitKey || followedByColon(state.position)) {
        if (!(result instanceof String && result.key)) {
          var token = new String("\u0000key" + (count++));
          token.key = true;
          keys[String(token)] = { value: result, line: frame.line + 1 };  // made a node once read
          state.result = token;
        }
      }
    }
    // Only comments and spaces: no document at all, as PyYAML sees it ("---" alone is one).
    if (text.split("\n").every(function (line) { return /^[ \t\r]*(?:#.*)?$/.test(line); })) return { empty: true };
    var schema = jsyaml.FAILSAFE_SCHEMA.extend({
      explicit: ["scalar", "sequence", "mapping"].map(function (kind) {
        return new jsyaml.Type("", { kind: kind, multi: true, resolve: function () { return true; }, construct: function (value) { return value; } });
      })
    });
    var value;
    try {
      value = jsyaml.load(text, { schema: schema, listener: listener });
    } catch (error) {
      return { syntax: String(error.message || error).split("\n")[0] };
    }
    if (value === undefined) return { empty: true };
    // Before anything is expanded: an alias could make a small file a huge tree.
    if (anchor !== null) return { anchor: anchor };
    var node = toNode(value, keys, 1);
    if (depth(node) > data.yaml.max_depth) return { syntax: "nesting depth" };
    return { node: node };
  }

  function toNode(value, keys, line) {
    if (value instanceof String && value.node) return value.node;
    if (value === null || value === undefined) return { kind: "scalar", value: "", plain: true, line: line };
    if (Array.isArray(value)) return { kind: "seq", items: value.map(function (item) { return toNode(item, keys, line); }), line: line };
    if (typeof value === "object") {
      return {
        kind: "map", line: line,
        pairs: Object.keys(value).map(function (key) {
          var keyNode = keys[key] ? toNode(keys[key].value, keys, keys[key].line) : { kind: "scalar", value: key, plain: true, line: line };
          keyNode.line = keys[key] ? keys[key].line : line;
          return [keyNode, toNode(value[key], keys, keyNode.line)];
        })
      };
    }
    return { kind: "scalar", value: String(value), plain: true, line: line };
  }

  function depth(node) {
    var deepest = 0, stack = [[node, 1]];
    while (stack.length) {
      var item = stack.pop(), n = item[0], d = item[1];
      if (n.kind === "scalar") continue;
      if (d > deepest) deepest = d;
      (n.kind === "seq" ? n.items : n.pairs.reduce(function (all, p) { return all.concat(p); }, [])).forEach(function (child) { stack.push([child, d + 1]); });
    }
    return deepest;
  }

  // A file's text becomes a tree, or the problem that stops it.
  function readText(text, data, jsyaml) {
    prepare(data);
    var read = readYaml(text, jsyaml, data);
    if (read.syntax !== undefined) return { problem: fileProblem(data, "yaml-error", { error: read.syntax }), syntax: true };
    if (read.empty) return { problem: fileProblem(data, "empty-file", {}, 1) };
    if (read.anchor) {
      var params = { kind: "anchor", sign: "&", name: read.anchor.name };
      return { problem: fileProblem(data, "yaml-anchor", params, 0, read.anchor.line + 1) };
    }
    return { node: read.node };
  }

  // Fields: each kind read as codemark.schema reads it ------------------------------

  var INVALID = { invalid: true };
  var yamlWords = null;  // the plain words codemark does not read as written, from the data

  function isNull(node) { return node.kind === "scalar" && node.plain && yamlWords.nulls.indexOf(node.value) !== -1; }

  function found(node, data) {
    if (node.kind === "map") return fill(data.messages["found-section"].file, {});
    if (node.kind === "seq") return fill(data.messages["found-list"].file, {});
    if (isNull(node)) return fill(data.messages["found-nothing"].file, {});
    var value = length(node.value) <= 60 ? node.value : slice(node.value, 0, 57) + "...";
    return fill(data.messages["found-value"].file, { value: value });
  }

  function Reader(data, options) {
    this.data = data;
    this.today = options.today;
    this.problems = [];
  }
  // The message names the field "at"; the problem is about "field" when more precise.
  Reader.prototype.report = function (node, at, rule, params, severity, field) {
    var found = problem(this.data, field || at, rule, params, { severity: severity, line: node.line, at: at });
    this.problems.push(found);
    return INVALID;
  };

  function expecting(field) { return field.expected; }

  function read(field, node, r, at) {
    switch (field.kind) {
      case "record": return readRecord(field, node, r, at);
      case "map": return readMap(field, node, r, at);
      case "list": return readList(field, node, r, at);
      default: return readScalar(field, node, r, at);
    }
  }

  function readScalar(field, node, r, at) {
    if (node.kind !== "scalar") return r.report(node, at, "expected", { expected: expecting(field), found: found(node, r.data) });
    if (isNull(node)) return r.report(node, at, "no-value", { expected: expecting(field) });
    if (node.value.indexOf("...") !== -1 && search(r.data.text.placeholder, node.value)) {
      return r.report(node, at, "placeholder", { expected: expecting(field) });
    }
    return convert(field, node, node.value, r, at);
  }

  function convert(field, node, text, r, at) {
    switch (field.kind) {
      case "text": case "email": case "url": return convertText(field, node, text, r, at);
      case "boolean":
        var words = r.data.yaml;
        if (node.plain && Object.prototype.hasOwnProperty.call(words.booleans, text)) return words.booleans[text];
        return r.report(node, at, words.yaml11_booleans.indexOf(text.toLowerCase()) !== -1 ? "not-boolean-yaml11" : "not-boolean", { found: found(node, r.data) });
      case "date": return convertDate(field, node, text, r, at);
      case "choice": return convertChoice(field, node, text, r, at);
      case "criterion": return convertCriterion(field, node, text, r, at);
      case "integer":
        if (!node.plain || !fullmatch("[0-9]+", text)) return r.report(node, at, "not-integer", { found: found(node, r.data) });
        var number = parseInt(text, 10);
        if (number < field.minimum || number > field.maximum) return r.report(node, at, "out-of-range", { number: number, minimum: field.minimum, maximum: field.maximum });
        return number;
      default: throw new Error("codemark-rules: unknown kind of field " + field.kind);
    }
  }

  function refusedText(text, multiline, data) {
    var patterns = data.text, hidden;
    if ((hidden = search(patterns.control, text))) return ["control-character", { code: hex4(hidden[0].codePointAt(0)), position: codePointIndex(text, hidden.index) + 1 }];
    if ((hidden = search(patterns.direction, text))) return ["direction-character", { code: hex4(hidden[0].codePointAt(0)), position: codePointIndex(text, hidden.index) + 1 }];
    if ((hidden = search(patterns.html, text))) {
      var start = codePointIndex(text, hidden.index);
      return [multiline ? "html-in-notes" : "html", { snippet: slice(text, start, start + 12) }];
    }
    if (!multiline && match(patterns.formula, text)) return ["formula", { first: chars(text)[0] }];
    return null;
  }

  function convertText(field, node, text, r, at) {
    text = strip(text, r.data);
    if (!text) return r.report(node, at, "empty-text", {});
    var refused = refusedText(text, field.multiline, r.data);
    if (refused) return r.report(node, at, refused[0], refused[1]);
    if (length(text) > field.max_length) return r.report(node, at, "too-long", { length: length(text), limit: field.max_length });
    if (!field.multiline && search(r.data.text.line_break, text)) return r.report(node, at, "single-line", {});
    if (field.pattern && !fullmatch(field.pattern, text)) return r.report(node, at, "pattern", { text: text, hint: field.pattern_hint });
    for (var n = 0; n < (field.refusals || []).length; n++) {
      var refusal = field.refusals[n], pattern = regex(refusal.find + (refusal.capture ? "(" + refusal.capture + ")" : ""), "all"), found;
      pattern.lastIndex = 0;
      while ((found = pattern.exec(text)) !== null) {
        if (found[0] === "") pattern.lastIndex++;
        var captured = refusal.capture ? found[1] : found[0];
        if (!refusal.allow || !match(refusal.allow, captured)) return r.report(node, at, refusal.message, { found: slice(captured, 0, 60) });
      }
    }
    if (field.kind === "url" && !fullmatch(field.address, text)) return r.report(node, at, "not-url", { text: text, scheme: field.scheme });
    return text;
  }

  function convertDate(field, node, text, r, at) {
    text = strip(text, r.data);
    var real = fullmatch(r.data.patterns.date, text);
    if (real) {
      var parts = text.split("-").map(Number), day = new Date(Date.UTC(2000, parts[1] - 1, parts[2]));
      day.setUTCFullYear(parts[0]);
      real = parts[0] >= 1 && day.getUTCFullYear() === parts[0] && day.getUTCMonth() === parts[1] - 1 && day.getUTCDate() === parts[2];
    }
    if (!real) return r.report(node, at, "not-date", { found: found(node, r.data) });
    if (field.not_future && r.today && text > r.today) return r.report(node, at, "future-date", { text: text, today: r.today });
    return text;
  }

  function convertChoice(field, node, text, r, at) {
    if (field.values.indexOf(text) !== -1) return text;
    var suggestion = closeMatch(text, field.values, 0.6);
    return r.report(node, at, suggestion ? "not-choice-close" : "not-choice", { text: text, noun: field.noun, suggestion: suggestion, allowed: field.values.join(", ") });
  }

  function convertCriterion(field, node, text, r, at) {
    if (field.values.indexOf(text) !== -1) return text;
    // Criteria are numbered within their principle: 4.2 is principle 4's second.
    var prefix = text.split(".")[0], number = /^[0-9]+$/.test(prefix) ? parseInt(prefix, 10) : -1;
    var siblings = field.values.filter(function (id) { return parseInt(id.split(".")[0], 10) === number; });
    if (siblings.length) return r.report(node, at, "not-criterion-in-principle", { text: text, principle: prefix, first: siblings[0], last: siblings[siblings.length - 1] });
    return r.report(node, at, "not-criterion", { text: text, first: field.values[0], last: field.values[field.values.length - 1] });
  }

  function readList(field, node, r, at) {
    if (node.kind !== "seq") return r.report(node, at, "not-list", { found: found(node, r.data), example: field.example });
    if (node.items.length < field.min_items) return field.min_items === 1 ? r.report(node, at, "no-items", {}) : r.report(node, at, "too-few-items", { count: field.min_items });
    var values = [], seen = [], invalid = false;
    node.items.forEach(function (child, index) {
      var value = read(field.item, child, r, at.concat(["item " + (index + 1)]));
      if (value === INVALID) invalid = true;
      else if (field.unique) {
        if (seen.indexOf(value) !== -1) { r.report(child, at, "listed-twice", { value: value }); return; }
        seen.push(value);
      }
      values.push(value);
    });
    return invalid ? INVALID : values;
  }

  function readRecord(field, node, r, at) {
    var names = field.props.map(function (p) { return p.name; });
    if (node.kind !== "map") return r.report(node, at, "not-section", { fields: names.join(", "), found: found(node, r.data) });
    var values = {}, lines = {}, suggested = [], complete = true;
    node.pairs.forEach(function (pair) {
      var keyNode = pair[0], valueNode = pair[1];
      var key = keyNode.kind === "scalar" ? keyNode.value : null;
      var prop = key === null ? null : field.props.filter(function (p) { return p.name === key; })[0];
      if (!prop) {
        if (key === null) { r.report(keyNode, at, "key-not-plain", { fields: names.join(", ") }); suggested.push(""); return; }
        var suggestion = closeMatch(key, names, 0.7);
        r.report(keyNode, at, suggestion ? "unknown-field-close" : "unknown-field", { key: key, suggestion: suggestion, fields: names.join(", ") });
        suggested.push(suggestion);
        return;
      }
      if (Object.prototype.hasOwnProperty.call(lines, key)) { r.report(keyNode, at, "duplicate-key", { key: key, first: lines[key] }, "error", at.concat([key])); return; }
      lines[key] = keyNode.line;
      if (!prop.required && isNull(valueNode)) return;  // an optional field left blank is simply not given
      values[key] = read(prop.field, valueNode, r, at.concat([key]));
      if (values[key] === INVALID) complete = false;
    });
    field.props.forEach(function (prop) {
      if (prop.required && !Object.prototype.hasOwnProperty.call(values, prop.name)) {
        complete = false;
        if (suggested.indexOf(prop.name) !== -1) return;
        r.report(node, at, "missing-field", { key: prop.name, example: prop.example }, "error", at.concat([prop.name]));
      }
    });
    if (!complete) return INVALID;
    values.lines = lines;
    return values;
  }

  function readMap(field, node, r, at) {
    if (node.kind !== "map") return r.report(node, at, "not-map", { noun: field.key.noun, found: found(node, r.data) });
    var entries = { keys: [], values: {}, lines: {} }, complete = true;
    node.pairs.forEach(function (pair) {
      var keyNode = pair[0];
      if (keyNode.kind !== "scalar") { r.report(keyNode, at, "key-not-id", { noun: field.key.noun }); complete = false; return; }
      var key = convert(field.key, keyNode, strip(keyNode.value, r.data), r, at);
      if (key === INVALID) { complete = false; return; }
      if (Object.prototype.hasOwnProperty.call(entries.lines, key)) { r.report(keyNode, at, "duplicate-key", { key: key, first: entries.lines[key] }, "error", at.concat([key])); complete = false; return; }
      entries.lines[key] = keyNode.line;
      entries.keys.push(key);
      entries.values[key] = read(field.value, pair[1], r, at.concat([key]));
      if (entries.values[key] === INVALID) complete = false;
    });
    return complete ? entries : INVALID;
  }

  // Checks: each kind as codemark.signatories.checks carries it out ------------------

  function valueAt(doc, path) {
    var value = doc;
    for (var i = 0; i < path.length; i++) {
      if (value === undefined || value === null) return null;
      value = value.values && value.keys ? value.values[path[i]] : value[path[i]];
    }
    return value === undefined ? null : value;
  }

  function slugify(text) { return text.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, ""); }

  function alphabetsOf(text, data) {
    var table = data.alphabets, found = {};
    chars(text).forEach(function (ch) {
      var code = ch.codePointAt(0), low = 0, high = table.runs.length - 1;
      while (low <= high) {
        var mid = (low + high) >> 1, run = table.runs[mid];
        if (code < run[0]) high = mid - 1;
        else if (code > run[1]) low = mid + 1;
        else { found[table.names[run[2]]] = true; return; }
      }
    });
    return Object.keys(found);
  }

  function fold(name, data) { return splitSpace(name.normalize("NFKC").toLowerCase(), data).join(" "); }

  function hostOf(address, data) {
    var found = search(data.patterns.host, address);
    return (found ? found[1] : "").toLowerCase().replace(/\.+$/, "");
  }

  function onDomain(host, domains) {
    host = host.toLowerCase().replace(/\.+$/, "");
    return domains.some(function (d) { return host === d || host.slice(-(d.length + 1)) === "." + d; });
  }

  function one(check, params) { return [{ message: check.message, params: params }]; }

  var STOP = { stop: true };

  function statusOf(data, id) { return data.statuses.filter(function (s) { return s.id === id; })[0]; }
  function criterionOf(data, id) { return data.criteria_by_id[id]; }

  var KINDS = {
    "alphabets": function (check, doc, c) {
      var name = valueAt(doc, check.field), found = alphabetsOf(name, c.data);
      if (found.length < 2) return [];
      return one(check, { name: name, alphabets: found.map(titleCase).sort().join(", ") });
    },
    "file-name": function (check, doc, c) {
      var name = valueAt(doc, check.field), expected = slugify(name);
      if (c.slug === expected && expected) return [];
      return [{ message: expected ? check.message : "file-name-empty", params: { slug: c.slug, name: name, expected: expected }, at: [] }];
    },
    "demonstration-prefix": function (check, doc, c) {
      var identifier = valueAt(doc, check.field), demo = doc.demonstration === true;
      if (demo === (identifier.indexOf(c.data.demo_prefix) === 0)) return [];
      return [{ message: demo ? "demonstration-identifier" : "reserved-identifier", params: { prefix: c.data.demo_prefix, example: c.data.identifier_example } }];
    },
    "only-real-bodies": function (check, doc) { return doc.demonstration === true ? STOP : []; },
    "namesake": function (check, doc, c) {
      var org = doc.organisation, other = c.data.known_names[fold(org.name, c.data)];
      if (other === undefined || other === org.identifier) return [];
      return one(check, { name: org.name, other: other, identifier: org.identifier });
    },
    "known-identifier": function (check, doc, c) {
      if (Object.keys(c.data.known).length === 0) return STOP; // the site keeps no list
      var identifier = doc.organisation.identifier;
      return Object.prototype.hasOwnProperty.call(c.data.known, identifier) ? [] : one(check, { identifier: identifier, bodies: c.data.bodies });
    },
    "known-name": function (check, doc, c) {
      var org = doc.organisation, body = c.data.known[org.identifier];
      if (fold(org.name, c.data) === fold(body.name, c.data)) return [];
      return one(check, { identifier: org.identifier, body: body.name, file: slugify(body.name), name: org.name });
    },
    "known-kind": function (check, doc, c) {
      var org = doc.organisation, body = c.data.known[org.identifier];
      if (body.kind === org.kind) return [];
      return one(check, { identifier: org.identifier, body: body.name, body_kind: body.kind, kind: org.kind });
    },
    "known-domain": function (check, doc, c) {
      var body = c.data.known[doc.organisation.identifier], value = valueAt(doc, check.field);
      var host = check.params.host === "web" ? hostOf(value, c.data) : value.slice(value.lastIndexOf("@") + 1);
      var domains = [].concat.apply([], check.params.lists.map(function (name) { return body[name]; }));
      if (onDomain(host, domains)) return [];
      return one(check, { host: host, body: body.name, domains: domains.join(", ") });
    },
    "personal-mailbox": function (check, doc, c) {
      var contact = valueAt(doc, check.field), mailbox = contact.slice(0, Math.max(contact.lastIndexOf("@"), 0)).toLowerCase();
      if (fullmatch(c.data.patterns.personal_mailbox, mailbox) && !search(c.data.patterns.role_words, mailbox)) return one(check, { contact: contact });
      return [];
    },
    "refused": function (check, doc, c) {
      var text = valueAt(doc, check.field);
      return match(c.data.patterns[check.params.pattern], text) ? one(check, { text: text }) : [];
    },
    "published": function (check, doc, c) {
      var id = check.params && check.params.version === "first" ? c.data.version_order[0] : doc.assessment.code_version;
      var version = c.data.versions[id], day = valueAt(doc, check.field);
      if (day >= version.date) return [];
      return one(check, { date: day, version: id, published: version.text });
    },
    "not-before": function (check, doc) {
      var day = valueAt(doc, check.field), other = valueAt(doc, check.params.other);
      if (day === null || other === null || day > other || (day === other && !check.params.strictly)) return [];
      return one(check, { date: day, other: other });
    },
    "answers": function (check, doc, c) {
      var answered = doc.assessment.criteria, version = doc.assessment.code_version, kind = doc.organisation.kind;
      var inVersion = c.data.in_version[version], found = [];
      answered.keys.forEach(function (id) {
        var at = check.field.concat([id]), criterion = criterionOf(c.data, id), answer = answered.values[id];
        if (inVersion.indexOf(id) === -1) { found.push({ message: "criterion-later-version", params: { id: id, since: criterion.since, version: version }, field: at }); return; }
        if (criterion.applies_to.indexOf(kind) === -1) {
          found.push({ message: "criterion-other-kind", params: { id: id, kinds: criterion.applies_to_names.join(", ") }, field: at });
          return;
        }
        var status = statusOf(c.data, answer.status);
        if (status.only_if_na_allowed && !criterion.na_allowed) {
          var allowed = c.data.statuses.filter(function (s) { return !s.only_if_na_allowed || criterion.na_allowed; }).map(function (s) { return s.id; });
          found.push({ message: "status-not-allowed", params: { id: id, status: status.id, allowed: orList(allowed) }, field: at.concat(["status"]) });
          return;
        }
        for (var n = 0; n < status.requires.length; n++) {
          var requirement = status.requires[n];
          if (criterion[requirement.when] && !answer[requirement.field]) {
            found.push({ message: requirement.message, params: { id: id, words: status.words }, field: at.concat([requirement.field]), at: at });
            break;
          }
        }
      });
      return found;
    },
    "due": function (check, doc, c) {
      var answered = doc.assessment.criteria;
      var missing = due(c.data, doc.organisation.kind, doc.assessment.code_version, doc.assessment.date).filter(function (id) { return answered.keys.indexOf(id) === -1; });
      if (!missing.length) return [];
      return [{ message: missing.length === 1 ? "not-answered" : "not-answered-many", params: { count: missing.length, listed: listed(missing), missing: missing } }];
    },
    // Earlier assessments, as codemark.signatories.checks.history judges them.
    "history": function (check, doc, c) {
      var p = check.params, kind = doc.organisation.kind, signed = doc.signed.date;
      var later = doc.assessment.date, above = 0, found = [];
      (doc.history || []).forEach(function (item, index) {
        var at = check.field.concat(["item " + (index + 1)]), day = item.date, version = item.code_version;
        var published = c.data.versions[version], dateAt = at.concat(["date"]);
        if (day < published.date) found.push({ message: p.published, params: { date: day, version: version, published: published.text }, field: dateAt });
        if (day >= later) {
          found.push({ message: above ? check.message : p.first, params: { date: day, above: String(above), other: later }, field: dateAt });
        } else if (day < signed) {
          found.push({ message: p.signed, params: { date: day, other: signed }, field: dateAt });
        }
        later = day; above = index + 1;
        var inVersion = c.data.in_version[version];
        item.criteria.keys.forEach(function (id) {
          var criterion = criterionOf(c.data, id), where = at.concat(["criteria", id]);
          if (inVersion.indexOf(id) === -1) found.push({ message: p.version, params: { id: id, since: criterion.since, version: version }, field: where });
          else if (criterion.applies_to.indexOf(kind) === -1) found.push({ message: p.kind, params: { id: id, kinds: criterion.applies_to_names.join(", ") }, field: where });
        });
      });
      return found;
    },
    "claims": function (check, doc, c) {
      var identifier = doc.organisation.identifier, other = c.data.claims[identifier];
      if (other === undefined || other === c.path) return [];
      return one(check, { identifier: identifier, others: other });
    }
  };

  function listed(ids) { return ids.slice(0, 12).join(", ") + (ids.length > 12 ? " and more" : ""); }

  // The criteria a file must answer: its version's, for its kind, except any that takes
  // effect after the assessment (codemark.rules.due).
  function due(data, kind, version, assessedOn) {
    var inVersion = data.in_version[version] || [];
    return data.criteria.filter(function (c) {
      return inVersion.indexOf(c.id) !== -1 && c.applies_to.indexOf(kind) !== -1 && (c.effective === null || c.effective <= assessedOn);
    }).map(function (c) { return c.id; });
  }

  function runChecks(doc, data, context, reporter) {
    var stopped = {};
    data.checks.concat([data.claims_check]).forEach(function (check) {
      if (stopped[check.group]) return;
      if (check.kind === "claims" && reporter.errors()) return;  // as codemark: only a valid file's claim is compared
      var found = KINDS[check.kind](check, doc, context);
      if (found === STOP) { stopped[check.group] = true; return; }
      found.forEach(function (f) {
        reporter.add(problem(data, f.field || check.field, f.message, f.params, { at: f.at, severity: check.severity }));
      });
      if (found.length && check.stops) stopped[check.group] = true;
    });
  }

  // Checking a whole file ---------------------------------------------------------------

  function prepare(data) {
    yamlWords = data.yaml;
    if (!data.criteria_by_id) {
      data.criteria_by_id = {};
      data.criteria.forEach(function (c) { data.criteria_by_id[c.id] = c; });
    }
    return data;
  }

  // Every problem with a file's tree. options: today (YYYY-MM-DD), path (as shown), slug.
  function check(node, data, options) {
    prepare(data);
    var r = new Reader(data, options);
    var doc = read(data.file, node, r, []);
    var problems = r.problems;
    if (problems.length || doc === INVALID) return problems;
    var context = { data: data, today: options.today, slug: options.slug, path: options.path };
    var reporter = {
      add: function (p) { problems.push(p); },
      errors: function () { return problems.some(function (p) { return p.severity === "error"; }); }
    };
    runChecks(doc, data, context, reporter);
    return problems;
  }

  // Every problem with a file, from its bytes, as codemark validate reports it.
  function checkFile(bytes, name, data, options, jsyaml) {
    var readBytes_ = readBytes(bytes, name, data);
    if (readBytes_.problem) return [readBytes_.problem];
    var tree = readText(readBytes_.text, data, jsyaml);
    if (tree.problem) return [tree.problem];
    var stem = name.replace(/^.*\//, "").replace(/\.[^.]*$/, "");
    return check(tree.node, data, { today: options.today, path: options.path || name, slug: stem });
  }

  // The problems of a body's answers on their own, as the check of answers finds them once
  // the whole file reads. answered: { criterion id: { status, evidence, note } }. The form
  // shows them in each principle's task before the rest of the file is filled in.
  function checkAnswers(data, kind, version, answered) {
    prepare(data);
    if (!data.in_version[version]) return [];
    var check = data.checks.filter(function (c) { return c.kind === "answers"; })[0];
    var ids = Object.keys(answered).filter(function (id) { return data.criteria_by_id[id] && statusOf(data, answered[id].status); });
    var doc = {
      organisation: { kind: kind },
      assessment: { code_version: version, criteria: { keys: ids, values: answered } }
    };
    return KINDS.answers(check, doc, { data: data }).map(function (f) {
      return problem(data, f.field || check.field, f.message, f.params, { at: f.at, severity: check.severity });
    });
  }

  // The level a set of answers reaches -----------------------------------------------------

  // answers: { criterion id: { status, evidence, note } }. As codemark.rules.reach, with no
  // review recorded: a level that needs one is reached "once the secretariat has reviewed".
  function reach(data, kind, answers, today) {
    prepare(data);
    var counted = data.criteria.filter(function (c) { return c.applies_to.indexOf(kind) !== -1 && c.counts_from <= today; });
    var satisfied = {};
    counted.forEach(function (c) {
      var answer = answers[c.id];
      if (!answer) return;
      var status = statusOf(data, answer.status);
      if (!status || !status.satisfies || (status.only_if_na_allowed && !c.na_allowed)) return;
      satisfied[c.id] = status.requires.every(function (req) { return !c[req.when] || answer[req.field]; });
    });
    for (var n = 0; n < data.levels.length; n++) {
      var level = data.levels[n];
      var missing = counted.filter(function (c) { return c.rank <= level.rank && !satisfied[c.id]; }).map(function (c) { return c.id; });
      if (missing.length) return { held: n ? data.levels[n - 1] : null, next: level, missing: missing };
    }
    return { held: data.levels[data.levels.length - 1], next: null, missing: [] };
  }

  // A file from the form's values ---------------------------------------------------------------

  function quote(text) { return JSON.stringify(text); }  // a JSON string is a valid double-quoted YAML string

  // doc: { section: { field: text or [texts] }, assessment: { criteria: { id: { field: text } } } }
  // Written in the order the fields are declared; every value quoted, so it is read as typed.
  function toYaml(doc, data) {
    var lines = ["# yaml-language-server: $schema=" + data.schema_file];
    data.file.props.forEach(function (prop) { write(prop, doc[prop.name], ""); });
    function write(prop, value, indent) {
      if (value === undefined || value === null || value === "") return;
      var field = prop.field;
      if ((field.kind === "record" || field.kind === "map") && !Object.keys(value).length) {
        lines.push(indent + prop.name + ": {}");  // a section left empty: each field in it is missing
      } else if (field.kind === "record") {
        lines.push(indent + prop.name + ":");
        field.props.forEach(function (inner) { write(inner, value[inner.name], indent + "  "); });
      } else if (field.kind === "map") {
        lines.push(indent + prop.name + ":");
        Object.keys(value).forEach(function (key) {
          lines.push(indent + "  " + quote(key) + ":");
          field.value.props.forEach(function (inner) { write(inner, value[key][inner.name], indent + "    "); });
        });
      } else if (field.kind === "list" && field.item.kind === "record") {
        // A list of sections (earlier assessments): each item's fields under its "- ".
        if (!value.length) return;
        lines.push(indent + prop.name + ":");
        value.forEach(function (item) {
          // Anything but a section is kept as it was given, for the checks to refuse.
          if (item === null || typeof item !== "object" || Array.isArray(item)) { lines.push(indent + "  - " + quote(String(item))); return; }
          var start = lines.length;
          field.item.props.forEach(function (inner) { write(inner, item[inner.name], indent + "    "); });
          if (lines.length > start) lines[start] = indent + "  - " + lines[start].slice(indent.length + 4);
        });
      } else if (field.kind === "list") {
        if (value.length) lines.push(indent + prop.name + ": [" + value.map(quote).join(", ") + "]");
      } else if (field.kind === "boolean") {
        lines.push(indent + prop.name + ": " + (value === true || value === "true" ? "true" : "false"));
      } else {
        lines.push(indent + prop.name + ": " + quote(String(value)));
      }
    }
    return lines.join("\n") + "\n";
  }

  // A tree read from a file, as the form's values (the inverse of toYaml, as far as it goes).
  function toValues(node) {
    if (node.kind === "scalar") return isNull(node) ? null : node.value;
    if (node.kind === "seq") return node.items.map(toValues);
    var values = {};
    node.pairs.forEach(function (pair) {
      if (pair[0].kind === "scalar" && !Object.prototype.hasOwnProperty.call(values, pair[0].value)) values[pair[0].value] = toValues(pair[1]);
    });
    return values;
  }

  return {
    readBytes: readBytes,
    readText: readText,
    check: check,
    checkFile: checkFile,
    checkAnswers: checkAnswers,
    reach: reach,
    due: due,
    fill: fill,
    slugify: slugify,
    toYaml: toYaml,
    toValues: toValues
  };
}));
