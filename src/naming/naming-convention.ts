/**
 * The org's naming convention for ML repos (pure). A name is checked character by character first
 * (so hostile input is described precisely and never reaches a shell, a path or a workflow), then as
 * ordered parts (brand, domain, use case...), then against reserved words and lengths.
 *
 * A rejected name gets every problem, each naming the part at fault, and a valid suggestion where
 * one can be derived (lower-casing, a confusable letter replaced, the closest allowed value).
 */
import type { NamingConvention, NamingPart } from "../config/kit-config";
import { quoteForDisplay } from "../text/display";
import { closestMatch } from "../text/edit-distance";
import { describeCharacter, toAsciiLookalike } from "./character-names";

export interface NameProblem {
  /** The convention part at fault, when the problem is about one part. */
  part?: string;
  message: string;
}

export type NameCheckResult =
  | { ok: true; name: string; parts: Record<string, string> }
  | { ok: false; name: string; problems: NameProblem[]; suggestion?: string };

/** GitHub's own limit on repository names. */
export const GITHUB_MAX_REPO_NAME_LENGTH = 100;

/** Folder names Windows refuses, which a clone of the repo would need. */
const WINDOWS_DEVICE_NAMES = new Set([
  "con",
  "prn",
  "aux",
  "nul",
  ...Array.from({ length: 9 }, (_, i) => `com${i + 1}`),
  ...Array.from({ length: 9 }, (_, i) => `lpt${i + 1}`),
]);

export function checkProjectName(name: string, convention: NamingConvention): NameCheckResult {
  const problems = findProblems(name, convention);
  if (problems.length === 0) {
    return { ok: true, name, parts: splitIntoParts(name, convention) };
  }
  const suggestion = suggestName(name, convention);
  return { ok: false, name, problems, ...(suggestion && suggestion !== name ? { suggestion } : {}) };
}

/** One message for people: what is wrong, which part, and what would be valid. */
export function formatNameCheck(
  result: Extract<NameCheckResult, { ok: false }>,
  convention: NamingConvention,
): string {
  const lines = [
    `project name ${quoteForDisplay(result.name)} does not follow the naming convention (${describeConvention(convention)}):`,
  ];
  lines.push(...result.problems.map((p) => `  - ${p.message}`));
  if (result.suggestion) lines.push(`Did you mean "${result.suggestion}"?`);
  else if (convention.example) lines.push(`Example of a valid name: "${convention.example}".`);
  return lines.join("\n");
}

export function describeConvention(convention: NamingConvention): string {
  return convention.parts.map((p) => p.name).join(convention.separator);
}

function findProblems(name: string, convention: NamingConvention): NameProblem[] {
  if (name.length === 0)
    return [{ message: `the name is empty; expected ${describeConvention(convention)}` }];

  const characterProblems = findCharacterProblems(name, convention);
  const lengthProblems = findLengthProblems(name, convention);
  if (characterProblems.length > 0) return [...characterProblems, ...lengthProblems];

  const problems: NameProblem[] = [...lengthProblems];
  const { separator } = convention;
  if (name.startsWith(separator) || name.endsWith(separator)) {
    problems.push({ message: `the name must not start or end with "${separator}"` });
    return problems;
  }
  if (name.includes(separator + separator)) {
    problems.push({
      message: `"${separator}${separator}" leaves an empty part; use a single "${separator}" between parts`,
    });
    return problems;
  }
  const segments = name.split(separator);
  const { parts } = convention;
  if (segments.length < parts.length) {
    const missing = parts.slice(segments.length).map((p) => p.name);
    problems.push({
      part: missing[0],
      message: `missing part${missing.length > 1 ? "s" : ""} ${missing.join(", ")}: expected ${parts.length} parts separated by "${separator}" (${describeConvention(convention)}), got ${segments.length}`,
    });
  }
  const values = splitIntoParts(name, convention);
  for (const part of parts) {
    const value = values[part.name];
    if (value !== undefined) problems.push(...checkPart(part, value));
  }
  problems.push(...findReservedProblems(name, Object.values(values), convention));
  return problems;
}

function findCharacterProblems(name: string, convention: NamingConvention): NameProblem[] {
  const problems: NameProblem[] = [];
  const reported = new Set<string>();
  const chars = [...name];
  let upperCase = false;
  chars.forEach((char, index) => {
    if (/^[a-z0-9]$/.test(char) || char === convention.separator) return;
    if (/^[A-Z]$/.test(char)) {
      upperCase = true;
      return;
    }
    if (reported.has(char)) return;
    reported.add(char);
    const lookalike = toAsciiLookalike(char);
    const hint =
      lookalike && lookalike !== char ? ` (it looks like "${lookalike}" but is a different character)` : "";
    problems.push({
      message: `${describeCharacter(char)} at position ${index + 1} is not allowed${hint}; names use lower-case a-z, digits 0-9 and "${convention.separator}"`,
    });
  });
  if (upperCase) problems.push({ message: "names must be lower-case" });
  if (name.includes("${{")) {
    problems.push({ message: "GitHub expression syntax (${{ ... }}) is not allowed in a name" });
  }
  return problems;
}

function findLengthProblems(name: string, convention: NamingConvention): NameProblem[] {
  const length = [...name].length;
  const max = Math.min(convention.maxLength, GITHUB_MAX_REPO_NAME_LENGTH);
  if (length > max) return [{ message: `the name is ${length} characters long; at most ${max} are allowed` }];
  if (length < convention.minLength) {
    return [
      { message: `the name is ${length} characters long; at least ${convention.minLength} are needed` },
    ];
  }
  return [];
}

/** Ordered part values; the last part takes every remaining segment (separators included). */
export function splitIntoParts(name: string, convention: NamingConvention): Record<string, string> {
  const segments = name.split(convention.separator);
  const values: Record<string, string> = {};
  convention.parts.forEach((part, i) => {
    const isLast = i === convention.parts.length - 1;
    const value = isLast ? segments.slice(i).join(convention.separator) : segments[i];
    if (value !== undefined && value !== "") values[part.name] = value;
  });
  return values;
}

function checkPart(part: NamingPart, value: string): NameProblem[] {
  const label = part.description ? `${part.name} (${part.description})` : part.name;
  if (part.allowed && !part.allowed.includes(value)) {
    const hint = closestMatch(value, part.allowed);
    return [
      {
        part: part.name,
        message: `${label} "${value}" is not allowed${hint ? `; did you mean "${hint}"?` : ""} Allowed: ${part.allowed.join(", ")}`,
      },
    ];
  }
  if (part.pattern !== undefined && !new RegExp(`^(?:${part.pattern})$`, "u").test(value)) {
    return [{ part: part.name, message: `${label} "${value}" must match ${part.pattern}` }];
  }
  return [];
}

function findReservedProblems(
  name: string,
  partValues: string[],
  convention: NamingConvention,
): NameProblem[] {
  const reserved = new Set(convention.reserved.map((r) => r.toLowerCase()));
  const lower = name.toLowerCase();
  if (reserved.has(lower)) return [{ message: `"${name}" is a reserved name` }];
  if (WINDOWS_DEVICE_NAMES.has(lower))
    return [{ message: `"${name}" is a device name on Windows, where a clone would fail` }];
  // Every word of every part: a part may span several words (the last one takes the rest of the name).
  const problems: NameProblem[] = [];
  partValues.forEach((value, i) => {
    const words = value.split(convention.separator);
    const hits = [...new Set(words.filter((word) => reserved.has(word.toLowerCase())))];
    for (const word of hits) {
      const part = convention.parts[i]?.name;
      problems.push({
        part,
        message:
          words.length > 1
            ? `"${word}" (in ${part} "${value}") is a reserved word and cannot be part of a name`
            : `"${word}" is a reserved word and cannot be part of a name`,
      });
    }
  });
  return problems;
}

/** A valid name close to what was typed, or undefined when none can be derived safely. */
export function suggestName(name: string, convention: NamingConvention): string | undefined {
  const { separator } = convention;
  const folded = [...name.normalize("NFKD")]
    .filter((c) => !/\p{M}/u.test(c))
    .map((c) => toAsciiLookalike(c) ?? c)
    .join("")
    .toLowerCase();
  const separatorRun = new RegExp(`${escapeRegExp(separator)}+`, "g");
  const cleaned = folded
    .replace(/[^a-z0-9]+/g, separator)
    .replace(separatorRun, separator)
    .replace(new RegExp(`^${escapeRegExp(separator)}|${escapeRegExp(separator)}$`, "g"), "");
  if (!cleaned) return undefined;
  const segments = cleaned.split(separator);
  const fixed = convention.parts.map((part, i) => {
    const isLast = i === convention.parts.length - 1;
    const value = isLast ? segments.slice(i).join(separator) : segments[i];
    if (value && part.allowed && !part.allowed.includes(value))
      return closestMatch(value, part.allowed) ?? value;
    return value;
  });
  if (fixed.some((v) => !v)) return undefined;
  const candidate = fixed.join(separator);
  return findProblems(candidate, convention).length === 0 ? candidate : undefined;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
