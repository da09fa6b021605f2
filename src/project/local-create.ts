/**
 * `mlops-kit create`: render a project into a new local folder as a git repo with one commit, the way a
 * platform engineer tries the kit before wiring it to GitHub.
 *
 * All or nothing: everything is built in a hidden sibling folder and moved into place at the end,
 * so a failure at any step leaves the target folder as it was (absent or empty).
 */
import { randomBytes } from "node:crypto";
import { existsSync, readdirSync, renameSync, rmdirSync, rmSync } from "node:fs";
import path from "node:path";
import { loadKitConfigFile } from "../config/config-file";
import { KitError } from "../errors";
import { writeSingleCommitRepo } from "../git/single-commit-writer";
import { kitPaths } from "../kit-paths";
import { writeRenderedTree } from "../templates/file-tree-writer";
import { listTemplateNames, readTemplate } from "../templates/template-catalog";
import { renderProject } from "./project-renderer";
import { type ProjectRequest, type ProjectSpec, resolveProjectSpec } from "./project-spec";

export interface LocalCreateOptions {
  request: ProjectRequest;
  outDir: string;
  configPath?: string;
  templatesDir?: string;
  /** The git step (replaceable in tests to fail after the files are written). */
  commitAll?: typeof writeSingleCommitRepo;
}

export interface LocalCreateResult {
  dir: string;
  spec: ProjectSpec;
  files: string[];
  commit: string;
  configPath: string;
}

export async function runLocalCreate(options: LocalCreateOptions): Promise<LocalCreateResult> {
  const templatesDir = options.templatesDir ?? kitPaths.templatesDir();
  const { config, path: configPath } = loadKitConfigFile(options.configPath, listTemplateNames(templatesDir));
  const templateName = options.request.template || config.templates.default;
  const source = readTemplate(templatesDir, templateName);
  const spec = resolveProjectSpec(config, options.request, source.manifest);
  const tree = renderProject(config, spec, source);

  const target = path.resolve(options.outDir);
  if (existsSync(target) && readdirSync(target).length > 0) {
    throw new KitError(
      "target-not-empty",
      `${options.outDir} already exists and is not empty; choose a new folder`,
    );
  }
  const staging = path.join(
    path.dirname(target),
    `.${path.basename(target)}.mlops-kit-${randomBytes(4).toString("hex")}`,
  );
  try {
    writeRenderedTree(tree, staging);
    const commit = await (options.commitAll ?? writeSingleCommitRepo)(
      staging,
      config.repository.defaultBranch,
      `Create ${spec.name} from the ${spec.template} template (mlops-kit)`,
    );
    if (existsSync(target)) rmdirSync(target); // empty: checked above
    renameSync(staging, target);
    return { dir: target, spec, files: [...tree.keys()], commit, configPath };
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
