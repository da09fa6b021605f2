/** Every request the simulator answered, in arrival order, so tests and benchmarks can count calls. */
export interface RequestLogEntry {
  method: string;
  /** Path without the query string. */
  path: string;
  /** The OpenAPI operationId, `git:info-refs` / `git:upload-pack` / `git:receive-pack`, or `unknown`. */
  operationId: string;
  /** 0 when the connection was dropped without an answer. */
  status: number;
  /** Time from arrival to answer, in milliseconds. */
  ms: number;
}

/** Bounded so that a long-running `mlops-kit sim` cannot grow without limit. */
const MAX_ENTRIES = 200_000;

export class RequestLog {
  private entries: RequestLogEntry[] = [];

  record(method: string, path: string, operationId: string, status: number, startedAt: number): void {
    if (this.entries.length >= MAX_ENTRIES) this.entries.splice(0, MAX_ENTRIES / 10);
    this.entries.push({
      method,
      path,
      operationId,
      status,
      ms: Math.round((performance.now() - startedAt) * 10) / 10,
    });
  }

  list(): RequestLogEntry[] {
    return this.entries;
  }

  clear(): void {
    this.entries = [];
  }
}
