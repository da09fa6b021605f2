/** Entry of the upgrade-projects action: read inputs, run, map the result to outputs and the exit status. */
import { runUpgradeProjectsAction } from "../../src/upgrade/upgrade-projects-action";

await runUpgradeProjectsAction();
