/**
 * An error whose message is written for the person running the kit (a data scientist or a platform
 * engineer): what is wrong and what to do about it. Entry points print `message` without a stack
 * trace; any other error is a bug and is printed with its stack.
 */
import { missingPermissionHint } from "./github/app-permissions";

export class KitError extends Error {
  override name = "KitError";
  /** Machine-readable reason, stable across versions (used in reports and tests). */
  readonly code: string;
  /** Individual problems when one check found several (config validation, name checks). */
  readonly details: readonly string[];

  constructor(code: string, message: string, details: readonly string[] = []) {
    super(details.length > 0 ? `${message}\n${details.map((d) => `  - ${d}`).join("\n")}` : message);
    this.code = code;
    this.details = details;
  }
}

export function isKitError(error: unknown): error is KitError {
  return error instanceof KitError;
}

/** The message to show for any thrown value. */
export function describeError(error: unknown): string {
  // A 403 naming the permission the App lacks: say which one to grant.
  const hint = missingPermissionHint(error);
  if (error instanceof Error) return hint ? `${error.message}: ${hint}` : error.message;
  return String(error);
}
