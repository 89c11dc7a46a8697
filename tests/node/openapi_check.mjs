// Every OpenAPI document attrc emits must be valid OpenAPI 3.1 (@seriousme/openapi-schema-
// validator, against the OpenAPI Initiative's 3.1 schema), its schemas must compile in ajv 8
// strict mode, and what a service author's tool reads from it (openapi-backend) must be
// the operations attrc's model has; sample requests must get from openapi-backend's
// validateRequest the verdict the resource's own JSON Schema (MEMBER.schema.json) gives.
//
// usage: node openapi_check.mjs CASES.json
//   CASES.json: {"documents": [{"path": FILE (openapi.yaml or .json),
//                  "operations": [{"method", "path", "parameters": ["in:name"...],
//                                  "statuses": ["201"...]}] or null (not compared),
//                  "samples": [{"method", "path", "schema": MEMBER.schema.json,
//                               "refs": [the schemas its $refs reach],
//                               "known": null, or why openapi-backend may accept what the
//                                        schema refuses (a limit of the tool),
//                               "def": "create_request", "body": JSON}]}]}
import fs from "node:fs";
import { createRequire } from "node:module";
import { Validator } from "@seriousme/openapi-schema-validator";
import backend from "openapi-backend";

const OpenAPIBackend = backend.OpenAPIBackend || backend.default;

const require = createRequire(import.meta.url);
const Ajv2020 = require("ajv/dist/2020").default;
const addFormats = require("ajv-formats").default;

const cases = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
let failures = 0, valid = 0, schemas = 0, operations = 0, samples = 0, known = 0;
const verdicts = { true: 0, false: 0 };
const fail = (doc, msg) => { console.log(doc + ": " + msg); failures++; };

// the x- annotations attrc writes in schemas, which OpenAPI's dialect allows
function strictAjv() {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  addFormats(ajv);
  ajv.addKeyword({ keyword: "x-attrc-source", schemaType: "object" });
  return ajv;
}

const esc = (s) => s.replace(/~/g, "~0").replace(/\//g, "~1");
const HTTP = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

for (const c of cases.documents) {
  // 1. valid OpenAPI 3.1
  const validator = new Validator();
  const res = await validator.validate(c.path);
  if (!res.valid || validator.version !== "3.1") {
    fail(c.path, "not valid OpenAPI 3.1 (" + validator.version + "): " +
         JSON.stringify(res.errors).slice(0, 400));
    continue;
  }
  valid++;
  const doc = validator.specification;
  // 2. every schema compiles in strict mode: the components, and the operations' own
  const ajv = strictAjv();
  // the document's parts as a schema resource, so that the references are its own; the
  // root itself is never compiled
  ajv.addKeyword({ keyword: "components" });
  ajv.addKeyword({ keyword: "paths" });
  const id = "https://attrc.invalid/openapi.json";
  ajv.addSchema({ $id: id, components: doc.components, paths: doc.paths });
  const pointers = Object.keys(doc.components.schemas).map(
    (k) => "#/components/schemas/" + esc(k));
  for (const [p, item] of Object.entries(doc.paths))
    for (const m of HTTP) {
      const op = item[m];
      if (!op) continue;
      const at = "#/paths/" + esc(p) + "/" + m;
      (op.parameters || []).forEach((_, i) => pointers.push(at + "/parameters/" + i + "/schema"));
      for (const [ct] of Object.entries((op.requestBody || {}).content || {}))
        pointers.push(at + "/requestBody/content/" + esc(ct) + "/schema");
      for (const [code, r] of Object.entries(op.responses || {}))
        for (const [ct] of Object.entries(r.content || {}))
          pointers.push(at + "/responses/" + code + "/content/" + esc(ct) + "/schema");
    }
  for (const ptr of pointers) {
    try {
      if (!ajv.getSchema(id + ptr)) throw new Error("no schema");
      schemas++;
    } catch (e) {
      fail(c.path, ptr + " does not compile in strict mode: " + e.message);
    }
  }
  // 3. read by openapi-backend: its operations against the model's
  // openapi-backend checks a document against OpenAPI 3.0's schema (which refuses $defs
  // in a schema) unless it starts "quick": the document was checked as 3.1 above
  const api = new OpenAPIBackend({ definition: structuredClone(doc), quick: true,
                                   validate: true, strict: true,
                                   customizeAjv: (a) => { addFormats(a); return a; } });
  try {
    await api.init();
  } catch (e) {
    fail(c.path, "openapi-backend cannot read it: " + e.message);
    continue;
  }
  if (c.operations) {
    const read = new Map();
    for (const op of api.getOperations()) {
      const params = (op.parameters || []).map((p) => p.in + ":" + p.name).sort();
      read.set(op.method.toUpperCase() + " " + op.path,
               { params, statuses: Object.keys(op.responses || {}).sort() });
    }
    for (const e of c.operations) {
      const k = e.method + " " + e.path;
      const got = read.get(k);
      operations++;
      if (!got) { fail(c.path, "openapi-backend reads no operation " + k); continue; }
      read.delete(k);
      const want = { params: [...e.parameters].sort(), statuses: [...e.statuses].sort() };
      for (const f of ["params", "statuses"])
        if (JSON.stringify(got[f]) !== JSON.stringify(want[f]))
          fail(c.path, k + ": " + f + " read " + JSON.stringify(got[f]) + ", the model says " +
               JSON.stringify(want[f]));
    }
    for (const k of read.keys())
      fail(c.path, "openapi-backend reads " + k + ", the model has none");
  }
  // 4. sample requests: openapi-backend's verdict against the resource's JSON Schema
  for (const s of c.samples || []) {
    const own = strictAjv();
    const schema = JSON.parse(fs.readFileSync(s.schema, "utf8"));
    for (const r of s.refs || []) own.addSchema(JSON.parse(fs.readFileSync(r, "utf8")));
    own.addSchema(schema);
    const want = own.getSchema(schema.$id + "#/$defs/" + s.def)(s.body);
    const got = api.validateRequest({ method: s.method, path: s.path, body: s.body, query: {},
                                      headers: { "content-type": "application/json" } });
    samples++;
    verdicts[want]++;
    if (got.valid !== want && s.known && got.valid) {
      // a limit of the tool, not of the document: it accepts what the schema refuses
      console.log("known (" + s.known + "): " + s.method + " " + s.path + " " +
                  JSON.stringify(s.body) + " accepted");
      known++;
    } else if (got.valid !== want)
      fail(c.path, s.method + " " + s.path + " " + JSON.stringify(s.body) + ": openapi-backend " +
           (got.valid ? "accepts" : "refuses (" + JSON.stringify(got.errors).slice(0, 200) + ")") +
           ", the JSON Schema " + (want ? "accepts" : "refuses"));
  }
}
console.log("openapi: " + valid + " of " + cases.documents.length +
            " documents valid OpenAPI 3.1, " + schemas + " schemas compiled in strict mode, " +
            operations + " operations read as the model has them, " + samples + " sample requests (" +
            verdicts.true + " valid, " + verdicts.false + " invalid) with the schema's verdict (" +
            known + " accepted by openapi-backend where a known limit of it says so), " +
            failures + " failures");
process.exit(failures ? 1 : 0);
