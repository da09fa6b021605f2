/**
 * Docs generated from their single source: the config reference from the config schema, action
 * input/output tables from each `action.yml`, the README's install line from
 * `scripts/system-packages.txt`. Each lands between markers in a hand-written page:
 *   <!-- generated:NAME -->  ...  <!-- /generated:NAME -->
 * `npm run docs` rewrites them; a test fails when a page is out of date.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { renderCriteriaTable } from "../../src/assessment/criteria-table";
import { kitConfigSchema } from "../../src/config/kit-config-schema";
import {
  appManifest,
  describePermission,
  KIT_APP_JOBS,
  permissionLabel,
} from "../../src/github/app-permissions";
import { parseSystemPackages } from "../../src/system-packages";

type SchemaNode = {
  type?: string | readonly string[];
  description?: string;
  default?: unknown;
  enum?: readonly unknown[];
  pattern?: string;
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
  additionalProperties?: boolean | SchemaNode;
  required?: readonly string[];
  minimum?: number;
  maximum?: number;
};

const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");

function typeOf(node: SchemaNode): string {
  if (node.enum) return node.enum.map((v) => `\`${String(v)}\``).join(" or ");
  if (node.type === "array") return `list of ${node.items ? typeOf(node.items) : "values"}`;
  if (node.type === "object" && node.additionalProperties && typeof node.additionalProperties === "object") {
    return `map of ${typeOf(node.additionalProperties)}`;
  }
  return Array.isArray(node.type) ? node.type.join(" or ") : String(node.type ?? "any");
}

function constraintsOf(node: SchemaNode): string {
  const parts: string[] = [];
  if (node.pattern) parts.push(`pattern \`${node.pattern}\``);
  if (node.minimum !== undefined) parts.push(`≥ ${node.minimum}`);
  if (node.maximum !== undefined) parts.push(`≤ ${node.maximum}`);
  if (node.items?.pattern) parts.push(`items match \`${node.items.pattern}\``);
  return parts.join(", ");
}

function defaultOf(node: SchemaNode): string {
  if (node.default === undefined) return "";
  if (typeof node.default === "object" && node.default !== null && Object.keys(node.default).length === 0)
    return "";
  return `\`${JSON.stringify(node.default)}\``;
}

/** One table row per key, nested keys as dotted paths (`[]` for list items). */
export function renderConfigReference(): string {
  const rows: string[] = [
    "| key | type | required | default | description |",
    "| --- | --- | --- | --- | --- |",
  ];
  const walk = (node: SchemaNode, prefix: string) => {
    const required = new Set(node.required ?? []);
    for (const [key, child] of Object.entries(node.properties ?? {})) {
      if (key === "$schema") continue;
      const keyPath = prefix ? `${prefix}.${key}` : key;
      const constraints = constraintsOf(child);
      const description = [child.description ?? "", constraints ? `(${constraints})` : ""]
        .filter(Boolean)
        .join(" ");
      rows.push(
        `| \`${keyPath}\` | ${cell(typeOf(child))} | ${required.has(key) ? "yes" : ""} | ${cell(defaultOf(child))} | ${cell(description)} |`,
      );
      if (child.properties) walk(child, keyPath);
      if (child.items?.properties) walk(child.items, `${keyPath}[]`);
      if (typeof child.additionalProperties === "object" && child.additionalProperties.items?.properties) {
        walk(child.additionalProperties.items, `${keyPath}.<name>[]`);
      }
      if (typeof child.additionalProperties === "object" && child.additionalProperties.properties) {
        walk(child.additionalProperties, `${keyPath}.<name>`);
      }
    }
  };
  walk(kitConfigSchema as unknown as SchemaNode, "");
  return rows.join("\n");
}

interface ActionManifest {
  name: string;
  description?: string;
  inputs?: Record<string, { description?: string; required?: boolean; default?: unknown }>;
  outputs?: Record<string, { description?: string }>;
}

export function renderActionReference(actionYmlText: string): string {
  const action = parse(actionYmlText) as ActionManifest;
  const lines = ["| input | required | default | description |", "| --- | --- | --- | --- |"];
  for (const [name, input] of Object.entries(action.inputs ?? {})) {
    const fallback =
      input.default === undefined || input.default === "" ? "" : `\`${String(input.default)}\``;
    lines.push(
      `| \`${name}\` | ${input.required ? "yes" : ""} | ${cell(fallback)} | ${cell(input.description ?? "")} |`,
    );
  }
  if (action.outputs && Object.keys(action.outputs).length > 0) {
    lines.push("", "| output | description |", "| --- | --- |");
    for (const [name, output] of Object.entries(action.outputs))
      lines.push(`| \`${name}\` | ${cell(output.description ?? "")} |`);
  }
  return lines.join("\n");
}

/** The kit's App permissions per workflow job (src/github/app-permissions.ts), for platform-team.md. */
export function renderAppPermissions(): string {
  const lines: string[] = [];
  for (const job of KIT_APP_JOBS) {
    lines.push(
      `**\`${job.workflow}\`, job \`${job.job}\`**`,
      "",
      "| permission | access | needed by |",
      "| --- | --- | --- |",
    );
    const row = (name: string, access: string, when?: string) =>
      `| ${permissionLabel(name)} (\`${name}\`) | ${describePermission(name, access).split(": ")[1]}${when ? ` with ${when}` : ""} | ${cell(job.why[name] ?? "")} |`;
    for (const [name, access] of Object.entries(job.permissions)) lines.push(row(name, access));
    for (const extra of job.conditional) {
      for (const [name, access] of Object.entries(extra.permissions))
        lines.push(row(name, access, extra.when));
    }
    lines.push("");
  }
  lines.push(
    "Repository Metadata: Read-only comes with every App and covers `GET /repos/{o}/{r}`, `GET /repos/{o}/{r}/collaborators`, `GET /orgs/{org}/repos` and the repo rulesets' reads. `GET /user` (the kit's own login) answers 403 to an App, which the kit expects.",
  );
  return lines.join("\n");
}

/** The App manifest asking for exactly the union of those permissions. */
export function renderAppManifest(): string {
  return ["```json", JSON.stringify(appManifest("acme-mlops-kit"), null, 2), "```"].join("\n");
}

/** The `apt-get` lines that install every package of the list, wrapped for reading (pure). */
export function renderInstallLine(systemPackagesText: string, width = 100): string {
  const names = parseSystemPackages(systemPackagesText).map((p) => p.name);
  const lines = ["sudo apt-get update && sudo apt-get install -y"];
  for (const name of names) {
    if (`${lines[lines.length - 1]} ${name} \\`.length > width) lines.push(" ");
    lines[lines.length - 1] += ` ${name}`;
  }
  return ["```sh", lines.join(" \\\n"), "```"].join("\n");
}

const PIN = /^\s*(?:-\s+)?uses:\s*([\w.-]+\/[\w./-]+)@([0-9a-f]{40})\s*#\s*(v\S+)/;

/** The table of third-party actions the workflows pin, with SHA and release, from their text (pure). */
export function renderActionPins(workflowTexts: readonly string[]): string {
  const pins = new Map<string, string>();
  for (const line of workflowTexts.flatMap((text) => text.split("\n"))) {
    const match = PIN.exec(line);
    if (match) pins.set(match[1]!, `| \`${match[1]}\` | \`${match[2]}\` | ${match[3]} |`);
  }
  const rows = [...pins.keys()].sort().map((action) => pins.get(action)!);
  return ["| action | SHA | release |", "| --- | --- | --- |", ...rows].join("\n");
}

/**
 * Generated sections by name: `config-reference`, `assessment-criteria`, `action-<name>`,
 * `install-system-packages`, `action-pins`, `app-permissions`, `app-manifest`.
 */
export function generatedSections(repoRoot: string): Map<string, string> {
  const sections = new Map<string, string>([
    ["config-reference", renderConfigReference()],
    ["assessment-criteria", renderCriteriaTable()],
    ["app-permissions", renderAppPermissions()],
    ["app-manifest", renderAppManifest()],
  ]);
  const workflowsDir = path.join(repoRoot, ".github", "workflows");
  if (existsSync(workflowsDir)) {
    const texts = readdirSync(workflowsDir)
      .filter((f) => /\.ya?ml$/.test(f))
      .map((f) => readFileSync(path.join(workflowsDir, f), "utf8"));
    sections.set("action-pins", renderActionPins(texts));
  }
  const packageList = path.join(repoRoot, "scripts", "system-packages.txt");
  if (existsSync(packageList))
    sections.set("install-system-packages", renderInstallLine(readFileSync(packageList, "utf8")));
  const actionsDir = path.join(repoRoot, "actions");
  if (existsSync(actionsDir)) {
    for (const name of readdirSync(actionsDir).sort()) {
      const file = path.join(actionsDir, name, "action.yml");
      if (existsSync(file)) sections.set(`action-${name}`, renderActionReference(readFileSync(file, "utf8")));
    }
  }
  return sections;
}

const MARKER = /<!-- generated:([a-z0-9-]+) -->\n[\s\S]*?<!-- \/generated:\1 -->/g;

/** The page with every known generated section replaced; unknown section names are an error. */
export function fillGeneratedSections(page: string, sections: Map<string, string>, pageName: string): string {
  return page.replace(MARKER, (_, name: string) => {
    const content = sections.get(name);
    if (content === undefined) throw new Error(`${pageName}: no generated section named ${name}`);
    return `<!-- generated:${name} -->\n${content}\n<!-- /generated:${name} -->`;
  });
}

export function listDocPages(repoRoot: string): string[] {
  const docsDir = path.join(repoRoot, "docs");
  const pages = existsSync(docsDir)
    ? readdirSync(docsDir)
        .filter((f) => f.endsWith(".md"))
        .map((f) => path.join(docsDir, f))
    : [];
  return [path.join(repoRoot, "README.md"), ...pages].filter((f) => existsSync(f)).sort();
}
