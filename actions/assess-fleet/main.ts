/** Entry of the assess-fleet action: read inputs, run, write the outputs. */
import { runAssessFleetAction } from "../../src/assessment/assess-fleet-action";

await runAssessFleetAction();
