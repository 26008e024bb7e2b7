#!/usr/bin/env node
// Rebuilds a JSON schema from the pre-compiled validators shipped by the
// @kubernetes-models/* npm packages.
//
// Why this exists: since @kubernetes-models/* v4.4 / cloudnative-pg 0.x the
// packages no longer ship their JSON schemas, only ajv "standalone" validator
// code (minified ESM, one module per definition under _schemas/). The schema
// objects are not exported and cannot be obtained by require()-ing a module.
// The generated code is however very regular, so we parse it (acorn AST, no
// code is executed) and map it back to schema keywords:
//   * every error object literal {schemaPath:"#/<ptr>",keyword,params} gives one
//     keyword (type, required, enum, format, pattern, min*/max*, oneOf);
//   * validateN(data.X, ...)       -> properties.X        = schema(validateN)
//   * validateN(data[i0], ...)     -> items               (inside an array loop)
//   * validateN(data[key0], ...)   -> additionalProperties (inside for..in)
//   * validateN(data, ...)         -> whole-value delegation ($ref / oneOf branch)
//   * imported `validate as validateN` from another _schemas module
//                                  -> {"$ref":"#/definitions/<Module>"}
//   * a validator that accepts everything (apiextensions JSON) -> {} marked
//     x-kubernetes-preserve-unknown-fields (free-form, like in the real CRDs).
// "nullable" (a `null!==data` guard) is deliberately dropped: manifests should
// not carry explicit nulls. Anything the tool does not recognise is a hard error,
// so a change in the generator's output cannot silently produce a laxer schema.
//
// Usage: node ajv-standalone-to-schema.cjs ACORN_JS OUT.json ROOT_MODULE_FILE
//          PKGNAME=DIR [PKGNAME=DIR ...]
"use strict";
const fs = require("fs");
const path = require("path");

const [acornPath, outFile, rootFile, ...pkgArgs] = process.argv.slice(2);
if (!acornPath || !outFile || !rootFile) {
  console.error("usage: ajv-standalone-to-schema.cjs ACORN_JS OUT.json ROOT_MODULE_FILE PKG=DIR...");
  process.exit(2);
}
const acorn = require(path.resolve(acornPath));
const packages = pkgArgs.map((a) => {
  const i = a.indexOf("=");
  return { name: a.slice(0, i), dir: path.resolve(a.slice(i + 1)) };
});

function fail(msg) {
  throw new Error(msg);
}

// Imports that are runtime helpers, not schemas.
const HELPER_IMPORT = /^@kubernetes-models\/validate(\/|$)/;

function resolveImport(fromFile, spec) {
  if (spec.startsWith(".")) return path.resolve(path.dirname(fromFile), spec);
  // longest package name first (kubernetes-models vs @kubernetes-models/...)
  const pkg = packages
    .filter((p) => spec === p.name || spec.startsWith(p.name + "/"))
    .sort((a, b) => b.name.length - a.name.length)[0];
  if (!pkg) fail(`cannot resolve import ${spec} from ${fromFile} (pass PKG=DIR)`);
  let f = path.join(pkg.dir, spec.slice(pkg.name.length));
  if (!f.endsWith(".js")) f += ".js";
  return f;
}

const defName = (file) => path.basename(file, ".js");

// ---------------------------------------------------------------- module model
const modules = new Map(); // file -> {file, imports, vars, funcs, exported}

function loadModule(file) {
  if (modules.has(file)) return modules.get(file);
  const src = fs.readFileSync(file, "utf8");
  const ast = acorn.parse(src, { ecmaVersion: "latest", sourceType: "module" });
  const m = { file, imports: new Map(), vars: new Map(), funcs: new Map(), exported: null, cache: new Map() };
  for (const node of ast.body) {
    if (node.type === "ImportDeclaration") {
      const spec = node.source.value;
      if (HELPER_IMPORT.test(spec)) continue;
      for (const s of node.specifiers) {
        if (s.type !== "ImportSpecifier" || s.imported.name !== "validate") fail(`${file}: unexpected import shape`);
        m.imports.set(s.local.name, resolveImport(file, spec));
      }
    } else if (node.type === "FunctionDeclaration") {
      m.funcs.set(node.id.name, node);
    } else if (node.type === "VariableDeclaration") {
      for (const d of node.declarations) if (d.init) m.vars.set(d.id.name, d.init);
    } else if (node.type === "ExportNamedDeclaration") {
      const d = node.declaration && node.declaration.declarations && node.declaration.declarations[0];
      if (!d || d.id.name !== "validate" || d.init.type !== "Identifier") fail(`${file}: unexpected export`);
      m.exported = d.init.name;
    } else {
      fail(`${file}: unexpected top-level ${node.type}`);
    }
  }
  if (!m.exported) fail(`${file}: no exported validate`);
  modules.set(file, m);
  return m;
}

// Evaluate the literal-ish expressions that appear in error params.
function evalLit(m, n) {
  switch (n.type) {
    case "Literal":
      return n.value;
    case "ArrayExpression":
      return n.elements.map((e) => evalLit(m, e));
    case "UnaryExpression":
      if (n.operator === "-") return -evalLit(m, n.argument);
      if (n.operator === "!") return !evalLit(m, n.argument); // minifier: !0 / !1
      break;
    case "Identifier":
      if (m.vars.has(n.name)) return evalLit(m, m.vars.get(n.name));
      return { $unresolved: n.name };
    case "ObjectExpression": {
      const o = {};
      for (const p of n.properties) o[p.key.name || p.key.value] = evalLit(m, p.value);
      return o;
    }
  }
  fail(`${m.file}: cannot evaluate ${n.type}`);
}

// Generic AST walk with ancestor stack.
function walk(node, visit, anc = []) {
  if (!node || typeof node.type !== "string") return;
  visit(node, anc);
  anc.push(node);
  for (const k of Object.keys(node)) {
    if (k === "type" || k === "start" || k === "end") continue;
    const v = node[k];
    if (Array.isArray(v)) v.forEach((c) => walk(c, visit, anc));
    else if (v && typeof v.type === "string") walk(v, visit, anc);
  }
  anc.pop();
}

function setAt(root, ptr, fn) {
  // ptr like "properties/type/type" -> parent obj for final keyword
  const parts = ptr.split("/").map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"));
  const kw = parts.pop();
  let o = root;
  for (const p of parts) o = o[p] = o[p] || {};
  fn(o, kw);
}

const definitions = {};
const pending = [];

function refTo(file) {
  const name = defName(file);
  if (!(name in definitions)) {
    definitions[name] = null; // reserve (handles recursion)
    pending.push(file);
  }
  return { $ref: `#/definitions/${name}` };
}

function schemaOfCallee(m, name, stack) {
  if (m.imports.has(name)) return refTo(m.imports.get(name));
  if (m.funcs.has(name)) return decompileFn(m, name, stack);
  fail(`${m.file}: unknown callee ${name}`);
}

function decompileFn(m, name, stack = []) {
  if (m.cache.has(name)) return structuredClone(m.cache.get(name));
  if (stack.includes(name)) fail(`${m.file}: recursive local validator ${name} (not supported)`);
  stack = [...stack, name];
  const fn = m.funcs.get(name);
  const s = {};
  const delegations = [];
  let hasOneOf = false;
  let anyFact = false;

  walk(fn.body, (node, anc) => {
    // --- error objects -> keywords
    if (node.type === "ObjectExpression") {
      const keys = node.properties.map((p) => p.key && (p.key.name || p.key.value));
      if (!keys.includes("schemaPath") || !keys.includes("keyword")) return;
      const get = (k) => node.properties.find((p) => (p.key.name || p.key.value) === k).value;
      const sp = evalLit(m, get("schemaPath"));
      const kw = evalLit(m, get("keyword"));
      const params = evalLit(m, get("params"));
      if (!sp.startsWith("#/")) fail(`${m.file}: schemaPath ${sp}`);
      const ptr = sp.slice(2);
      if (!ptr.endsWith(kw)) fail(`${m.file}: schemaPath ${sp} vs keyword ${kw}`);
      anyFact = true;
      setAt(s, ptr, (o, k) => {
        switch (kw) {
          case "type":
            o.type = params.type;
            break;
          case "required":
            (o.required = o.required || []).includes(params.missingProperty) || o.required.push(params.missingProperty);
            break;
          case "enum":
            if (!Array.isArray(params.allowedValues)) fail(`${m.file}: enum not literal`);
            o.enum = params.allowedValues;
            break;
          case "format":
            o.format = params.format;
            break;
          case "pattern":
            o.pattern = params.pattern;
            break;
          case "minLength": case "maxLength": case "minItems": case "maxItems":
          case "minProperties": case "maxProperties":
            o[kw] = params.limit;
            break;
          case "minimum": case "maximum":
            if (!["<=", ">="].includes(params.comparison)) fail(`${m.file}: ${kw} ${params.comparison}`);
            o[kw] = params.limit;
            break;
          case "oneOf":
            hasOneOf = true;
            break;
          default:
            fail(`${m.file}: unsupported keyword ${kw}`);
        }
      });
      return;
    }
    // --- calls to other validators -> structure
    if (node.type === "CallExpression" && node.callee.type === "Identifier" && /^validate\d+$/.test(node.callee.name)) {
      const a = node.arguments[0];
      const sub = () => schemaOfCallee(m, node.callee.name, stack);
      anyFact = true;
      if (a.type === "Identifier" && a.name === "data") {
        delegations.push(sub());
      } else if (a.type === "MemberExpression" && a.object.type === "Identifier" && a.object.name === "data") {
        if (!a.computed) {
          (s.properties = s.properties || {})[a.property.name] = sub();
        } else if (a.property.type === "Literal") {
          (s.properties = s.properties || {})[a.property.value] = sub();
        } else if (a.property.type === "Identifier") {
          const v = a.property.name;
          const loop = [...anc].reverse().find((x) => x.type === "ForStatement" || x.type === "ForInStatement");
          if (!loop) fail(`${m.file}: data[${v}] outside a loop`);
          if (loop.type === "ForInStatement") s.additionalProperties = sub();
          else s.items = sub();
        } else fail(`${m.file}: odd member call arg`);
      } else {
        fail(`${m.file}: ${name}: unsupported call argument ${a.type}`);
      }
    }
  });

  let out = s;
  if (hasOneOf) {
    if (delegations.length < 2) fail(`${m.file}: oneOf without branches`);
    out.oneOf = delegations;
  } else if (delegations.length === 1 && Object.keys(s).length === 0) {
    out = delegations[0]; // pure $ref wrapper
  } else if (delegations.length) {
    out.allOf = delegations;
  }
  if (!anyFact) out = { "x-kubernetes-preserve-unknown-fields": true }; // accepts anything
  if (out.additionalProperties && out.properties) {
    fail(`${m.file}: ${name}: both properties and additionalProperties (unsupported)`);
  }
  m.cache.set(name, out);
  return structuredClone(out);
}

function decompileModule(file) {
  const m = loadModule(file);
  return decompileFn(m, m.exported);
}

function sortKeys(v) {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === "object") {
    const o = {};
    for (const k of Object.keys(v).sort()) o[k] = sortKeys(v[k]);
    return o;
  }
  return v;
}

// Cross-check against the TypeScript declarations shipped in the same packages.
// The .d.ts interfaces list every property of every definition; the compiled
// validators omit a property only when the package generator dropped it (seen:
// ClusterSpec.description, lost because the generator strips "description"
// keys). Missing scalar properties are restored from the .d.ts (and marked with
// $comment); anything else missing, or extra, is a hard error.
function dtsInterfaces() {
  const out = {};
  const scan = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) { if (e.name !== "node_modules") scan(p); continue; }
      if (!e.name.endsWith(".d.ts")) continue;
      const t = fs.readFileSync(p, "utf8");
      const local = {};
      for (const m of t.matchAll(/export interface (\w+)[^{]*\{([\s\S]*?)\n\}/g)) {
        local[m[1]] = Object.fromEntries([...m[2].matchAll(/^    "([^"]+)"\??: ?(.*)$/gm)].map((x) => [x[1], x[2].replace(/;$/, "")]));
      }
      for (const m of t.matchAll(/export type \{ (\w+) as I(\w+)/g)) if (local[m[1]]) out[m[2]] = local[m[1]];
    }
  };
  packages.forEach((p) => scan(p.dir));
  return out;
}
const TS_SCALAR = { string: { type: "string" }, boolean: { type: "boolean" }, number: { type: "number" } };
function crossCheck(name, schema, ifaces) {
  const want = ifaces[name];
  if (!want || schema.type !== "object" || schema.additionalProperties) return;
  const have = schema.properties || {};
  for (const k of Object.keys(have)) if (!(k in want)) fail(`${name}: property ${k} not in .d.ts`);
  for (const [k, ts] of Object.entries(want)) {
    if (k in have) continue;
    if (!TS_SCALAR[ts]) fail(`${name}: property ${k} (${ts}) missing from validator, cannot restore`);
    have[k] = { ...TS_SCALAR[ts], $comment: "absent from the package's compiled validator; restored from its .d.ts" };
    console.error(`note: ${name}.${k} restored from .d.ts as ${ts}`);
  }
  if (Object.keys(have).length) schema.properties = have;
}

// Go embedded structs come out as an object schema with allOf:[{$ref: <embedded
// struct>}]. A strict validator (additionalProperties:false on every object)
// would then reject every object using them, because each allOf branch only
// knows its own properties. Merge the embedded object definitions into the
// embedding object instead (what the Kubernetes CRD generators emit as well).
function isPlainObjectSchema(d) {
  return d && d.type === "object" && !d.allOf && !d.oneOf && !d.additionalProperties;
}
function flattenDef(name, seen = []) {
  if (seen.includes(name)) fail(`embedding cycle at ${name}`);
  const d = definitions[name];
  flattenNode(d, [...seen, name]);
  return d;
}
function flattenNode(node, seen = []) {
  if (Array.isArray(node)) return node.forEach((n) => flattenNode(n, seen));
  if (!node || typeof node !== "object") return;
  for (const v of Object.values(node)) flattenNode(v, seen);
  if (node.type !== "object" || !node.allOf) return;
  const keep = [];
  for (const branch of node.allOf) {
    const ref = branch.$ref && branch.$ref.replace("#/definitions/", "");
    const target = ref && flattenDef(ref, seen);
    if (!isPlainObjectSchema(target)) { keep.push(branch); continue; }
    for (const [k, v] of Object.entries(target.properties || {})) {
      node.properties = node.properties || {};
      if (k in node.properties && JSON.stringify(node.properties[k]) !== JSON.stringify(v)) fail(`embedding conflict on ${k}`);
      node.properties[k] = structuredClone(v);
    }
    for (const r of target.required || []) (node.required = node.required || []).includes(r) || node.required.push(r);
  }
  if (keep.length) node.allOf = keep; else delete node.allOf;
}
function reachable(root) {
  const names = new Set();
  const visit = (n) => {
    if (Array.isArray(n)) return n.forEach(visit);
    if (!n || typeof n !== "object") return;
    if (typeof n.$ref === "string") {
      const r = n.$ref.replace("#/definitions/", "");
      if (!names.has(r)) { names.add(r); visit(definitions[r]); }
    }
    for (const [k, v] of Object.entries(n)) if (k !== "definitions") visit(v);
  };
  visit(root);
  return names;
}

const rootPath = path.resolve(rootFile);
const root = decompileModule(rootPath);
while (pending.length) {
  const f = pending.shift();
  definitions[defName(f)] = decompileModule(f);
}
const ifaces = dtsInterfaces();
crossCheck(defName(rootPath), root, ifaces);
for (const [n, d] of Object.entries(definitions)) crossCheck(n, d, ifaces);
for (const n of Object.keys(definitions)) flattenDef(n);
flattenNode(root);
const used = reachable(root);
const kept = Object.fromEntries(Object.entries(definitions).filter(([n]) => used.has(n)));
if (Object.keys(kept).length) root.definitions = kept;
fs.writeFileSync(outFile, JSON.stringify(sortKeys(root), null, 2) + "\n");
