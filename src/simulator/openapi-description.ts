/**
 * GitHub's official OpenAPI description (npm `@octokit/openapi`) and a route matcher compiled from it.
 *
 * The 13 MB file is resolved at runtime, never imported: the CLI is bundled with esbuild and must not
 * embed it. It is parsed once per process and shared by every simulator started in that process.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

export type JsonSchema = Record<string, unknown>;

export interface OpenApiOperation {
  operationId: string;
  method: string;
  /** The path template as the description writes it, e.g. `/repos/{owner}/{repo}`. */
  template: string;
  requestBody?: { content?: Record<string, { schema?: JsonSchema }>; required?: boolean };
  responses?: Record<string, { $ref?: string; content?: Record<string, { schema?: JsonSchema }> }>;
  parameters?: unknown[];
}

export interface OpenApiDescription {
  paths: Record<string, Record<string, unknown>>;
  components: {
    schemas: Record<string, JsonSchema>;
    responses: Record<string, { content?: Record<string, { schema?: JsonSchema }> }>;
    [key: string]: unknown;
  };
}

export interface RouteMatch {
  operation: OpenApiOperation;
  params: Record<string, string>;
}

interface TrieNode {
  literals: Map<string, TrieNode>;
  param?: { name: string; node: TrieNode };
  /** Operations whose template ends here, by upper-case method. */
  operations?: Map<string, OpenApiOperation>;
  /** Operations ending in a parameter that may hold slashes (`contents/{path}`), by method. */
  greedy?: { name: string; operations: Map<string, OpenApiOperation> };
}

/** Trailing parameters that carry a file path or a ref and so may contain `/` when the client does not encode it. */
const GREEDY_PARAMS = new Set(["path", "ref"]);
const METHODS = new Set(["get", "put", "post", "patch", "delete", "head", "options"]);

let description: OpenApiDescription | undefined;
let matcher: RouteMatcher | undefined;

export function descriptionPath(): string {
  return createRequire(import.meta.url).resolve("@octokit/openapi/generated/ghec.json");
}

/** The parsed description (once per process). */
export function loadDescription(): OpenApiDescription {
  description ??= JSON.parse(readFileSync(descriptionPath(), "utf8")) as OpenApiDescription;
  return description;
}

export interface RouteMatcher {
  /** The operation for a method and a decoded-per-segment path; `undefined` when GitHub has no such route. */
  match(method: string, pathname: string): RouteMatch | undefined;
  byOperationId(operationId: string): OpenApiOperation | undefined;
  operations(): OpenApiOperation[];
}

/** The matcher for every operation of the description (compiled once per process). */
export function routeMatcher(): RouteMatcher {
  matcher ??= compileMatcher(loadDescription());
  return matcher;
}

function compileMatcher(doc: OpenApiDescription): RouteMatcher {
  const root: TrieNode = { literals: new Map() };
  const byId = new Map<string, OpenApiOperation>();
  for (const [template, item] of Object.entries(doc.paths)) {
    const segments = template.split("/").slice(1);
    let node = root;
    for (let i = 0; i < segments.length; i++) {
      const segment = segments[i]!;
      const param = /^\{([^}]+)\}$/.exec(segment)?.[1];
      if (param !== undefined && i === segments.length - 1 && GREEDY_PARAMS.has(param)) {
        // Also reachable as a greedy tail (below), but a one-segment value goes through the normal path.
        node.greedy ??= { name: param, operations: new Map() };
        addOperations(node.greedy.operations, template, item, byId);
      }
      if (param !== undefined) {
        node.param ??= { name: param, node: { literals: new Map() } };
        node = node.param.node;
      } else {
        let next = node.literals.get(segment);
        if (!next) {
          next = { literals: new Map() };
          node.literals.set(segment, next);
        }
        node = next;
      }
    }
    node.operations ??= new Map();
    addOperations(node.operations, template, item, byId);
  }
  return {
    match(method, pathname) {
      const segments = pathname.split("/").slice(1);
      const found = find(root, segments, 0, method.toUpperCase(), {});
      // A trailing slash is tolerated, except where it means an empty `{path}` (the repo root's contents).
      if (found || segments.length < 2 || segments[segments.length - 1] !== "") return found;
      return find(root, segments.slice(0, -1), 0, method.toUpperCase(), {});
    },
    byOperationId: (id) => byId.get(id),
    operations: () => [...byId.values()],
  };
}

function addOperations(
  into: Map<string, OpenApiOperation>,
  template: string,
  item: Record<string, unknown>,
  byId: Map<string, OpenApiOperation>,
): void {
  for (const [method, raw] of Object.entries(item)) {
    if (!METHODS.has(method)) continue;
    const operation = { ...(raw as object), method: method.toUpperCase(), template } as OpenApiOperation;
    into.set(operation.method, operation);
    byId.set(operation.operationId, operation);
  }
}

/** Depth-first: literal segments win over parameters, as GitHub routes `/orgs/{org}/repos` before `{org}`. */
function find(
  node: TrieNode,
  segments: string[],
  index: number,
  method: string,
  params: Record<string, string>,
): RouteMatch | undefined {
  if (index === segments.length) {
    const operation = node.operations?.get(method);
    if (operation) return { operation, params };
    // `/repos/o/r/contents` is the root folder on GitHub: an omitted trailing path means "".
    const rootOperation = node.greedy?.operations.get(method);
    return rootOperation
      ? { operation: rootOperation, params: { ...params, [node.greedy!.name]: "" } }
      : undefined;
  }
  const segment = segments[index]!;
  const literal = node.literals.get(segment);
  if (literal) {
    const found = find(literal, segments, index + 1, method, params);
    if (found) return found;
  }
  const emptyTail = segment === "" && index === segments.length - 1 && node.greedy?.name === node.param?.name;
  if (node.param && (segment !== "" || emptyTail)) {
    const found = find(node.param.node, segments, index + 1, method, {
      ...params,
      [node.param.name]: decodeSegment(segment),
    });
    if (found) return found;
  }
  if (node.greedy && index < segments.length - 1) {
    const operation = node.greedy.operations.get(method);
    if (operation) {
      const value = segments.slice(index).map(decodeSegment).join("/");
      return { operation, params: { ...params, [node.greedy.name]: value } };
    }
  }
  return undefined;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** The JSON body schema of an operation's request, if it takes one. */
export function requestBodySchema(operation: OpenApiOperation): JsonSchema | undefined {
  const content = operation.requestBody?.content;
  if (!content) return undefined;
  return (content["application/json"] ?? Object.values(content)[0])?.schema;
}

/** The JSON schema of an operation's answer for a status (following `#/components/responses/...`). */
export function responseSchema(operation: OpenApiOperation, status: number): JsonSchema | undefined {
  const doc = loadDescription();
  let response = operation.responses?.[String(status)];
  if (response?.$ref) {
    const name = response.$ref.split("/").pop()!;
    response = doc.components.responses[name];
  }
  const content = response?.content;
  if (!content) return undefined;
  return (content["application/json"] ?? Object.values(content)[0])?.schema;
}

/** Component schemas already rewritten for ajv (see `forAjv`), shared by every compile. */
const ajvComponents = new Map<string, JsonSchema>();

/**
 * A standalone copy of a schema carrying only the components it references (transitively), so that
 * ajv compiles a few kilobytes instead of walking the whole 13 MB document.
 */
export function withReferencedComponents(schema: JsonSchema): JsonSchema {
  const doc = loadDescription();
  const needed = new Map<string, JsonSchema>();
  const pending: string[] = [];
  const collect = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const item of value) collect(item);
      return;
    }
    if (value === null || typeof value !== "object") return;
    for (const [key, child] of Object.entries(value)) {
      if (key === "$ref" && typeof child === "string") {
        const name = /^#\/components\/schemas\/(.+)$/.exec(child)?.[1];
        if (name && !needed.has(name) && doc.components.schemas[name]) {
          let converted = ajvComponents.get(name);
          if (!converted) {
            converted = forAjv(doc.components.schemas[name]) as JsonSchema;
            ajvComponents.set(name, converted);
          }
          needed.set(name, converted);
          pending.push(name);
        }
      } else {
        collect(child);
      }
    }
  };
  const root = forAjv(schema) as JsonSchema;
  collect(root);
  while (pending.length > 0) collect(needed.get(pending.pop()!));
  return { ...root, components: { schemas: Object.fromEntries(needed) } };
}

/**
 * OpenAPI 3.0's `nullable` is only meaningful next to `type`; the description also puts it beside
 * `$ref`/`oneOf`/`allOf`, which ajv refuses. Those become `anyOf: [schema, {type: "null"}]`.
 */
function forAjv(value: unknown, isPropertyMap = false): unknown {
  if (Array.isArray(value)) return value.map((item) => forAjv(item));
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    // Documentation only, unless it names a property (repos have a `description` field).
    if (!isPropertyMap && (key === "example" || key === "examples" || key === "description")) continue;
    out[key] = forAjv(child, key === "properties" && !isPropertyMap);
  }
  if (!isPropertyMap && "nullable" in out && !("type" in out)) {
    const { nullable, ...rest } = out;
    return nullable === true ? { anyOf: [rest, { type: "null" }] } : rest;
  }
  return out;
}
