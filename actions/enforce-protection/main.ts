/** Entry of the enforce-protection action: read inputs, run, map the result to outputs and the exit status. */
import { runEnforceProtectionAction } from "../../src/enforcement/enforce-protection-action";

await runEnforceProtectionAction();
