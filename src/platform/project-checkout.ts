/** Facts about a project checkout the deploy commands need: its commit, name and repository (adapter). */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { KitError } from "../errors";
import { gitIn } from "../git/git-client";
import { readBundleDefinition } from "./bundle-definition";

export async function commitOf(projectDir: string, ref = "HEAD"): Promise<string> {
  try {
    return (await gitIn(projectDir).revparse([`${ref}^{commit}`])).trim();
  } catch {
    throw new KitError("git-ref-unknown", `${projectDir}: ${ref} is not a commit of this repository`);
  }
}

export function projectNameOf(projectDir: string): string {
  const file = path.join(projectDir, "databricks.yml");
  if (!existsSync(file))
    throw new KitError(
      "bundle-missing",
      `${projectDir} has no databricks.yml: is it a project made by mlops-kit?`,
    );
  return readBundleDefinition(readFileSync(file, "utf8")).project;
}

/** `org/name` from `.mlops-kit/answers.yml`, or the bundle name alone. */
export function repositoryOf(projectDir: string): string {
  const answersFile = path.join(projectDir, ".mlops-kit", "answers.yml");
  if (existsSync(answersFile)) {
    const answers = parse(readFileSync(answersFile, "utf8")) as {
      kitRepository?: string;
      project?: { name?: string };
    };
    const org = answers.kitRepository?.split("/")[0];
    if (org && answers.project?.name) return `${org}/${answers.project.name}`;
  }
  return projectNameOf(projectDir);
}
