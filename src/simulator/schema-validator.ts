/**
 * Validates request bodies (and, in tests, response bodies) against the schemas of GitHub's OpenAPI
 * description with ajv. Validators are compiled lazily, per operation, and cached for the process.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";
import {
  type JsonSchema,
  type OpenApiOperation,
  requestBodySchema,
  responseSchema,
  withReferencedComponents,
} from "./openapi-description";

// ajv-formats is CommonJS; under ESM interop its function may sit on `.default`.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ??
  addFormatsModule) as unknown as (ajv: Ajv) => Ajv;

let ajv: Ajv | undefined;
const requestValidators = new Map<string, ValidateFunction | null>();
const responseValidators = new Map<string, ValidateFunction | null>();

function validatorFactory(): Ajv {
  if (!ajv) {
    // The description is OpenAPI 3.0 (`nullable`, `example`, `x-*`): not strict JSON Schema.
    ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false, logger: false });
    addFormats(ajv);
  }
  return ajv;
}

function compile(schema: JsonSchema): ValidateFunction {
  return validatorFactory().compile(withReferencedComponents(schema));
}

/** Problems with a request body, in GitHub's words; empty when the description accepts it. */
export function validateRequestBody(operation: OpenApiOperation, body: unknown): string[] {
  let validate = requestValidators.get(operation.operationId);
  if (validate === undefined) {
    const schema = requestBodySchema(operation);
    validate = schema ? compile(schema) : null;
    requestValidators.set(operation.operationId, validate);
  }
  if (!validate) return [];
  // No body at all reads as an empty object, so that missing fields are named as GitHub names them.
  if (body === undefined) {
    if (!operation.requestBody?.required) return [];
    body = {};
  }
  return validate(body) ? [] : describeErrors(validate.errors ?? [], body);
}

/**
 * Whether a response body is what the description promises for that operation and status (for
 * contract tests). Returns ajv's messages, or `["no schema"]` when the description declares none.
 */
export function validateResponseBody(operation: OpenApiOperation, status: number, body: unknown): string[] {
  const key = `${operation.operationId} ${status}`;
  let validate = responseValidators.get(key);
  if (validate === undefined) {
    const schema = responseSchema(operation, status);
    validate = schema ? compile(schema) : null;
    responseValidators.set(key, validate);
  }
  if (!validate) return ["no schema"];
  return validate(body)
    ? []
    : (validate.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message} ${JSON.stringify(e.params)}`);
}

/**
 * GitHub words schema failures like `"name" wasn't supplied.` and `For 'properties/visibility', "x" is
 * not a possible value.`; alternatives of a `oneOf` are collapsed into one line.
 */
function describeErrors(errors: ErrorObject[], body: unknown): string[] {
  const lines = new Set<string>();
  const hasOneOf = errors.some((e) => e.keyword === "oneOf" || e.keyword === "anyOf");
  for (const error of errors) {
    const where = error.instancePath.replace(/^\//, "").split("/").filter(Boolean);
    const field = where.length > 0 ? `'${where.map((p) => `properties/${p}`).join("/")}'` : "the body";
    switch (error.keyword) {
      case "required":
        if (!hasOneOf || where.length === 0)
          lines.add(`"${(error.params as { missingProperty: string }).missingProperty}" wasn't supplied.`);
        break;
      case "enum":
        if (!hasOneOf)
          lines.add(
            `For ${field}, ${JSON.stringify(valueAt(body, error.instancePath))} is not a possible value (${(
              error.params as { allowedValues: unknown[] }
            ).allowedValues
              .map((v) => JSON.stringify(v))
              .join(", ")}).`,
          );
        break;
      case "type":
        if (!hasOneOf)
          lines.add(`For ${field}, the value is not of type ${(error.params as { type: string }).type}.`);
        break;
      case "oneOf":
      case "anyOf":
        lines.add(`For ${field}, no subschema in "${error.keyword}" matched.`);
        break;
      case "additionalProperties":
        lines.add(
          `For ${field}, "${(error.params as { additionalProperty: string }).additionalProperty}" is not a permitted key.`,
        );
        break;
      default:
        if (!hasOneOf) lines.add(`For ${field}, ${error.message}.`);
    }
  }
  if (lines.size === 0) lines.add("The request body does not match the schema.");
  return [...lines];
}

function valueAt(body: unknown, pointer: string): unknown {
  let value = body;
  for (const part of pointer.split("/").slice(1)) {
    value = (value as Record<string, unknown> | undefined)?.[part.replace(/~1/g, "/").replace(/~0/g, "~")];
  }
  return value;
}
