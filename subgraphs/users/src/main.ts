import { runSubgraph } from "@learnloop/kit";
import { usersSubgraph } from "./index";

void runSubgraph(usersSubgraph);
