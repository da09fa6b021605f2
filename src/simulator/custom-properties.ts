/**
 * Checks custom property values against an org's property schema as GitHub does: unknown properties,
 * values outside `allowed_values`, and wrong value types are refused with 422.
 */
import { validationFailed } from "./api-handler";
import type { SimCustomProperty, SimOrg, SimRepo } from "./sim-state";

export type PropertyValue = string | string[] | null;

export function checkPropertyValue(org: SimOrg, name: string, value: unknown): PropertyValue {
  const property = org.properties.get(name);
  if (!property) {
    throw validationFailed(`Property '${name}' does not exist in the organization ${org.login}.`, {
      resource: "CustomPropertyValue",
      field: "property_name",
      code: "invalid",
    });
  }
  if (value === null || value === undefined) {
    if (property.required) throw refusal(property, `Property '${name}' is required and cannot be unset.`);
    return null;
  }
  if (property.value_type === "multi_select") {
    const values = Array.isArray(value) ? value : [value];
    if (!values.every((v) => typeof v === "string"))
      throw refusal(property, `Property '${name}' takes strings.`);
    for (const v of values) checkAllowed(property, v as string);
    return values as string[];
  }
  if (typeof value !== "string") {
    throw refusal(property, `Property '${name}' takes a single string value.`);
  }
  if (property.value_type === "true_false" && value !== "true" && value !== "false") {
    throw refusal(property, `Property '${name}' must be "true" or "false".`);
  }
  if (property.value_type === "url" && !/^https?:\/\/\S+$/.test(value)) {
    throw refusal(property, `Property '${name}' must be a URL.`);
  }
  if (property.value_type === "single_select") checkAllowed(property, value);
  return value;
}

/** Sets values on a repo (null removes), each checked first so a bad value changes nothing. */
export function setRepoProperties(repo: SimRepo, values: { property_name: string; value: unknown }[]): void {
  const checked = values.map(
    (v) => [v.property_name, checkPropertyValue(repo.org, v.property_name, v.value)] as const,
  );
  for (const [name, value] of checked) {
    if (value === null) repo.properties.delete(name);
    else repo.properties.set(name, value);
  }
}

/** Values for a new repo: what the request gives, plus defaults of required properties. */
export function initialProperties(
  org: SimOrg,
  given: Record<string, unknown>,
): Map<string, string | string[]> {
  const result = new Map<string, string | string[]>();
  for (const [name, value] of Object.entries(given)) {
    const checked = checkPropertyValue(org, name, value);
    if (checked !== null) result.set(name, checked);
  }
  for (const property of org.properties.values()) {
    if (result.has(property.property_name)) continue;
    if (property.default_value !== undefined && property.default_value !== null) {
      result.set(property.property_name, property.default_value);
    } else if (property.required) {
      throw refusal(property, `Property '${property.property_name}' is required.`);
    }
  }
  return result;
}

function checkAllowed(property: SimCustomProperty, value: string): void {
  if (property.allowed_values && !property.allowed_values.includes(value)) {
    throw refusal(
      property,
      `Value '${value}' is not one of the allowed values of '${property.property_name}' (${property.allowed_values.join(", ")}).`,
    );
  }
}

function refusal(property: SimCustomProperty, message: string) {
  return validationFailed(message, {
    resource: "CustomPropertyValue",
    field: property.property_name,
    code: "invalid",
  });
}
