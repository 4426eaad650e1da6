/**
 * Which functions of worker/db/ and worker/auth/ write, read from their sources with the
 * TypeScript parser (no type checking, no guessing from names), and which route files import
 * one (issue 16: a route that changes state calls exactly one service; a read-only route may
 * call worker/db/ query functions directly). Used by scripts/check-sql-placement.ts.
 *
 * A top-level declaration (function or const) writes when its own text:
 *  - holds write SQL in a string or template (INSERT INTO, INSERT OR … INTO, REPLACE INTO,
 *    UPDATE … SET, DELETE FROM): a query function or the prepared statement it returns;
 *  - calls `.run(` (D1's call for a statement without rows);
 *  - or uses another declaration that writes, in its own module or imported from worker/db/ or
 *    worker/auth/ (so `startSession` writes through `insertSession`).
 * A `.batch(` call alone is no sign: a batch runs statements made somewhere, whose SQL is judged
 * where it is written (`reportDetails` batches its own SELECTs and is a read; `countForBodies`
 * batches INSERTs and writes); a batch of statements handed in writes through whoever made them.
 */
import { readFileSync } from "node:fs";
import { dirname, join, normalize } from "node:path";
import ts from "typescript";

const WRITE_SQL = /\b(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|REPLACE\s+INTO|UPDATE\s+\S+\s+SET|DELETE\s+FROM)\b/i;
/** The modules whose functions are judged: the query functions and the sign-in helpers built on them. */
const JUDGED = /^worker\/(db|auth)\//;

/** A module's top-level names: what each uses, why it writes (if it does on its own), what it exports. */
interface Module {
  uses: Map<string, Set<string>>;
  /** Names whose own text holds write SQL, with that SQL. */
  sql: Map<string, string>;
  /** Names that call `.run(` (a weaker sign, used only where no chain to write SQL is found). */
  runs: Set<string>;
  /** Exported name → local name, or `module#name` for a re-export. */
  exports: Map<string, string>;
  /** Local name of an import → `module#name` (`module#*` for a namespace import). */
  imports: Map<string, string>;
}

export interface WriteImport {
  route: string;
  name: string;
  from: string;
  /** Why the imported function writes, following the chain to the statement. */
  why: string;
}

const resolve = (from: string, specifier: string) => normalize(join(dirname(from), specifier)).replaceAll("\\", "/");
const isSql = (node: ts.Node): node is ts.StringLiteral | ts.NoSubstitutionTemplateLiteral | ts.TemplateExpression =>
  ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateExpression(node);

/** Whether an identifier is a mere name (a property after a dot, an object key, a declared name), not a use. */
function isMereName(id: ts.Identifier): boolean {
  const p = id.parent;
  if (ts.isPropertyAccessExpression(p) && p.name === id) return true;
  if ((ts.isPropertyAssignment(p) || ts.isPropertySignature(p) || ts.isMethodDeclaration(p)) && p.name === id) return true;
  if ((ts.isVariableDeclaration(p) || ts.isParameter(p) || ts.isFunctionDeclaration(p) || ts.isBindingElement(p)) && p.name === id) return true;
  return false;
}

function parse(file: string, text: string): Module {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith(".tsx") ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const m: Module = { uses: new Map(), sql: new Map(), runs: new Set(), exports: new Map(), imports: new Map() };
  const declared: [string, ts.Node][] = [];
  const exported = (node: ts.Node) => ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((mod) => mod.kind === ts.SyntaxKind.ExportKeyword);
  for (const stmt of source.statements) {
    if (ts.isImportDeclaration(stmt) && ts.isStringLiteral(stmt.moduleSpecifier) && stmt.moduleSpecifier.text.startsWith(".")) {
      const clause = stmt.importClause;
      if (!clause || clause.isTypeOnly) continue;
      const target = resolve(file, stmt.moduleSpecifier.text);
      if (clause.name) m.imports.set(clause.name.text, `${target}#default`);
      const bindings = clause.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) m.imports.set(bindings.name.text, `${target}#*`);
      if (bindings && ts.isNamedImports(bindings))
        for (const s of bindings.elements) if (!s.isTypeOnly) m.imports.set(s.name.text, `${target}#${(s.propertyName ?? s.name).text}`);
    } else if (ts.isExportDeclaration(stmt) && !stmt.isTypeOnly && stmt.exportClause && ts.isNamedExports(stmt.exportClause)) {
      const target = stmt.moduleSpecifier && ts.isStringLiteral(stmt.moduleSpecifier) ? resolve(file, stmt.moduleSpecifier.text) : null;
      for (const s of stmt.exportClause.elements) {
        const local = (s.propertyName ?? s.name).text;
        m.exports.set(s.name.text, target ? `${target}#${local}` : local);
      }
    } else if ((ts.isFunctionDeclaration(stmt) || ts.isClassDeclaration(stmt)) && stmt.name) {
      declared.push([stmt.name.text, stmt]);
      if (exported(stmt)) m.exports.set(stmt.name.text, stmt.name.text);
    } else if (ts.isVariableStatement(stmt)) {
      for (const d of stmt.declarationList.declarations) {
        if (!ts.isIdentifier(d.name)) continue;
        declared.push([d.name.text, d]);
        if (exported(stmt)) m.exports.set(d.name.text, d.name.text);
      }
    }
  }
  const locals = new Set(declared.map(([name]) => name));
  for (const [name, node] of declared) {
    const uses = m.uses.get(name) ?? new Set<string>();
    let sql: string | null = null;
    let runs = false;
    const visit = (n: ts.Node) => {
      if (isSql(n)) {
        const hit = WRITE_SQL.exec(n.getText(source));
        if (hit && !sql)
          sql = n
            .getText(source)
            .slice(hit.index, hit.index + 48)
            .replace(/\s+/g, " ");
      } else if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && n.expression.name.text === "run") {
        runs = true;
      } else if (ts.isIdentifier(n) && !isMereName(n)) {
        const imported = m.imports.get(n.text);
        const p = n.parent;
        if (imported?.endsWith("#*") && ts.isPropertyAccessExpression(p) && p.expression === n) uses.add(`${imported.slice(0, -1)}${p.name.text}`);
        else if (imported) uses.add(imported);
        else if (locals.has(n.text) && n.text !== name) uses.add(`#${n.text}`);
      }
      ts.forEachChild(n, visit);
    };
    visit(node);
    m.uses.set(name, uses);
    if (sql && !m.sql.has(name)) m.sql.set(name, `its SQL: ${sql}…`);
    if (runs) m.runs.add(name);
  }
  return m;
}

/** Marks every declaration that uses a writing one, until nothing changes; the reason follows the chain. */
function follow(why: Map<string, string>, judged: [string, Module][], declOf: (ref: string) => string | null): void {
  for (let changed = true; changed; ) {
    changed = false;
    for (const [file, m] of judged) {
      for (const [name, uses] of m.uses) {
        const key = `${file}#${name}`;
        if (why.has(key)) continue;
        for (const use of uses) {
          const target = use.startsWith("#") ? `${file}${use}` : declOf(use);
          const reason = target && why.get(target);
          if (!target || !reason) continue;
          why.set(key, `through ${target.replace("#", " ")} (${reason})`);
          changed = true;
          break;
        }
      }
    }
  }
}

/**
 * The route files' imports of writing functions. `files` are repository paths (worker/…);
 * `read` gives a file's text (the test passes a small tree of its own).
 */
export function writeImports(files: readonly string[], read: (file: string) => string): WriteImport[] {
  const modules = new Map<string, Module>();
  for (const f of files) if (JUDGED.test(f) || f.startsWith("worker/routes/")) modules.set(f, parse(f, read(f)));
  // `module#name` of a judged module's declaration (following re-exports), or null.
  const declOf = (ref: string, seen = new Set<string>()): string | null => {
    const [file = "", name = ""] = ref.split("#");
    const m = JUDGED.test(file) ? modules.get(file) : undefined;
    if (!m || seen.has(ref)) return null;
    seen.add(ref);
    const local = m.exports.get(name);
    if (local === undefined) return null;
    return local.includes("#") ? declOf(local, seen) : `${file}#${local}`;
  };
  // Why each declaration writes, to a fixed point over the uses: first the chains to write SQL,
  // then `.run(` calls on statements the parser cannot follow.
  const why = new Map<string, string>();
  const judged = [...modules].filter(([file]) => JUDGED.test(file));
  for (const [file, m] of judged) for (const [name, reason] of m.sql) why.set(`${file}#${name}`, reason);
  follow(why, judged, declOf);
  for (const [file, m] of judged) for (const name of m.runs) if (!why.has(`${file}#${name}`)) why.set(`${file}#${name}`, "it calls .run(");
  follow(why, judged, declOf);
  const found: WriteImport[] = [];
  for (const [route, m] of modules) {
    if (!route.startsWith("worker/routes/")) continue;
    for (const [name, ref] of m.imports) {
      const from = ref.split("#")[0]!;
      if (!JUDGED.test(from)) continue;
      const targets = ref.endsWith("#*") ? [...(modules.get(from)?.exports.keys() ?? [])].map((e) => declOf(`${from}#${e}`)) : [declOf(ref)];
      const writing = targets.find((t) => t && why.has(t));
      if (writing) found.push({ route, name, from, why: why.get(writing)! });
    }
  }
  return found;
}
