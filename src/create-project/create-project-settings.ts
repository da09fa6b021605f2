/** Everything one create-project run needs, read once by the inputs module (or built by the CLI and tests). */
import type { ProjectRequest } from "../project/project-spec";

export interface CreateProjectSettings {
  /** What the data scientist asked for. */
  request: ProjectRequest;
  /** `github.actor` and `github.triggering_actor`. */
  actor: string;
  triggeringActor: string;
  /** Print the plan and change nothing. */
  dryRun: boolean;
  /** Kit config file (default: the kit's `mlops-kit.config.yml`). */
  configPath?: string;
  /** Folder of templates (default: the kit's `templates/`). */
  templatesDir?: string;
  /** Token of the kit's identity (a GitHub App installation token is recommended). */
  token: string;
  /** `GITHUB_API_URL`. */
  apiUrl: string;
  /** `GITHUB_SERVER_URL` (browser and git). */
  serverUrl: string;
  /** Pace writes as GitHub advises (default true). */
  spaceWrites: boolean;
  retries: number;
  retryBaseMs: number;
  /** Backoff of the initial push while GitHub replicates a new repo (default 1 s, 2 s, 4 s, 8 s, 15 s). */
  pushRetryDelaysMs?: number[];
  /** Where to write the JSON report (optional). */
  reportFile?: string;
  /** Where secret values are read from (the process environment in an action). */
  secretSource: Readonly<Record<string, string | undefined>>;
}
