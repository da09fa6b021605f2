/**
 * Compares the simulator's answers with the EXAMPLE responses of GitHub's OpenAPI description, which a
 * schema check alone misses: GitHub's schemas mark few keys required, so an answer can meet the schema
 * yet lack half the keys GitHub sends. The rules:
 * - every key of the example is present (unless the caller names it conditional, e.g. owner-only keys);
 * - every other key the simulator sends is documented (a property of the schema);
 * - values have the example's JSON type (null on either side is the schema's business), recursively;
 *   array items are compared with the example item they resemble most (rules, checks… are polymorphic).
 * Error bodies are held to GitHub's error format: `{message, documentation_url, status?}`, and `errors[]`
 * (each with a `code`) for `Validation Failed`.
 */
import { loadDescription, type OpenApiOperation } from "../../src/simulator/openapi-description";

type Schema = Record<string, unknown>;

interface Shape {
  properties: Record<string, Schema>;
  /** A map (`additionalProperties`) or a schema that says nothing about keys: keys are not checked. */
  open: boolean;
  items?: Schema;
}

/** The example values of an operation's answer for a status (following `$ref`s); empty when none. */
export function examplesFor(operation: OpenApiOperation, status: number): unknown[] {
  const doc = loadDescription();
  let response = operation.responses?.[String(status)] as Schema | undefined;
  if (typeof response?.$ref === "string")
    response = doc.components.responses[response.$ref.split("/").pop()!];
  const content = response?.content as Record<string, Schema> | undefined;
  const media = content?.["application/json"] ?? (content ? Object.values(content)[0] : undefined);
  const examples = (media?.examples ?? {}) as Record<string, Schema>;
  const components = doc.components.examples as Record<string, Schema>;
  return Object.values(examples)
    .map((e) => (typeof e.$ref === "string" ? components[e.$ref.split("/").pop()!] : e))
    .filter((e): e is Schema => e !== undefined && "value" in e)
    .map((e) => e.value);
}

/** The schema of an operation's answer for a status (raw, `$ref`s unresolved). */
function schemaFor(operation: OpenApiOperation, status: number): Schema {
  const doc = loadDescription();
  let response = operation.responses?.[String(status)] as Schema | undefined;
  if (typeof response?.$ref === "string")
    response = doc.components.responses[response.$ref.split("/").pop()!];
  const content = response?.content as Record<string, Schema> | undefined;
  const media = content?.["application/json"] ?? (content ? Object.values(content)[0] : undefined);
  return (media?.schema as Schema | undefined) ?? {};
}

/** Properties and item schema of a schema, merging `allOf`/`anyOf`/`oneOf` branches. */
function shapeOf(schema: Schema | undefined, seen = new Set<string>()): Shape {
  const doc = loadDescription();
  const shape: Shape = { properties: {}, open: false };
  if (!schema) return { ...shape, open: true };
  if (typeof schema.$ref === "string") {
    if (seen.has(schema.$ref)) return { ...shape, open: true };
    const target = doc.components.schemas[schema.$ref.split("/").pop()!];
    return shapeOf(target, new Set([...seen, schema.$ref]));
  }
  const branches = [schema.allOf, schema.anyOf, schema.oneOf].flatMap((b) => (Array.isArray(b) ? b : []));
  for (const branch of branches as Schema[]) {
    const inner = shapeOf(branch, seen);
    mergeProperties(shape.properties, inner.properties);
    shape.open ||= inner.open;
    shape.items ??= inner.items;
  }
  if (schema.properties) mergeProperties(shape.properties, schema.properties as Record<string, Schema>);
  if (schema.items) shape.items = schema.items as Schema;
  const saysNothing = !schema.properties && branches.length === 0 && !schema.items;
  if (schema.additionalProperties || (saysNothing && schema.type !== "array")) shape.open = true;
  return shape;
}

/** Same-named properties of alternative branches (a rule's `parameters`) become alternatives. */
function mergeProperties(into: Record<string, Schema>, from: Record<string, Schema>): void {
  for (const [key, schema] of Object.entries(from)) {
    const known = into[key];
    into[key] = known && known !== schema ? { anyOf: [known, schema] } : schema;
  }
}

function jsonType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value;
}

export interface CompareOptions {
  /** Keys (dotted paths from the body, `[]` for array items) the example has but this answer may lack. */
  conditional?: Set<string>;
}

/** Differences between an answer and one example, as `path: what` lines. */
export function compareWithExample(
  actual: unknown,
  example: unknown,
  schema: Schema | undefined,
  path = "",
  options: CompareOptions = {},
): string[] {
  const here = path || "(body)";
  if (actual === null || example === null || actual === undefined) return [];
  const [a, e] = [jsonType(actual), jsonType(example)];
  if (a !== e) return [`${here}: is ${a}, GitHub's example has ${e}`];
  const shape = shapeOf(schema);
  if (a === "array") {
    const examples = example as unknown[];
    if (examples.length === 0) return [];
    return (actual as unknown[]).flatMap((item) => {
      // Items told apart by a `type` (rules) are held to an example of their type; with none, only to
      // documented keys, since another type's keys say nothing about theirs.
      const kind = jsonType(item) === "object" ? (item as Schema).type : undefined;
      const sameKind = examples.filter((ex) => kind === undefined || (ex as Schema)?.type === kind);
      const candidates = sameKind.length > 0 ? sameKind : [{}];
      const tries = candidates.map((ex) => compareWithExample(item, ex, shape.items, `${path}[]`, options));
      return tries.reduce((best, next) => (next.length < best.length ? next : best));
    });
  }
  if (a !== "object" || shape.open) return [];
  const got = actual as Record<string, unknown>;
  const want = example as Record<string, unknown>;
  const problems: string[] = [];
  for (const key of Object.keys(want)) {
    const keyPath = path ? `${path}.${key}` : key;
    if (!(key in got)) {
      // Examples show some keys their schema does not document; only documented ones are owed.
      const owed = key in shape.properties && !options.conditional?.has(keyPath);
      if (owed && !options.conditional?.has(`${path}.*`))
        problems.push(`${keyPath}: missing (GitHub's example has it)`);
      continue;
    }
    problems.push(...compareWithExample(got[key], want[key], shape.properties[key], keyPath, options));
  }
  for (const key of Object.keys(got)) {
    if (key in want) continue;
    const keyPath = path ? `${path}.${key}` : key;
    if (!(key in shape.properties)) problems.push(`${keyPath}: not a documented key`);
  }
  return problems;
}

/** Differences between an answer and the examples of its operation: none when it matches any of them. */
export function compareWithExamples(
  operation: OpenApiOperation,
  status: number,
  body: unknown,
  options: CompareOptions = {},
): string[] {
  const examples = examplesFor(operation, status);
  if (examples.length === 0) return [];
  const schema = schemaFor(operation, status);
  const conditional = new Set([
    ...(options.conditional ?? []),
    ...(CONDITIONAL[operation.operationId] ?? []),
  ]);
  const tries = examples.map((example) => compareWithExample(body, example, schema, "", { conditional }));
  return [...new Set(tries.reduce((best, next) => (next.length < best.length ? next : best)))];
}

const REPO_CONDITIONAL = [
  // Only for forks, and for repos generated from a template.
  "parent",
  "source",
  "template_repository",
  // Only for private repos, to callers who may clone them.
  "temp_clone_token",
];
const PROTECTION_CONDITIONAL = [
  // GitHub omits a protection section that is not configured (the example configures them all).
  "required_status_checks",
  "required_pull_request_reviews",
  "required_pull_request_reviews.dismissal_restrictions",
  "restrictions",
  // Deprecated; GitHub's live answers no longer carry it.
  "required_status_checks.enforcement_level",
  // The example's App is owned by an org and holds these permissions; an App's permissions are its own.
  ...["restrictions.apps[]", "required_pull_request_reviews.dismissal_restrictions.apps[]"].flatMap(
    (apps) => [
      ...["hooks_url", "issues_url", "members_url", "public_members_url", "description"].map(
        (k) => `${apps}.owner.${k}`,
      ),
      ...["metadata", "contents", "issues", "single_file"].map((k) => `${apps}.permissions.${k}`),
    ],
  ),
];
const PULL_CONDITIONAL = ["head.repo", "base.repo"].flatMap((side) =>
  REPO_CONDITIONAL.map((key) => `${side}.${key}`),
);
/** Example keys GitHub itself sends only in some cases, per operation (why: beside each list). */
const CONDITIONAL: Record<string, string[]> = {
  "pulls/create": PULL_CONDITIONAL,
  "pulls/get": PULL_CONDITIONAL,
  "pulls/update": PULL_CONDITIONAL,
  "pulls/list": PULL_CONDITIONAL.map((key) => `[].${key}`),
  // An installation's (or token's) permissions are those it was granted; the example's are not owed.
  "apps/get-org-installation": ["permissions.*"],
  "apps/get-repo-installation": ["permissions.*"],
  // `repositories` only when the token was narrowed to some repositories.
  "apps/create-installation-access-token": ["permissions.*", "repositories"],
  "apps/list-repos-accessible-to-installation": REPO_CONDITIONAL.map((key) => `repositories[].${key}`),
  "repos/get": REPO_CONDITIONAL,
  "repos/update": REPO_CONDITIONAL,
  "repos/create-in-org": REPO_CONDITIONAL,
  // Sent only to admins of the repo (and security managers).
  "repos/list-for-org": ["[].security_and_analysis"],
  "repos/get-branch-protection": PROTECTION_CONDITIONAL,
  "repos/update-branch-protection": PROTECTION_CONDITIONAL,
  // A ruleset's conditions hold the targeting the org chose (by name, id or property), not all three.
  ...Object.fromEntries(
    ["create-org-ruleset", "get-org-ruleset", "update-org-ruleset"].map((op) => [
      `repos/${op}`,
      ["conditions.repository_name", "conditions.repository_property"],
    ]),
  ),
};

const ERROR_KEYS = new Set(["message", "documentation_url", "status", "errors"]);
const ERROR_ITEM_KEYS = new Set(["resource", "field", "message", "code", "index", "value"]);

/** Differences between an error body and GitHub's error format (and the operation's example, if any). */
export function compareErrorBody(operation: OpenApiOperation, status: number, body: unknown): string[] {
  if (jsonType(body) !== "object") return [`(body): is ${jsonType(body)}, GitHub answers a JSON object`];
  const got = body as Record<string, unknown>;
  const problems: string[] = [];
  if (typeof got.message !== "string") problems.push("message: missing or not a string");
  if (typeof got.documentation_url !== "string") problems.push("documentation_url: missing or not a string");
  if ("status" in got && got.status !== String(status))
    problems.push(`status: ${JSON.stringify(got.status)}, not "${status}"`);
  for (const key of Object.keys(got))
    if (!ERROR_KEYS.has(key)) problems.push(`${key}: not a GitHub error key`);
  if ("errors" in got || got.message === "Validation Failed") {
    const errors = got.errors;
    if (!Array.isArray(errors) || errors.length === 0) problems.push("errors: missing or empty");
    for (const [i, item] of (Array.isArray(errors) ? errors : []).entries()) {
      // GitHub sends plain strings in `errors` for some refusals (e.g. rulesets); objects carry a code.
      if (typeof item === "string") continue;
      if (jsonType(item) !== "object" || typeof (item as Schema).code !== "string")
        problems.push(`errors[${i}]: not an object with a code`);
      else
        for (const key of Object.keys(item as Schema))
          if (!ERROR_ITEM_KEYS.has(key)) problems.push(`errors[${i}].${key}: not a documented key`);
    }
  }
  const examples = examplesFor(operation, status);
  if (examples.length > 0) {
    const schema = schemaFor(operation, status);
    const tries = examples.map((example) => compareWithExample(body, example, schema));
    problems.push(...tries.reduce((best, next) => (next.length < best.length ? next : best)));
  }
  return [...new Set(problems)];
}
