// Extracts every method of `interface Wx` from the pinned `miniprogram-api-typings` into
// crates/wx/api/wx-api.json: how each is called, its parameters (names, types, required flags,
// enum values), its success-result / return / listener-callback fields, and the base library
// version it needs. The Rust side reads only that JSON; this script is how it is made and checked.
//
//   npm ci && node extract.mjs          # rewrite the JSON
//   node extract.mjs --check            # exit 1 if the checked-in JSON differs from the typings
//
// Types are named as WeChat's validation messages name them: String, Number, Boolean, Object,
// Array, Function, ArrayBuffer; `Any` where the typings say any / unknown / a free generic.

import fs from "node:fs";
import path from "node:path";
import { createHash } from "node:crypto";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const here = path.dirname(fileURLToPath(import.meta.url));
const pkgDir = path.join(here, "node_modules", "miniprogram-api-typings");
const apiFile = path.join(pkgDir, "types", "wx", "lib.wx.api.d.ts");
const outFile = path.join(here, "..", "..", "crates", "wx", "api", "wx-api.json");
// Nested fields are listed this deep (canIUse reaches `getSystemInfoSync.return.safeArea.left`).
const MAX_DEPTH = 3;

const pkg = JSON.parse(fs.readFileSync(path.join(pkgDir, "package.json"), "utf8"));
const program = ts.createProgram([path.join(pkgDir, "types", "index.d.ts")], {
  noEmit: true,
  types: [],
});
const checker = program.getTypeChecker();
const source = program.getSourceFile(apiFile);
if (!source) throw new Error(`typings not found: ${apiFile} (run npm ci in tools/typings)`);

function findWx(node) {
  let found;
  node.forEachChild(function visit(n) {
    if (found) return;
    if (ts.isInterfaceDeclaration(n) && n.name.text === "Wx") found = n;
    else n.forEachChild(visit);
  });
  return found;
}

// The constraint of a free type parameter (`T extends string | IAnyObject | ArrayBuffer`).
function resolve(t) {
  if (t.flags & ts.TypeFlags.TypeParameter) {
    const c = checker.getBaseConstraintOfType(t);
    return c && c !== t ? c : checker.getAnyType();
  }
  return t;
}

function parts(t) {
  t = resolve(t);
  return t.isUnion() ? t.types.map(resolve) : [t];
}

function tyOf(t) {
  const f = t.flags;
  if (f & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return "Any";
  if (f & (ts.TypeFlags.StringLike)) return "String";
  if (f & (ts.TypeFlags.NumberLike | ts.TypeFlags.BigIntLike)) return "Number";
  if (f & ts.TypeFlags.BooleanLike) return "Boolean";
  if (f & (ts.TypeFlags.Undefined | ts.TypeFlags.Void)) return null;
  if (f & ts.TypeFlags.Null) return "Null";
  if (checker.isArrayType(t) || checker.isTupleType(t)) return "Array";
  if (t.getCallSignatures().length > 0) return "Function";
  const sym = t.getSymbol() || t.aliasSymbol;
  if (sym && sym.name === "ArrayBuffer") return "ArrayBuffer";
  return "Object";
}

function describe(t) {
  const types = new Set();
  const values = [];
  for (const p of parts(t)) {
    const ty = tyOf(p);
    if (ty) types.add(ty);
    if (p.isStringLiteral()) values.push(p.value);
    else if (p.isNumberLiteral()) values.push(p.value);
  }
  // `boolean` is the union true | false: one Boolean, not two values.
  const out = { types: types.has("Any") ? ["Any"] : [...types].sort() };
  if (values.length > 0 && values.length === parts(t).filter((p) => tyOf(p)).length) {
    out.enum = values;
  }
  return out;
}

function objectPart(t) {
  return parts(t).find((p) => tyOf(p) === "Object" && !(p.flags & ts.TypeFlags.TypeParameter));
}

function fields(t, depth, seen = new Set()) {
  const obj = t && objectPart(t);
  if (!obj || seen.has(obj) || depth > MAX_DEPTH) return undefined;
  const props = checker.getPropertiesOfType(obj);
  if (props.length === 0) return undefined;
  const next = new Set(seen).add(obj);
  return props.map((p) => {
    const pt = checker.getTypeOfSymbol(p);
    const field = {
      name: p.name,
      ...describe(pt),
      required: !(p.flags & ts.SymbolFlags.Optional),
    };
    if (!["success", "fail", "complete"].includes(p.name)) {
      const sub = fields(pt, depth + 1, next);
      if (sub) field.fields = sub;
    }
    return field;
  });
}

function firstParamFields(t, depth) {
  for (const p of parts(t)) {
    const sig = p.getCallSignatures()[0];
    if (sig && sig.parameters[0]) {
      return fields(checker.getTypeOfSymbol(sig.parameters[0]), depth) || [];
    }
  }
  return [];
}

function jsdocOf(member) {
  const text = member.getFullText(member.getSourceFile());
  const since = /需要基础库[：:]\s*`([^`]+)`/.exec(text);
  const doc = /\]\((https:\/\/developers\.weixin\.qq\.com\/miniprogram\/dev\/[^)\s]+)\)\s*\n/.exec(text);
  return { since: since ? since[1] : null, doc: doc ? doc[1] : null };
}

function category(doc) {
  const m = doc && /\/dev\/api\/(.+)\/[^/]+\.html/.exec(doc);
  return m ? m[1] : "other";
}

function docUrl(cat, name) {
  return `https://developers.weixin.qq.com/miniprogram/dev/api/${cat}/wx.${name}.html`;
}

function method(member) {
  const source = member.getSourceFile();
  const name = member.name.getText(source);
  const sig = checker.getSignatureFromDeclaration(member);
  const ret = checker.getReturnTypeOfSignature(sig);
  const retText = member.type ? member.type.getText(source) : "void";
  const promise = /^PromisifySuccessResult\b/.test(retText);
  const { since, doc } = jsdocOf(member);
  const params = member.parameters.map((p) => {
    const t = checker.getTypeAtLocation(p);
    return { name: p.name.getText(source), t, optional: !!p.questionToken };
  });
  // The option object comes first; a few methods take a trailing component instance.
  const single = params.length >= 1 ? params[0] : null;
  if (promise && !single) throw new Error(`${name}: promisified without an option object`);
  const optionType = single && objectPart(single.t);
  const isOptionObject =
    optionType && checker.getPropertiesOfType(optionType).some((p) => p.name === "success");
  const entry = { name, category: category(doc), since };
  // The Rust side derives the usual doc address from category and name; keep only exceptions.
  if (doc !== docUrl(entry.category, name)) entry.doc = doc;
  if (promise || isOptionObject) {
    entry.call = promise ? "promise" : "callback";
    entry.optional = single.optional;
    entry.params = (fields(single.t, 1) || []).filter(
      (f) => !["success", "fail", "complete"].includes(f.name)
    );
    const success = checker.getPropertyOfType(optionType, "success");
    entry.success = success ? firstParamFields(checker.getTypeOfSymbol(success), 1) : [];
    if (!promise) entry.returns = retText;
    if (params.length > 1) entry.extra = params.slice(1).map((p) => p.name);
  } else {
    entry.call = "sync";
    entry.params = params.map((p) => {
      const f = { name: p.name, ...describe(p.t), required: !p.optional };
      const sub = tyOf(resolve(p.t)) === "Function" ? undefined : fields(p.t, 1);
      if (sub) f.fields = sub;
      const cb = tyOf(resolve(p.t)) === "Function" ? firstParamFields(p.t, 1) : [];
      if (cb.length > 0) f.callback = cb;
      return f;
    });
    entry.returns = retText;
    const ret_fields = retText === "void" ? undefined : fields(ret, 1);
    if (ret_fields) entry.return = ret_fields;
  }
  return entry;
}

const wx = findWx(source);
if (!wx) throw new Error("interface Wx not found");
// Overloads (createOffscreenCanvas) become one entry: the first signature, with a count, so the
// table lists each name once.
const methods = [];
for (const member of wx.members.filter(ts.isMethodSignature)) {
  const entry = method(member);
  const prev = methods.find((m) => m.name === entry.name);
  if (prev) prev.overloads = (prev.overloads || 1) + 1;
  else methods.push(entry);
}

// The interfaces the methods hand back (`createInnerAudioContext(): InnerAudioContext`, the
// `RequestTask` of `request`), and the ones their methods return in turn (SelectorQuery.select
// returns NodesRef): each one's methods, in the same shape as a wx method, so the sandbox can
// give every returned object its whole surface.
function interfaceOf(t) {
  const sym = t && (t.aliasSymbol || t.getSymbol());
  const decl = sym && sym.declarations && sym.declarations[0];
  if (!decl || !ts.isInterfaceDeclaration(decl)) return null;
  if (!decl.getSourceFile().fileName.includes("miniprogram-api-typings")) return null;
  const hasMethod = checker
    .getPropertiesOfType(t)
    .some((p) => (p.declarations || []).some(ts.isMethodSignature));
  return hasMethod ? sym.name : null;
}

function returnTypeOf(member) {
  return checker.getReturnTypeOfSignature(checker.getSignatureFromDeclaration(member));
}

const interfaces = [];
const queue = [];
const seenInterfaces = new Set();
function want(t) {
  const name = interfaceOf(t);
  if (name && !seenInterfaces.has(name)) {
    seenInterfaces.add(name);
    queue.push(t);
  }
  return name;
}
for (const member of wx.members.filter(ts.isMethodSignature)) {
  const entry = methods.find((m) => m.name === member.name.getText(source));
  const iface = want(returnTypeOf(member));
  if (iface && entry && !entry.object) entry.object = iface;
}
while (queue.length > 0) {
  const t = queue.shift();
  const name = interfaceOf(t);
  const list = [];
  for (const p of checker.getPropertiesOfType(t)) {
    const decls = (p.declarations || []).filter(ts.isMethodSignature);
    if (decls.length === 0) continue;
    const entry = method(decls[0]);
    delete entry.category;
    delete entry.doc;
    delete entry.since;
    if (decls.length > 1) entry.overloads = decls.length;
    const next = want(returnTypeOf(decls[0]));
    // The returned interface is listed once, by name.
    if (next) {
      entry.object = next;
      delete entry.return;
    }
    list.push(entry);
  }
  interfaces.push({ name, methods: list });
}
interfaces.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

const table = {
  source: {
    package: pkg.name,
    version: pkg.version,
    file: "types/wx/lib.wx.api.d.ts",
    sha256: createHash("sha256").update(fs.readFileSync(apiFile)).digest("hex"),
    extractor: "tools/typings/extract.mjs",
  },
  count: methods.length,
  methods,
  interfaces,
};
// One method per line: reviewable diffs when the pinned version moves.
const json =
  "{\n" +
  `"source": ${JSON.stringify(table.source)},\n` +
  `"count": ${table.count},\n` +
  `"methods": [\n${methods.map((m) => JSON.stringify(m)).join(",\n")}\n],\n` +
  `"interfaces": [\n${interfaces.map((i) => JSON.stringify(i)).join(",\n")}\n]\n}\n`;

if (process.argv.includes("--check")) {
  const current = fs.existsSync(outFile) ? fs.readFileSync(outFile, "utf8") : "";
  if (current !== json) {
    console.error(`${outFile} differs from ${pkg.name}@${pkg.version}; run: node tools/typings/extract.mjs`);
    process.exit(1);
  }
  console.log(`ok: ${methods.length} methods match ${pkg.name}@${pkg.version}`);
} else {
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  fs.writeFileSync(outFile, json);
  console.log(`wrote ${outFile}: ${methods.length} methods from ${pkg.name}@${pkg.version}`);
}
