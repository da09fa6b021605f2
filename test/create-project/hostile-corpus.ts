/**
 * A table of hostile create requests, one row per case, across every form field (name, team,
 * template, description, cost-center, visibility, variables keys and values, dry-run) and the
 * runner's environment. Each row says whether the kit must refuse it (with no mutating request) or
 * accept it (and then every file it writes must parse with strict parsers, with the person's text
 * still one string value, and no Markdown link or image of theirs).
 */

export type Outcome = "refuse" | "accept";

export interface HostileCase {
  field:
    | "name"
    | "team"
    | "template"
    | "description"
    | "cost-center"
    | "visibility"
    | "variables"
    | "dry-run"
    | "runner";
  what: string;
  expect: Outcome;
  /** Form inputs that differ from the benign request. */
  inputs?: Record<string, string>;
  /** Runner values that differ (`{sim}` is replaced by the simulator's host:port). */
  runner?: { apiUrl?: string; serverUrl?: string; actor?: string; triggeringActor?: string };
  /** Run with the org config that sets no cost-center pattern (free text reaches every file). */
  looseConfig?: boolean;
  /** A value that must never appear in any output (credentials in a runner URL). */
  secret?: string;
}

const row = (
  field: HostileCase["field"],
  expect: Outcome,
  value: string,
  extra: Partial<HostileCase> = {},
): HostileCase => ({
  field,
  what: JSON.stringify(value).slice(0, 60),
  expect,
  inputs: { [field]: value },
  ...extra,
});

const LONG = "x".repeat(60);

const names: HostileCase[] = [
  ...[
    "",
    "Acme-forecast-demand",
    "acme-forecast-demand\n",
    "acme-forecast-de\u200bmand",
    "acme-forecast-dem\u0430nd",
    "acme-forecast-${{github.token}}",
    "acme-forecast-x;rm -rf",
    "acme-forecast-../x",
    "../acme-forecast-demand",
    "acme-forecast-demand.git",
    "acme-forecast-test",
    "acme-forecast-demand-test",
    "acme-forecast-prod-uplift",
    "acme-forecast-`id`",
    "acme-forecast-$(id)",
    "acme-forecast-a|b",
    "acme-forecast-demand\u202e",
    `acme-forecast-${LONG}`,
    "con",
    "acme-forecast-demand\u0000",
    "acme forecast demand",
    "acme-forecast-[x](y)",
    "acme-forecast-demand\r\n::error::x",
    "acme-forecast-\u3164",
    "acme-forecast-demand\ufffe",
  ].map((v) => row("name", "refuse", v)),
  row("name", "accept", "acme-forecast-demand-v2"),
  row("name", "accept", "globex-pricing-promo-uplift"),
];

const teams: HostileCase[] = [
  ...[
    "platform",
    "Forecasting",
    "forecasting\n",
    " forecasting",
    "pricing",
    "../forecasting",
    "forecasting\u200b",
    "forecast1ng",
    "data-science;rm",
    "",
    "forecasting\u2028",
  ].map((v) => row("team", "refuse", v)),
  row("team", "accept", "data-science"),
];

const templates: HostileCase[] = [
  ...[
    "../batch-job",
    "batch-job/../online-service",
    "BATCH-JOB",
    "batch-job\u200b",
    "nonexistent",
    "{{constructor}}",
  ].map((v) => row("template", "refuse", v)),
  row("template", "accept", "online-service", {
    inputs: { template: "online-service", name: "acme-churn-scoring" },
  }),
  row("template", "accept", ""),
];

const descriptions: HostileCase[] = [
  ...[
    "[click](https://evil.example)",
    "![x](https://evil.example/i.png)",
    "<img src=x onerror=alert(1)>",
    "<script>alert(1)</script>",
    "```",
    "`",
    "``x`` ` y",
    "1. list",
    "# heading",
    "> quote",
    "- item",
    "| a | b |",
    "https://evil.example",
    "www.evil.example",
    "mail@evil.example",
    "*bold* _it_ ~~s~~",
    "\\` escape \\",
    "&lt;b&gt; &amp; &#96;",
    "'quotes' \"double\" \"\"\" '''",
    "::error::pwned",
    "%0A::warning::pwned",
    "{{constructor.name}} {{> partial}}",
    "#{x} %s %(x)s {0} $HOME $(id)",
    "emoji 😀 中文 café e\u0301",
    "a: b",
    "- [ ] task",
    "[x]: https://evil.example",
    "<https://evil.example>",
    "=== ---",
    'key = "v" # [table]',
    "$ {var.x} $$ {x} {x} $",
    "\u00a0no-break and ideographic\u3000space",
    "` ![i](https://evil.example/i.png) `",
    "``` [x](https://evil.example) ```",
  ].map((v) => row("description", "accept", v)),
  ...[
    "line\nbreak",
    "a\rb",
    "a\u2028b",
    "a\u2029b",
    "a\u0085b",
    "a\ufffeb",
    "a\uffffb",
    "a\ufdd0b",
    "a\u3164b",
    "a\u115fb",
    "a\uffa0b",
    "a\u200bb",
    "a\u202eb",
    "a\u2066b",
    "a\ufeffb",
    "a\ufe0fb",
    "a\u{e0041}b",
    "a\u0000b",
    "a\u001b[31mb",
    "a\u007fb",
    "${var.token}",
    "x".repeat(351),
    "a\ud800b",
    "a\u{10fffe}b",
    "a\u{f0000}b",
    "a\tb",
  ].map((v) => row("description", "refuse", v)),
];

const costCenters: HostileCase[] = [
  ...[
    "`",
    "CC-1`x",
    "[x](https://evil.example)",
    "<b>bold</b>",
    "a|b",
    "```",
    "CC 1234",
    "#1",
    "1. x",
    "::error::pwned",
    "ünïcode",
    "https://evil.example",
    "` [x](https://evil.example) `",
    "``![i](https://evil.example/i.png)``",
    "`<img src=https://evil.example/i.png>`",
  ].map((v) => row("cost-center", "accept", v, { looseConfig: true })),
  ...["x\ny", "a\u2028", "${var.x}", "a\u3164", "a\ufffe", "x".repeat(257), "\u202e1234"].map((v) =>
    row("cost-center", "refuse", v, { looseConfig: true }),
  ),
  ...["1234", "CC-1234`", "CC-12345", "cc-1234"].map((v) => row("cost-center", "refuse", v)),
];

const visibilities: HostileCase[] = [
  ...["public", "Private", "private\n", "secret", "internal;", "<script>", "\u202einternal"].map((v) =>
    row("visibility", "refuse", v),
  ),
  ...["internal", "private", ""].map((v) => row("visibility", "accept", v)),
];

const variables: HostileCase[] = [
  ...[
    "__proto__: {x: 1}",
    "__proto__: x",
    "constructor: x",
    '"a\\n```": x',
    '"sched ule": x',
    "foo: bar",
    'schedule: "0 0 6 * * ?\\n::error::x"',
    'schedule: "${var.x}"',
    'schedule: "{{x}}"',
    'schedule: "0 0 6 * * ?\\u2028"',
    "horizon: 1e3",
    "horizon: -1",
    "horizon: 366",
    "numWorkers: 65",
    'schedulePaused: "yes"',
    "schedule: [1, 2]",
    "schedule: {a: b}",
    ":::",
    "[1, 2]",
    "a: &a x\nb: *a",
    "schedule: !!binary aGVsbG8=",
    '"\\u3164": x',
    "'': x",
  ].map((v) => row("variables", "refuse", v)),
  ...[
    'schedule: "0 30 7 * * ?"',
    '{"horizon": 30}',
    "schedulePaused: false",
    'horizon: "14"',
    "numWorkers: 0",
  ].map((v) => row("variables", "accept", v)),
];

const runner: HostileCase[] = [
  {
    field: "runner",
    what: "GITHUB_SERVER_URL with user and password",
    expect: "refuse",
    runner: { serverUrl: "http://octo:s3cret-server-pw@{sim}" },
    secret: "s3cret-server-pw",
  },
  {
    field: "runner",
    what: "GITHUB_SERVER_URL with a token as the user",
    expect: "refuse",
    runner: { serverUrl: "http://ghp_s3cretTokenInUrl@{sim}" },
    secret: "ghp_s3cretTokenInUrl",
  },
  {
    field: "runner",
    what: "GITHUB_API_URL with user and password",
    expect: "refuse",
    runner: { apiUrl: "http://octo:s3cret-api-pw@{sim}" },
    secret: "s3cret-api-pw",
  },
  {
    field: "runner",
    what: "plain http to another host",
    expect: "refuse",
    runner: { serverUrl: "http://evil.example" },
  },
  {
    field: "runner",
    what: "a query in the server URL",
    expect: "refuse",
    runner: { serverUrl: "http://{sim}/?x=1" },
  },
  {
    field: "runner",
    what: "a javascript: URL",
    expect: "refuse",
    runner: { serverUrl: "javascript:alert(1)" },
  },
  {
    field: "runner",
    what: "a newline in the API URL",
    expect: "refuse",
    runner: { apiUrl: "http://{sim}\n" },
  },
  {
    field: "runner",
    what: "a workflow command in the actor",
    expect: "refuse",
    runner: { actor: "bob\n::add-mask::x" },
  },
  { field: "runner", what: "an actor that is not a login", expect: "refuse", runner: { actor: "-bob" } },
  {
    field: "runner",
    what: "a bidi control in the triggering actor",
    expect: "refuse",
    runner: { triggeringActor: "bob\u202e" },
  },
  { field: "runner", what: "no actor at all", expect: "refuse", runner: { actor: "", triggeringActor: "" } },
  {
    field: "runner",
    what: "a trailing slash on both URLs",
    expect: "accept",
    runner: { apiUrl: "http://{sim}/", serverUrl: "http://{sim}/" },
  },
];

/** Every case that runs in-process against the simulator (the planner, renderer and API reads). */
export const HOSTILE_CORPUS: HostileCase[] = [
  ...names,
  ...teams,
  ...templates,
  ...descriptions,
  ...costCenters,
  ...visibilities,
  ...variables,
  ...runner,
];

/** Cases the bundled action runs end to end (dry-run parsing lives in its inputs module only). */
export const HOSTILE_E2E: HostileCase[] = [
  row("dry-run", "refuse", "yes"),
  row("dry-run", "refuse", "1"),
  row("dry-run", "refuse", "true; rm -rf /"),
  row("dry-run", "accept", "TRUE"),
  row("description", "refuse", "```\n# not a heading"),
  row("description", "accept", "![x](https://evil.example/i.png) ::error::pwned [y](https://evil.example)"),
  row("cost-center", "accept", "CC-`[x](https://evil.example)`", { looseConfig: true }),
  row("variables", "refuse", '"x\\n```\\n![i](https://evil.example/i.png)\\n```": 1'),
  {
    field: "runner",
    what: "GITHUB_SERVER_URL with credentials",
    expect: "refuse",
    runner: { serverUrl: "http://octo:s3cret-e2e-pw@{sim}" },
    secret: "s3cret-e2e-pw",
  },
  {
    field: "runner",
    what: "a workflow command in the actor",
    expect: "refuse",
    runner: { actor: "bob\n::add-mask::x" },
  },
];
