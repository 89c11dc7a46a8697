// The validators' benchmark, ajv side: the same schema ($defs/create of the resource's
// emitted JSON Schema), compiled by ajv 8 to standalone code (ajv/dist/standalone), and
// the same bodies, parsed once and validated many times.
//
//   node validate_bench.js SCHEMA.json ROUNDS ITERATIONS BODY.json...
//
// Prints one JSON object per body: {"body", "valid", "ajv_ns"}: medians over the rounds.
"use strict";
const fs = require("fs");
const path = require("path");
const Module = require("module");
const nodeDir = path.join(__dirname, "..", "node", "node_modules");
const Ajv2020 = require(path.join(nodeDir, "ajv", "dist", "2020")).default;
const addFormats = require(path.join(nodeDir, "ajv-formats")).default;
const standalone = require(path.join(nodeDir, "ajv", "dist", "standalone")).default;

const [schemaPath, roundsArg, itersArg, ...bodies] = process.argv.slice(2);
const doc = JSON.parse(fs.readFileSync(schemaPath, "utf8"));
const ajv = new Ajv2020({ strict: true, allErrors: true, code: { source: true } });
addFormats(ajv);
ajv.addSchema(doc);
const compiled = ajv.getSchema(doc.$id + "#/$defs/create");
// the standalone module, loaded from source as a service would ship it
const source = standalone(ajv, compiled);
const m = new Module(schemaPath + ".standalone.js", module);
m.paths = [nodeDir];
m._compile(source, schemaPath + ".standalone.js");
const validate = m.exports.default || m.exports;

const rounds = Number(roundsArg), iters = Number(itersArg);
for (const file of bodies) {
  const body = JSON.parse(fs.readFileSync(file, "utf8"));
  const times = [];
  let valid = false;
  for (let r = 0; r < rounds; r++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < iters; i++) valid = validate(body);
    const t1 = process.hrtime.bigint();
    times.push(Number(t1 - t0) / iters);
  }
  times.sort((a, b) => a - b);
  console.log(JSON.stringify({ body: file, valid: valid, ajv_ns: times[rounds >> 1] }));
}
