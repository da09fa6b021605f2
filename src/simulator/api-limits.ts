/**
 * GitHub's limits: a primary budget of requests per caller per hour (reported in `x-ratelimit-*`,
 * 403 "API rate limit exceeded" when spent) and a secondary limit on concurrent requests (403 with
 * `retry-after`). Settings can change while running (tests tighten them).
 */
export interface LimitSettings {
  /** Requests per caller per hour (GitHub: 5,000 for users, 15,000 for Enterprise Cloud apps). */
  primaryLimit: number;
  /** Concurrent in-flight API requests before the secondary limit answers 403; 0 = no limit. */
  maxConcurrent: number;
}

export interface BudgetSnapshot {
  limit: number;
  remaining: number;
  used: number;
  /** Epoch seconds when the budget is refilled. */
  reset: number;
}

const WINDOW_SECONDS = 3600;

export class ApiLimits {
  private inFlight = 0;
  private used = new Map<string, number>();
  private resetAt = 0;

  constructor(readonly settings: LimitSettings) {}

  snapshot(caller: string): BudgetSnapshot {
    this.roll();
    const used = this.used.get(caller) ?? 0;
    const limit = this.settings.primaryLimit;
    return { limit, remaining: Math.max(0, limit - used), used, reset: this.resetAt };
  }

  exhausted(caller: string): boolean {
    return this.snapshot(caller).remaining === 0;
  }

  spend(caller: string): void {
    this.roll();
    this.used.set(caller, (this.used.get(caller) ?? 0) + 1);
  }

  /** Counts a request in; `false` when it would exceed the concurrency limit (it is then not counted). */
  tryEnter(): boolean {
    if (this.settings.maxConcurrent > 0 && this.inFlight >= this.settings.maxConcurrent) return false;
    this.inFlight++;
    return true;
  }

  leave(): void {
    this.inFlight--;
  }

  resetBudgets(): void {
    this.used.clear();
    this.resetAt = 0;
  }

  private roll(): void {
    const nowSeconds = Math.floor(Date.now() / 1000);
    if (nowSeconds >= this.resetAt) {
      this.used.clear();
      this.resetAt = nowSeconds + WINDOW_SECONDS;
    }
  }
}
