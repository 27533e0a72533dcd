// IBM's Spectral ruleset (npm `@ibm-cloud/openapi-ruleset`) is JavaScript: a module whose rules
// hold JavaScript function objects. specls reads YAML and JSON rulesets, so this writes the same
// ruleset as JSON (to stdout): each rule's `given`, `then`, `severity`, `formats`, … as they are,
// a function named by its name — a Spectral core function by its name in
// `@stoplight/spectral-functions` or of `spectral:oas`, one of IBM's own by the name it has in IBM's `functions`
// module, listed under `functions` as a JavaScript ruleset lists its own — and a format by its
// name. `extends: spectral:oas` stands for the `oas` ruleset object IBM extends. Anything this
// cannot name is written as `"<unnamed function>"`, so that nothing is silently dropped.
'use strict';

const ibm = require('@ibm-cloud/openapi-ruleset');
const core = require('@stoplight/spectral-functions');
const formats = require('@stoplight/spectral-formats');
const ibmFunctions = require('@ibm-cloud/openapi-ruleset/src/functions');
const { oas } = require('@stoplight/spectral-rulesets');

// Spectral's core functions, and the functions of its `spectral:oas` ruleset (`typedEnum`, …).
const oasFunctions = require('@stoplight/spectral-rulesets/dist/oas/functions');
const coreNames = new Map(
  [...Object.entries(core), ...Object.entries(oasFunctions)].map(([name, f]) => [f, name])
);
const ibmNames = new Map(Object.entries(ibmFunctions).map(([name, f]) => [f, name]));
const formatNames = new Map([
  [formats.oas2, 'oas2'],
  [formats.oas3, 'oas3'],
  [formats.oas3_0, 'oas3.0'],
  [formats.oas3_1, 'oas3.1'],
  [formats.asyncapi2, 'asyncapi2'],
]);
const custom = new Set();

function functionName(f) {
  if (coreNames.has(f)) return coreNames.get(f);
  if (ibmNames.has(f)) {
    custom.add(ibmNames.get(f));
    return ibmNames.get(f);
  }
  return '<unnamed function>';
}

// A `$ref` in a rule's options names a file of IBM's package, relative to its rules folder
// (`../schemas/x-sdk-operations.json`): inlined, as the rule means it.
const path = require('path');
const rulesDir = path.join(path.dirname(require.resolve('@ibm-cloud/openapi-ruleset')), 'rules');
function inline(v) {
  if (Array.isArray(v)) return v.map(inline);
  if (v === null || typeof v !== 'object') return v;
  if (typeof v.$ref === 'string' && v.$ref.startsWith('.')) {
    return require(path.join(rulesDir, v.$ref));
  }
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, inline(x)]));
}

function then(t) {
  const out = { ...t, function: functionName(t.function) };
  if (out.functionOptions !== undefined) out.functionOptions = inline(out.functionOptions);
  if (out.field === undefined) delete out.field;
  if (out.functionOptions === undefined) delete out.functionOptions;
  return out;
}

function rule(r) {
  if (typeof r !== 'object' || r === null) return r;
  const out = {};
  for (const [k, v] of Object.entries(r)) {
    if (k === 'then') out.then = Array.isArray(v) ? v.map(then) : then(v);
    else if (k === 'formats') out.formats = [...v].map(f => formatNames.get(f) || String(f.name));
    else out[k] = v;
  }
  return out;
}

if (ibm.extends !== oas) throw new Error('IBM no longer extends spectral:oas as such');
const rules = {};
for (const [id, r] of Object.entries(ibm.rules)) rules[id] = rule(r);
const ruleset = {
  extends: ['spectral:oas'],
  documentationUrl: ibm.documentationUrl,
  formats: ibm.formats.map(f => formatNames.get(f)),
  functions: [...custom].sort(),
  rules,
};
process.stdout.write(JSON.stringify(ruleset, null, 2) + '\n');
