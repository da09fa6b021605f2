import { describeFaultMatrix, FAULT_KINDS } from "./fault-matrix";

describeFaultMatrix([FAULT_KINDS.lostResponse]);
