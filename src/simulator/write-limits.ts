/**
 * GitHub's documented secondary rate limits on writing ("Rate limits for the REST API"): per caller,
 * at most 80 content-creating requests a minute and 500 an hour, and 900 points a minute where a
 * read costs 1 point and a write (POST, PATCH, PUT, DELETE) 5. Over a limit GitHub answers 403 (or
 * 429) with `retry-after`; here `retry-after` is the real wait: until the oldest counted request
 * leaves its sliding window. Every REST write counts as content-creating (the kit's writes all create
 * or change something). Pure bookkeeping; the clock is passed in.
 */

export interface WriteLimitSettings {
  contentPerMinute: number;
  contentPerHour: number;
  pointsPerMinute: number;
  /** Length of "a minute" in ms (tests shrink it; an hour is sixty of them). */
  minuteMs: number;
}

export const GITHUB_WRITE_LIMITS: WriteLimitSettings = {
  contentPerMinute: 80,
  contentPerHour: 500,
  pointsPerMinute: 900,
  minuteMs: 60_000,
};

const WRITE_POINTS = 5;
const READ_POINTS = 1;

interface CallerLog {
  /** Times of counted writes in the last hour. */
  writes: number[];
  /** [time, points] in the last minute. */
  points: [number, number][];
}

export function isWriteMethod(method: string): boolean {
  return !["GET", "HEAD", "OPTIONS"].includes(method.toUpperCase());
}

export class WriteLimits {
  private readonly callers = new Map<string, CallerLog>();

  constructor(public settings: WriteLimitSettings) {}

  /**
   * Counts the request in and answers 0, or answers how many ms the caller must wait (the request is
   * then not counted).
   */
  admit(caller: string, method: string, now: number): number {
    const { minuteMs } = this.settings;
    const hourMs = minuteMs * 60;
    const log = this.callers.get(caller) ?? { writes: [], points: [] };
    this.callers.set(caller, log);
    log.writes = log.writes.filter((t) => t > now - hourMs);
    log.points = log.points.filter(([t]) => t > now - minuteMs);
    const write = isWriteMethod(method);
    const cost = write ? WRITE_POINTS : READ_POINTS;
    const waits: number[] = [];
    if (write) {
      const lastMinute = log.writes.filter((t) => t > now - minuteMs);
      if (lastMinute.length >= this.settings.contentPerMinute) {
        waits.push(lastMinute[lastMinute.length - this.settings.contentPerMinute]! + minuteMs - now);
      }
      if (log.writes.length >= this.settings.contentPerHour) {
        waits.push(log.writes[log.writes.length - this.settings.contentPerHour]! + hourMs - now);
      }
    }
    const spent = log.points.reduce((sum, [, p]) => sum + p, 0);
    if (spent + cost > this.settings.pointsPerMinute)
      waits.push(pointsWait(log.points, spent + cost - this.settings.pointsPerMinute, minuteMs, now));
    if (waits.length > 0) return Math.max(1, ...waits);
    if (write) log.writes.push(now);
    log.points.push([now, cost]);
    return 0;
  }

  reset(): void {
    this.callers.clear();
  }
}

/** When enough of the oldest points leave the minute window to free `excess` points. */
function pointsWait(points: [number, number][], excess: number, minuteMs: number, now: number): number {
  let freed = 0;
  for (const [time, cost] of points) {
    freed += cost;
    if (freed >= excess) return time + minuteMs - now;
  }
  return minuteMs;
}
