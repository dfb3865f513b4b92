import { runSubgraph } from "@learnloop/kit";
import { notificationsSubgraph } from "./index";

void runSubgraph(notificationsSubgraph);
