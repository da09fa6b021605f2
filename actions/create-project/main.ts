/** Entry of the create-project action: read inputs, run, map the result to outputs and the exit status. */
import { runCreateProjectAction } from "../../src/create-project/create-project-action";

await runCreateProjectAction();
