// Check signatory files with the sign-up form's own checking code, as the page runs it:
// src/codemark/theme/assets/javascripts/codemark-rules.js with the vendored js-yaml.
// Reads on stdin: {"files": [{"file": path to read, "path": path as codemark shows it,
//                            "data": its form-data.json, "today": "YYYY-MM-DD"}]}
// Writes on stdout, for each file: {"path": ..., "problems": [{field, rule, severity, message}]}.
const fs = require("node:fs");
const path = require("node:path");

const assets = path.join(__dirname, "..", "..", "src", "codemark", "theme", "assets", "javascripts");
const jsyaml = require(path.join(assets, "vendor", "js-yaml-4.1.0.min.js"));
const rules = require(path.join(assets, "codemark-rules.js"));

const request = JSON.parse(fs.readFileSync(0, "utf8"));
const exported = {};
const results = request.files.map((item) => {
  exported[item.data] = exported[item.data] || JSON.parse(fs.readFileSync(item.data, "utf8"));
  const bytes = new Uint8Array(fs.readFileSync(item.file));
  const options = { today: item.today, path: item.path };
  const problems = rules.checkFile(bytes, item.path, exported[item.data], options, jsyaml);
  return {
    path: item.path,
    problems: problems.map((p) => ({ field: p.field, rule: p.rule, severity: p.severity, message: p.message })),
  };
});
process.stdout.write(JSON.stringify(results));
