import { describe, expect, it } from "vitest";
import { checkWorkflowPolicy } from "./workflow-policy";

const options = { firstPartyRepositories: ["acme/mlops-kit"] };
const check = (text: string) => checkWorkflowPolicy(text, options);

describe("checkWorkflowPolicy", () => {
  it("accepts a workflow that follows every rule", () => {
    expect(
      check(`
on: push
permissions: {}
jobs:
  build:
    permissions: { contents: read }
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683
      - uses: ./actions/local
      - run: echo "$NAME"
        env:
          NAME: \${{ github.event.inputs.name }}
  call:
    permissions: { contents: read }
    uses: acme/mlops-kit/.github/workflows/ml-ci.yml@v1.2.0
`),
    ).toEqual([]);
  });

  it("finds each kind of violation", () => {
    expect(
      check(`
on: push
permissions: write-all
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - name: greet
        run: echo \${{ github.event.issue.title }}
      - uses: docker://alpine:3
  b:
    permissions: {}
    uses: other/repo/.github/workflows/x.yml@main
`),
    ).toEqual([
      'top-level permissions grant more than read ("write-all"): grant write per job',
      "job a: no permissions declared",
      "job a, step 1: actions/checkout@v4 is not pinned to a full commit SHA",
      'job a, step "greet": expression ${{ github.event.issue.title }} inside run: pass it through env: instead',
      "job a, step 3: docker image docker://alpine:3 is not pinned by digest",
      "job b: other/repo/.github/workflows/x.yml@main is not pinned to a full commit SHA",
    ]);
  });

  it("requires top-level permissions", () => {
    expect(check("on: push\njobs: {}\n")).toEqual([expect.stringContaining("no top-level permissions")]);
  });
});
