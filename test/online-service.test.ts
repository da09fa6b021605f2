/**
 * The generated online-service project, end to end with the system Python: its CI steps (pyflakes,
 * pytest with coverage, offline wheel build) pass, its entry point serves /health and /predict over real
 * HTTP, and its databricks.yml is a valid Databricks App bundle with cost and traceability tags.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import parsePrometheusTextFormat from "parse-prometheus-text-format";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { KIT_VERSION } from "../src/kit-version";
import { readBundleDefinition } from "../src/platform/bundle-definition";
import { LocalPlatform } from "../src/platform/local-platform";
import { runLocalCreate } from "../src/project/local-create";
import { bundleSchemaAvailable, validateBundle } from "./helpers/databricks-schema";
import { runPython, SYSTEM_PYTHON } from "./helpers/python";

const NAME = "acme-churn-api";
const PACKAGE = "acme_churn_api";
let workDir: string;
let projectDir: string;
/** Where the served test writes its audit log (150 predictions with drifted charges). */
let servedDataDir: string;

beforeAll(async () => {
  workDir = mkdtempSync(path.join(tmpdir(), "mlops-kit-online-"));
  projectDir = path.join(workDir, NAME);
  await runLocalCreate({
    request: {
      name: NAME,
      team: "data-science",
      template: "online-service",
      costCenter: "CC-4321",
      description: `Churn "risk" scores \\ <i>live</i> — prévision`,
      variables: { thresholdPercent: "40" },
    },
    outDir: projectDir,
  });
  servedDataDir = mkdtempSync(path.join(workDir, "data-"));
});
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

/**
 * One series of a labelled histogram, parsed on its own with its selecting labels removed:
 * parse-prometheus-text-format merges the series of a labelled histogram into one and drops the sum and
 * count of any series with labels (yunyu/parse-prometheus-text-format#13, open PR #8).
 */
function histogramSeries(exposition: string, name: string, selector: string) {
  const lines = exposition
    .split("\n")
    .filter(
      (line) =>
        line === `# TYPE ${name} histogram` || (line.startsWith(`${name}_`) && line.includes(selector)),
    )
    .map((line) => line.replace(`${selector},`, "").replace(`{${selector}}`, ""));
  return parsePrometheusTextFormat(`${lines.join("\n")}\n`)[0]?.metrics ?? [];
}

/** Starts the project's entry point on a free port of 127.0.0.1 and waits for its start line. */
async function startService(env: Record<string, string>): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(SYSTEM_PYTHON, ["-m", `${PACKAGE}.main`], {
    cwd: projectDir,
    env: {
      ...process.env,
      PYTHONPATH: path.join(projectDir, "src"),
      PYTHONDONTWRITEBYTECODE: "1",
      HOST: "127.0.0.1",
      PORT: "0",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let seen = "";
    const timer = setTimeout(() => reject(new Error(`no start line within 20 s: ${seen}`)), 20_000);
    child.stdout.on("data", (chunk) => {
      seen += chunk;
      const match = /on (http:\/\/127\.0\.0\.1:\d+)/.exec(seen);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.on("exit", (code) => reject(new Error(`exited ${code}: ${seen}`)));
  });
  return { url, child };
}

describe("the generated online-service project", () => {
  it("has the service's files", () => {
    expect(readdirSync(path.join(projectDir, "src", PACKAGE)).sort()).toEqual([
      "__init__.py",
      "audit.py",
      "main.py",
      "metrics.py",
      "model.py",
      "monitor.py",
      "monitoring",
      "monitoring.toml",
      "server.py",
    ]);
    expect(readdirSync(path.join(projectDir, ".github", "workflows")).sort()).toEqual([
      "ci.yml",
      "deploy.yml",
      "rollback.yml",
    ]);
    expect(readFileSync(path.join(projectDir, "src", PACKAGE, "main.py"), "utf8")).toContain(
      "DEFAULT_THRESHOLD = 40 / 100",
    );
  });

  it("passes the lint step of ml-ci (pyflakes)", () => {
    const result = runPython(["-m", "pyflakes", "src", "tests"], projectDir);
    expect(result.stdout + result.stderr).toBe("");
    expect(result.status).toBe(0);
  });

  it("passes its pytest suite with coverage, including a test that serves on a free port", () => {
    const result = runPython(
      ["-m", "pytest", "-p", "no:cacheprovider", "-o", "addopts=", "-v", "--cov=src", "--cov-report=term"],
      projectDir,
    );
    const output = result.stdout + result.stderr;
    expect(output).toMatch(/\d+ passed/);
    expect(output).toContain("test_health_says_what_runs PASSED");
    expect(output).toMatch(/TOTAL\s+\d+/);
    expect(result.status).toBe(0);
  });

  it("builds a wheel offline with `python3 -m build --no-isolation --wheel`", () => {
    const out = path.join(workDir, "wheel-out");
    const result = runPython(["-m", "build", "--no-isolation", "--wheel", "--outdir", out], projectDir);
    expect(result.stderr + result.stdout).toContain("Successfully built");
    expect(readdirSync(out)).toEqual([`${PACKAGE}-0.1.0-py3-none-any.whl`]);
  });

  it("serves /health and /predict from its entry point, on the port the platform gives it", async () => {
    const child = spawn(SYSTEM_PYTHON, ["-m", `${PACKAGE}.main`], {
      cwd: projectDir,
      env: {
        ...process.env,
        PYTHONPATH: path.join(projectDir, "src"),
        PYTHONDONTWRITEBYTECODE: "1",
        HOST: "127.0.0.1",
        PORT: "0",
        MLOPS_GIT_SHA: "feedbeef",
        MLOPS_DATA_DIR: path.join(workDir, "health-data"),
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let seen = "";
        const timer = setTimeout(() => reject(new Error(`no start line within 20 s: ${seen}`)), 20_000);
        child.stdout.on("data", (chunk) => {
          seen += chunk;
          const match = /on (http:\/\/127\.0\.0\.1:\d+)/.exec(seen);
          if (match) {
            clearTimeout(timer);
            resolve(match[1]!);
          }
        });
        child.on("exit", (code) => reject(new Error(`exited ${code}: ${seen}`)));
      });
      const health = await fetch(`${url}/health`);
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({
        status: "ok",
        project: NAME,
        version: "0.1.0",
        git_sha: "feedbeef",
      });
      const predict = await fetch(`${url}/predict`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({
          instances: [{ tenure_months: 1, monthly_charges: 115, support_calls: 7 }],
        }),
      });
      expect(predict.status).toBe(200);
      const [prediction] = ((await predict.json()) as { predictions: { churn: boolean }[] }).predictions;
      expect(prediction).toMatchObject({ churn: true });
      const bad = await fetch(`${url}/predict`, { method: "POST", body: "{" });
      expect(bad.status).toBe(400);
    } finally {
      child.kill("SIGTERM");
    }
  });

  it("audits every prediction, exposes /metrics in Prometheus text format, and its monitor reads the audit log", async () => {
    const dataDir = servedDataDir;
    const service = await startService({ MLOPS_DATA_DIR: dataDir, MLOPS_GIT_SHA: "5eed5eed" });
    try {
      // 150 customers whose charges are far above anything in the training data (20 to 120).
      const instances = Array.from({ length: 150 }, (_, i) => ({
        tenure_months: (i * 7) % 72,
        monthly_charges: 180 + (i % 50),
        support_calls: i % 9,
      }));
      for (const chunk of [instances.slice(0, 100), instances.slice(100)]) {
        const answer = await fetch(`${service.url}/predict`, {
          method: "POST",
          headers: { "Content-Type": "application/json", "X-Request-Id": `batch-${chunk.length}` },
          body: JSON.stringify({ instances: chunk }),
        });
        expect(answer.status).toBe(200);
        expect(answer.headers.get("x-request-id")).toBe(`batch-${chunk.length}`);
      }
      expect((await fetch(`${service.url}/predict`, { method: "POST", body: "{" })).status).toBe(400);

      const scrape = await fetch(`${service.url}/metrics`);
      expect(scrape.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
      const exposition = await scrape.text();
      // The parser throws on any line that is not valid text exposition format.
      const families = new Map(parsePrometheusTextFormat(exposition).map((f) => [f.name, f]));
      const requests = families.get("http_requests_total")!;
      expect(requests.type).toBe("COUNTER");
      expect(requests.metrics).toContainEqual({
        value: "2",
        labels: { method: "POST", route: "/predict", code: "200" },
      });
      expect(families.get("http_request_errors_total")!.metrics).toEqual([
        { value: "1", labels: { method: "POST", route: "/predict", code: "400" } },
      ]);
      expect(families.get("http_request_duration_seconds")!.type).toBe("HISTOGRAM");
      const [predictLatency] = histogramSeries(
        exposition,
        "http_request_duration_seconds",
        'route="/predict"',
      );
      expect(predictLatency!.buckets?.["+Inf"]).toBe("3");
      expect(predictLatency!.count).toBe("3");
      expect(Number(predictLatency!.sum)).toBeGreaterThan(0);
      const decisions = families.get("predictions_total")!.metrics;
      expect(decisions.map((m) => m.labels?.churn).sort()).toEqual(["false", "true"]);
      expect(decisions.reduce((sum, m) => sum + Number(m.value), 0)).toBe(150);
      const probabilities = families.get("prediction_probability")!;
      expect(probabilities.type).toBe("HISTOGRAM");
      expect(probabilities.metrics[0]).toMatchObject({ count: "150" });
      expect(Object.keys(probabilities.metrics[0]!.buckets ?? {})).toEqual([
        ...["0.1", "0.2", "0.3", "0.4", "0.5", "0.6", "0.7", "0.8", "0.9", "1.0"],
        "+Inf",
      ]);
      expect(families.get("model_info")!.metrics[0]!.labels).toEqual({
        version: "0.1.0",
        git_sha: "5eed5eed",
      });

      const lines = readFileSync(path.join(dataDir, "audit", "predictions.jsonl"), "utf8")
        .trim()
        .split("\n");
      expect(lines).toHaveLength(150);
      const first = JSON.parse(lines[0]!);
      expect(first).toMatchObject({
        schema: "prediction/v1",
        request_id: "batch-100",
        index: 0,
        model_version: "0.1.0",
        git_sha: "5eed5eed",
        features: { tenure_months: 0, monthly_charges: 180, support_calls: 0 },
      });
      expect(first.input_fingerprint).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect(Object.keys(first.output)).toEqual(["probability", "churn"]);
      expect(first.latency_ms).toBeGreaterThanOrEqual(0);
    } finally {
      service.child.kill("SIGTERM");
    }

    const monitor = runPython(["-m", `${PACKAGE}.monitor`, "--data-dir", dataDir], projectDir, {
      PYTHONPATH: path.join(projectDir, "src"),
      MLOPS_GIT_SHA: "5eed5eed",
    });
    expect(monitor.status, monitor.stderr).toBe(1);
    expect(monitor.stdout).toContain("VERDICT: FAIL");
    expect(monitor.stdout).toContain("data drift in 1 feature(s): monthly_charges");
    expect(monitor.stdout).toContain("150 predictions, served by git sha 5eed5eed");
  });

  it("runs its monitor job on the local platform, against the environment's audit log", async () => {
    // Its own git repo (runLocalCreate made one): deploy needs only the checkout and its commit.
    const platform = new LocalPlatform(path.join(workDir, "platform"));
    const deployment = await platform.deploy({
      projectDir,
      environment: "dev",
      gitSha: "a".repeat(40),
      repository: `acme/${NAME}`,
      kitVersion: KIT_VERSION,
      runUrl: "local",
      deployedBy: "test",
    });
    const quiet = await platform.run(NAME, "dev", { job: "monitor" });
    expect(quiet).toMatchObject({ exitCode: 0, job: `${PACKAGE}_monitor`, gitSha: deployment.gitSha });
    expect(quiet.output).toContain("VERDICT: NO VERDICT");
    expect(quiet.output).toContain("nothing served yet");

    const audit = path.join(platform.dataDir(NAME, "dev"), "audit");
    mkdirSync(audit, { recursive: true });
    copyFileSync(
      path.join(servedDataDir, "audit", "predictions.jsonl"),
      path.join(audit, "predictions.jsonl"),
    );
    const drifted = await platform.run(NAME, "dev", { job: "monitor" });
    expect(drifted.exitCode).toBe(1);
    expect(drifted.output).toContain("data drift in 1 feature(s): monthly_charges");
    expect(drifted.output).toContain(`git sha ${deployment.gitSha}`);
  });

  it.skipIf(!bundleSchemaAvailable())(
    "has a databricks.yml valid per the Databricks bundle schema: an app with cost and traceability tags",
    () => {
      const text = readFileSync(path.join(projectDir, "databricks.yml"), "utf8");
      expect(validateBundle(text)).toEqual([]);
      const bundle = parse(text);
      expect(bundle.presets.tags).toMatchObject({
        "cost-center": "CC-4321",
        team: "data-science",
        project: NAME,
        template: "online-service",
        "git-sha": "${var.git_sha}",
        "kit-version": "${var.kit_version}",
        repository: "${var.repository}",
        "run-url": "${var.run_url}",
      });
      const app = bundle.resources.apps[PACKAGE];
      expect(app.name).toBe(NAME);
      expect(app.description).toBe(`Churn "risk" scores \\ <i>live</i> — prévision`);
      const env = Object.fromEntries(
        (app.config.env as { name: string; value: string }[]).map((e) => [e.name, e.value]),
      );
      expect(env).toMatchObject({
        MLOPS_GIT_SHA: "${var.git_sha}",
        MLOPS_KIT_VERSION: "${var.kit_version}",
        MLOPS_TAG_COST_CENTER: "CC-4321",
        MLOPS_TAG_TEAM: "data-science",
      });
      expect(Object.keys(bundle.targets)).toEqual(["dev", "prod"]);
    },
  );

  it("is read by the platforms as a service with a health check", () => {
    const definition = readBundleDefinition(readFileSync(path.join(projectDir, "databricks.yml"), "utf8"));
    expect(definition).toMatchObject({
      project: NAME,
      workload: { kind: "service", command: ["python", "-m", `${PACKAGE}.main`], healthPath: "/health" },
    });
  });

  it("records how it was generated in .mlops-kit/answers.yml and names the team as code owner", () => {
    const answers = parse(readFileSync(path.join(projectDir, ".mlops-kit/answers.yml"), "utf8"));
    expect(answers).toMatchObject({
      template: "online-service",
      kitVersion: KIT_VERSION,
      project: { name: NAME, team: "data-science" },
      costTags: { "cost-center": "CC-4321" },
      variables: { thresholdPercent: 40, computeSize: "MEDIUM" },
    });
    expect(readFileSync(path.join(projectDir, ".github/CODEOWNERS"), "utf8")).toMatch(
      /^\*\s+@acme\/data-science$/m,
    );
  });
});
