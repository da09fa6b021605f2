/**
 * Faults injected on demand: answer a status (optionally with `retry-after`), drop the connection, lose
 * the response (handle the request, then drop the connection: the write happened but the client never
 * hears so, as when a proxy times out), or delay, for the next `times` requests matching a method and a
 * path or operationId.
 */
import { globMatches } from "./ruleset-matcher";

export interface SimFault {
  /** HTTP method, or `*` for any. */
  method: string;
  /** Request path without the query (`*` wildcards allowed); omitted: any path. */
  path?: string;
  /** e.g. `repos/create-in-org`, `git:receive-pack`, or `git:*`; omitted: any operation. */
  operationId?: string;
  /** Status to answer instead of handling the request. */
  status?: number;
  /** Seconds, sent as `retry-after` (a 403 with it reads as a secondary rate limit). */
  retryAfter?: number;
  /** Destroy the socket without answering. */
  drop?: boolean;
  /**
   * Handle the request (a write takes effect) and destroy the socket instead of answering. Git requests
   * are not handled first: for them this is a dropped connection.
   */
  loseResponse?: boolean;
  /** Wait this long before going on (combined with status/drop, or alone: then the request is handled). */
  delayMs?: number;
  /** How many matching requests the fault hits (default 1). */
  times: number;
}

export class FaultInjector {
  private faults: SimFault[] = [];

  add(fault: SimFault): void {
    if (typeof fault.method !== "string" || !fault.method) throw new Error("a fault needs `method` (or `*`)");
    const times = fault.times ?? 1;
    if (!Number.isInteger(times) || times < 1) throw new Error("`times` must be a positive integer");
    if (fault.status === undefined && !fault.drop && !fault.loseResponse && fault.delayMs === undefined) {
      throw new Error("a fault needs `status`, `drop`, `loseResponse` or `delayMs`");
    }
    this.faults.push({ ...fault, method: fault.method.toUpperCase(), times });
  }

  /** The first fault matching this request, spending one of its `times`. */
  take(method: string, path: string, operationId: string): SimFault | undefined {
    const index = this.faults.findIndex(
      (f) =>
        (f.method === "*" || f.method === method) &&
        (f.path === undefined || f.path === path || (f.path.includes("*") && globMatches(f.path, path))) &&
        (f.operationId === undefined ||
          f.operationId === operationId ||
          (f.operationId.includes("*") && globMatches(f.operationId, operationId))),
    );
    if (index < 0) return undefined;
    const fault = this.faults[index]!;
    fault.times--;
    if (fault.times <= 0) this.faults.splice(index, 1);
    return fault;
  }

  pending(): SimFault[] {
    return this.faults.map((f) => ({ ...f }));
  }

  clear(): void {
    this.faults = [];
  }
}
