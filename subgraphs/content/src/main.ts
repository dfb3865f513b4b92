import { runSubgraph } from "@learnloop/kit";
import { contentSubgraph } from "./index";

void runSubgraph(contentSubgraph);
