/** Everything one enforcement run needs, from the action's inputs or the CLI's options. */
export interface EnforceSettings {
  /** Org to enforce (default: the kit config's `org`). */
  org?: string;
  /** Repair drift (true) or only report it with the plan (false). */
  apply: boolean;
  /** Kit config file (default: the kit's own mlops-kit.config.yml). */
  configPath?: string;
  token: string;
  /** `GITHUB_API_URL`. */
  apiUrl: string;
  /** Requests in flight at once (default: `enforcement.concurrency` of the config). */
  concurrency?: number;
  /** Exit status 1 when drift remains or a repo is unreadable (default: `enforcement.failOnDrift`). */
  failOnDrift?: boolean;
  /** JSON file of ETags kept between runs (none: every GET is unconditional). */
  etagCacheFile?: string;
  /** Where the JSON report goes (none: not written). */
  reportFile?: string;
  /** Space writes about a second apart, as GitHub advises (default true). */
  spaceWrites: boolean;
  retries: number;
  retryBaseMs: number;
}
