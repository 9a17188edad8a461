/**
 * Static correspondence between the TypeScript models (models/*.ts) and their hand-written
 * TLA+ twins (spec/*.tla + spec/*.cfg), used by tla-correspondence.test.ts.
 *
 * - The TypeScript side is read by syntax with ts-morph (never imported): the model object's
 *   `variables`, action names (string or template literals, also inside `.map` over `as const`
 *   arrays, which are evaluated statically), invariants, action properties, liveness properties
 *   (kind and fairness list), and whether it has a typeInvariant / terminal / constraint / view.
 *   A small evaluator resolves what can be resolved statically (literals, `as const` arrays,
 *   top-level constants and arrow functions, `.map`/`.flatMap`/`.filter`, imports between
 *   files given to it) and throws an ExtractionError naming the file, line and construct
 *   otherwise, so that an edit can never silently escape the comparison.
 * - The TLA+ side is parsed with tree-sitter-tlaplus (web-tree-sitter): syntax errors, VARIABLES,
 *   CONSTANTS, operator definitions, the disjuncts of the next-state relation (through `\/`,
 *   `\E x \in {"a", "b"} :` wrappers and references to action operators) and the WF_/SF_
 *   fairness conditions of the SPECIFICATION. The .cfg is read by a small parser of TLC's
 *   configuration format.
 *
 * Rules of the correspondence (what compareModel checks):
 * - every TypeScript action is a zero-arity TLA+ operator of the same name that Next refers to
 *   (actions generated per participant, such as `Request${r}`, are written out one operator per
 *   concrete name, e.g. `RequestR1 == Request("R1")`; a disjunct `\E p \in {"P1", "P2"} : Op(p)`
 *   is also understood, as the actions OpP1 and OpP2);
 * - the .cfg's INVARIANT lists exactly the TS invariants, plus TypeInvariant when the model has
 *   a typeInvariant, plus NoDeadlock when it declares terminal states (TLC cannot exempt states
 *   from its deadlock check, so such a .cfg says CHECK_DEADLOCK FALSE and checks
 *   `NoDeadlock == Terminal \/ ENABLED Next` instead);
 * - the .cfg's PROPERTY lists exactly the action properties (`[][...]_vars` formulas) and the
 *   liveness properties (`<>P` or `P ~> Q`), the SPECIFICATION has weak fairness of exactly the
 *   actions the liveness properties name;
 * - a TS state constraint ("checked but not expanded") is a TLC ACTION_CONSTRAINT, never a
 *   CONSTRAINT (TLC drops the states that violate a CONSTRAINT instead of checking them);
 * - the CONSTANTS are the default configuration's fields (nested fields flattened,
 *   `need.R1` ↦ NeedR1, compared case-insensitively; a constant suffixed `Pct` holds the
 *   field's value in hundredths) with the default configuration's values;
 * - the .tla records the default configuration's expected result and the .cfg names every
 *   configuration that must fail with the property it violates.
 */
import { posix } from "node:path";
import {
  Node as MorphNode,
  Project,
  SyntaxKind,
  type ObjectLiteralExpression,
  type SourceFile,
} from "ts-morph";
import { Language, Parser, type Node as SyntaxNode } from "web-tree-sitter";

// ---- TypeScript side ------------------------------------------------------------------------

/** A construct of a TypeScript model that the static extraction cannot resolve. */
export class ExtractionError extends Error {
  override readonly name = "ExtractionError";
}

export interface LivenessInfo {
  readonly name: string;
  readonly kind: string;
  readonly fairness: readonly string[];
}

export interface TsModelInfo {
  readonly file: string;
  readonly name: string;
  readonly variables: readonly string[];
  readonly actions: readonly string[];
  readonly invariants: readonly string[];
  readonly actionProperties: readonly string[];
  readonly liveness: readonly LivenessInfo[];
  readonly typeInvariant: boolean;
  readonly terminal: boolean;
  readonly constraint: boolean;
  readonly view: boolean;
}

type Scalar = string | number | boolean;
type Value = Scalar | undefined | null | readonly Value[] | LazyObject | Fn;

type FnNode = MorphNode & { getParameters(): MorphNode[] };

interface Env {
  readonly file: SourceFile;
  readonly vars: ReadonlyMap<string, Value>;
  readonly parent?: Env;
}

/** An object literal whose properties are evaluated only when read. */
class LazyObject {
  constructor(
    readonly node: ObjectLiteralExpression,
    readonly env: Env,
  ) {}
}

class Fn {
  constructor(
    readonly node: FnNode,
    readonly env: Env,
  ) {}
}

/** Where a construct is: `models/X.ts:LINE (the construct's first 80 characters)`. */
function where(n: MorphNode): string {
  const text = n.getText().replace(/\s+/g, " ");
  return `${n.getSourceFile().getFilePath().replace(/^\//, "")}:${n.getStartLineNumber()} (${
    text.length > 80 ? `${text.slice(0, 80)}…` : text
  })`;
}

function fail(n: MorphNode, what: string): never {
  throw new ExtractionError(`cannot evaluate ${what} statically at ${where(n)}`);
}

/**
 * Evaluates the statically resolvable subset of TypeScript expressions over a set of source
 * files (top-level constants, functions with an expression body or a single `return`, imports
 * between the given files).
 */
class Evaluator {
  private readonly topLevel = new Map<string, Value>();

  constructor(private readonly project: Project) {}

  private fileEnv(file: SourceFile): Env {
    return { file, vars: new Map() };
  }

  private resolveImport(file: SourceFile, name: string, at: MorphNode): Value {
    for (const imp of file.getImportDeclarations()) {
      for (const spec of imp.getNamedImports()) {
        const local = spec.getAliasNode()?.getText() ?? spec.getName();
        if (local !== name) continue;
        const target = posix.normalize(
          posix.join(
            posix.dirname(file.getFilePath()),
            imp.getModuleSpecifierValue().replace(/\.js$/, ".ts"),
          ),
        );
        const other = this.project.getSourceFile(target);
        if (other === undefined) fail(at, `the import of ${name} from ${target} (file not loaded)`);
        return this.topLevelValue(other, spec.getName(), at);
      }
    }
    return fail(at, `the identifier ${name} (not a top-level declaration of its file)`);
  }

  /** The value of a top-level `const` or function of `file`. */
  topLevelValue(file: SourceFile, name: string, at: MorphNode): Value {
    const key = `${file.getFilePath()}#${name}`;
    if (this.topLevel.has(key)) return this.topLevel.get(key);
    const fn = file.getFunction(name);
    let v: Value;
    if (fn !== undefined) v = new Fn(fn, this.fileEnv(file));
    else {
      const decl = file.getVariableDeclaration(name);
      if (decl === undefined) return this.resolveImport(file, name, at);
      const init = decl.getInitializer();
      if (init === undefined) fail(decl, `the constant ${name} (no initializer)`);
      v = this.eval(init, this.fileEnv(file));
    }
    this.topLevel.set(key, v);
    return v;
  }

  private lookup(name: string, env: Env, at: MorphNode): Value {
    for (let e: Env | undefined = env; e !== undefined; e = e.parent)
      if (e.vars.has(name)) return e.vars.get(name);
    if (name === "undefined") return undefined;
    return this.topLevelValue(env.file, name, at);
  }

  /** Reads property `key` of an evaluated value (objects lazily; arrays: `length`). */
  get(obj: Value, key: string, at: MorphNode): Value {
    if (obj instanceof LazyObject) {
      const props = obj.node.getProperties();
      for (let k = props.length - 1; k >= 0; k--) {
        const p = props[k] as MorphNode;
        if (MorphNode.isPropertyAssignment(p) && propName(p.getNameNode()) === key) {
          const init = p.getInitializer();
          if (init === undefined) fail(p, `the property ${key}`);
          return this.eval(init, obj.env);
        }
        if (MorphNode.isShorthandPropertyAssignment(p) && p.getName() === key)
          return this.lookup(key, obj.env, p);
        if (MorphNode.isMethodDeclaration(p) && propName(p.getNameNode()) === key)
          return new Fn(p, obj.env);
        if (MorphNode.isSpreadAssignment(p)) {
          const inner = this.eval(p.getExpression(), obj.env);
          if (this.has(inner, key, p)) return this.get(inner, key, p);
        }
      }
      return undefined;
    }
    if (Array.isArray(obj) && key === "length") return obj.length;
    return fail(at, `the property ${key} of a value that is not an object literal`);
  }

  has(obj: Value, key: string, at: MorphNode): boolean {
    return this.keys(obj, at).includes(key);
  }

  /** The property names of an object literal (spreads included), in order. */
  keys(obj: Value, at: MorphNode): string[] {
    if (!(obj instanceof LazyObject)) return fail(at, "the keys of a non-object value");
    const out: string[] = [];
    for (const p of obj.node.getProperties()) {
      let names: string[];
      if (MorphNode.isSpreadAssignment(p))
        names = this.keys(this.eval(p.getExpression(), obj.env), p);
      else if (
        MorphNode.isPropertyAssignment(p) ||
        MorphNode.isMethodDeclaration(p) ||
        MorphNode.isShorthandPropertyAssignment(p)
      )
        names = [propName(p.getNameNode())];
      else return fail(p, "an object member");
      for (const n of names) if (!out.includes(n)) out.push(n);
    }
    return out;
  }

  private call(f: Value, args: readonly Value[], at: MorphNode): Value {
    if (!(f instanceof Fn)) return fail(at, "a call of something that is not a function");
    const vars = new Map<string, Value>();
    f.node.getParameters().forEach((param, k) => {
      if (!MorphNode.isParameterDeclaration(param)) fail(param, "a parameter");
      bind(param.getNameNode(), args[k], vars);
    });
    const env: Env = { file: f.env.file, vars, parent: f.env };
    const body = MorphNode.isArrowFunction(f.node)
      ? f.node.getBody()
      : (f.node as MorphNode).getFirstChildByKind(SyntaxKind.Block);
    if (body === undefined) return fail(f.node, "a function without a body");
    if (MorphNode.isBlock(body)) {
      const stmts = body.getStatements();
      const ret = stmts[0];
      if (stmts.length !== 1 || ret === undefined || !MorphNode.isReturnStatement(ret))
        return fail(body, "a function body that is not a single return statement");
      const e = ret.getExpression();
      return e === undefined ? undefined : this.eval(e, env);
    }
    return this.eval(body, env);
  }

  private arrayMethod(recv: readonly Value[], method: string, args: Value[], at: MorphNode): Value {
    const f = args[0];
    const apply = (x: Value, k: number) => this.call(f, [x, k], at);
    switch (method) {
      case "map":
        return recv.map(apply);
      case "flatMap":
        return recv.flatMap((x, k) => {
          const r = apply(x, k);
          return Array.isArray(r) ? (r as Value[]) : [r];
        });
      case "filter":
        return recv.filter((x, k) => truthy(apply(x, k)));
      case "includes":
        return recv.includes(f as Scalar);
      case "slice":
        return recv.slice(
          typeof args[0] === "number" ? args[0] : 0,
          typeof args[1] === "number" ? args[1] : undefined,
        );
      default:
        return fail(at, `the array method ${method}`);
    }
  }

  eval(n: MorphNode, env: Env): Value {
    if (MorphNode.isStringLiteral(n) || MorphNode.isNoSubstitutionTemplateLiteral(n))
      return n.getLiteralText();
    if (MorphNode.isNumericLiteral(n)) return n.getLiteralValue();
    if (n.getKind() === SyntaxKind.TrueKeyword) return true;
    if (n.getKind() === SyntaxKind.FalseKeyword) return false;
    if (n.getKind() === SyntaxKind.NullKeyword) return null;
    if (MorphNode.isTemplateExpression(n)) {
      let s = n.getHead().getLiteralText();
      for (const span of n.getTemplateSpans()) {
        const v = this.eval(span.getExpression(), env);
        if (typeof v !== "string" && typeof v !== "number")
          fail(span.getExpression(), "a template substitution that is not a string or number");
        s += String(v) + span.getLiteral().getLiteralText();
      }
      return s;
    }
    if (
      MorphNode.isAsExpression(n) ||
      MorphNode.isSatisfiesExpression(n) ||
      MorphNode.isParenthesizedExpression(n) ||
      MorphNode.isNonNullExpression(n) ||
      MorphNode.isTypeAssertion(n)
    )
      return this.eval(n.getExpression(), env);
    if (MorphNode.isArrayLiteralExpression(n)) {
      const out: Value[] = [];
      for (const e of n.getElements()) {
        if (MorphNode.isSpreadElement(e)) {
          const v = this.eval(e.getExpression(), env);
          if (!Array.isArray(v)) fail(e, "a spread of a value that is not an array");
          out.push(...(v as Value[]));
        } else out.push(this.eval(e, env));
      }
      return out;
    }
    if (MorphNode.isObjectLiteralExpression(n)) return new LazyObject(n, env);
    if (MorphNode.isArrowFunction(n) || MorphNode.isFunctionExpression(n)) return new Fn(n, env);
    if (MorphNode.isIdentifier(n)) return this.lookup(n.getText(), env, n);
    if (MorphNode.isPropertyAccessExpression(n))
      return this.get(this.eval(n.getExpression(), env), n.getName(), n);
    if (MorphNode.isPrefixUnaryExpression(n)) {
      const v = this.eval(n.getOperand(), env);
      if (n.getOperatorToken() === SyntaxKind.MinusToken && typeof v === "number") return -v;
      if (n.getOperatorToken() === SyntaxKind.ExclamationToken) return !truthy(v);
      return fail(n, "a prefix operator");
    }
    if (MorphNode.isConditionalExpression(n))
      return truthy(this.eval(n.getCondition(), env))
        ? this.eval(n.getWhenTrue(), env)
        : this.eval(n.getWhenFalse(), env);
    if (MorphNode.isBinaryExpression(n)) {
      const op = n.getOperatorToken().getKind();
      const l = this.eval(n.getLeft(), env);
      if (op === SyntaxKind.AmpersandAmpersandToken)
        return truthy(l) ? this.eval(n.getRight(), env) : l;
      if (op === SyntaxKind.BarBarToken) return truthy(l) ? l : this.eval(n.getRight(), env);
      const r = this.eval(n.getRight(), env);
      if (op === SyntaxKind.EqualsEqualsEqualsToken) return l === r;
      if (op === SyntaxKind.ExclamationEqualsEqualsToken) return l !== r;
      if (op === SyntaxKind.PlusToken && typeof l === "number" && typeof r === "number")
        return l + r;
      if (
        op === SyntaxKind.PlusToken &&
        (typeof l === "string" || typeof l === "number") &&
        (typeof r === "string" || typeof r === "number")
      )
        return String(l) + String(r);
      return fail(n, "a binary operator");
    }
    if (MorphNode.isCallExpression(n)) {
      const callee = n.getExpression();
      const args = n.getArguments().map((a) => this.eval(a, env));
      if (MorphNode.isPropertyAccessExpression(callee)) {
        const recv = this.eval(callee.getExpression(), env);
        if (Array.isArray(recv))
          return this.arrayMethod(recv as readonly Value[], callee.getName(), args, n);
        return this.call(this.get(recv, callee.getName(), callee), args, n);
      }
      return this.call(this.eval(callee, env), args, n);
    }
    return fail(n, `an expression of kind ${n.getKindName()}`);
  }
}

function truthy(v: Value): boolean {
  return v !== undefined && v !== null && v !== false && v !== 0 && v !== "";
}

function propName(n: MorphNode): string {
  if (MorphNode.isStringLiteral(n) || MorphNode.isNumericLiteral(n))
    return String(n.getLiteralValue());
  if (MorphNode.isIdentifier(n)) return n.getText();
  return fail(n, "a computed property name");
}

function bind(name: MorphNode, v: Value, vars: Map<string, Value>): void {
  if (MorphNode.isIdentifier(name)) {
    vars.set(name.getText(), v);
    return;
  }
  if (MorphNode.isArrayBindingPattern(name)) {
    if (!Array.isArray(v)) fail(name, "an array destructuring of a non-array");
    name.getElements().forEach((el, k) => {
      if (MorphNode.isBindingElement(el)) bind(el.getNameNode(), (v as Value[])[k], vars);
    });
    return;
  }
  fail(name, "a parameter pattern");
}

/**
 * The TypeScript sources that extraction may read, by absolute posix path (e.g.
 * "/models/SlotAllocation.ts"): the models and the registry. Imports between them are followed.
 */
export function createTsProject(files: Readonly<Record<string, string>>): Project {
  const project = new Project({
    useInMemoryFileSystem: true,
    skipAddingFilesFromTsConfig: true,
    skipFileDependencyResolution: true,
  });
  for (const [path, text] of Object.entries(files)) project.createSourceFile(path, text);
  return project;
}

function asStrings(v: Value, at: MorphNode, what: string): string[] {
  if (!Array.isArray(v) || !v.every((x) => typeof x === "string"))
    return fail(at, `${what} (expected an array of strings)`);
  return v as string[];
}

function asString(v: Value, at: MorphNode, what: string): string {
  if (typeof v !== "string") return fail(at, `${what} (expected a string)`);
  return v;
}

function asObjects(v: Value, at: MorphNode, what: string): LazyObject[] {
  if (v === undefined) return [];
  if (!Array.isArray(v) || !v.every((x) => x instanceof LazyObject))
    return fail(at, `${what} (expected an array of object literals)`);
  return v as LazyObject[];
}

/** The model object of a model file: the top-level `const x: Model<…> = { … }`. */
function findModelObject(file: SourceFile): ObjectLiteralExpression {
  const found: ObjectLiteralExpression[] = [];
  for (const decl of file.getVariableDeclarations()) {
    const init = decl.getInitializer();
    const typed = /^Model\s*</.test(decl.getTypeNode()?.getText() ?? "");
    if (init !== undefined && MorphNode.isObjectLiteralExpression(init)) {
      const names = init
        .getProperties()
        .map((p) =>
          MorphNode.isPropertyAssignment(p) || MorphNode.isShorthandPropertyAssignment(p)
            ? p.getName()
            : "",
        );
      if (typed || (names.includes("variables") && names.includes("actions"))) found.push(init);
    }
  }
  if (found.length !== 1)
    throw new ExtractionError(
      `${file.getFilePath().replace(/^\//, "")}: expected exactly one top-level model object (const x: Model<…> = { … }), found ${found.length}`,
    );
  return found[0] as ObjectLiteralExpression;
}

/** Extracts a model's names from its source, by syntax only. Throws ExtractionError. */
export function extractTsModel(project: Project, path: string): TsModelInfo {
  const file = project.getSourceFile(path);
  if (file === undefined) throw new ExtractionError(`${path}: not loaded`);
  const ev = new Evaluator(project);
  const node = findModelObject(file);
  const model = new LazyObject(node, { file, vars: new Map() });
  const names = (key: string) =>
    asObjects(ev.get(model, key, node), node, `the model's ${key}`).map((o) =>
      asString(ev.get(o, "name", o.node), o.node, `the name of an element of ${key}`),
    );
  const liveness = asObjects(ev.get(model, "liveness", node), node, "the model's liveness").map(
    (o) => ({
      name: asString(ev.get(o, "name", o.node), o.node, "a liveness property's name"),
      kind: asString(ev.get(o, "kind", o.node), o.node, "a liveness property's kind"),
      fairness: asStrings(ev.get(o, "fairness", o.node), o.node, "a liveness property's fairness"),
    }),
  );
  return {
    file: path.replace(/^\//, ""),
    name: asString(ev.get(model, "name", node), node, "the model's name"),
    variables: asStrings(ev.get(model, "variables", node), node, "the model's variables"),
    actions: names("actions"),
    invariants: names("invariants"),
    actionProperties: names("actionProperties"),
    liveness,
    typeInvariant: ev.has(model, "typeInvariant", node),
    terminal: ev.has(model, "terminal", node),
    constraint: ev.has(model, "constraint", node),
    view: ev.has(model, "view", node),
  };
}

export interface RegistryConfig {
  readonly name: string;
  readonly mustFail: boolean;
  readonly property?: string;
}

export interface RegistryInfo {
  readonly defaultConfig: string;
  /** The default configuration, nested fields flattened: need.R1 ↦ needR1. */
  readonly defaults: ReadonlyMap<string, Scalar>;
  readonly expected: {
    readonly verdict: string;
    readonly distinctStates?: number;
    readonly depth?: number;
  };
  readonly configs: readonly RegistryConfig[];
}

function flatten(ev: Evaluator, v: Value, prefix: string, at: MorphNode, out: Map<string, Scalar>) {
  if (v instanceof LazyObject) {
    for (const k of ev.keys(v, at)) {
      const key = prefix === "" ? k : prefix + k.charAt(0).toUpperCase() + k.slice(1);
      flatten(ev, ev.get(v, k, at), key, at, out);
    }
  } else if (typeof v === "string" || typeof v === "number" || typeof v === "boolean")
    out.set(prefix, v);
  else fail(at, `the configuration field ${prefix}`);
}

/** Extracts each model's default configuration and recorded results from models/registry.ts. */
export function extractRegistry(project: Project, path: string): Map<string, RegistryInfo> {
  const file = project.getSourceFile(path);
  if (file === undefined) throw new ExtractionError(`${path}: not loaded`);
  const decl = file.getVariableDeclaration("MODELS");
  if (decl === undefined) throw new ExtractionError(`${path}: no top-level MODELS`);
  const ev = new Evaluator(project);
  const models = ev.topLevelValue(file, "MODELS", decl);
  const out = new Map<string, RegistryInfo>();
  for (const name of ev.keys(models, decl)) {
    const m = ev.get(models, name, decl);
    const defaultConfig = asString(ev.get(m, "defaultConfig", decl), decl, `${name}.defaultConfig`);
    const configsObj = ev.get(m, "configs", decl);
    const configs: RegistryConfig[] = [];
    let defaults = new Map<string, Scalar>();
    let expected: RegistryInfo["expected"] = { verdict: "unknown" };
    for (const cn of ev.keys(configsObj, decl)) {
      const c = ev.get(configsObj, cn, decl);
      const exp = ev.get(c, "expected", decl);
      const property = ev.get(exp, "property", decl);
      configs.push({
        name: cn,
        mustFail: ev.get(c, "mustFail", decl) === true,
        ...(typeof property === "string" ? { property } : {}),
      });
      if (cn === defaultConfig) {
        defaults = new Map();
        flatten(ev, ev.get(c, "config", decl), "", decl, defaults);
        const ds = ev.get(exp, "distinctStates", decl);
        const depth = ev.get(exp, "depth", decl);
        expected = {
          verdict: asString(ev.get(exp, "verdict", decl), decl, `${name}.${cn}.expected.verdict`),
          ...(typeof ds === "number" ? { distinctStates: ds } : {}),
          ...(typeof depth === "number" ? { depth } : {}),
        };
      }
    }
    out.set(name, { defaultConfig, defaults, expected, configs });
  }
  return out;
}

// ---- TLA+ side -------------------------------------------------------------------------------

/** Loads the TLA+ grammar (tree-sitter-tlaplus) into a web-tree-sitter parser. */
export async function createTlaParser(wasmPath: string): Promise<Parser> {
  await Parser.init();
  const language = await Language.load(wasmPath);
  const parser = new Parser();
  parser.setLanguage(language);
  return parser;
}

export interface CfgInfo {
  readonly constants: ReadonlyMap<string, string>;
  readonly init?: string;
  readonly next?: string;
  readonly specification?: string;
  readonly invariants: readonly string[];
  readonly properties: readonly string[];
  readonly constraints: readonly string[];
  readonly actionConstraints: readonly string[];
  readonly view?: string;
  readonly checkDeadlock?: boolean;
  /** The text of the comments, concatenated. */
  readonly comments: string;
  readonly problems: readonly string[];
}

const CFG_KEYWORDS = new Map<string, string>([
  ["CONSTANT", "CONSTANTS"],
  ["CONSTANTS", "CONSTANTS"],
  ["INIT", "INIT"],
  ["NEXT", "NEXT"],
  ["SPECIFICATION", "SPECIFICATION"],
  ["INVARIANT", "INVARIANTS"],
  ["INVARIANTS", "INVARIANTS"],
  ["PROPERTY", "PROPERTIES"],
  ["PROPERTIES", "PROPERTIES"],
  ["CONSTRAINT", "CONSTRAINTS"],
  ["CONSTRAINTS", "CONSTRAINTS"],
  ["ACTION_CONSTRAINT", "ACTION_CONSTRAINTS"],
  ["ACTION_CONSTRAINTS", "ACTION_CONSTRAINTS"],
  ["VIEW", "VIEW"],
  ["SYMMETRY", "SYMMETRY"],
  ["ALIAS", "ALIAS"],
  ["CHECK_DEADLOCK", "CHECK_DEADLOCK"],
]);

/** Parses a TLC configuration file (the subset of its format that these specs use). */
export function parseCfg(text: string): CfgInfo {
  const problems: string[] = [];
  const tokens: { t: string; line: number }[] = [];
  let comments = "";
  let line = 1;
  for (let i = 0; i < text.length;) {
    const c = text.charAt(i);
    if (c === "\n") {
      line++;
      i++;
    } else if (/\s/.test(c)) i++;
    else if (text.startsWith("\\*", i)) {
      const end = text.indexOf("\n", i);
      const stop = end < 0 ? text.length : end;
      comments += text.slice(i + 2, stop) + "\n";
      i = stop;
    } else if (text.startsWith("(*", i)) {
      const end = text.indexOf("*)", i);
      const stop = end < 0 ? text.length : end + 2;
      const body = text.slice(i + 2, end < 0 ? text.length : end);
      comments += body + "\n";
      line += body.split("\n").length - 1;
      i = stop;
    } else if (c === '"') {
      const end = text.indexOf('"', i + 1);
      if (end < 0) {
        problems.push(`line ${line}: unterminated string`);
        break;
      }
      tokens.push({ t: text.slice(i, end + 1), line });
      i = end + 1;
    } else if (text.startsWith("<-", i)) {
      tokens.push({ t: "<-", line });
      i += 2;
    } else if (/[A-Za-z0-9_]/.test(c)) {
      let j = i;
      while (j < text.length && /[A-Za-z0-9_]/.test(text.charAt(j))) j++;
      tokens.push({ t: text.slice(i, j), line });
      i = j;
    } else if ("={},()[]!-".includes(c)) {
      tokens.push({ t: c, line });
      i++;
    } else {
      problems.push(`line ${line}: unexpected character ${JSON.stringify(c)}`);
      i++;
    }
  }
  const constants = new Map<string, string>();
  const lists: Record<string, string[]> = {
    INVARIANTS: [],
    PROPERTIES: [],
    CONSTRAINTS: [],
    ACTION_CONSTRAINTS: [],
  };
  const single: Record<string, string> = {};
  let checkDeadlock: boolean | undefined;
  let k = 0;
  const at = (n: number) => tokens[n];
  while (k < tokens.length) {
    const tok = at(k) as { t: string; line: number };
    const kw = CFG_KEYWORDS.get(tok.t);
    if (kw === undefined) {
      problems.push(`line ${tok.line}: expected a keyword, found ${tok.t}`);
      k++;
      continue;
    }
    k++;
    const isKeyword = (n: number) => CFG_KEYWORDS.has(at(n)?.t ?? "");
    // A value: a number (maybe negative), a string, TRUE/FALSE, a model value or a {…} set.
    const readValue = (): string => {
      const t = at(k++);
      if (t === undefined) return "";
      if (t.t === "-") return `-${at(k++)?.t ?? ""}`;
      if (t.t !== "{") return t.t;
      const parts: string[] = [];
      for (let depth = 1; k < tokens.length && depth > 0;) {
        const u = at(k++)?.t ?? "";
        if (u === "{") depth++;
        if (u === "}") depth--;
        if (depth > 0) parts.push(u);
      }
      return `{${parts.join(" ").replace(/ ,/g, ",")}}`;
    };
    if (kw === "CONSTANTS") {
      while (k < tokens.length && !isKeyword(k)) {
        const name = at(k)?.t ?? "";
        const op = at(k + 1)?.t;
        if (op !== "=" && op !== "<-") {
          problems.push(`line ${at(k)?.line}: expected = or <- after constant ${name}`);
          k++;
          continue;
        }
        k += 2;
        const value = op === "<-" ? (at(k++)?.t ?? "") : readValue();
        if (constants.has(name)) problems.push(`constant ${name} assigned twice`);
        constants.set(name, value);
      }
    } else if (kw === "CHECK_DEADLOCK") {
      const v = at(k)?.t;
      if (v !== "TRUE" && v !== "FALSE")
        problems.push(`line ${tok.line}: CHECK_DEADLOCK needs TRUE or FALSE`);
      else checkDeadlock = v === "TRUE";
      k++;
    } else if (kw in lists) {
      while (k < tokens.length && !isKeyword(k)) lists[kw]?.push(at(k++)?.t ?? "");
    } else {
      const v = at(k);
      if (v === undefined || isKeyword(k)) problems.push(`line ${tok.line}: ${tok.t} needs a name`);
      else {
        if (single[kw] !== undefined) problems.push(`line ${tok.line}: ${kw} given twice`);
        single[kw] = v.t;
        k++;
      }
    }
  }
  const opt = (key: string) => single[key];
  const init = opt("INIT");
  const next = opt("NEXT");
  const specification = opt("SPECIFICATION");
  const view = opt("VIEW");
  return {
    constants,
    ...(init !== undefined ? { init } : {}),
    ...(next !== undefined ? { next } : {}),
    ...(specification !== undefined ? { specification } : {}),
    ...(view !== undefined ? { view } : {}),
    ...(checkDeadlock !== undefined ? { checkDeadlock } : {}),
    invariants: lists["INVARIANTS"] ?? [],
    properties: lists["PROPERTIES"] ?? [],
    constraints: lists["CONSTRAINTS"] ?? [],
    actionConstraints: lists["ACTION_CONSTRAINTS"] ?? [],
    comments,
    problems,
  };
}

export interface TlaDefinition {
  readonly name: string;
  readonly arity: number;
  readonly line: number;
  /** The definition's body. */
  readonly body: SyntaxNode;
}

export interface TlaModuleInfo {
  readonly name: string;
  /** Syntax errors: `line L, column C: …` of each ERROR or MISSING node. */
  readonly errors: readonly string[];
  readonly variables: readonly string[];
  readonly constants: readonly string[];
  readonly definitions: ReadonlyMap<string, TlaDefinition>;
  readonly text: string;
}

function position(n: SyntaxNode): string {
  return `line ${n.startPosition.row + 1}, column ${n.startPosition.column + 1}`;
}

/** Parses a TLA+ module and lists its declarations and top-level definitions. */
export function parseTla(parser: Parser, text: string): TlaModuleInfo {
  const tree = parser.parse(text);
  if (tree === null) throw new Error("tree-sitter returned no tree");
  const errors: string[] = [];
  const walk = (n: SyntaxNode) => {
    if (n.type === "ERROR" || n.isMissing)
      errors.push(
        `${position(n)}: ${n.isMissing ? `missing ${n.type}` : `cannot parse ${JSON.stringify(n.text.slice(0, 60))}`}`,
      );
    if (n.hasError) for (const c of n.children) walk(c);
  };
  if (tree.rootNode.hasError) walk(tree.rootNode);
  if (tree.rootNode.hasError && errors.length === 0) errors.push("the parser reports an error");
  const mod = tree.rootNode.namedChildren.find((c) => c.type === "module");
  const variables: string[] = [];
  const constants: string[] = [];
  const definitions = new Map<string, TlaDefinition>();
  for (const unit of mod?.namedChildren ?? []) {
    const u = unit.type === "local_definition" ? (unit.namedChildren[0] ?? unit) : unit;
    if (u.type === "variable_declaration")
      for (const c of u.namedChildren) if (c.type === "identifier") variables.push(c.text);
    if (u.type === "constant_declaration")
      for (const c of u.namedChildren) {
        if (c.type === "identifier") constants.push(c.text);
        if (c.type === "operator_declaration") {
          const id = c.childForFieldName("name") ?? c.namedChildren[0];
          if (id !== null && id !== undefined) constants.push(id.text);
        }
      }
    if (u.type === "operator_definition" || u.type === "function_definition") {
      const name = u.childForFieldName("name");
      const body = u.childForFieldName("definition");
      if (name === null || body === null) continue;
      const arity = u
        .childrenForFieldName("parameter")
        .filter((p) => p.type === "identifier" || p.type === "operator_declaration").length;
      definitions.set(name.text, { name: name.text, arity, line: u.startPosition.row + 1, body });
    }
  }
  return {
    name: mod?.childForFieldName("name")?.text ?? "",
    errors,
    variables,
    constants,
    definitions,
    text,
  };
}

/** The named children of a node, comments left out. */
function parts(n: SyntaxNode): SyntaxNode[] {
  return n.namedChildren.filter((c) => c.type !== "comment" && c.type !== "block_comment");
}

function stripParens(n: SyntaxNode): SyntaxNode {
  let x = n;
  while (x.type === "parentheses" && parts(x)[0] !== undefined) x = parts(x)[0] as SyntaxNode;
  return x;
}

function infixSymbol(n: SyntaxNode): string | undefined {
  return n.type === "bound_infix_op" ? n.childForFieldName("symbol")?.type : undefined;
}

function stringValue(n: SyntaxNode): string | undefined {
  return n.type === "string" ? n.text.slice(1, -1) : undefined;
}

/** The strings of a set literal, directly or through a zero-arity definition. */
function stringSet(n: SyntaxNode, m: TlaModuleInfo): string[] | undefined {
  const x = stripParens(n);
  if (x.type === "identifier_ref") {
    const d = m.definitions.get(x.text);
    return d !== undefined && d.arity === 0 ? stringSet(d.body, m) : undefined;
  }
  if (x.type !== "finite_set_literal") return undefined;
  const out: string[] = [];
  for (const c of parts(x)) {
    const s = stringValue(c);
    if (s === undefined) return undefined;
    out.push(s);
  }
  return out;
}

type Bindings = ReadonlyMap<string, readonly string[]>;

/** The conjuncts of a conjunction (infix /\ or a /\ bullet list), flattened. */
function conjuncts(n: SyntaxNode): SyntaxNode[] {
  const x = stripParens(n);
  if (infixSymbol(x) === "land")
    return [x.childForFieldName("lhs"), x.childForFieldName("rhs")].flatMap((c) =>
      c === null ? [] : conjuncts(c),
    );
  if (x.type === "conj_list")
    return parts(x).flatMap((item) =>
      parts(item)
        .filter((c) => c.type !== "bullet_conj")
        .flatMap(conjuncts),
    );
  return [x];
}

/**
 * The action names a disjunct of Next stands for: a zero-arity operator `A` is the action A;
 * `Op("x", …)` is the action Opx…; under `\E v \in {"a", "b"} : … Op(v) …` the action is named
 * after each value of v, keeping only the values that satisfy conjuncts such as `v # w`.
 */
function actionNames(
  n: SyntaxNode,
  m: TlaModuleInfo,
  bound: Bindings,
  problems: string[],
  filters: SyntaxNode[],
): string[] {
  const x = stripParens(n);
  const unsupported = (what: string) => {
    problems.push(
      `${m.name}: cannot read the disjunct of Next at ${position(x)} (${what}): ${x.text.replace(/\s+/g, " ").slice(0, 80)}`,
    );
    return [];
  };
  if (x.type === "disj_list")
    return parts(x).flatMap((item) =>
      parts(item)
        .filter((c) => c.type !== "bullet_disj")
        .flatMap((c) => actionNames(c, m, bound, problems, filters)),
    );
  if (infixSymbol(x) === "lor") {
    const l = x.childForFieldName("lhs");
    const r = x.childForFieldName("rhs");
    if (l === null || r === null) return unsupported("a disjunction without operands");
    return [
      ...actionNames(l, m, bound, problems, filters),
      ...actionNames(r, m, bound, problems, filters),
    ];
  }
  if (x.type === "bounded_quantification") {
    if (x.childForFieldName("quantifier")?.type !== "exists")
      return unsupported("only \\E wraps actions");
    const inner = new Map(bound);
    for (const qb of x.childrenForFieldName("bound")) {
      if (qb.type !== "quantifier_bound") continue;
      const set = qb.childForFieldName("set");
      const values = set === null ? undefined : stringSet(set, m);
      if (values === undefined) return unsupported("the set is not a literal set of strings");
      for (const v of qb.childrenForFieldName("intro"))
        if (v.type === "identifier") inner.set(v.text, values);
    }
    const body = x.childForFieldName("expression");
    if (body === null) return unsupported("no body");
    return actionNames(body, m, inner, problems, []);
  }
  if (infixSymbol(x) === "land" || x.type === "conj_list") {
    // Inside \E: side conditions (v # w, v = w) on the bound variables, and one action.
    const conds: SyntaxNode[] = [...filters];
    let action: SyntaxNode | undefined;
    for (const it of conjuncts(x)) {
      const s = infixSymbol(it);
      if (s === "neq" || s === "eq") conds.push(it);
      else if (action === undefined) action = it;
      else return unsupported("two actions in one conjunction");
    }
    if (action === undefined) return unsupported("no action in the conjunction");
    return actionNames(action, m, bound, problems, conds);
  }
  if (x.type === "identifier_ref") {
    const d = m.definitions.get(x.text);
    if (d === undefined) return unsupported(`${x.text} is not defined in the module`);
    if (d.arity !== 0) return unsupported(`${x.text} takes arguments`);
    return [x.text];
  }
  if (x.type === "bound_op") {
    const op = x.childForFieldName("name")?.text ?? "";
    if (!m.definitions.has(op)) return unsupported(`${op} is not defined in the module`);
    const args = x.childrenForFieldName("parameter").filter((p) => p.isNamed);
    // Enumerate the bound variables the arguments use.
    const vars = [...bound.keys()];
    let rows: Map<string, string>[] = [new Map()];
    for (const v of vars)
      rows = rows.flatMap((row) => (bound.get(v) ?? []).map((val) => new Map([...row, [v, val]])));
    const valueOf = (a: SyntaxNode, row: Map<string, string>) => {
      const y = stripParens(a);
      return stringValue(y) ?? (y.type === "identifier_ref" ? row.get(y.text) : undefined);
    };
    const names = new Set<string>();
    for (const row of rows) {
      let keep = true;
      for (const c of filters) {
        const l = c.childForFieldName("lhs");
        const r = c.childForFieldName("rhs");
        const lv = l === null ? undefined : valueOf(l, row);
        const rv = r === null ? undefined : valueOf(r, row);
        if (lv === undefined || rv === undefined)
          return unsupported("a side condition on other than the bound variables");
        if ((infixSymbol(c) === "eq") !== (lv === rv)) keep = false;
      }
      if (!keep) continue;
      const vals = args.map((a) => valueOf(a, row));
      if (vals.some((v) => v === undefined))
        return unsupported("an argument that is neither a string nor a bound variable");
      names.add(op + vals.join(""));
    }
    return [...names];
  }
  return unsupported(`a ${x.type}`);
}

function descendants(n: SyntaxNode, type: string): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  const walk = (x: SyntaxNode) => {
    if (x.type === type) out.push(x);
    for (const c of x.namedChildren) walk(c);
  };
  walk(n);
  return out;
}

/** Definitions reachable from `name` through references to zero-arity definitions. */
function closure(m: TlaModuleInfo, name: string): TlaDefinition[] {
  const seen = new Set<string>();
  const out: TlaDefinition[] = [];
  const visit = (n: string) => {
    const d = m.definitions.get(n);
    if (d === undefined || d.arity !== 0 || seen.has(n)) return;
    seen.add(n);
    out.push(d);
    for (const r of descendants(d.body, "identifier_ref")) visit(r.text);
  };
  visit(name);
  return out;
}

export interface NextInfo {
  readonly actions: readonly string[];
  /** Actions under WF_ (weak) and SF_ (strong) fairness in the SPECIFICATION. */
  readonly weakFair: readonly string[];
  readonly strongFair: readonly string[];
  readonly problems: readonly string[];
}

/** The actions of the next-state relation (NEXT, or the [][N]_v of the SPECIFICATION). */
export function nextInfo(m: TlaModuleInfo, cfg: CfgInfo): NextInfo {
  const problems: string[] = [];
  let nextName = cfg.next;
  const weakFair: string[] = [];
  const strongFair: string[] = [];
  if (cfg.specification !== undefined) {
    const defs = closure(m, cfg.specification);
    const steps = defs.flatMap((d) => descendants(d.body, "step_expr_or_stutter"));
    const boxed = steps.filter((s) => s.parent?.namedChildren.some((c) => c.type === "always"));
    const first = boxed[0] === undefined ? undefined : parts(boxed[0])[0];
    if (boxed.length !== 1 || first === undefined || first.type !== "identifier_ref")
      problems.push(
        `${m.name}: the SPECIFICATION ${cfg.specification} must contain exactly one [][Next]_vars with a named next-state relation`,
      );
    else nextName = first.text;
    for (const f of defs.flatMap((d) => descendants(d.body, "fairness"))) {
      const action = parts(f)[1];
      const names = action === undefined ? [] : actionNames(action, m, new Map(), problems, []);
      (f.text.startsWith("SF_") ? strongFair : weakFair).push(...names);
    }
  }
  if (nextName === undefined) {
    problems.push(`${m.name}: the .cfg names neither NEXT nor SPECIFICATION`);
    return { actions: [], weakFair, strongFair, problems };
  }
  const next = m.definitions.get(nextName);
  if (next === undefined) {
    problems.push(`${m.name}: the next-state relation ${nextName} is not defined`);
    return { actions: [], weakFair, strongFair, problems };
  }
  const actions = actionNames(next.body, m, new Map(), problems, []);
  return { actions, weakFair, strongFair, problems };
}

// ---- Comparison ------------------------------------------------------------------------------

function missing(a: readonly string[], b: readonly string[]): string[] {
  const s = new Set(b);
  return a.filter((x) => !s.has(x));
}

function cfgScalar(v: string): Scalar | undefined {
  if (/^-?\d+$/.test(v)) return Number(v);
  if (v === "TRUE") return true;
  if (v === "FALSE") return false;
  if (/^".*"$/.test(v)) return v.slice(1, -1);
  return undefined;
}

export interface ModelFiles {
  /** The model's name (the file names' stem). */
  readonly name: string;
  readonly ts: TsModelInfo;
  readonly tla: TlaModuleInfo;
  readonly cfg: CfgInfo;
  /** The model's entry in models/registry.ts, when checking configuration and results. */
  readonly registry?: RegistryInfo;
}

/**
 * Everything that does not correspond between a TypeScript model and its TLA+ twin, one
 * message each (empty when they correspond).
 */
export function compareModel(f: ModelFiles): string[] {
  const { name, ts, tla, cfg } = f;
  const tsFile = `models/${name}.ts`;
  const tlaFile = `spec/${name}.tla`;
  const cfgFile = `spec/${name}.cfg`;
  const out: string[] = [];
  if (tla.errors.length > 0) {
    for (const e of tla.errors) out.push(`${name}: ${tlaFile} does not parse: ${e}`);
    return out;
  }
  for (const p of cfg.problems) out.push(`${name}: ${cfgFile}: ${p}`);
  if (ts.name !== name) out.push(`${name}: ${tsFile} names its model ${ts.name}`);
  if (tla.name !== name) out.push(`${name}: ${tlaFile} is MODULE ${tla.name}`);
  const both = (
    what: string,
    tsNames: readonly string[],
    tlaNames: readonly string[],
    where: string,
  ) => {
    for (const x of missing(tsNames, tlaNames))
      out.push(`${name}: ${what} ${x} is in ${tsFile} but not in ${where}`);
    for (const x of missing(tlaNames, tsNames))
      out.push(`${name}: ${what} ${x} is in ${where} but not in ${tsFile}`);
  };
  const defined = (x: string, why: string) => {
    if (!tla.definitions.has(x)) out.push(`${name}: ${x} (${why}) is not defined in ${tlaFile}`);
  };

  both("variable", ts.variables, tla.variables, tlaFile);

  const next = nextInfo(tla, cfg);
  out.push(...next.problems);
  both("action", ts.actions, next.actions, tlaFile);

  const invariants = [
    ...(ts.typeInvariant ? ["TypeInvariant"] : []),
    ...ts.invariants,
    ...(ts.terminal ? ["NoDeadlock"] : []),
  ];
  both("invariant", invariants, cfg.invariants, `${cfgFile} INVARIANT`);
  for (const x of cfg.invariants) defined(x, "an INVARIANT of the .cfg");

  const properties = [...ts.actionProperties, ...ts.liveness.map((l) => l.name)];
  both("property", properties, cfg.properties, `${cfgFile} PROPERTY`);
  for (const x of cfg.properties) defined(x, "a PROPERTY of the .cfg");
  for (const p of ts.actionProperties) {
    const d = tla.definitions.get(p);
    if (d !== undefined && descendants(d.body, "step_expr_or_stutter").length === 0)
      out.push(`${name}: the action property ${p} is not a [][A]_vars formula in ${tlaFile}`);
  }
  for (const l of ts.liveness) {
    const d = tla.definitions.get(l.name);
    if (d === undefined) continue;
    const leads = descendants(d.body, "leads_to").length > 0;
    const ev = descendants(d.body, "eventually").length > 0;
    if (l.kind === "leadsTo" ? !leads : !ev || leads)
      out.push(
        `${name}: the liveness property ${l.name} is ${l.kind} in ${tsFile} but ${leads ? "~>" : ev ? "<>" : "neither <> nor ~>"} in ${tlaFile}`,
      );
  }

  const fair = [...new Set(ts.liveness.flatMap((l) => l.fairness))];
  if (fair.length > 0 && cfg.specification === undefined)
    out.push(`${name}: ${cfgFile} checks liveness, so it needs a SPECIFICATION with fairness`);
  both("weakly fair action", fair, [...new Set(next.weakFair)], `the SPECIFICATION of ${cfgFile}`);
  for (const x of next.strongFair)
    out.push(`${name}: ${x} has strong fairness (SF_) in ${tlaFile}; the TS checker uses WF_ only`);

  if (ts.terminal) {
    if (cfg.checkDeadlock !== false)
      out.push(
        `${name}: ${tsFile} declares terminal states, so ${cfgFile} needs CHECK_DEADLOCK FALSE (and INVARIANT NoDeadlock)`,
      );
    defined("Terminal", "the TS model's terminal states");
  } else if (cfg.checkDeadlock === false)
    out.push(
      `${name}: ${cfgFile} turns TLC's deadlock check off but ${tsFile} has no terminal states`,
    );

  if (cfg.constraints.length > 0)
    out.push(
      `${name}: ${cfgFile} uses CONSTRAINT, which drops states; the TS constraint keeps them unexpanded: use ACTION_CONSTRAINT`,
    );
  if (ts.constraint && cfg.actionConstraints.length === 0)
    out.push(`${name}: ${tsFile} has a state constraint but ${cfgFile} has no ACTION_CONSTRAINT`);
  if (!ts.constraint && cfg.actionConstraints.length > 0)
    out.push(`${name}: ${cfgFile} has an ACTION_CONSTRAINT but ${tsFile} has no constraint`);
  for (const x of cfg.actionConstraints) defined(x, "an ACTION_CONSTRAINT of the .cfg");
  if (ts.view) defined("View", "the TS model's view");
  for (const [k, v] of [
    ["INIT", cfg.init],
    ["NEXT", cfg.next],
    ["SPECIFICATION", cfg.specification],
    ["VIEW", cfg.view],
  ] as const)
    if (v !== undefined) defined(v, `the ${k} of the .cfg`);

  both("constant", tla.constants, [...cfg.constants.keys()], `${cfgFile} CONSTANTS`);

  const reg = f.registry;
  if (reg === undefined) return out;
  const byLower = new Map([...reg.defaults].map(([k, v]) => [k.toLowerCase(), [k, v] as const]));
  const used = new Set<string>();
  for (const [c, raw] of cfg.constants) {
    const lower = c.toLowerCase();
    const exact = byLower.get(lower);
    const pct = lower.endsWith("pct") ? byLower.get(lower.slice(0, -3)) : undefined;
    const hit = exact ?? pct;
    if (hit === undefined) {
      out.push(
        `${name}: constant ${c} of ${cfgFile} is no field of the default configuration "${reg.defaultConfig}"`,
      );
      continue;
    }
    used.add(hit[0]);
    const want =
      exact === undefined && typeof hit[1] === "number" ? Math.round(hit[1] * 100) : hit[1];
    if (
      exact === undefined &&
      typeof hit[1] === "number" &&
      Math.abs(hit[1] * 100 - Math.round(hit[1] * 100)) > 1e-9
    )
      out.push(`${name}: ${hit[0]} = ${hit[1]} is not a whole number of hundredths`);
    if (cfgScalar(raw) !== want)
      out.push(
        `${name}: constant ${c} = ${raw} in ${cfgFile}, but the default configuration "${reg.defaultConfig}" has ${hit[0]} = ${JSON.stringify(hit[1])}`,
      );
  }
  for (const k of reg.defaults.keys())
    if (!used.has(k))
      out.push(
        `${name}: field ${k} of the default configuration "${reg.defaultConfig}" has no constant in ${cfgFile}`,
      );

  const { distinctStates, depth, verdict } = reg.expected;
  if (distinctStates !== undefined && !tla.text.includes(`${distinctStates} distinct states`))
    out.push(
      `${name}: ${tlaFile} does not record the expected "${distinctStates} distinct states" of "${reg.defaultConfig}"`,
    );
  if (depth !== undefined && !tla.text.includes(`depth ${depth}`))
    out.push(
      `${name}: ${tlaFile} does not record the expected "depth ${depth}" of "${reg.defaultConfig}"`,
    );
  if (!tla.text.includes(`verdict ${verdict}`))
    out.push(
      `${name}: ${tlaFile} does not record the expected "verdict ${verdict}" of "${reg.defaultConfig}"`,
    );
  for (const c of reg.configs)
    if (c.mustFail && (!cfg.comments.includes(c.name) || !cfg.comments.includes(c.property ?? "")))
      out.push(
        `${name}: ${cfgFile} does not say (in a comment) that configuration "${c.name}" must fail with ${c.property ?? "?"}`,
      );
  return out;
}
