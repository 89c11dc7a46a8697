// Every JSON Schema attrc emits must compile in ajv 8's strict mode (ajv/dist/2020 with
// ajv-formats), every $defs entry included, and give the verdicts tests/schema_test.py
// expects on its example bodies and pattern strings.
//
// usage: node ajv_check.js CASES.json
//   CASES.json: {"schemas": [PATH...], "refs": {PATH: [PATH...]} (schemas a schema's $refs
//                reach, such as an extension's base, added to its ajv first),
//                "examples": [{"schema": PATH, "def": NAME, "body": JSON, "valid": BOOL}],
//                "patterns": [{"pattern": RE, "string": S, "match": BOOL}]}
"use strict";
const fs = require("fs");
const Ajv2020 = require("ajv/dist/2020").default;
const addFormats = require("ajv-formats").default;

const cases = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
// one ajv per schema: specs of different folders may share a file name, and so an $id
const ajvs = {};
let failures = 0;
const ids = {};
for (const path of cases.schemas) {
  const schema = JSON.parse(fs.readFileSync(path, "utf8"));
  const ajv = (ajvs[path] = new Ajv2020({ strict: true, allErrors: true }));
  addFormats(ajv);
  try {
    for (const ref of (cases.refs || {})[path] || [])
      ajv.addSchema(JSON.parse(fs.readFileSync(ref, "utf8")));
    ajv.addSchema(schema);
    ajv.getSchema(schema.$id); // compiles the root
    for (const name of Object.keys(schema.$defs || {}))
      if (!ajv.getSchema(schema.$id + "#/$defs/" + name))
        throw new Error("$defs/" + name + " does not compile");
    ids[path] = schema.$id;
  } catch (e) {
    console.log(path + ": " + e.message);
    failures++;
  }
}
let examples = 0;
for (const ex of cases.examples || []) {
  const ajv = ajvs[ex.schema];
  const validate = ids[ex.schema] && ajv.getSchema(ids[ex.schema] + "#/$defs/" + ex.def);
  if (!validate) {
    console.log(ex.schema + " " + ex.def + ": does not compile");
    failures++;
    continue;
  }
  const ok = validate(ex.body);
  if (ok !== ex.valid) {
    console.log(ex.schema + " " + ex.def + ": ajv says " + (ok ? "valid" : "invalid") +
                " for " + JSON.stringify(ex.body) + (ok ? "" : " " + ajv.errorsText(validate.errors)));
    failures++;
  }
  examples++;
}
let patterns = 0;
for (const p of cases.patterns || []) {
  const m = new RegExp(p.pattern, "u").test(p.string);
  if (m !== p.match) {
    console.log("pattern " + p.pattern.slice(0, 40) + "...: JavaScript says " + m + " for " +
                JSON.stringify(p.string));
    failures++;
  }
  patterns++;
}
console.log("ajv: " + cases.schemas.length + " schemas compiled in strict mode, " + examples +
            " examples, " + patterns + " pattern strings, " + failures + " failures");
process.exit(failures ? 1 : 0);
