import { runSubgraph } from "@learnloop/kit";
import { progressSubgraph } from "./index";

void runSubgraph(progressSubgraph);
